"""Importing organisations and people from a spreadsheet: parse, check, preview, apply.

An upload becomes an `ImportBatch` holding each row as uploaded (`values`), its problems and
the values it would be saved with (`cleaned`). The owner sees a preview; applying refuses a batch
whose preview showed any problem, checks every row *as uploaded* again against the database as it
is then, and creates everything in one transaction, or nothing at all. The check never writes its
normalised values back over the uploaded ones, so a refused value (an unknown kind) cannot turn
into an accepted default on the second look.
"""

import csv
import io

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from stakeholders.models import ImportBatch, LocalArea, Organisation, Person, Stance
from ui.uploads import check_upload, decode_text

MAX_ROWS = 2000
MAX_COLUMNS = 40  # columns read; the rest of a row is ignored
MAX_CSV_FIELDS = 1000  # a CSV line with more is refused before it is parsed
MAX_CELL_CHARS = 2000
MAX_SHEET_LINES = 10 * MAX_ROWS  # rows read from a workbook, blank ones included

COLUMNS = {
    ImportBatch.Kind.ORGANISATIONS: {
        "name": ("name", "organisation", "organisation_name"),
        "kind": ("kind", "type"),
        "sector": ("sector",),
        "parent": ("parent", "parent_organisation"),
        "local_area": ("local_area", "area"),
        "website": ("website", "url", "web"),
        "influence": ("influence",),
        "stance": ("stance",),
        "notes": ("notes",),
    },
    ImportBatch.Kind.PEOPLE: {
        "name": ("name", "full_name"),
        "role": ("role", "role_title", "job_title", "title", "current_role"),
        "organisation": ("organisation", "organization", "employer"),
        "email": ("email", "email_address"),
        "phone": ("phone", "telephone"),
        "influence": ("influence",),
        "stance": ("stance",),
        "house": ("house",),
        "party": ("party",),
        "constituency": ("constituency",),
        "tags": ("tags",),
        "notes": ("notes",),
    },
}

SECTOR_FOR_KIND = {
    "government_department": "government",
    "police_force": "police",
    "pcc": "police",
    "local_authority": "local_authority",
    "nhs_body": "health",
    "education": "education",
    "inspectorate": "inspectorate",
    "parliamentary_committee": "parliament",
    "third_sector": "third_sector",
}


class ImportRefused(Exception):
    """Some row no longer passes its checks, so nothing was imported."""


def create_batch(upload, kind, owner):
    """Parse and check an uploaded file; ValidationError if the file as a whole is unusable."""
    file_type, data = check_upload(upload, ("csv", "xlsx"))
    headers, raw_rows = _read_xlsx(data) if file_type == "xlsx" else _read_csv(data)
    mapping = _map_headers(kind, headers)
    if "name" not in mapping.values():
        raise ValidationError(
            "The file needs a “name” column. Its first row should hold the column names, e.g. "
            + ", ".join(COLUMNS[kind])
            + "."
        )
    rows = []
    for line, cells in raw_rows:
        values = {
            field: _cell(cells[index]) if index < len(cells) else ""
            for index, field in mapping.items()
        }
        if any(values.values()):
            rows.append({"line": line, "values": values})
    if not rows:
        raise ValidationError("The file has column names but no rows to import.")
    if len(rows) > MAX_ROWS:
        raise _too_many_rows(f"{len(rows):,}")
    batch = ImportBatch(
        kind=kind,
        filename=(getattr(upload, "name", "") or "upload")[-255:],
        rows=check_rows(kind, rows),
        problems=[],
        owner=owner,
    )
    batch.save()
    return batch


def _too_many_rows(found):
    return ValidationError(
        f"The file has {found} rows; Waymark imports at most {MAX_ROWS:,} rows at once. "
        "Split it into smaller files."
    )


