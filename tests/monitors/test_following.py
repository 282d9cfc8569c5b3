"""Following a person: their parliamentary activity reaches their followers, whatever its
subject, fetched from a real local server serving the captured Parliament payloads."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alerts.digests import send_digests, send_immediate_alerts
from alerts.following import check_members_and_alert, send_staff_change_alerts
from alerts.models import Subscription
from monitors import following
from monitors.models import Item, Opening, Source
from monitors.tasks import scan_source
from stakeholders.models import Follow, Role
from tests import builders

from .conftest import fixture as read_fixture
from .conftest import sample

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2024, 1, 8, 9, 0, tzinfo=datetime.UTC)
QUESTIONS = "parliament-written-questions/questions-list-tabled-2024-01-05.json"
# The member who asked four of the questions in the sample (incinerators, waste, water).
MEMBER = 4410


@pytest.fixture(autouse=True)
def only_the_local_server(settings):
    settings.MONITORS_ALLOW_HOSTS = ["127.0.0.1"]
    settings.MONITORS_PAGE_DELAY = 0


def follow(client, person, **headers):
    return client.post(reverse("alerts:follow", args=[person.pk]), **headers)


def point_watches_at(person, stage):
    """The member's watches, aimed at the local server: questions get the real sample, the
    other two an empty listing."""
    sources = {source.kind: source for source in following.member_watches(person)}
    sources[Source.Kind.WRITTEN_QUESTIONS].url = stage(sample(QUESTIONS))
    sources[Source.Kind.EDMS].url = stage(
        b'{"PagingInfo": {"Skip": 0, "Take": 50, "Total": 0}, "Success": true, "Response": []}'
    )
    sources[Source.Kind.HANSARD].url = stage(b'{"Results": [], "TotalResultCount": 0}')
    for source in sources.values():
        source.save(update_fields=["url"])
    return sources


def test_following_a_member_watches_their_questions_motions_and_speeches(client_for, staff_member):
    person = builders.person(name="Member", parliament_member_id=MEMBER)
    client = client_for(staff_member)

    response = follow(client, person)

    assert response.status_code == 302 and response.url == person.get_absolute_url()
    watches = following.member_watches(person)
    assert sorted(watches.values_list("kind", flat=True)) == sorted(
        [Source.Kind.WRITTEN_QUESTIONS, Source.Kind.EDMS, Source.Kind.HANSARD]
    )
    assert all(f"={MEMBER}&" in source.url for source in watches)
    assert Follow.objects.filter(user=staff_member, person=person).exists()
    follow(client, person)
    assert following.member_watches(person).count() == 3


def test_the_follow_button_swaps_in_place_with_htmx_and_unfollowing_stops_the_watches(
    client_for, officer
):
    person = builders.person(name="Member", parliament_member_id=MEMBER)
    client = client_for(officer)

    page = client.get(person.get_absolute_url()).content.decode()
    assert reverse("alerts:follow", args=[person.pk]) in page

    fragment = follow(client, person, HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "Unfollow" in fragment.content.decode() and "<html" not in fragment.content.decode()

    client.post(reverse("alerts:unfollow", args=[person.pk]), HTTP_HX_REQUEST="true")
    assert not Follow.objects.exists()
    assert not following.member_watches(person).filter(enabled=True).exists()


def test_following_needs_a_csrf_token_and_a_member_id(officer):
    person = builders.person(name="Member", parliament_member_id=MEMBER)
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert follow(client, person).status_code == 403

    plain = builders.person(name="No member id")
    client = Client()
    client.force_login(officer)
    follow(client, plain)
    assert not Follow.objects.exists() and not Source.objects.exists()
    assert (
        reverse("alerts:follow", args=[plain.pk])
        not in client.get(plain.get_absolute_url()).content.decode()
    )


def test_a_followed_members_questions_open_for_their_followers_whatever_the_subject(
    client_for, officer, staff_member, stage, smtp
):
    person = builders.person(name="Member", parliament_member_id=MEMBER)
    follow(client_for(officer), person)
    Subscription.objects.create(user=officer, frequency="daily")
    # Someone who follows every opening about missing people, but not this member.
    Subscription.objects.create(user=staff_member, frequency="daily", everything=True)
    sources = point_watches_at(person, stage)

    result = scan_source(sources[Source.Kind.WRITTEN_QUESTIONS], now=NOW)
    again = scan_source(sources[Source.Kind.WRITTEN_QUESTIONS], now=NOW)

    questions = [r["value"] for r in json.loads(sample(QUESTIONS))["results"]]
    # All of the watched listing opens (the listing is theirs), each once, on their page.
    assert result.ok and result.openings == len(questions)
    assert again.openings == 0 and Opening.objects.count() == len(questions)
    assert person.openings.count() == len(questions)
    opening = Opening.objects.filter(item__title="Incinerators").get()
    # Relevance still explains itself: incinerators are not about missing people.
    assert not opening.item.relevant and opening.followed_only
    assert opening.lever_type == "parliamentary_interest" and opening.lever.code == "LE7"
    page = client_for(officer).get(person.get_absolute_url()).content.decode()
    newest = person.openings.order_by("-published", "-pk").first()
    assert "In Parliament" in page and newest.item.title in page
    assert "not about missing people" in page

    send_digests("daily", NOW + datetime.timedelta(hours=1))
    send_digests("daily", NOW + datetime.timedelta(hours=1))

    [message] = smtp.to(officer.email)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Incinerators" in text and "From someone you follow; not about missing people." in text
    assert smtp.to(staff_member.email) == []


def test_an_immediate_subscriber_hears_at_once_about_someone_they_follow(
    client_for, officer, stage, smtp
):
    person = builders.person(name="Member", parliament_member_id=MEMBER)
    follow(client_for(officer), person)
    Subscription.objects.create(user=officer, frequency="immediate", everything=False)
    sources = point_watches_at(person, stage)
    scan_source(sources[Source.Kind.WRITTEN_QUESTIONS], now=NOW)
    later = NOW + datetime.timedelta(minutes=5)

    send_immediate_alerts(later)
    send_immediate_alerts(later)

    messages = smtp.to(officer.email)
    assert len(messages) == Opening.objects.count()
    assert any("Incinerators" in message["Subject"] for message in messages)


def test_someone_who_turned_off_people_i_follow_gets_none_of_it(client_for, officer, stage, smtp):
    person = builders.person(name="Member", parliament_member_id=MEMBER)
    follow(client_for(officer), person)
    Subscription.objects.create(user=officer, frequency="daily", people_i_follow=False)
    sources = point_watches_at(person, stage)
    scan_source(sources[Source.Kind.WRITTEN_QUESTIONS], now=NOW)

    send_digests("daily", NOW + datetime.timedelta(hours=1))

    assert smtp.to(officer.email) == []


def test_an_officer_follows_every_champion_of_a_campaign_in_one_step(client_for, officer, leader):
    ask = builders.ask()
    champions = [
        builders.person(name=f"Champion {n}", parliament_member_id=n, stance="champion")
        for n in (101, 102)
    ]
    no_id = builders.person(name="Council champion", stance="champion")
    neutral = builders.person(name="Neutral", parliament_member_id=103, stance="neutral")
    ask.target_people.add(*champions, no_id, neutral)

    url = reverse("alerts:follow_champions", args=[ask.campaign.pk])
    assert client_for(leader).post(url).status_code == 403
    response = client_for(officer).post(url, follow=True)

    followed = set(Follow.objects.filter(user=officer).values_list("person__name", flat=True))
    assert followed == {"Champion 101", "Champion 102"}
    assert "1 could not be followed" in response.content.decode()


def members_api_payload(index):
    search = json.loads(sample("parliament-members/members-search.json"))
    return json.dumps({"value": search["items"][index]["value"], "links": []}).encode()


def test_a_member_who_left_the_house_is_recorded_and_followers_and_owner_told_once(
    settings, stage, smtp, officer, staff_member, administrator
):
    # Lord Aberconway's membership ended on 11 November 1999 (the real Members API payload).
    stage(members_api_payload(1), name="member-3305")
    base = stage(b"{}").rsplit("/", 1)[0]
    settings.MONITORS_MEMBERS_API = f"{base}/member-{{id}}"
    house = builders.organisation(name="House of Lords", sector="parliament")
    peer = builders.person(name="Lord Aberconway", parliament_member_id=3305, owner=administrator)
    peer.start_role("Member of the House of Lords", house, started_on=datetime.date(1953, 1, 1))
    builders.person(name="Clerk of the Parliaments", organisation=house, influence=5)
    Follow.objects.create(user=officer, person=peer)
    Follow.objects.create(user=staff_member, person=peer)
    ask = builders.ask(title="Fund a missing persons lead")
    ask.target_people.add(peer)
    when = datetime.datetime(1999, 11, 20, 9, 0, tzinfo=datetime.UTC)

    ended = following.record_members_who_left()
    assert following.record_members_who_left() == []
    first = send_staff_change_alerts(when)
    second = send_staff_change_alerts(when)

    [role] = ended
    assert role.ended_on == datetime.date(1999, 11, 11)
    assert Role.objects.get(pk=role.pk).ended_on == datetime.date(1999, 11, 11)
    assert first["sent"] == 3 and second == {"created": 0, "sent": 0, "failed": 0}
    for user in (officer, staff_member, administrator):
        [message] = smtp.to(user.email)
        text = message.get_body(preferencelist=("plain",)).get_content()
        assert "Lord Aberconway left their role as Member of the House of Lords" in text
        assert "House of Lords" in text and "Fund a missing persons lead" in text
        assert "Clerk of the Parliaments" in text


def test_once_nobody_follows_the_member_their_watch_opens_only_what_is_about_missing(
    client_for, officer, stage
):
    person = builders.person(name="Member", parliament_member_id=MEMBER)
    follow(client_for(officer), person)
    sources = point_watches_at(person, stage)
    # As when the person is erased: the follows go, the watch may still be scanned once more.
    Follow.objects.all().delete()

    result = scan_source(sources[Source.Kind.WRITTEN_QUESTIONS], now=NOW)

    assert result.ok and result.new > 0
    assert not Opening.objects.filter(followed_only=True).exists()


# --- What was stored before anyone followed the member ------------------------------------------


def questions_dated(days_ago: dict[str, int], today: datetime.date) -> bytes:
    """The real questions listing, with the member's questions tabled (and answered) the given
    number of days before today; the others keep their dates."""
    listing = json.loads(sample(QUESTIONS))
    for result in listing["results"]:
        question = result["value"]
        if question["heading"] in days_ago:
            day = today - datetime.timedelta(days=days_ago[question["heading"]])
            question["dateTabled"] = question["dateAnswered"] = f"{day.isoformat()}T00:00:00"
    return json.dumps(listing).encode()


def test_a_new_follower_gets_what_was_stored_of_the_member_in_the_last_90_days_once(
    client_for, officer, staff_member, stage, smtp, worker, django_capture_on_commit_callbacks
):
    now = timezone.now()
    person = builders.person(name="Member", parliament_member_id=MEMBER)
    # Found by a topic search before anyone followed them: not about missing people, so stored
    # but not opened.
    search = Source.objects.create(
        name="Written questions mentioning missing",
        kind=Source.Kind.WRITTEN_QUESTIONS,
        url=stage(
            questions_dated(
                {
                    "Incinerators": 3,
                    "Waste Disposal": 40,
                    "Water: Solihull": 89,
                    "Water Abstraction: Licensing": 120,
                },
                timezone.localdate(now),
            )
        ),
        backfill_days=365,
    )
    assert scan_source(search, now=now).ok
    assert not person.openings.exists()
    Subscription.objects.create(user=officer, frequency="daily")

    with django_capture_on_commit_callbacks(execute=True):
        follow(client_for(officer), person)
    # A worker does it, once the follow is saved: the look-up reads every recent item.
    assert worker() == ["monitors.tasks.open_stored_items_of"]

    opened = person.openings.order_by("item__title")
    assert [o.item.title for o in opened] == ["Incinerators", "Waste Disposal", "Water: Solihull"]
    assert all(o.followed_only and o.lever.code == "LE7" for o in opened)
    assert {o.source.kind for o in opened} == {Source.Kind.WRITTEN_QUESTIONS}
    assert all(o.source.options.get("member") == MEMBER for o in opened)
    send_digests("daily", now + datetime.timedelta(hours=1))
    [message] = smtp.to(officer.email)
    assert "Incinerators" in message.get_body(preferencelist=("plain",)).get_content()
    assert "Water Abstraction" not in message.get_body(preferencelist=("plain",)).get_content()

    # Following again, or a second follower, opens nothing twice.
    with django_capture_on_commit_callbacks(execute=True):
        client_for(officer).post(reverse("alerts:unfollow", args=[person.pk]))
        follow(client_for(officer), person)
        follow(client_for(staff_member), person)
    assert len(worker()) == 2
    assert person.openings.count() == 3 and Opening.objects.filter(followed_only=True).count() == 3


def test_an_item_already_opened_for_everyone_is_not_opened_again_on_follow(
    client_for, officer, worker, django_capture_on_commit_callbacks
):
    person = builders.person(name="Member", parliament_member_id=MEMBER)
    existing = builders.opening()
    existing.item.member_ids = [MEMBER]
    existing.item.relevant = False
    existing.item.save(update_fields=["member_ids", "relevant"])

    with django_capture_on_commit_callbacks(execute=True):
        follow(client_for(officer), person)
    worker()

    assert Opening.objects.count() == 1


# --- MSPs ---------------------------------------------------------------------------------------

SCOTTISH = "scottish-parliament/mqa-questions-2016-excerpt.json"
# The MSP who asked the topical question about the Forth Road Bridge (5 January 2016).
MSP = 4948
SCOTTISH_NOW = datetime.datetime(2016, 1, 8, 9, 0, tzinfo=datetime.UTC)


def test_following_an_msp_watches_their_own_scottish_questions_and_motions(
    client_for, officer, stage, smtp
):
    msp = builders.person(name="Scottish member", scottish_parliament_id=MSP)
    Subscription.objects.create(user=officer, frequency="daily", everything=False)

    follow(client_for(officer), msp)

    watches = {s.options["watch"]: s for s in following.member_watches(msp)}
    assert set(watches) == {"questions", "motions"}
    assert all(s.kind == Source.Kind.SCOTTISH_PARLIAMENT and s.enabled for s in watches.values())
    assert "motionsquestionsanswersmotions?year={year}" in watches["motions"].url
    follow(client_for(officer), msp)
    assert following.member_watches(msp).count() == 2

    questions = watches["questions"]
    questions.url = stage(sample(SCOTTISH))  # the year's file: four members' questions
    questions.save(update_fields=["url"])
    result = scan_source(questions, now=SCOTTISH_NOW)
    again = scan_source(questions, now=SCOTTISH_NOW)

    # Only the member's own question is kept, and it opens (not about missing people) for them.
    assert result.ok and result.fetched == 1 and result.openings == 1
    assert again.openings == 0 and Item.objects.count() == 1
    opening = msp.openings.get()
    assert "Forth Road Bridge" in opening.item.body
    assert opening.followed_only and opening.lever.code == "LE7"
    send_digests("daily", SCOTTISH_NOW + datetime.timedelta(hours=1))
    [message] = smtp.to(officer.email)
    assert (
        "From someone you follow; not about missing people."
        in message.get_body(preferencelist=("plain",)).get_content()
    )

    client_for(officer).post(reverse("alerts:unfollow", args=[msp.pk]))
    assert not following.member_watches(msp).filter(enabled=True).exists()


def test_an_msp_watch_with_nothing_of_theirs_in_the_file_is_healthy(client_for, officer, stage):
    msp = builders.person(name="Quiet member", scottish_parliament_id=1)
    follow(client_for(officer), msp)
    questions = following.member_watches(msp).get(options__watch="questions")
    questions.url = stage(sample(SCOTTISH))
    questions.last_item_count = 5
    questions.save(update_fields=["url", "last_item_count"])

    result = scan_source(questions, now=SCOTTISH_NOW)

    assert result.ok and result.fetched == 0 and not Item.objects.exists()


def test_an_msps_question_stored_before_they_were_followed_opens_for_the_follower(officer, stage):
    msp = builders.person(name="Scottish member", scottish_parliament_id=MSP)
    general = Source.objects.create(
        name="Scottish Parliament questions",
        kind=Source.Kind.SCOTTISH_PARLIAMENT,
        url=stage(sample(SCOTTISH)),
    )
    scan_source(general, now=SCOTTISH_NOW)
    assert not Opening.objects.exists()
    Follow.objects.create(user=officer, person=msp)
    following.watch_member(msp, owner=officer)

    opened = following.open_stored_items(msp, now=SCOTTISH_NOW)
    again = following.open_stored_items(msp, now=SCOTTISH_NOW)

    opening = msp.openings.get()
    assert opened == [opening.pk] and again == []
    assert opening.source.options["watch"] == "questions"
    assert "Forth Road Bridge" in opening.item.body and opening.followed_only


# --- Leaving a post -----------------------------------------------------------------------------

MINISTER = "Parliamentary Under-Secretary (Home Office) (Minister for Safeguarding)"
POSTS_CHECKED = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.UTC)


def members_api(settings, stage, *biography):
    """The Members API on the local server: member 4410 is still an MP (the real payload's
    shape), and their biography answers are `biography` in turn (the fixture by default)."""
    current = json.loads(sample("parliament-members/members-search.json"))["items"][0]["value"]
    stage(json.dumps({"value": {**current, "id": MEMBER}, "links": []}).encode(), name="m-4410")
    answer = (200, read_fixture("members-biography.json"), {"Content-Type": "application/json"})
    url = stage(list(biography or [answer]), name="m-4410/Biography")
    settings.MONITORS_MEMBERS_API = url.rsplit("/", 2)[0] + "/m-{id}"
    return answer


def test_a_minister_who_leaves_a_post_has_the_role_ended_and_followers_and_owner_told_once(
    settings, stage, smtp, officer, staff_member, administrator
):
    members_api(settings, stage)
    home_office = builders.organisation(name="Home Office", sector="central_government")
    builders.person(name="Permanent Secretary", organisation=home_office, influence=5)
    committee = builders.organisation(name="Education Committee", sector="parliament")
    member = builders.person(name="Member", parliament_member_id=MEMBER, owner=administrator)
    member.start_role("Member of Parliament for Solihull West and Shirley")
    minister = member.start_role(
        MINISTER.upper(), home_office, started_on=datetime.date(2024, 7, 9), end_current=False
    )
    Follow.objects.create(user=staff_member, person=member)
    ask = builders.ask(title="Fund return home interviews")
    ask.target_people.add(member)

    first = check_members_and_alert(POSTS_CHECKED)
    second = check_members_and_alert(POSTS_CHECKED)

    assert first["roles_ended"] == 2 and first["sent"] == 4
    assert second == {"roles_ended": 0, "created": 0, "sent": 0, "failed": 0}
    # The role the team had recorded (named in other letters) ends on the day the post did.
    minister.refresh_from_db()
    assert minister.ended_on == datetime.date(2026, 11, 13)
    # A recent departure the team never recorded is added to their history as a role that ended.
    education = member.roles.get(title="Education Committee")
    assert education.organisation == committee
    assert (education.started_on, education.ended_on) == (
        datetime.date(2024, 7, 29),
        datetime.date(2026, 11, 18),
    )
    # Posts left years ago and posts held now are not staff changes.
    assert not member.roles.filter(
        title__in=["Shadow Minister (Education)", "Home Affairs Committee"]
    )
    assert member.current_role().title == "Member of Parliament for Solihull West and Shirley"
    for user in (staff_member, administrator):
        subjects = sorted(message["Subject"] for message in smtp.to(user.email))
        assert subjects == [
            "Staff change: Member left Education Committee at Education Committee",
            f"Staff change: Member left {MINISTER.upper()} at Home Office",
        ]
        texts = {
            message["Subject"]: message.get_body(preferencelist=("plain",)).get_content()
            for message in smtp.to(user.email)
        }
        assert all("Fund return home interviews" in text for text in texts.values())
        # Who to work with next: others at the department they left.
        assert "Permanent Secretary" in texts[subjects[1]]
    assert smtp.to(officer.email) == []


def test_a_champion_nobody_follows_is_checked_too_and_a_failed_look_up_changes_nothing(
    settings, stage, smtp, administrator
):
    champion = builders.person(
        name="Member", parliament_member_id=MEMBER, stance="champion", owner=administrator
    )
    builders.ask().target_people.add(champion)
    failure = (500, b"Internal Server Error", {"Content-Type": "text/plain"})
    # The first look-up fails; the next day's gives the biography.
    members_api(settings, stage, failure, members_api(settings, stage))

    assert check_members_and_alert(POSTS_CHECKED)["roles_ended"] == 0
    assert not champion.roles.exists()
    report = check_members_and_alert(POSTS_CHECKED)

    assert report["roles_ended"] == 2 and report["sent"] == 2
    assert len(smtp.to(administrator.email)) == 2
