// Keyboard triage on the openings list: move with j/k, act with a/d/m, open with o or Enter.
(function () {
  const actions = { a: "accept", d: "dismiss", m: "assign" };
  const rows = () => Array.from(document.querySelectorAll("[data-triage-row]"));
  let currentId = null;

  function select(row) {
    if (!row) return;
    rows().forEach((r) => { r.classList.remove("wm-opening--selected"); r.tabIndex = -1; });
    row.classList.add("wm-opening--selected");
    row.tabIndex = 0;
    row.focus();
    currentId = row.id;
  }

  function move(step) {
    const all = rows();
    const index = all.findIndex((r) => r.id === currentId);
    select(all[Math.min(Math.max(index + step, 0), all.length - 1)] || all[0]);
  }

  // One tab stop into the list (the selected row, else the first), where the shortcuts work.
  const first = rows()[0];
  if (first) first.tabIndex = 0;

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target.closest("input, select, textarea, [contenteditable]")) return;
    // Only while focus is in the list: elsewhere the arrow keys scroll the page as usual.
    const first = rows()[0];
    const list = first && first.closest("table, ul, ol");
    if (!list || !(target instanceof Node) || !list.contains(target)) return;
    const key = event.key;
    if (key === "j" || key === "ArrowDown") { move(1); event.preventDefault(); return; }
    if (key === "k" || key === "ArrowUp") { move(-1); event.preventDefault(); return; }
    const row = currentId && document.getElementById(currentId);
    if (!row || !row.contains(document.activeElement)) return;
    if (key === "o" || (key === "Enter" && target === row)) {
      row.querySelector("a").click();
      event.preventDefault();
    } else if (actions[key]) {
      const button = row.querySelector(`button[value="${actions[key]}"]`);
      if (button) { button.click(); event.preventDefault(); }
    }
  });

  // The row htmx swaps back in is a new element: keep it selected so triage can carry on.
  document.body.addEventListener("htmx:afterSettle", () => {
    const row = currentId && document.getElementById(currentId);
    if (row && document.activeElement === document.body) select(row);
  });
  document.addEventListener("click", (event) => {
    const row = event.target.closest("[data-triage-row]");
    if (row) { currentId = row.id; }
  });
})();
