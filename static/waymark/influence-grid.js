// Re-rate a person or organisation by dragging their point to another square of the influence
// grid. The drop posts influence and stance through htmx to the same endpoint as the point's
// form in the tables (its row is named by data-row), which returns the updated row and
// redraws the grid. A click that does not move follows the point's link to the record.
(function () {
  "use strict";

  var drag = null;
  var STANCES = ["opposed", "sceptical", "neutral", "supportive", "champion"];

  function frame() {
    return document.getElementById("influence-grid");
  }

  function svgPoint(svg, event) {
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    return point.matrixTransform(svg.getScreenCTM().inverse());
  }

  function cellAt(x, y) {
    var f = frame();
    var left = +f.dataset.left, top = +f.dataset.top;
    var w = +f.dataset.cellW, h = +f.dataset.cellH;
    var col = Math.floor((x - left) / w), row = Math.floor((y - top) / h);
    if (col < 0 || col > 4 || row < 0 || row > 4) return null;
    return { stance: STANCES[col], influence: 5 - row };
  }

  function highlight(svg, cell) {
    svg.querySelectorAll(".wm-drop-target").forEach(function (rect) {
      rect.classList.remove("wm-drop-target");
    });
    if (!cell) return;
    var rect = svg.querySelector(
      '.wm-grid-cell[data-stance="' + cell.stance + '"][data-influence="' + cell.influence + '"]'
    );
    if (rect) rect.classList.add("wm-drop-target");
  }

  document.addEventListener("pointerdown", function (event) {
    var point = event.target.closest && event.target.closest(".wm-point[data-rate-url]");
    if (!point || event.button !== 0) return;
    // Stop the browser starting its own drag of the link.
    event.preventDefault();
    var svg = point.ownerSVGElement;
    var start = svgPoint(svg, event);
    drag = { point: point, svg: svg, start: start, moved: false };
    point.setPointerCapture(event.pointerId);
  });

  document.addEventListener("dragstart", function (event) {
    if (event.target.closest && event.target.closest(".wm-point[data-rate-url]")) {
      event.preventDefault();
    }
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var now = svgPoint(drag.svg, event);
    var dx = now.x - drag.start.x, dy = now.y - drag.start.y;
    if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
    drag.moved = true;
    drag.point.classList.add("wm-dragging");
    drag.point.setAttribute("transform", "translate(" + dx + " " + dy + ")");
    highlight(drag.svg, cellAt(now.x, now.y));
  });

  document.addEventListener("pointerup", function (event) {
    if (!drag) return;
    var current = drag;
    drag = null;
    if (!current.moved) return;
    var now = svgPoint(current.svg, event);
    var cell = cellAt(now.x, now.y);
    highlight(current.svg, null);
    current.point.classList.remove("wm-dragging");
    // Swallow the click that follows a drag, so dropping does not open the record's page.
    current.point.addEventListener("click", function (e) { e.preventDefault(); }, { once: true });
    if (!cell) {
      current.point.removeAttribute("transform");
      return;
    }
    var row = current.point.getAttribute("data-row");
    var status = document.getElementById("rate-status");
    var headers = JSON.parse(document.body.getAttribute("hx-headers") || "{}");
    var url = current.point.getAttribute("data-rate-url") + window.location.search;
    window.htmx.ajax("POST", url, {
      target: "#" + row,
      swap: "outerHTML",
      values: { influence: cell.influence, stance: cell.stance },
      headers: headers,
    }).then(function () {
      if (status) {
        var label = cell.stance.charAt(0).toUpperCase() + cell.stance.slice(1);
        status.textContent = "Saved: influence " + cell.influence + ", " + label + ".";
      }
    });
  });
})();

// Saving a rating from the table swaps its row: put focus back where it was in the new row
// (not the page top) and say what was saved in the page's status message.
(function () {
  var pending = null;
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt.closest && event.detail.elt.closest(".wm-rate-form");
    if (!form) return;
    var row = form.closest("tr");
    var active = document.activeElement;
    pending = {
      row: row && row.id,
      field: active && form.contains(active) ? (active.name || active.type) : "submit",
    };
  });
  document.body.addEventListener("htmx:afterSettle", function () {
    if (!pending) return;
    var row = pending.row && document.getElementById(pending.row);
    var field = pending.field;
    pending = null;
    if (!row) return;
    var target = row.querySelector('[name="' + field + '"]') || row.querySelector('[type="submit"]');
    if (target) target.focus();
    var status = document.getElementById("rate-status");
    if (!status) return;
    var name = row.querySelector("th a");
    var error = row.querySelector(".govuk-error-message");
    var influence = row.querySelector('select[name$="influence"]');
    var stance = row.querySelector('select[name$="stance"]');
    if (error) {
      status.textContent = "Not saved: " + error.textContent.trim();
    } else if (influence && stance) {
      status.textContent = "Saved rating of " + (name ? name.textContent.trim() : "this record") +
        ": influence " + influence.value + ", " + stance.options[stance.selectedIndex].text + ".";
    }
  });
})();
