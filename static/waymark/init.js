// GOV.UK Frontend's address comes from the page's {% static %} tag, so production loads it under
// its hashed name (long-cached); a fixed import path here would stay unhashed.
const script = document.querySelector("script[data-govuk-frontend]");
const { initAll } = await import(script.dataset.govukFrontend);

initAll();
// Re-initialise GOV.UK components inside fragments htmx swaps in.
document.body.addEventListener("htmx:afterSettle", (event) => initAll({ scope: event.detail.elt }));
