"""Every page kind, as each role, passes axe-core's WCAG 2.2 A/AA rules and reflows at 320 px.

axe-core is pinned in frontend/package.json and vendored as static/vendor/axe.min.js, so CI needs
no npm. It is evaluated through the DevTools protocol rather than added as a <script>, so the
page's own Content-Security-Policy stays exactly as users get it.

One browser for the run; one set of records per role (each test seeds its own, as browser tests
run in flushed transactions), and every page is visited at 1280 px for axe and at 320 px for
reflow in the same test. The main page kinds are checked by axe at 320 px too, where the menu
folds, the filters fold behind "Show filters" and wide tables scroll in their own frames.
"""

import datetime
import os
from pathlib import Path

import pytest

from tests import builders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}


def seed():
    """A little of everything, so each page kind has rows, charts and links to check."""
    from monitors.models import Opening

    today = datetime.date.today()
    kent = builders.local_area(name="Kent", protocol="in_place", partnership="in_place")
    police = builders.organisation(name="Kent Police", sector="police", local_area=kent)
    council = builders.organisation(name="Kent County Council", sector="local_authority")
    champion = builders.person(name="Priya Nair", organisation=police, stance="champion")
    neutral = builders.person(name="Tom Baxter", organisation=council, stance="neutral")
    campaign = builders.campaign(title="Local multi-agency missing protocols")
    ask = builders.ask(campaign=campaign)
    ask.target_people.add(champion, neutral)
    ask.move_to("made")
    meeting = builders.interaction(
        date=today,
        people=[champion],
        organisations=[police],
        follow_up_action="Send the briefing",
        follow_up_due=today + datetime.timedelta(days=3),
    )
    meeting.campaigns.add(campaign)
    consultation = builders.consultation(closes_in_days=5)
    item = builders.evidence_item(title="Return home interviews 2025")
    opening = builders.opening()
    delivery = builders.delivery(local_area=kent, organisations=[police], people_reached=20)
    for agreement in (5, 4, 2):
        builders.feedback(delivery=delivery, agreement=agreement)
    source = opening.source
    return {
        "campaign": campaign.pk,
        "ask": ask.pk,
        "consultation": consultation.pk,
        "person": champion.pk,
        "organisation": police.pk,
        "area": kent.pk,
        "interaction": meeting.pk,
        "evidence": item.pk,
        "opening": Opening.objects.get(pk=opening.pk).pk,
        "source": source.pk,
        "delivery": delivery.pk,
    }


def pages(ids, role):
    """(kind, url) for every page kind the role may open."""
    everyone = [
        ("overview", "/"),
        ("list: campaigns", "/campaigns/"),
        ("detail: campaign", f"/campaigns/{ids['campaign']}/"),
        ("list: asks", "/campaigns/asks/"),
        ("detail: ask", f"/campaigns/asks/{ids['ask']}/"),
        ("list: consultations", "/campaigns/consultations/"),
        ("detail: consultation", f"/campaigns/consultations/{ids['consultation']}/"),
        ("list: people", "/stakeholders/"),
        ("detail: person", f"/stakeholders/people/{ids['person']}/"),
        ("list: organisations", "/stakeholders/organisations/"),
        ("detail: organisation", f"/stakeholders/organisations/{ids['organisation']}/"),
        ("list: areas", "/stakeholders/areas/"),
        ("detail: area", f"/stakeholders/areas/{ids['area']}/"),
        ("list: interactions", "/stakeholders/interactions/"),
        ("detail: interaction", f"/stakeholders/interactions/{ids['interaction']}/"),
        ("list: follow-ups", "/stakeholders/interactions/follow-ups/"),
        ("list: evidence", "/evidence/"),
        # Filters by ask or campaign are pickers; a filter applied keeps them in view for axe.
        ("list: evidence for an ask", f"/evidence/?ask={ids['ask']}"),
        ("list: asks of a campaign", f"/campaigns/asks/?campaign={ids['campaign']}"),
        ("list: interactions, campaign not found", "/stakeholders/interactions/?campaign=0"),
        (
            "map: influence grid for a campaign",
            f"/dashboards/influence/?campaign={ids['campaign']}",
        ),
        ("detail: evidence", f"/evidence/{ids['evidence']}/"),
        ("openings", "/monitors/"),
        ("detail: opening", f"/monitors/openings/{ids['opening']}/"),
        ("list: sources", "/monitors/sources/"),
        ("detail: source", f"/monitors/sources/{ids['source']}/"),
        ("dashboard: leadership", "/dashboards/"),
        ("dashboard: outcomes", "/dashboards/outcomes/"),
        ("dashboard: theory of change", "/dashboards/theory-of-change/"),
        ("map: influence grid", "/dashboards/influence/"),
        ("map: network", "/dashboards/network/"),
        ("theory of change", "/strategy/"),
        ("list: activities", "/strategy/activities/"),
        ("detail: activity", f"/strategy/activities/{ids['delivery']}/"),
        ("list: feedback", "/strategy/feedback/"),
        ("search", "/search/?q=missing"),
        ("settings: email alerts", "/alerts/settings/"),
        ("settings: password", "/accounts/password/"),
        ("error: not found", "/no-such-page/"),
    ]
    writers = [
        ("form: new campaign", "/campaigns/new/"),
        ("form: edit ask", f"/campaigns/asks/{ids['ask']}/edit/"),
        ("form: new consultation", "/campaigns/consultations/new/"),
        ("form: new person", "/stakeholders/people/new/"),
        ("form: new interaction", "/stakeholders/interactions/new/"),
        ("form: new evidence", "/evidence/new/"),
        ("form: new activity", "/strategy/activities/new/"),
        ("form: import", "/stakeholders/import/"),
        ("form: delete campaign", f"/campaigns/{ids['campaign']}/delete/"),
    ]
    administrators = [
        ("list: digests", "/alerts/digests/"),
        ("list: subscriptions", "/alerts/subscriptions/"),
    ]
    readers_refused = [("error: forbidden", "/campaigns/new/")]
    if role == "leader" or role == "staff":
        return everyone + readers_refused
    if role == "admin":
        return everyone + writers + administrators
    return everyone + writers