def _read_csv(data):
    text = decode_text(data)
    if text is None:
        raise ValidationError("The file is not readable text (save it as CSV UTF-8).")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    # A line of a million commas would become a million-cell row before any check could see
    # it, so lines are measured first, one at a time.
    for number, line in enumerate(io.StringIO(text), start=1):
        if line.count(dialect.delimiter) >= MAX_CSV_FIELDS:
            raise ValidationError(
                f"Line {number:,} has more than {MAX_CSV_FIELDS:,} columns; this does not "
                "look like a list of people or organisations."
            )
    headers, kept, found = None, [], 0
    try:
        for line, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
            if headers is None:
                headers = row[:MAX_COLUMNS]
            elif any(cell.strip() for cell in row):
                # Rows past the limit are counted, not kept, so the message can say how many
                # there are without holding them.
                found += 1
                if found <= MAX_ROWS:
                    kept.append((line, row[:MAX_COLUMNS]))
    except csv.Error as error:
        raise ValidationError(f"The CSV file is malformed: {error}.") from error
    if found > MAX_ROWS:
        raise _too_many_rows(f"{found:,}")
    if headers is None:
        raise ValidationError("The file is empty.")
    return headers, kept


def _read_xlsx(data):
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds
        raise ValidationError("The Excel file could not be read. Is it damaged?") from error
    headers, kept = None, []
    try:
        sheet = workbook.worksheets[0]
        # read_only streams the sheet row by row, and reading stops at the limits as it goes:
        # MAX_COLUMNS cells of a row, MAX_ROWS rows with something in them, MAX_SHEET_LINES
        # rows in all (blank ones too). The zip directory check (ui.uploads) has already
        # bounded how large any one row can be.
        rows = sheet.iter_rows(values_only=True, max_row=MAX_SHEET_LINES, max_col=MAX_COLUMNS)
        for line, row in enumerate(rows, start=1):
            cells = ["" if value is None else str(value) for value in row]
            if headers is None:
                headers = cells
            elif any(cell.strip() for cell in cells):
                if len(kept) == MAX_ROWS:
                    raise _too_many_rows(f"more than {MAX_ROWS:,}")
                kept.append((line, cells))
            if line == MAX_SHEET_LINES:
                raise ValidationError(
                    f"The sheet runs to more than {MAX_SHEET_LINES:,} rows, blank ones "
                    "included: copy the rows to import into a new workbook."
                )
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds
        raise ValidationError("The Excel file could not be read. Is it damaged?") from error
    finally:
        workbook.close()
    if headers is None:
        raise ValidationError("The workbook's first sheet is empty.")
    return headers, kept


def _map_headers(kind, headers):
    """{column index: field} for the headers we recognise."""
    aliases = {alias: field for field, names in COLUMNS[kind].items() for alias in names}
    mapping = {}
    for index, header in enumerate(headers):
        key = "_".join(str(header).strip().lower().replace("-", " ").split())
        field = aliases.get(key)
        if field and field not in mapping.values():
            mapping[index] = field
    return mapping


def _cell(value):
    return " ".join(str(value).split())[:MAX_CELL_CHARS] if value is not None else ""


def _choice(choices, value):
    """A choice's stored value from its value or label, ignoring case; None if unknown."""
    wanted = value.strip().lower()
    for stored, label in choices:
        if wanted in (str(stored).lower(), str(label).lower()):
            return stored
    return None


def check_rows(kind, rows):
    """Each row as uploaded (`values`) with `errors` (it cannot be imported), `warnings` (it may
    be a duplicate) and `cleaned` (the values it is saved with)."""
    check = _check_organisation if kind == ImportBatch.Kind.ORGANISATIONS else _check_person
    context = _Context(kind, rows)
    checked = []
    for row in rows:
        result = check(row["line"], dict(row["values"]), context)
        result["cleaned"], result["values"] = result["values"], dict(row["values"])
        checked.append(result)
    return checked


