import { initAll } from "/static/vendor/govuk-frontend.min.js";

initAll();
// Re-initialise GOV.UK components inside fragments htmx swaps in.
document.body.addEventListener("htmx:afterSettle", (event) => initAll({ scope: event.detail.elt }));
