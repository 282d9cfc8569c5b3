// Pickers (ui/pickers.py, templates/ui/forms/picker.html): htmx fetches the matches as you type;
// this file only keeps the keyboard and the chosen list right.
//  - Enter in a picker's search box searches that picker instead of sending the whole form.
//  - A match ticked is moved up into the chosen list, so the next search does not wipe it out.
//  - In a single-choice picker the matches are radios of the same group as the chosen one, and
//    a radio group is one stop in the tab order (its checked radio, above the search box), so
//    Tab from the Search button goes on to the first match, as it does in a checkbox picker.
//  - Text typed in a picker's search box is not a filter: on a list, its "change" would
//    reload the results, so it stops here, before it reaches the filter form.

document.addEventListener("keydown", (event) => {
  const input = event.target;
  if (event.key !== "Enter" || !input.matches || !input.matches(".wm-picker__input")) return;
  event.preventDefault();
  input.closest("[data-picker]").querySelector(".wm-picker__button").click();
});

document.addEventListener("change", (event) => {
  const input = event.target;
  const matches = input.closest && input.closest("[data-picker-matches]");
  if (!matches || !input.checked) return;
  const chosen = matches.closest("[data-picker]").querySelector("[data-picker-chosen]");
  chosen.appendChild(input.closest(".govuk-checkboxes__item, .govuk-radios__item"));
  input.focus();
});

document.addEventListener(
  "change",
  (event) => {
    if (event.target.matches && event.target.matches(".wm-picker__input")) event.stopPropagation();
  },
  true,
);

document.addEventListener("keydown", (event) => {
  const button = event.target;
  if (event.key !== "Tab" || event.shiftKey) return;
  if (!button.matches || !button.matches(".wm-picker__button")) return;
  const picker = button.closest("[data-picker]");
  const first = picker.querySelector("[data-picker-matches] input[type=radio]");
  if (!first) return;
  event.preventDefault();
  first.focus();
});
