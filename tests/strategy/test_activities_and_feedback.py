import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from strategy.models import ActivityDelivery, Element, ElementReview, OutcomeFeedback
from tests import builders

pytestmark = pytest.mark.django_db


def csv_upload(text, name="answers.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_officer_records_a_delivery_and_is_remembered_as_recorder(officer_client, officer):
    area = builders.local_area(name="Kent")
    police = builders.organisation(name="Kent Police")
    response = officer_client.post(
        reverse("strategy:delivery_create"),
        {
            "activity": builders.element("AC4").pk,
            "title": "Return home interview training",
            "date": "2025-03-04",
            "local_area": area.pk,
            "organisations": [police.pk],
            "people_reached": "28",
        },
    )
    delivery = ActivityDelivery.objects.get()
    assert response.status_code == 302 and response.url == delivery.get_absolute_url()
    assert delivery.recorded_by == officer
    assert list(delivery.organisations.all()) == [police]
    assert LogEntry.objects.get_for_object(delivery).exists()


def test_a_delivery_must_be_of_an_activity(officer_client):
    response = officer_client.post(
        reverse("strategy:delivery_create"),
        {"activity": builders.element("OP3").pk, "date": "2025-03-04", "people_reached": "1"},
    )
    assert response.status_code == 200
    assert not ActivityDelivery.objects.exists()


@pytest.mark.parametrize("role", ["leader", "staff_member"])
def test_read_only_roles_cannot_record_deliveries_feedback_or_reviews(role, request, client):
    client.force_login(request.getfixturevalue(role))
    for name in ("delivery_create", "feedback_create", "feedback_import"):
        name = f"strategy:{name}"
        assert client.get(reverse(name)).status_code == 403
    url = reverse("strategy:element_review", args=[builders.element("AS2").pk])
    assert client.post(url, {"status": "holding", "note": "x"}).status_code == 403
    assert not ElementReview.objects.exists()


def test_feedback_summary_per_outcome_is_counted_in_the_database():
    for agreement in (5, 4, 4, 2, 1):
        builders.feedback(outcome="OP3", agreement=agreement)
    builders.feedback(outcome="OM3", agreement=3)
    summary = OutcomeFeedback.objects.summary_by_outcome()
    op3 = summary[builders.element("OP3").pk]
    assert op3["responses"] == 5
    assert op3["agreeing"] == 3
    assert op3["disagreeing"] == 2
    assert op3["average"] == pytest.approx(3.2)
    assert summary[builders.element("OM3").pk]["responses"] == 1
    assert [count for _, _, count in OutcomeFeedback.objects.distribution()] == [1, 1, 1, 2, 1]


def test_feedback_after_a_delivery_takes_its_area():
    area = builders.local_area(name="Gwent")
    delivery = builders.delivery(local_area=area)
    answer = builders.feedback(delivery=delivery)
    assert answer.local_area == area


def test_outcome_page_shows_how_many_agree(leader_client):
    for agreement in (5, 4, 2):
        builders.feedback(outcome="OP3", agreement=agreement, comment="More confident now")
    response = leader_client.get(builders.element("OP3").get_absolute_url())
    assert response.status_code == 200
    assert "<strong>2</strong> of 3 participants agree" in response.content.decode()
    assert "More confident now" in response.content.decode()


def test_activity_page_totals_deliveries_and_people_reached(leader_client):
    builders.delivery(activity="AC4", people_reached=20)
    builders.delivery(activity="AC4", people_reached=12)
    builders.delivery(activity="AC3", people_reached=99)
    response = leader_client.get(builders.element("AC4").get_absolute_url())
    assert "2 deliveries reaching 32 people" in response.content.decode()


def test_import_applies_every_row(officer_client, officer):
    builders.local_area(name="Kent")
    delivery = builders.delivery(date=datetime.date(2025, 2, 1))
    text = (
        "Outcome,Agreement,Date,Area,Respondent,Role,Comment\n"
        "OP3,5,2025-02-03,Kent,Professionals,Sergeant,Much clearer\n"
        "I know when and how to refer to Missing People and other services,Agree,,,,,\n"
        "op1,strongly disagree,03/02/2025,kent,professionals,,\n"
    )
    response = officer_client.post(
        reverse("strategy:feedback_import"), {"file": csv_upload(text), "delivery": delivery.pk}
    )
    assert response.status_code == 302
    answers = OutcomeFeedback.objects.order_by("id")
    assert [(a.outcome.code, a.agreement) for a in answers] == [
        ("OP3", 5),
        ("OP4", 4),
        ("OP1", 1),
    ]
    assert answers[1].date == datetime.date(2025, 2, 1)  # from the delivery
    assert answers[0].local_area.name == "Kent"
    assert answers[0].respondent_audience == Element.Audience.PROFESSIONALS
    assert {a.recorded_by for a in answers} == {officer}
    assert {a.delivery for a in answers} == {delivery}


def test_import_with_one_bad_row_saves_nothing_and_lists_every_problem(officer_client):
    text = (
        "outcome,agreement,date,area\n"
        "OP3,5,2025-02-03,\n"
        "XX9,4,2025-02-03,\n"
        "OP3,very much,31/02/2025,Atlantis\n"
    )
    response = officer_client.post(reverse("strategy:feedback_import"), {"file": csv_upload(text)})
    page = response.content.decode()
    assert response.status_code == 200
    assert not OutcomeFeedback.objects.exists()
    assert "Nothing was imported: 2 problems" in page
    assert "is not an outcome code or statement" in page
    assert "is not on the scale" in page
    assert "is not a date" in page
    assert "is not a local area Waymark knows" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "file is empty."),
        (b"name,score\nx,1\n", "The header row needs columns called outcome."),
        (b"outcome,agreement\n", "header row but no answers"),
        (b"\x00\x01\x02binary", "is not a file type Waymark accepts"),
    ],
)
def test_import_explains_a_malformed_file(officer_client, content, message):
    upload = SimpleUploadedFile("answers.csv", content, content_type="text/csv")
    response = officer_client.post(reverse("strategy:feedback_import"), {"file": upload})
    assert message in response.content.decode()
    assert not OutcomeFeedback.objects.exists()


