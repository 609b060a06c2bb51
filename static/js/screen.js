/* The venue's big screen (templates/board/screen.html): after data-seconds, the next slide
 * with fresh figures. The next page is fetched first, so a moment without network keeps the
 * current slide on screen (and tries again) instead of showing the browser's error page. */
(function () {
  "use strict";
  const main = document.querySelector("main[data-next]");
  if (!main) return;
  const wait = Number(main.dataset.seconds) * 1000;
  function next() {
    fetch(main.dataset.next, { cache: "no-store" })
      .then((res) => { if (res.ok) location.replace(main.dataset.next); else setTimeout(next, wait); })
      .catch(() => setTimeout(next, wait));
  }
  setTimeout(next, wait);
})();
