import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from stakeholders.models import ImportBatch, Organisation, Person
from tests import builders
from tests.evidence.samples import pdf_with_text, xlsx_with_rows

pytestmark = pytest.mark.django_db


def body(response):
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def send(client, kind, name, content):
    return client.post(
        reverse("stakeholders:import_create"),
        {"kind": kind, "file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_an_organisation_csv_is_previewed_then_applied(officer_client):
    csv = (
        "Name,Kind,Sector,Local area,Website\n"
        "Essex Police,Police force,,,www.essex.police.uk\n"
        "Essex County Council,local_authority,Local authority,,\n"
    )
    response = send(officer_client, "organisations", "orgs.csv", csv.encode())
    batch = ImportBatch.objects.get()
    assert response.url == batch.get_absolute_url()
    assert not Organisation.objects.exists()  # nothing until applied
    preview = body(officer_client.get(batch.get_absolute_url()))
    assert "2 rows ready to import" in preview
    officer_client.post(reverse("stakeholders:import_apply", args=[batch.pk]))
    essex = Organisation.objects.get(name="Essex Police")
    assert (essex.kind, essex.sector, essex.website) == (
        "police_force",
        "police",
        "https://www.essex.police.uk",
    )
    assert Organisation.objects.count() == 2
    again = officer_client.post(reverse("stakeholders:import_apply", args=[batch.pk]))
    assert again.status_code == 302
    assert Organisation.objects.count() == 2  # applying twice creates nothing twice


def test_an_organisation_import_takes_optional_influence_and_stance(officer_client):
    csv = (
        "Name,Sector,Influence,Stance\n"
        "Home Office,government,5,Supportive\n"
        "Ofsted,inspectorate,,\n"
        "NHS England,health,4.0,sceptical\n"
    )
    send(officer_client, "organisations", "orgs.csv", csv.encode())
    officer_client.post(reverse("stakeholders:import_apply", args=[ImportBatch.objects.get().pk]))
    ratings = {o.name: (o.influence, o.stance) for o in Organisation.objects.all()}
    assert ratings == {
        "Home Office": (5, "supportive"),
        "Ofsted": (None, None),  # not rated yet: nobody rated it (issue 13, bug 12)
        "NHS England": (4, "sceptical"),
    }


def test_an_organisation_import_with_a_rating_off_the_scale_imports_nothing(officer_client):
    csv = (
        "name,sector,influence,stance\n"
        "Home Office,government,6,neutral\n"
        "Ofsted,inspectorate,3,keen\n"
    )
    send(officer_client, "organisations", "orgs.csv", csv.encode())
    batch = ImportBatch.objects.get()
    preview = body(officer_client.get(batch.get_absolute_url()))
    assert "Influence must be a whole number from 1 to 5." in preview
    assert "Unknown stance “keen”." in preview
    officer_client.post(reverse("stakeholders:import_apply", args=[batch.pk]))
    assert not Organisation.objects.exists()


def test_duplicates_in_the_file_or_already_in_waymark_block_an_organisation_import(
    officer_client,
):
    existing = builders.organisation(name="Home Office")
    csv = "name,sector\nHOME OFFICE,government\nOfsted,inspectorate\nofsted,inspectorate\n"
    send(officer_client, "organisations", "orgs.csv", csv.encode())
    batch = ImportBatch.objects.get()
    preview = body(officer_client.get(batch.get_absolute_url()))
    assert "“Home Office” is already in Waymark" in preview
    assert f'href="{existing.get_absolute_url()}"' in preview
    assert "Same name as line 3 of this file" in preview
    assert "2 rows cannot be imported" in preview
    officer_client.post(reverse("stakeholders:import_apply", args=[batch.pk]))
    assert Organisation.objects.count() == 1


def test_one_bad_row_means_nothing_is_imported(officer_client):
    csv = (
        "name,organisation,email,influence\nGood Person,,good@example.org,3\nBad,,not-an-email,9\n"
    )
    send(officer_client, "people", "people.csv", csv.encode())
    batch = ImportBatch.objects.get()
    assert batch.error_count == 1
    response = officer_client.post(reverse("stakeholders:import_apply", args=[batch.pk]))
    assert response.url == batch.get_absolute_url()
    assert not Person.objects.exists()


def test_an_import_rechecks_rows_when_applied(officer_client):
    send(officer_client, "organisations", "orgs.csv", b"name,sector\nCatch22,third_sector\n")
    batch = ImportBatch.objects.get()
    builders.organisation(name="CATCH22")  # someone added it meanwhile
    officer_client.post(reverse("stakeholders:import_apply", args=[batch.pk]))
    assert Organisation.objects.count() == 1
    assert "already in Waymark" in body(officer_client.get(batch.get_absolute_url()))


def test_people_import_from_excel_links_organisations_and_flags_likely_duplicates(
    officer_client,
):
    home_office = builders.organisation(name="Home Office")
    builders.person(name="Helen Marsh")
    workbook = xlsx_with_rows(
        ["Name", "Job title", "Organisation", "Stance", "Influence", "Tags"],
        ["helen marsh", "Director", "home office", "Champion", 5, "APP"],
        ["Sam Lee", "Adviser", "Home Office", "neutral", 2, ""],
    )
    send(officer_client, "people", "people.xlsx", workbook)
    batch = ImportBatch.objects.get()
    preview = body(officer_client.get(batch.get_absolute_url()))
    assert "Likely duplicate of “Helen Marsh”" in preview
    officer_client.post(reverse("stakeholders:import_apply", args=[batch.pk]))
    sam = Person.objects.get(name="Sam Lee")
    assert (sam.organisation, sam.role_title, sam.influence) == (home_office, "Adviser", 2)
    assert sam.roles.get().organisation == home_office
    assert Person.objects.filter(name__iexact="helen marsh").count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("people.csv", pdf_with_text("not a spreadsheet"), "is a PDF file"),
        ("people.csv", b"<html><body>hi</body></html>", "not a file type Waymark accepts"),
        ("people.csv", b"\x00\x01\x02\x03binary", "not a file type Waymark accepts"),
        ("people.xlsx", b"PK\x03\x04garbage", "not a file type Waymark accepts"),
        (
            "people.csv",
            b"email,phone\na@example.org,1\n",
            "needs a “name” column",
        ),
        ("people.csv", b"name\n", "no rows to import"),
        ("people.csv", b"", "The submitted file is empty"),
    ],
)
def test_malformed_and_hostile_files_are_refused_with_a_reason(
    officer_client, name, content, message
):
    response = send(officer_client, "people", name, content)
    assert response.status_code == 200
    assert message in body(response)
    assert not ImportBatch.objects.exists()


def test_oversize_imports_are_refused(officer_client, settings):
    settings.WAYMARK_MAX_UPLOAD_BYTES = 100
    response = send(officer_client, "people", "p.csv", b"name\n" + b"Someone\n" * 50)
    assert "too large" in body(response)


def test_formulas_in_imported_cells_are_neutralised_on_export(officer_client):
    csv = 'name,notes\n"=HYPERLINK(""http://evil.example"",""x"")",@SUM(A1)\n'
    send(officer_client, "people", "p.csv", csv.encode())
    officer_client.post(reverse("stakeholders:import_apply", args=[ImportBatch.objects.get().pk]))
    exported = body(officer_client.get(reverse("stakeholders:person_export")))
    assert "'=HYPERLINK" in exported
    assert "\n=HYPERLINK" not in exported and ",=HYPERLINK" not in exported


def test_another_users_import_is_not_found(client_for, officer, administrator):
    client_for(officer)
    batch = ImportBatch.objects.create(kind="people", filename="x.csv", owner=officer, rows=[])
    client = client_for(administrator)
    assert client.get(batch.get_absolute_url()).status_code == 404
    response = client.post(reverse("stakeholders:import_apply", args=[batch.pk]))
    assert response.status_code == 404
