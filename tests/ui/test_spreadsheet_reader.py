"""The one spreadsheet reader every import uses (`ui.importing.read_table`)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.evidence.samples import _replace_part, xlsx_with_rows
from ui.importing import Limits, read_table

LIMITS = Limits(max_rows=10, too_many_rows="{found} rows; at most {limit:,}.", not_a_table="a list")


def read(name, content):
    return read_table(SimpleUploadedFile(name, content), LIMITS)


def test_a_workbook_declaring_xml_entities_is_refused_not_expanded():
    # defusedxml, which openpyxl uses when it is installed, refuses the declaration; without it
    # the cell would be read as "Injected".
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<!DOCTYPE worksheet [<!ENTITY who "Injected">]>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c></row>'
        b'<row r="2"><c r="A2" t="inlineStr"><is><t>&who;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    workbook = _replace_part(xlsx_with_rows(["name"], ["x"]), "xl/worksheets/sheet1.xml", sheet)
    with pytest.raises(ValidationError, match="could not be read"):
        read("people.xlsx", workbook)


def test_a_csv_and_a_workbook_with_the_same_rows_read_the_same():
    rows = [["name", "date", "influence"], ["Sam Lee", datetime.datetime(2025, 2, 3), 4]]
    from_excel = read("people.xlsx", xlsx_with_rows(*rows))
    from_csv = read("people.csv", b"name,date,influence\r\nSam Lee,2025-02-03,4\r\n")
    assert from_excel.headers == from_csv.headers == ["name", "date", "influence"]
    assert from_excel.rows == from_csv.rows == [(2, ["Sam Lee", "2025-02-03", "4"])]


def test_a_csv_saved_by_an_older_spreadsheet_in_windows_1252_is_read():
    table = read("people.csv", "name\nRené Dupré\n".encode("cp1252"))
    assert table.rows == [(2, ["René Dupré"])]


def test_a_file_over_the_row_limit_is_refused_with_the_importers_words():
    with pytest.raises(ValidationError, match="12 rows; at most 10."):
        read("people.csv", b"name\n" + b"Someone\n" * 12)
