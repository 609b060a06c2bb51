/* Attendance page: refresh the figures in place every 15 s (the page works without it). */
(function () {
  "use strict";
  setInterval(async () => {
    try {
      const res = await fetch(location.href, { headers: { "X-Requested-With": "fetch" }, cache: "no-store" });
      if (!res.ok) return;
      const doc = new DOMParser().parseFromString(await res.text(), "text/html");
      const fresh = doc.getElementById("attendance");
      if (fresh) document.getElementById("attendance").replaceWith(fresh);
    } catch (e) { /* offline: keep what is shown */ }
  }, 15000);
})();
