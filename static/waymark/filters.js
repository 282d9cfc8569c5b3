// The MoJ filter pattern's toggle: "Show filters" / "Hide filters" above a list's filters.
// Without this script the button stays hidden and the filters show. Filters already applied
// stay shown, so the reader sees why the list is narrowed. The button says whether the panel
// is open (aria-expanded) and names what it controls (aria-controls).
const setUp = (button) => {
  const panel = document.getElementById(button.getAttribute("aria-controls"));
  if (!panel || button.dataset.filterToggleReady) return;
  button.dataset.filterToggleReady = "true";
  const show = (open) => {
    panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Hide filters" : "Show filters";
  };
  show(panel.dataset.filtersApplied === "true" || panel.querySelector("[aria-invalid]") !== null);
  panel.dataset.toggleReady = "true";
  button.hidden = false;
  // Focus stays on the button: the filters open straight after it, next in the tab order.
  button.addEventListener("click", () => show(panel.hidden));
};

document.querySelectorAll("[data-filter-toggle]").forEach(setUp);