def test_formula_cells_imported_are_neutralised_when_exported(officer_client):
    text = 'outcome,agreement,date,role,comment\nOP3,4,2025-02-03,@SUM(A1),"=HYPERLINK(""x"")"\n'
    officer_client.post(reverse("strategy:feedback_import"), {"file": csv_upload(text)})
    answer = OutcomeFeedback.objects.get()
    assert answer.comment == '=HYPERLINK("x")'  # kept as written
    response = officer_client.get(reverse("strategy:feedback_export"))
    exported = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in exported and "'@SUM(A1)" in exported
    assert ",=HYPERLINK" not in exported and ',"=HYPERLINK' not in exported


def test_delivery_export_lists_organisations(leader_client):
    builders.delivery(
        title="Protocol workshop", organisations=[builders.organisation(name="Essex Police")]
    )
    response = leader_client.get(reverse("strategy:delivery_export"))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Protocol workshop" in body and "Essex Police" in body


def test_officer_reviews_a_blocker_with_htmx_and_the_theory_shows_the_latest(officer_client):
    blocker = builders.element("B3")
    url = reverse("strategy:element_review", args=[blocker.pk])
    officer_client.post(
        url, {"status": "holding", "note": "Seen in Kent", "reviewed_on": "2025-01-10"}
    )
    response = officer_client.post(
        url,
        {"status": "weakening", "note": "Two leads moved on", "reviewed_on": "2025-03-01"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Two leads moved on" in response.content.decode()
    assert "<html" not in response.content.decode()
    page = officer_client.get(reverse("strategy:theory_of_change")).content.decode()
    assert "Weakening" in page
    assert blocker.reviews.latest().status == ElementReview.Status.WEAKENING


def test_only_assumptions_and_blockers_are_reviewed(officer_client):
    url = reverse("strategy:element_review", args=[builders.element("OP3").pk])
    assert officer_client.post(url, {"status": "holding", "note": "x"}).status_code == 404


def test_lists_filter_and_read_for_leadership(leader_client):
    kent = builders.local_area(name="Kent")
    builders.delivery(title="Kent training", local_area=kent)
    builders.delivery(title="Elsewhere training")
    response = leader_client.get(reverse("strategy:delivery_list"), {"local_area": kent.pk})
    page = response.content.decode()
    assert "Kent training" in page and "Elsewhere training" not in page
    builders.feedback(outcome="OM3", comment="We now have a partnership")
    response = leader_client.get(reverse("strategy:feedback_list"), {"outcome": ""})
    assert "We now have a partnership" in response.content.decode()


def test_officer_saves_an_outcome_feedback_summary_as_citable_evidence(officer_client, officer):
    from evidence.models import EvidenceItem

    kent = builders.local_area(name="Kent")
    for agreement in (5, 4, 4, 2):
        builders.feedback(outcome="OP3", agreement=agreement, local_area=kent, comment="private")
    outcome = builders.element("OP3")
    response = officer_client.post(reverse("strategy:element_cite_feedback", args=[outcome.pk]))
    item = EvidenceItem.objects.get()
    assert response.status_code == 302 and response.url == item.get_absolute_url()
    assert item.kind == EvidenceItem.Kind.FEEDBACK
    assert item.confidentiality == EvidenceItem.Confidentiality.INTERNAL
    assert list(item.outcomes.all()) == [outcome]
    assert item.created_by == officer
    assert "3 of 4 participants (75%) agree" in item.summary
    assert "Kent: 3 of 4 agree (average 3.8)." in item.key_findings
    assert "private" not in item.key_findings  # comments are not cleared for quoting
    page = officer_client.get(outcome.get_absolute_url()).content.decode()
    assert "Saved as evidence" in page


def test_there_is_nothing_to_cite_without_feedback(officer_client):
    from evidence.models import EvidenceItem

    outcome = builders.element("OM2")
    response = officer_client.post(reverse("strategy:element_cite_feedback", args=[outcome.pk]))
    assert response.status_code == 302 and response.url == outcome.get_absolute_url()
    assert not EvidenceItem.objects.exists()


def test_leadership_cannot_save_feedback_as_evidence(leader_client):
    from evidence.models import EvidenceItem

    builders.feedback(outcome="OP3")
    outcome = builders.element("OP3")
    response = leader_client.post(reverse("strategy:element_cite_feedback", args=[outcome.pk]))
    assert response.status_code == 403
    assert not EvidenceItem.objects.exists()


def test_activities_delivered_count_feedback_per_row_in_queries_that_do_not_grow(leader_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page():
        with CaptureQueriesContext(connection) as queries:
            text = leader_client.get(reverse("strategy:delivery_list")).content.decode()
        return text, len(queries)

    answered = builders.delivery(title="Answered training", organisations=[builders.organisation()])
    for _ in range(3):
        builders.feedback(delivery=answered)
    _, few = page()
    for number in range(30):
        builders.delivery(title=f"Delivery {number}", organisations=[builders.organisation()])
    text, many = page()

    assert many == few
    assert "Showing 1 to 25 of 31" in text