# Checked by axe at 320 px as well as at 1280 px: one of each kind of page, as each role sees it.
PHONE_KINDS = {
    "overview",
    "list: asks",
    "list: asks of a campaign",
    "detail: campaign",
    "list: people",
    "detail: person",
    "list: interactions",
    "openings",
    "detail: opening",
    "dashboard: leadership",
    "map: influence grid",
    "map: network",
    "theory of change",
    "search",
    "settings: email alerts",
    "error: forbidden",
    "form: new interaction",
    "form: new person",
    "list: digests",
}


def axe_violations(page):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE)
    results = page.evaluate(
        "tags => axe.run(document, "
        "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    return [
        f"{rule['id']} ({rule['impact']}, {len(rule['nodes'])}×): "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in rule["nodes"][:3])
        for rule in results["violations"]
        if rule["impact"] in BLOCKING
    ]


def sideways_overflow(page):
    """How far the page scrolls sideways, and the outermost element sticking out."""
    return page.evaluate(
        """() => {
          const over = document.documentElement.scrollWidth - window.innerWidth;
          if (over <= 0) return null;
          const culprit = [...document.body.querySelectorAll("*")].find(
            (e) => e.getBoundingClientRect().right > window.innerWidth + 1
              && !e.closest(".wm-scroll > *")
          );
          const name = culprit
            ? culprit.tagName.toLowerCase() + "." + [...culprit.classList].join(".")
            : "?";
          return `${over}px (${name})`;
        }"""
    )


@pytest.fixture
def role_user(request, officer, leader, staff_member, administrator):
    return {"officer": officer, "leader": leader, "staff": staff_member, "admin": administrator}[
        request.param
    ]


@pytest.mark.parametrize(
    "role_user,role",
    [(r, r) for r in ("officer", "leader", "staff", "admin")],
    indirect=["role_user"],
)
def test_every_page_passes_wcag_22_aa_and_reflows_at_320px(
    browser_page, live_login, role_user, role
):
    ids = seed()
    page = live_login(browser_page, role_user)
    failures = []
    only = os.environ.get("WAYMARK_A11Y_ONLY")  # a URL fragment, to rerun one page kind
    visited = [(kind, url) for kind, url in pages(ids, role) if not only or only in url]
    for kind, url in visited:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        for violation in axe_violations(page):
            failures.append(f"{role} {kind} {url}: {violation}")
        page.set_viewport_size({"width": 320, "height": 640})
        overflow = sideways_overflow(page)
        if overflow:
            failures.append(f"{role} {kind} {url}: scrolls sideways by {overflow} at 320px")
        if kind in PHONE_KINDS:
            for violation in axe_violations(page):
                failures.append(f"{role} {kind} {url} at 320px: {violation}")
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)