class _Context:
    """Look-ups every row needs, made once per file rather than once per row."""

    def __init__(self, kind, rows):
        names = {row["values"].get("name", "").lower() for row in rows}
        names |= {row["values"].get("parent", "").lower() for row in rows}
        names |= {row["values"].get("organisation", "").lower() for row in rows}
        names.discard("")
        self.organisations = {
            o.lower_name: o
            for o in Organisation.objects.annotate(lower_name=Lower("name")).filter(
                lower_name__in=names
            )
        }
        self.areas = {a.lower_name: a for a in LocalArea.objects.annotate(lower_name=Lower("name"))}
        self.people = {}
        if kind == ImportBatch.Kind.PEOPLE:
            person_names = {row["values"].get("name", "").lower() for row in rows} - {""}
            for person in (
                Person.objects.not_erased()
                .annotate(lower_name=Lower("name"))
                .filter(lower_name__in=person_names)
            ):
                self.people.setdefault(person.lower_name, person)
        self.file_names = {row["values"].get("name", "").lower() for row in rows} - {""}
        self.seen = {}


def _link(obj):
    return {"name": obj.name, "url": obj.get_absolute_url()}


def _check_rating(values, errors):
    """Optional influence (1 to 5) and stance (value or label), for people and organisations."""
    if values.get("influence"):
        try:
            influence = int(float(values["influence"]))
            if not 1 <= influence <= 5:
                raise ValueError
            values["influence"] = influence
        except ValueError:
            errors.append("Influence must be a whole number from 1 to 5.")
    if values.get("stance"):
        stance = _choice(Stance.choices, values["stance"])
        if stance is None:
            errors.append(f"Unknown stance “{values['stance']}”.")
        values["stance"] = stance or ""


def _check_organisation(line, values, context):
    errors, warnings, duplicate = [], [], None
    name = values.get("name", "")
    key = name.lower()
    if not name:
        errors.append("Name is missing.")
    elif key in context.organisations:
        duplicate = _link(context.organisations[key])
        errors.append(f"“{duplicate['name']}” is already in Waymark.")
    elif key in context.seen:
        errors.append(f"Same name as line {context.seen[key]} of this file.")
    else:
        context.seen[key] = line
    kind = "other"
    if values.get("kind"):
        kind = _choice(Organisation.Kind.choices, values["kind"])
        if kind is None:
            errors.append(f"Unknown kind “{values['kind']}”.")
    sector = SECTOR_FOR_KIND.get(kind or "")
    if values.get("sector"):
        sector = _choice(Organisation.Sector.choices, values["sector"])
        if sector is None:
            errors.append(f"Unknown sector “{values['sector']}”.")
    elif sector is None:
        errors.append("Sector is missing (police, local authority, health, education, ...).")
    parent = values.get("parent", "")
    known = parent.lower() in context.organisations or parent.lower() in context.file_names
    if parent and not known:
        errors.append(f"Parent organisation “{parent}” is neither in Waymark nor this file.")
    area = values.get("local_area", "")
    if area and area.lower() not in context.areas:
        errors.append(f"No local area called “{area}”.")
    if values.get("website"):
        website = values["website"]
        if "://" not in website:
            website = "https://" + website
        try:
            URLValidator(schemes=["http", "https"])(website)
            values["website"] = website
        except ValidationError:
            errors.append("Website is not a web address.")
    _check_rating(values, errors)
    values.update(kind=kind or "other", sector=sector or "")
    return {
        "line": line,
        "values": values,
        "errors": errors,
        "warnings": warnings,
        "duplicate": duplicate,
    }


def _check_person(line, values, context):
    errors, warnings, duplicate = [], [], None
    name = values.get("name", "")
    key = name.lower()
    if not name:
        errors.append("Name is missing.")
    elif key in context.people:
        duplicate = _link(context.people[key])
        warnings.append(f"Likely duplicate of “{duplicate['name']}”, already in Waymark.")
    elif key in context.seen:
        warnings.append(f"Likely duplicate: same name as line {context.seen[key]} of this file.")
    if name:
        context.seen.setdefault(key, line)
    organisation = values.get("organisation", "")
    if organisation and organisation.lower() not in context.organisations:
        errors.append(f"No organisation called “{organisation}”: import or add it first.")
    if values.get("email"):
        try:
            EmailValidator()(values["email"])
        except ValidationError:
            errors.append("Email address is not valid.")
    _check_rating(values, errors)
    if values.get("house"):
        house = _choice(
            [*Person.House.choices, ("commons", "commons"), ("lords", "lords")], values["house"]
        )
        if house is None:
            errors.append(f"Unknown house “{values['house']}” (Commons or Lords).")
        values["house"] = house or ""
    return {
        "line": line,
        "values": values,
        "errors": errors,
        "warnings": warnings,
        "duplicate": duplicate,
    }


