"""In Chromium, the network map's labels as drawn (their real boxes) never overlap."""

import pytest

from tests.dashboards.test_network_labels import crowded_network

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN_BOXES = """() => {
  const svg = document.querySelector("#figure-network-map svg, svg.wm-chart");
  const view = svg.viewBox.baseVal;
  const texts = svg.querySelectorAll("text.wm-net-label, text.wm-net-heading, text.wm-net-flag");
  const boxes = [...texts].map((text) => {
    const box = text.getBBox();
    return {text: text.textContent, x: box.x, y: box.y, width: box.width, height: box.height};
  });
  return {boxes, width: view.width, height: view.height};
}"""


def test_network_labels_as_drawn_do_not_overlap(browser_page, live_login, leader):
    crowded_network()
    page = live_login(browser_page, leader)
    page.goto("/dashboards/network/")
    drawn = page.evaluate(DRAWN_BOXES)
    boxes = drawn["boxes"]
    assert len(boxes) > 20
    for i, a in enumerate(boxes):
        assert a["x"] >= 0 and a["x"] + a["width"] <= drawn["width"], a["text"]
        for b in boxes[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"]
                or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"]
                or b["y"] + b["height"] <= a["y"]
            )
            assert apart, (a["text"], b["text"])
    assert page.console_errors == []
