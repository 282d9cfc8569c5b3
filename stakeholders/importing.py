"""Importing organisations and people from a spreadsheet: read, check, preview, apply.

An upload becomes an `ImportBatch` holding each row as uploaded (`values`), its problems and
the data it would be saved with (`cleaned`, what the browser would post). Every row is checked
by the same form the browser uses to add an organisation or a person (`ui.importing`), plus
what only the whole file can show: names repeated within it, parents it adds itself. The owner
sees a preview; applying refuses a batch whose preview showed any problem, checks every row *as
uploaded* again against the database as it is then, and creates everything in one transaction,
or nothing at all. The check never writes its normalised values back over the uploaded ones, so
a refused value (an unknown kind) cannot turn into an accepted default on the second look.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.forms.models import model_to_dict
from django.utils import timezone

from stakeholders.forms import NewPersonForm, OrganisationForm
from stakeholders.models import ImportBatch, LocalArea, Organisation, Person
from ui.importing import Limits, RowChecker, map_columns, match_key, read_table

MAX_ROWS = 2000
MAX_CELL_CHARS = 2000
LIMITS = Limits(
    max_rows=MAX_ROWS,
    too_many_rows="The file has {found} rows; Waymark imports at most {limit:,} rows at once. "
    "Split it into smaller files.",
    not_a_table="a list of people or organisations",
)

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


# The words a spreadsheet user needs when the form refuses a cell, by (field, error code); any
# other refusal is the form's own message, with the column named.
RATING_MESSAGES = {
    ("name", "required"): "Name is missing.",
    ("influence", "invalid_choice"): "Influence must be a whole number from 1 to 5.",
    ("stance", "invalid_choice"): "Unknown stance “{value}”.",
}
ORGANISATION_MESSAGES = {
    **RATING_MESSAGES,
    ("kind", "invalid_choice"): "Unknown kind “{value}”.",
    ("sector", "invalid_choice"): "Unknown sector “{value}”.",
    ("sector", "required"): "Sector is missing (police, local authority, health, education, ...).",
    ("local_area", "invalid_choice"): "No local area called “{value}”.",
    ("parent", "invalid_choice"): "Parent organisation “{value}” is neither in Waymark nor "
    "this file.",
    ("website", "invalid"): "Website is not a web address.",
}
PERSON_MESSAGES = {
    **RATING_MESSAGES,
    ("role_organisation", "invalid_choice"): "No organisation called “{value}”: import or add "
    "it first.",
    ("email", "invalid"): "Email address is not valid.",
    ("house", "invalid_choice"): "Unknown house “{value}” (Commons, Lords or Scottish Parliament).",
}
# Columns named for the spreadsheet that the person form calls something else.
PERSON_FIELDS = {"role": "role_title", "organisation": "role_organisation"}


class PersonImportForm(NewPersonForm):
    """The Add person form with only the fields a file can fill: every rule of the form holds,
    and the relationship owner's choices (built afresh for each form) are not built per row."""

    class Meta(NewPersonForm.Meta):
        fields = [
            "name",
            "email",
            "phone",
            "influence",
            "stance",
            "tags",
            "house",
            "party",
            "constituency",
            "notes",
        ]


class ImportRefused(Exception):
    """Some row no longer passes its checks, so nothing was imported."""


def create_batch(upload, kind, owner):
    """Read and check an uploaded file; ValidationError if the file as a whole is unusable."""
    table = read_table(upload, LIMITS)
    mapping = map_columns(table.headers, COLUMNS[kind])
    if "name" not in mapping.values():
        raise ValidationError(
            "The file needs a “name” column. Its first row should hold the column names, e.g. "
            + ", ".join(COLUMNS[kind])
            + "."
        )
    rows = []
    for line, cells in table.rows:
        values = {
            field: _cell(cells[index]) if index < len(cells) else ""
            for index, field in mapping.items()
        }
        if any(values.values()):
            rows.append({"line": line, "values": values})
    if not rows:
        raise ValidationError("The file has column names but no rows to import.")
    batch = ImportBatch(
        kind=kind,
        filename=(getattr(upload, "name", "") or "upload")[-255:],
        rows=check_rows(kind, rows),
        problems=[],
        owner=owner,
    )
    batch.save()
    return batch


def _cell(value):
    return " ".join(str(value).split())[:MAX_CELL_CHARS] if value is not None else ""


def check_rows(kind, rows):
    """Each row as uploaded (`values`) with `errors` (it cannot be imported), `warnings` (it may
    be a duplicate) and `cleaned` (the data its form is given)."""
    return [result for result, _ in _checked(kind, rows)]


def _checked(kind, rows):
    """(result, bound form) for every row, checked against the database as it is now."""
    context = _Context(kind, rows)
    check = _check_organisation if kind == ImportBatch.Kind.ORGANISATIONS else _check_person
    return [check(row["line"], dict(row["values"]), context) for row in rows]


