import datetime
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alerts.digests import send_digests, send_immediate_alerts
from alerts.models import Digest, Subscription
from monitors.models import Opening
from tests import builders

pytestmark = pytest.mark.django_db

MORNING = timezone.make_aware(datetime.datetime(2026, 11, 26, 7, 30))


def text_and_html(message):
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def test_a_digest_lists_new_openings_with_reasons_links_and_headers(
    smtp, officer, subscribe, make_opening
):
    subscribe(officer)
    opening = make_opening("Missing Persons: Children in care", created_at=MORNING)
    report = send_digests("daily", MORNING)

    assert (report.sent, report.skipped, report.failed) == (1, 0, 0)
    [message] = smtp.to(officer.email)
    assert message["Subject"] == "Waymark daily digest: 1 new opening on missing"
    assert message["Auto-Submitted"] == "auto-generated"
    assert (
        message["List-Unsubscribe"]
        .strip()
        .startswith("<https://waymark.example.org/alerts/email/unsubscribe/")
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text, html = text_and_html(message)
    assert (
        "Missing Persons: Children in care" in text and "Missing Persons: Children in care" in html
    )
    assert f"https://waymark.example.org/monitors/openings/{opening.pk}/" in text
    assert "*go missing from care*" in text
    assert "<mark>go missing from care</mark>" in html
    assert "Missing children" in text  # grouped under its topic


def test_digest_can_be_grouped_by_campaign(smtp, officer, subscribe, make_opening):
    subscribe(officer, group_by=Subscription.Grouping.CAMPAIGN)
    campaign = builders.campaign(title="APP guidance on missing persons")
    make_opening(created_at=MORNING).campaigns.add(campaign)
    make_opening(created_at=MORNING)
    send_digests("daily", MORNING)
    text, _ = text_and_html(smtp.to(officer.email)[0])
    assert "== APP guidance on missing persons ==" in text
    assert "== Not yet linked to a campaign ==" in text


def test_nothing_is_sent_when_there_is_nothing_new(smtp, staff_member, subscribe):
    subscribe(staff_member)
    report = send_digests("daily", MORNING)
    assert (report.sent, report.skipped) == (0, 1)
    assert smtp.messages == []
    assert not Digest.objects.exists()


def test_running_the_digest_twice_for_the_same_day_sends_nothing_the_second_time(
    smtp, officer, subscribe, make_opening
):
    subscribe(officer)
    make_opening(created_at=MORNING)
    send_digests("daily", MORNING)
    make_opening(created_at=MORNING + datetime.timedelta(minutes=5))
    again = send_digests("daily", MORNING + datetime.timedelta(minutes=10))
    assert again.sent == 0
    assert len(smtp.to(officer.email)) == 1


def test_the_next_digest_carries_only_openings_not_yet_sent(smtp, officer, subscribe, make_opening):
    subscribe(officer)
    first = make_opening("First opening", created_at=MORNING - datetime.timedelta(hours=1))
    send_digests("daily", MORNING)
    second = make_opening("Second opening", created_at=MORNING + datetime.timedelta(hours=3))
    send_digests("daily", MORNING + datetime.timedelta(days=1))
    day_one, day_two = smtp.to(officer.email)
    assert first.title in text_and_html(day_one)[0]
    assert second.title in text_and_html(day_two)[0]
    assert first.title not in text_and_html(day_two)[0]


def test_a_refused_recipient_is_retried_next_run_and_nobody_gets_a_double(
    smtp, officer, staff_member, subscribe, make_opening
):
    subscribe(officer)
    subscribe(staff_member)
    make_opening(created_at=MORNING)
    smtp.refuse.add(officer.email)
    report = send_digests("daily", MORNING)
    assert (report.sent, report.failed) == (1, 1)
    pending = Digest.objects.get(subscription__user=officer)
    assert pending.status == Digest.Status.PENDING
    assert "550" in pending.last_error

    smtp.refuse.clear()
    retry = send_digests("daily", MORNING + datetime.timedelta(hours=1))
    assert retry.sent == 1
    assert len(smtp.to(officer.email)) == 1
    assert len(smtp.to(staff_member.email)) == 1
    assert Subscription.objects.get(user=officer).last_opening_id == Opening.objects.get().pk


def test_a_dropped_connection_mid_run_loses_nothing_and_doubles_nothing(
    smtp, django_user_model, subscribe, make_opening
):
    users = [
        django_user_model.objects.create_user(f"user{n}", email=f"user{n}@example.org")
        for n in range(4)
    ]
    for user in users:
        subscribe(user)
    make_opening(created_at=MORNING)
    smtp.drop_next = 1
    first = send_digests("daily", MORNING)
    assert first.failed == 1 and first.sent == 3
    second = send_digests("daily", MORNING + datetime.timedelta(minutes=30))
    assert second.sent == 1
    third = send_digests("daily", MORNING + datetime.timedelta(minutes=60))
    assert third.sent == 0
    assert sorted(len(smtp.to(u.email)) for u in users) == [1, 1, 1, 1]


def test_a_digest_waiting_for_retry_holds_its_openings_back_from_the_next_one(
    smtp, officer, subscribe, make_opening
):
    subscribe(officer)
    make_opening("Held back", created_at=MORNING)
    smtp.refuse.add(officer.email)
    send_digests("daily", MORNING)
    smtp.refuse.clear()
    make_opening("Arrived later", created_at=MORNING + datetime.timedelta(hours=2))
    send_digests("daily", MORNING + datetime.timedelta(days=1))
    texts = [text_and_html(m)[0] for m in smtp.to(officer.email)]
    assert len(texts) == 2
    assert sum("Held back" in text for text in texts) == 1
    assert sum("Arrived later" in text for text in texts) == 1


def test_a_digest_carries_only_what_the_recipient_may_see_when_sent(
    smtp, officer, subscribe, make_opening
):
    subscribe(officer)
    kept = make_opening("Still relevant", created_at=MORNING)
    dropped = make_opening("Dismissed before sending", created_at=MORNING)
    smtp.refuse.add(officer.email)
    send_digests("daily", MORNING)
    dropped.dismiss(by=officer)
    smtp.refuse.clear()
    send_digests("daily", MORNING + datetime.timedelta(hours=1))
    text, _ = text_and_html(smtp.to(officer.email)[0])
    assert kept.title in text
    assert dropped.title not in text


def test_a_disabled_user_gets_no_digest(smtp, officer, subscribe, make_opening):
    subscribe(officer)
    make_opening(created_at=MORNING)
    officer.is_active = False
    officer.save()
    send_digests("daily", MORNING)
    assert smtp.messages == []


def test_a_title_with_a_line_break_cannot_add_a_header(smtp, officer, subscribe, make_opening):
    subscribe(officer, frequency="immediate")
    make_opening("Missing children\r\nBcc: attacker@example.net", created_at=MORNING, score=0.95)
    send_immediate_alerts(MORNING)
    [message] = smtp.to(officer.email)
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"]
    assert message["Subject"] == "Waymark alert: Missing children Bcc: attacker@example.net"
    assert smtp.messages[0][0] == [officer.email]


def test_immediate_subscribers_get_one_email_per_high_scoring_opening(
    smtp, officer, subscribe, make_opening
):
    subscribe(officer, frequency="immediate")
    make_opening("Urgent one", score=0.95, created_at=MORNING)
    make_opening("Urgent two", score=0.85, created_at=MORNING)
    make_opening("Borderline", score=0.55, created_at=MORNING)
    send_immediate_alerts(MORNING)
    send_immediate_alerts(MORNING + datetime.timedelta(minutes=5))
    subjects = sorted(m["Subject"] for m in smtp.to(officer.email))
    assert subjects == ["Waymark alert: Urgent one", "Waymark alert: Urgent two"]


def test_subscribers_get_only_the_topics_they_follow(
    smtp, officer, staff_member, subscribe, make_opening
):
    subscribe(officer, everything=False, topics=["dementia_and_missing"])
    subscribe(staff_member)
    make_opening("Herbert Protocol", topics=["dementia_and_missing"], created_at=MORNING)
    make_opening("Return home interviews", topics=["return_interviews"], created_at=MORNING)
    send_digests("daily", MORNING)
    officer_text = text_and_html(smtp.to(officer.email)[0])[0]
    staff_text = text_and_html(smtp.to(staff_member.email)[0])[0]
    assert "Herbert Protocol" in officer_text and "Return home interviews" not in officer_text
    assert "Herbert Protocol" in staff_text and "Return home interviews" in staff_text


def test_officers_are_reminded_of_consultations_closing_soon_and_staff_are_not(
    smtp, officer, staff_member, subscribe
):
    subscribe(officer)
    subscribe(staff_member)
    builders.consultation(title="APP on missing persons", closes_in_days=5)
    report = send_digests("daily", timezone.now())
    assert report.sent == 1 and report.skipped == 1
    text, _ = text_and_html(smtp.to(officer.email)[0])
    assert "CONSULTATIONS CLOSING IN THE NEXT 14 DAYS" in text
    assert "APP on missing persons" in text
    assert smtp.to(staff_member.email) == []


def test_two_workers_at_once_send_no_doubles(smtp, django_user_model, subscribe, make_opening):
    users = [
        django_user_model.objects.create_user(f"w{n}", email=f"w{n}@example.org") for n in range(6)
    ]
    for user in users:
        subscribe(user)
    make_opening(created_at=MORNING)
    errors = []

    def run():
        try:
            send_digests("daily", MORNING)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(len(smtp.to(u.email)) for u in users) == [1] * 6
    assert Digest.objects.filter(status=Digest.Status.SENT).count() == 6


two_workers = test_two_workers_at_once_send_no_doubles
test_two_workers_at_once_send_no_doubles = pytest.mark.django_db(transaction=True)(two_workers)


def test_send_digests_command_reports_what_it_did(
    smtp, officer, staff_member, subscribe, make_opening, capsys
):
    subscribe(officer)
    subscribe(staff_member, everything=False, topics=["dementia_and_missing"])
    make_opening(created_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("send_digests", "--frequency", "daily", "--dry-run")
    assert "would send 1, skip 1" in capsys.readouterr().out
    assert smtp.messages == []
    call_command("send_digests", "--frequency", "daily")
    assert "Digests sent: 1, skipped (nothing new): 1, failed: 0" in capsys.readouterr().out


def test_a_second_run_in_the_same_period_says_why_nothing_was_sent(
    smtp, officer, subscribe, make_opening, capsys
):
    subscribe(officer)
    make_opening(created_at=timezone.now() - datetime.timedelta(minutes=1))
    call_command("send_digests", "--frequency", "daily")
    capsys.readouterr()
    call_command("send_digests", "--frequency", "daily")
    out = capsys.readouterr().out
    assert "Digests sent: 0" in out
    assert "already sent for this period to 1 subscriber" in out
    assert len(smtp.messages) == 1


def test_digest_query_count_does_not_grow_with_openings(
    smtp, django_user_model, subscribe, make_opening
):
    def run(when):
        with CaptureQueriesContext(connection) as queries:
            send_digests("daily", when)
        return len(queries)

    user = django_user_model.objects.create_user("q", email="q@example.org")
    subscribe(user, reminders=False)
    make_opening(created_at=MORNING)
    few = run(MORNING)
    for _ in range(25):
        make_opening(created_at=MORNING + datetime.timedelta(hours=1))
    many = run(MORNING + datetime.timedelta(days=1))
    assert many == few


def test_digest_schedules_exist_at_7_30_london_time():
    from django_q.models import Schedule

    daily = Schedule.objects.get(name="Daily digest")
    weekly = Schedule.objects.get(name="Weekly digest")
    assert (daily.func, daily.cron) == ("alerts.tasks.send_daily_digests", "30 7 * * *")
    assert (weekly.func, weekly.cron) == ("alerts.tasks.send_weekly_digests", "30 7 * * 1")
    first_daily = timezone.localtime(daily.next_run)
    assert (first_daily.hour, first_daily.minute) == (7, 30)
    assert timezone.localtime(weekly.next_run).weekday() == 0


def test_a_new_digest_schedule_first_runs_at_the_next_7_30_not_at_once():
    from django_q.models import Schedule

    from schedules.setup import ensure_schedules

    Schedule.objects.filter(name="Daily digest").delete()
    evening = timezone.make_aware(datetime.datetime(2026, 6, 1, 20, 0))
    ensure_schedules(now=evening)
    next_run = timezone.localtime(Schedule.objects.get(name="Daily digest").next_run)
    assert next_run == timezone.make_aware(datetime.datetime(2026, 6, 2, 7, 30))


def test_a_large_digest_details_the_top_openings_and_still_lists_every_one(
    smtp, officer, subscribe, make_opening
):
    from alerts.digests import DETAILED_OPENINGS

    subscribe(officer)
    openings = [
        make_opening(f"Opening number {n:03d}", score=0.5 + n / 1000, created_at=MORNING)
        for n in range(DETAILED_OPENINGS + 5)
    ]
    send_digests("daily", MORNING)
    text, html = text_and_html(smtp.to(officer.email)[0])
    assert all(opening.title in text and opening.title in html for opening in openings)
    assert "== 5 more new openings ==" in text
    lowest = openings[0]
    assert f"/monitors/openings/{lowest.pk}/" in text
    assert text.count("Not relevant: ") == DETAILED_OPENINGS


def test_an_officers_digest_lists_their_overdue_follow_ups(smtp, officer, staff_member, subscribe):
    subscribe(officer)
    today = timezone.localdate()
    builders.interaction(
        date=today - datetime.timedelta(days=20),
        follow_up_action="Send the APP briefing to the force lead",
        follow_up_due=today - datetime.timedelta(days=2),
        follow_up_owner=officer,
    )
    builders.interaction(
        date=today - datetime.timedelta(days=20),
        follow_up_action="Someone else's follow-up",
        follow_up_due=today - datetime.timedelta(days=2),
        follow_up_owner=staff_member,
    )
    report = send_digests("daily", timezone.now())
    assert report.sent == 1
    text, html = text_and_html(smtp.to(officer.email)[0])
    assert "YOUR OVERDUE FOLLOW-UPS" in text
    assert "Send the APP briefing to the force lead" in text and "Your overdue follow-ups" in html
    assert "Someone else's follow-up" not in text
