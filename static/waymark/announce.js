// After filters or search swap new results in, say how many there are in one short status
// message, instead of a screen reader rereading the whole table after every pause in typing.
const status = document.getElementById("wm-result-status");

document.body.addEventListener("htmx:afterSettle", (event) => {
  if (!status) return;
  const counted = event.detail.elt.querySelector("[data-result-count]");
  if (!counted) return;
  const count = Number(counted.dataset.resultCount) || 0;
  status.textContent = count === 0 ? "No results" : `${count} result${count === 1 ? "" : "s"}`;
});
