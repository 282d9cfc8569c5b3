"""Text of linked documents, and the passages about missing people in them."""

import time
import zlib

import pytest

from harvesting.documents import Passage, extract_document_text, missing_passages
from harvesting.parsers import ParseError
from relevance import missing_phrases

MISSING_SENTENCE = "Too few children who go missing from care are offered a return home interview."


def test_a_pdf_gives_its_text_page_by_page(make_pdf):
    pdf = make_pdf(["Budget and staffing overview.", f"{MISSING_SENTENCE} Leaders know this."])
    pages = extract_document_text(pdf, "application/pdf")
    assert [number for number, _ in pages] == [1, 2]
    assert pages[1][1] == f"{MISSING_SENTENCE} Leaders know this."


def test_the_missing_passage_is_quoted_with_its_page(make_pdf):
    pdf = make_pdf(["Budget and staffing overview.", f"{MISSING_SENTENCE} Leaders know this."])
    passages = missing_passages(
        finds=missing_phrases, pages=extract_document_text(pdf, "application/pdf"), window=0
    )
    assert passages == [Passage(page=2, text=MISSING_SENTENCE)]


def test_a_pdf_decompression_bomb_fails_quickly_with_a_clear_error(make_pdf):
    compressor = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    bomb = b"".join(compressor.compress(chunk) for _ in range(200)) + compressor.flush()
    pdf = make_pdf([bomb]).replace(b"/Length", b"/Filter /FlateDecode /Length")
    started = time.monotonic()
    with pytest.raises(ParseError, match="could not read this PDF"):
        extract_document_text(pdf, "application/pdf", timeout=10)
    assert time.monotonic() - started < 10


def test_a_pdf_needing_more_memory_than_allowed_fails_with_a_clear_error(make_pdf):
    text = b"BT /F1 11 Tf 72 720 Td (" + b"a" * (70 * 1024 * 1024) + b") Tj ET"
    pdf = make_pdf([zlib.compress(text, 9)]).replace(b"/Length", b"/Filter /FlateDecode /Length")
    with pytest.raises(ParseError, match="more memory than Waymark allows"):
        extract_document_text(pdf, "application/pdf", memory_limit=96 * 1024 * 1024)


def test_a_deeply_nested_pdf_fails_with_a_clear_error(make_pdf):
    pdf = make_pdf(["hello"]).replace(b"/MediaBox", b"/Junk " + b"[" * 200_000 + b" /MediaBox")
    with pytest.raises(ParseError, match="could not read this PDF"):
        extract_document_text(pdf, "application/pdf", timeout=10)


def test_a_pdf_that_takes_too_long_is_abandoned(make_pdf):
    with pytest.raises(ParseError, match="took longer than 0.01 seconds"):
        extract_document_text(make_pdf(["hello"]), "application/pdf", timeout=0.01)


def test_something_that_is_not_really_a_pdf_fails_with_a_clear_error():
    with pytest.raises(ParseError, match="could not read this PDF"):
        extract_document_text(b"%PDF-1.4 garbage", "application/pdf")


def test_an_html_document_is_one_page_of_readable_text():
    body = b"<html><nav>Menu</nav><main><p>Children went missing.</p><script>x()</script></main>"
    assert extract_document_text(body, "text/html; charset=utf-8") == [
        (1, "Children went missing.")
    ]


def test_unreadable_document_types_are_explained():
    with pytest.raises(ParseError, match="cannot read text from image/png"):
        extract_document_text(b"\x89PNG", "image/png")


def test_the_ofsted_report_text_yields_the_return_home_interview_passage(read_sample):
    text = read_sample("ofsted/ilacs-cumberland-2024-11-26.pdf.txt").decode()
    pages = list(enumerate(text.split("[--- page break ---]"), start=1))
    passages = missing_passages(finds=missing_phrases, pages=pages)
    quote = next(p for p in passages if "return home interviews are not" in p.text)
    assert quote.page == 4
    assert "When children go missing from home or care" in quote.text


@pytest.mark.parametrize(
    "sentence",
    [
        "She was reported missing from home twice.",
        "He goes missing most weekends.",
        "Each missing episode is recorded.",
        "Runaway teenagers were interviewed.",
        "The young person was absent from placement overnight.",
        "Her whereabouts remain unknown.",
        "The force uses the Herbert Protocol.",
    ],
)
def test_each_missing_phrase_is_recognised(sentence):
    assert missing_passages(
        finds=missing_phrases, pages=[(1, f"Nothing here. {sentence} Nothing after.")], window=0
    ) == [Passage(1, sentence)]


def test_unrelated_uses_of_missing_are_not_quoted():
    assert (
        missing_passages(
            finds=missing_phrases,
            pages=[(1, "The missing data was added. Budgets are missing targets.")],
        )
        == []
    )


def test_neighbouring_matches_merge_into_one_passage_with_context():
    text = "Intro. Children go missing. Return home interviews lag. Outro. Unrelated end."
    assert missing_passages(finds=missing_phrases, pages=[(3, text)], window=1) == [
        Passage(3, "Intro. Children go missing. Return home interviews lag. Outro.")
    ]


def test_a_csv_is_read_row_by_row_with_its_cells_joined():
    body = '\ufeffForce,Episodes,Note\r\nDyfed-Powys,300,\r\n"Kent, East",12,“rising”\r\n'

    pages = extract_document_text(body.encode("utf-8"), "text/csv")

    assert pages == [(1, "Force | Episodes | Note\nDyfed-Powys | 300\nKent, East | 12 | “rising”")]


def test_a_csv_saved_in_windows_1252_keeps_its_pound_signs_and_quotes():
    body = "Item,Cost\n“Return interviews”,£40\n".encode("cp1252")

    assert extract_document_text(body, "text/csv") == [
        (1, "Item | Cost\n“Return interviews” | £40")
    ]
