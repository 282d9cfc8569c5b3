"""When someone the team relies on leaves a role: one email each to their followers and their
relationship owner, and the person's page says who to build a relationship with next."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from alerts.following import send_staff_change_alerts
from alerts.models import StaffChangeAlert
from stakeholders.models import Follow
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return builders.organisation(name="Kent County Council", sector="local_authority")


@pytest.fixture
def champion(council, administrator):
    person = builders.person(name="Director of Children's Services", stance="champion")
    person.owner = administrator
    person.save()
    person.start_role(
        "Director of Children's Services", council, started_on=datetime.date(2020, 1, 1)
    )
    ask = builders.ask(title="Adopt the missing children protocol")
    ask.target_people.add(person)
    return person


def end_role(client, person, on):
    role = person.current_role()
    return client.post(
        reverse("stakeholders:person_role_end", args=[person.pk]),
        {"role": role.pk, "ended_on": on.isoformat()},
    )


def test_a_champion_leaving_tells_the_owner_and_followers_once_with_what_relied_on_them(
    smtp, officer_client, officer, staff_member, administrator, champion, council
):
    Follow.objects.create(user=staff_member, person=champion)
    builders.person(name="Deputy director", organisation=council, stance="supportive", influence=4)
    builders.person(name="Sceptical head", organisation=council, stance="sceptical", influence=5)
    today = timezone.localdate()

    end_role(officer_client, champion, today)
    first = send_staff_change_alerts()
    second = send_staff_change_alerts()

    assert first["sent"] == 2 and second["sent"] == 0 and second["created"] == 0
    assert StaffChangeAlert.objects.count() == 2
    assert smtp.to(officer.email) == []
    for user in (staff_member, administrator):
        [message] = smtp.to(user.email)
        assert message["Subject"] == (
            "Staff change: Director of Children's Services left Director of Children's "
            "Services at Kent County Council"
        )
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "Kent County Council" in text and "Adopt the missing children protocol" in text
        # Allies before the more influential sceptic.
        assert text.index("Deputy director") < text.index("Sceptical head")


def test_a_refused_email_is_retried_and_never_doubled(smtp, officer_client, staff_member, champion):
    Follow.objects.create(user=staff_member, person=champion)
    end_role(officer_client, champion, timezone.localdate())
    smtp.refuse = {staff_member.email}

    assert send_staff_change_alerts()["failed"] >= 1
    smtp.refuse = set()
    send_staff_change_alerts()
    send_staff_change_alerts()

    assert len(smtp.to(staff_member.email)) == 1


def test_roles_that_ended_long_ago_are_not_news(smtp, staff_member, champion):
    Follow.objects.create(user=staff_member, person=champion)
    champion.end_role(
        champion.current_role(), ended_on=timezone.localdate() - datetime.timedelta(days=90)
    )

    assert send_staff_change_alerts()["created"] == 0


def test_the_page_of_a_champion_who_left_suggests_who_to_work_with_next(
    officer_client, champion, council
):
    builders.person(name="Neutral officer", organisation=council, influence=2)
    builders.person(name="Supportive manager", organisation=council, stance="supportive")
    builders.person(name="Elsewhere", organisation=builders.organisation(name="Other council"))
    end_role(officer_client, champion, timezone.localdate())

    page = officer_client.get(champion.get_absolute_url()).content.decode()

    assert "Who to build a relationship with next" in page
    assert page.index("Supportive manager") < page.index("Neutral officer")
    assert "Elsewhere" not in page


def test_the_command_sends_what_is_due_and_says_so(smtp, officer_client, staff_member, champion):
    Follow.objects.create(user=staff_member, person=champion)
    end_role(officer_client, champion, timezone.localdate())
    out = StringIO()

    call_command("send_staff_change_alerts", stdout=out)

    assert "sent 2" in out.getvalue()


def test_a_recorded_departure_is_emailed_at_once_by_a_worker_and_the_schedule_adds_nothing(
    smtp,
    officer_client,
    staff_member,
    administrator,
    champion,
    worker,
    django_capture_on_commit_callbacks,
):
    Follow.objects.create(user=staff_member, person=champion)

    with django_capture_on_commit_callbacks(execute=True):
        end_role(officer_client, champion, timezone.localdate())

    # Handed to a worker when the change was saved, not left for the 15-minute schedule.
    assert worker() == ["alerts.tasks.send_staff_change_alerts"]
    assert len(smtp.to(staff_member.email)) == 1 and len(smtp.to(administrator.email)) == 1
    # The schedule's run, and a second worker run of the same task, send nothing again.
    assert send_staff_change_alerts() == {"created": 0, "sent": 0, "failed": 0}
    assert len(smtp.to(staff_member.email)) == 1 and len(smtp.to(administrator.email)) == 1


def test_a_departure_that_was_rolled_back_queues_nothing(
    champion, worker, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        champion.end_role(champion.current_role())
        raise RuntimeError("the request failed after the role was ended")

    assert callbacks == [] and worker() == []
    assert champion.current_role() is not None
