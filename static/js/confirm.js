// Destructive buttons ask first: a form (or the button that sends it) with data-confirm="…"
// shows that question, and nothing is sent unless the person agrees. With data-count="NAME"
// the question's {n} is the number of ticked NAME boxes the form sends, and with none ticked
// data-none="…" is said instead and nothing is sent. (No inline script: CSP.)
function tickedIn(form, name) {
  return Array.from(form.elements).filter((el) => el.name === name && el.checked).length;
}

document.addEventListener("submit", (event) => {
  const asker = event.submitter && event.submitter.dataset.confirm ? event.submitter : event.target;
  let question = asker.dataset.confirm;
  if (question && asker.dataset.count) {
    const n = tickedIn(event.target, asker.dataset.count);
    if (n === 0 && asker.dataset.none) {
      window.alert(asker.dataset.none);
      event.preventDefault();
      return;
    }
    question = question.replace("{n}", String(n));
  }
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// "Select all": a checkbox with data-select-all="NAME" ticks or unticks every NAME box of its form.
document.addEventListener("change", (event) => {
  const all = event.target;
  if (!all.dataset || !all.dataset.selectAll || !all.form) return;
  for (const box of all.form.elements) {
    if (box.name === all.dataset.selectAll && box.type === "checkbox") box.checked = all.checked;
  }
});
