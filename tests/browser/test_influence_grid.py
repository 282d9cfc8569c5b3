"""In Chromium, the influence grid's numbers as drawn: readable, inside their marks, and keyed."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import axe_violations
from tests.dashboards.test_influence_grid_labels import crowded_grid

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each point's mark (the shape drawn first in its link), its number, and the number's rendered
# size in CSS pixels, as the browser laid them out; and whether the number is what is on top at
# its own centre (nothing else drawn over it).
DRAWN = """() => {
  const svg = document.querySelector("#influence-grid svg");
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const rect = (e) => { const b = e.getBoundingClientRect();
    return {x: b.x, y: b.y, width: b.width, height: b.height}; };
  const points = [...svg.querySelectorAll("a.wm-point")].map((a) => {
    const number = a.querySelector("text.wm-grid-number");
    const box = rect(number);
    const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return {
      number: number.textContent,
      mark: rect(a.querySelector("circle, rect, polygon")),
      box,
      px: parseFloat(getComputedStyle(number).fontSize) * scale,
      onTop: top !== null && top.closest("a.wm-point") === a,
    };
  });
  const cells = [...svg.querySelectorAll(".wm-grid-cell")].map(rect);
  const more = [...svg.querySelectorAll("text.wm-grid-more")].map(rect);
  return {points, cells, more, scale};
}"""


def apart(a, b):
    return (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def within(box, outer, slack=0.5):
    return (
        outer["x"] - slack <= box["x"]
        and box["x"] + box["width"] <= outer["x"] + outer["width"] + slack
        and outer["y"] - slack <= box["y"]
        and box["y"] + box["height"] <= outer["y"] + outer["height"] + slack
    )


def test_grid_numbers_as_drawn_are_12px_inside_their_marks_and_meet_nothing(
    browser_page, live_login, leader, screenshot_dir
):
    crowded_grid()
    page = live_login(browser_page, leader)
    page.set_viewport_size({"width": 1280, "height": 2400})  # the whole grid in view
    page.goto("/dashboards/influence/")
    drawn = page.evaluate(DRAWN)
    points = drawn["points"]
    assert len(points) > 50
    assert drawn["scale"] >= 1  # drawn one to one in the main column at 1280 px
    for point in points:
        assert point["px"] >= 12, point["number"]
        assert point["onTop"], point["number"]
        assert within(point["box"], point["mark"]), point["number"]
        assert any(within(point["mark"], cell) for cell in drawn["cells"]), point["number"]
    for i, a in enumerate(points):
        for b in points[i + 1 :]:
            assert apart(a["mark"], b["mark"]), (a["number"], b["number"])
            assert apart(a["box"], b["mark"]) and apart(b["box"], a["mark"])
    assert drawn["more"]
    for more in drawn["more"]:
        assert any(within(more, cell) for cell in drawn["cells"])
        assert all(apart(more, point["mark"]) for point in points)
    # The key: every number once, visible, sharing the point's link and name.
    key = page.locator("#influence-grid-key")
    expect(key.get_by_role("heading", name="Influence 5, champion")).to_be_visible()
    assert key.locator("a[data-key-number]").count() == len(points)
    label = page.locator('a.wm-point[data-number="7"]').get_attribute("aria-label")
    both = page.get_by_role("link", name=label, exact=True)
    expect(both).to_have_count(2)
    assert both.nth(0).get_attribute("href") == both.nth(1).get_attribute("href")
    assert axe_violations(page) == []
    page.locator("#figure-influence-grid").screenshot(
        path=f"{screenshot_dir}/influence-grid-numbered.png"
    )
    assert page.console_errors == []


def test_on_a_phone_the_grid_keeps_its_size_and_scrolls_in_its_own_frame(
    browser_page, live_login, leader
):
    crowded_grid()
    page = live_login(browser_page, leader)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/dashboards/influence/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    frame = page.locator("#influence-grid")
    assert frame.evaluate("f => f.scrollWidth > f.clientWidth")
    expect(frame).to_have_attribute("role", "region")  # named and focusable while it scrolls
    expect(frame).to_have_attribute("tabindex", "0")
    drawn = page.evaluate(DRAWN)
    assert min(point["px"] for point in drawn["points"]) >= 12
    expect(page.locator("#influence-grid-key a[data-key-number]").first).to_be_visible()
    assert axe_violations(page) == []


def test_the_grid_prints_with_its_key(browser_page, live_login, leader, screenshot_dir):
    crowded_grid()
    page = live_login(browser_page, leader)
    page.emulate_media(media="print")
    page.goto("/dashboards/influence/")
    expect(page.locator("#influence-grid svg")).to_be_visible()
    expect(page.locator('a.wm-point[data-number="1"] text')).to_be_visible()
    expect(page.get_by_role("heading", name="Key to the numbers on the grid")).to_be_visible()
    expect(page.locator('#influence-grid-key a[data-key-number="1"]')).to_be_visible()
    pdf = page.pdf(format="A4", path=f"{screenshot_dir}/influence-grid-print.pdf")
    assert pdf.startswith(b"%PDF")
