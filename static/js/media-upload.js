// Videos and large files go up in 2 MB chunks to the resumable upload API: after a dropped
// connection the page asks the server how much it has and sends the rest. Small photos use
// the plain form. Messages come from the page (data-msg-*), in the user's language.
(function () {
  "use strict";
  const form = document.getElementById("media-form");
  if (!form) return;
  const chunkSize = () => Number(form.dataset.chunk) || 2 * 1024 * 1024;
  const LARGE = 8 * 1024 * 1024;
  const input = form.querySelector('input[type="file"]');
  const token = form.querySelector('input[name="csrf_token"]').value;
  const bar = document.querySelector("#upload-progress");
  const status = document.querySelector("#upload-status");
  const headers = { "X-CSRFToken": token };

  function say(text, isError) {
    status.textContent = text;
    status.className = "small mb-2" + (isError ? " text-danger" : "");
  }

  // A new choice of files, or a new upload, starts clean: no error of the last one left on screen.
  function clearErrors() {
    form.querySelectorAll(".is-invalid").forEach((el) => el.classList.remove("is-invalid"));
    form.querySelectorAll(".invalid-feedback, .alert-danger").forEach((el) => el.remove());
    say("", false);
    bar.firstElementChild.style.width = "0%";
  }
  input.addEventListener("change", clearErrors);

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, (_, key) => values[key]).replace(/%%/g, "%");
  }

  async function json(response) {
    try { return await response.json(); } catch (e) { return {}; }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function sendFile(file) {
    const start = await fetch(form.dataset.startUrl, {
      method: "POST",
      headers: Object.assign({ "Content-Type": "application/json" }, headers),
      body: JSON.stringify({
        name: file.name, size: file.size,
        caption: form.querySelector("#caption").value, credit: form.querySelector("#credit").value,
      }),
    });
    const started = await json(start);
    if (!start.ok) throw new Error(started.error || start.statusText);
    const url = form.dataset.startUrl + "/" + started.id;
    let offset = 0;
    let failures = 0;
    while (offset < file.size) {
      try {
        const response = await fetch(url + "?offset=" + offset, {
          method: "PUT", headers: headers, body: file.slice(offset, offset + chunkSize()),
        });
        const body = await json(response);
        if (response.status === 409) { offset = body.received; continue; }
        if (!response.ok) throw Object.assign(new Error(body.error || response.statusText), { final: true });
        offset = body.received;
        failures = 0;
        bar.firstElementChild.style.width = Math.round((100 * offset) / file.size) + "%";
        say(format(form.dataset.msgSending, { name: file.name, pct: Math.round((100 * offset) / file.size) }));
      } catch (error) {
        if (error.final) throw error;
        failures += 1; // the network dropped: ask what the server has, then go on from there
        say(form.dataset.msgRetry, true);
        await sleep(Math.min(30000, 1000 * 2 ** Math.min(failures, 5)));
        try {
          const state = await json(await fetch(url, { headers: headers }));
          if (typeof state.received === "number") offset = state.received;
        } catch (e) { /* still offline: retry */ }
      }
    }
  }

  form.addEventListener("submit", async (event) => {
    const files = Array.from(input.files || []);
    const total = files.reduce((sum, f) => sum + f.size, 0);
    // Small photos go with the plain form; videos, large files, or a batch over the server's
    // request limit go up in chunks.
    if (total <= LARGE && !files.some((f) => f.type.startsWith("video/"))) return;
    event.preventDefault();
    clearErrors();
    bar.classList.remove("d-none");
    try {
      for (const file of files) await sendFile(file);
      window.location = form.dataset.doneUrl;
    } catch (error) {
      say(error.message, true);
    }
  });
})();