class _Context:
    """Look-ups every row needs, made once per file rather than once per row."""

    def __init__(self, kind, rows):
        names = {row["values"].get("name", "").lower() for row in rows}
        names |= {row["values"].get("parent", "").lower() for row in rows}
        names |= {row["values"].get("organisation", "").lower() for row in rows}
        names.discard("")
        self.organisations = {
            match_key(o.name): o.pk
            for o in Organisation.objects.annotate(lower_name=Lower("name")).filter(
                lower_name__in=names
            )
        }
        self.areas = {
            match_key(name): pk for pk, name in LocalArea.objects.values_list("pk", "name")
        }
        self.people: dict[str, Person] = {}
        if kind == ImportBatch.Kind.PEOPLE:
            person_names = {row["values"].get("name", "").lower() for row in rows} - {""}
            for person in (
                Person.objects.not_erased()
                .annotate(lower_name=Lower("name"))
                .filter(lower_name__in=person_names)
            ):
                self.people.setdefault(person.lower_name, person)
        self.file_names = {match_key(row["values"].get("name", "")) for row in rows} - {""}
        self.seen = {}
        self.organisation_checker = RowChecker(
            OrganisationForm,
            lookups={"parent": self.organisations, "local_area": self.areas},
            messages=ORGANISATION_MESSAGES,
        )
        self.person_checker = RowChecker(
            PersonImportForm,
            fields=PERSON_FIELDS,
            lookups={"role_organisation": self.organisations},
            messages=PERSON_MESSAGES,
        )


def _link(obj):
    return {"name": obj.name, "url": obj.get_absolute_url()}


def _defaults(model):
    """What a new record starts with (influence 3, neutral), as the browser's form shows it."""
    return {
        name: value for name, value in model_to_dict(model()).items() if value not in ("", None)
    }


def _result(line, values, data, errors, warnings=(), duplicate=None):
    return {
        "line": line,
        "values": values,
        "cleaned": data,
        "errors": errors,
        "warnings": list(warnings),
        "duplicate": duplicate,
    }


def _check_organisation(line, values, context):
    checker = context.organisation_checker
    parent = values.get("parent", "")
    # A parent the file itself adds is linked once everything is created; the form, which only
    # knows the database, sees it as no parent.
    parent_in_file = (
        parent
        and match_key(parent) not in context.organisations
        and match_key(parent) in context.file_names
    )
    form_values = {k: v for k, v in values.items() if not (k == "parent" and parent_in_file)}
    data = checker.data(form_values, _defaults(Organisation))
    if not values.get("sector"):
        # The kind usually says the sector (a police force is police).
        data["sector"] = SECTOR_FOR_KIND.get(str(data.get("kind", "")), "")
    form, errors = checker.validate(data, values)
    duplicate = _link(form.duplicate_of) if form.duplicate_of else None
    key = match_key(values.get("name", ""))
    if key and "name" not in form.errors:
        if key in context.seen:
            errors.append(f"Same name as line {context.seen[key]} of this file.")
        else:
            context.seen[key] = line
    return _result(line, values, data, errors, duplicate=duplicate), form


def _check_person(line, values, context):
    warnings, duplicate = [], None
    data = context.person_checker.data(values, _defaults(Person))
    form, errors = context.person_checker.validate(data, values)
    name = values.get("name", "")
    key = name.lower()
    if key in context.people:
        duplicate = _link(context.people[key])
        warnings.append(f"Likely duplicate of “{duplicate['name']}”, already in Waymark.")
    elif key in context.seen:
        warnings.append(f"Likely duplicate: same name as line {context.seen[key]} of this file.")
    if name:
        context.seen.setdefault(key, line)
    return _result(line, values, data, errors, warnings, duplicate), form


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
        checked = _checked(batch.kind, uploaded)
        rows = [result for result, _ in checked]
        problems = any(row["errors"] for row in rows)
        if not problems:
            claimed = ImportBatch.objects.filter(pk=batch.pk, applied_at__isnull=True).update(
                applied_at=timezone.now(), rows=rows
            )
            if not claimed:
                raise ImportRefused("This file has already been imported.")
            try:
                with transaction.atomic():
                    created = _create(checked)
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


def _create(checked):
    """Save every row's form, as the browser's Add page would, then link parents in the file."""
    created = {}
    for result, form in checked:
        record = form.save()
        created[match_key(record.name)] = (record, result["values"].get("parent", ""))
    for record, parent in created.values():
        if isinstance(record, Organisation) and parent and record.parent_id is None:
            record.parent = created[match_key(parent)][0]
            record.save(update_fields=["parent"])
    return len(checked)
