// Destructive buttons ask first: a form (or the button that sends it) with data-confirm="…"
// shows that question, and nothing is sent unless the person agrees. (No inline script: CSP.)
document.addEventListener("submit", (event) => {
  const question = (event.submitter && event.submitter.dataset.confirm) || event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
