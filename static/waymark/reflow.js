// Wide tables scroll inside their own container, so the page never scrolls sideways (WCAG 1.4.10).
// The container is a named region and focusable only while it actually scrolls, so keyboard
// users can scroll it with the arrow keys and narrow tables add no extra tab stop.
const label = (table) => {
  const caption = table.querySelector("caption");
  if (caption && caption.textContent.trim()) return caption.textContent.trim();
  const labelled = table.getAttribute("aria-label");
  if (labelled) return labelled;
  let node = table.closest(".wm-scroll") || table;
  while (node && node !== document.body) {
    let previous = node.previousElementSibling;
    while (previous) {
      const heading = previous.matches("h1, h2, h3, h4") ? previous : previous.querySelector("h1, h2, h3, h4");
      if (heading) return heading.textContent.trim();
      previous = previous.previousElementSibling;
    }
    node = node.parentElement;
  }
  return "Table";
};

const fit = (frame) => {
  if (frame.scrollWidth > frame.clientWidth + 1) {
    frame.setAttribute("tabindex", "0");
    frame.setAttribute("role", "region");
    frame.setAttribute("aria-label", `${frame.dataset.wmLabel} (scrolls sideways)`);
  } else {
    frame.removeAttribute("tabindex");
    frame.removeAttribute("role");
    frame.removeAttribute("aria-label");
  }
};

const observer = new ResizeObserver((entries) => entries.forEach((entry) => fit(entry.target)));

const wrapTables = (scope) => {
  scope.querySelectorAll("table.govuk-table, table.wm-calendar").forEach((table) => {
    if (table.parentElement.classList.contains("wm-scroll")) return;
    const frame = document.createElement("div");
    frame.className = "wm-scroll";
    frame.dataset.wmLabel = label(table);
    table.replaceWith(frame);
    frame.append(table);
    observer.observe(frame);
  });
};

// Charts kept at their drawn size (the influence grid: its numbers stay 12 px) scroll in their
// own frame on a narrow screen; a frame that names itself gets the same treatment.
const watchCharts = (scope) => {
  scope.querySelectorAll(".wm-chart-frame[data-wm-label]").forEach((frame) => observer.observe(frame));
};

wrapTables(document);
watchCharts(document);
document.body.addEventListener("htmx:afterSettle", (event) => {
  wrapTables(event.detail.elt);
  watchCharts(document);
});