def apply_batch(batch):
    """Create every row, or none: re-check the rows as uploaded against the database, then one
    transaction.

    A batch whose preview showed a problem is refused even if the database has since caught up
    (the person saw "nothing will be imported"). The batch is claimed with a conditional update
    inside the transaction, so applying it twice (or twice at once) creates its records once.
    """
    if batch.error_count or any("cleaned" not in row for row in batch.rows):
        # Rows without `cleaned` were checked by an older Waymark that kept only normalised
        # values, which cannot be re-checked honestly: the file must be uploaded again.
        raise ImportRefused("Some rows have problems, so nothing was imported.")
    uploaded = [{"line": row["line"], "values": row["values"]} for row in batch.rows]
    with transaction.atomic():
        rows = check_rows(batch.kind, uploaded)
        problems = any(row["errors"] for row in rows)
        if not problems:
            claimed = ImportBatch.objects.filter(pk=batch.pk, applied_at__isnull=True).update(
                applied_at=timezone.now(), rows=rows
            )
            if not claimed:
                raise ImportRefused("This file has already been imported.")
            try:
                with transaction.atomic():
                    if batch.kind == ImportBatch.Kind.ORGANISATIONS:
                        created = _create_organisations(rows)
                    else:
                        created = _create_people(rows)
            except IntegrityError as error:
                raise ImportRefused(
                    "The records changed while importing, so nothing was imported. Try again."
                ) from error
            ImportBatch.objects.filter(pk=batch.pk).update(created_count=created)
    if problems:
        # Kept so the preview shows what changed since the file was checked.
        batch.rows = rows
        batch.save(update_fields=["rows"])
        raise ImportRefused("Some rows have problems, so nothing was imported.")
    batch.refresh_from_db()
    return created


def _create_organisations(rows):
    areas = {a.name.lower(): a for a in LocalArea.objects.all()}
    created = {}
    for row in rows:
        values = row["cleaned"]
        organisation = Organisation.objects.create(
            name=values["name"],
            kind=values["kind"],
            sector=values["sector"],
            local_area=areas.get(values.get("local_area", "").lower()),
            website=values.get("website", ""),
            influence=values.get("influence") or 3,
            stance=values.get("stance") or Stance.NEUTRAL,
            notes=values.get("notes", ""),
        )
        created[organisation.name.lower()] = (organisation, values.get("parent", ""))
    for organisation, parent in created.values():
        if parent:
            organisation.parent = (
                created[parent.lower()][0]
                if parent.lower() in created
                else Organisation.objects.named_like(parent).first()
            )
            organisation.save(update_fields=["parent"])
    return len(created)


def _create_people(rows):
    names = {row["cleaned"].get("organisation", "").lower() for row in rows} - {""}
    organisations = {
        o.lower_name: o
        for o in Organisation.objects.annotate(lower_name=Lower("name")).filter(
            lower_name__in=names
        )
    }
    for row in rows:
        values = row["cleaned"]
        person = Person.objects.create(
            name=values["name"],
            email=values.get("email", ""),
            phone=values.get("phone", ""),
            influence=values.get("influence") or 3,
            stance=values.get("stance") or Stance.NEUTRAL,
            house=values.get("house", ""),
            party=values.get("party", ""),
            constituency=values.get("constituency", ""),
            tags=values.get("tags", ""),
            notes=values.get("notes", ""),
        )
        organisation = organisations.get(values.get("organisation", "").lower())
        if values.get("role") or organisation:
            person.start_role(values.get("role", ""), organisation, started_on=None)
    return len(rows)
