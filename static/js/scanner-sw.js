/* Service worker of the scanner (scope /scan/): keeps the page and its assets for offline use.
 * The page: network first (always fresh when online), the cached copy when offline.
 * Static assets: cache first. API calls: never cached (the page queues scans itself). */
const CACHE = "wg-scanner-__VERSION__";  // the server puts a hash of the cached files here
const ASSETS = [
  "/scan/",  // the page itself (the device's cookie goes with it): it must open offline
  "/static/vendor/bootstrap-5.3.9/bootstrap.min.css",
  "/static/css/scanner.css",
  "/static/vendor/jsqr-1.4.0/jsQR.js",
  "/static/js/scanner.js",
  "/static/js/confirm.js",
  "/static/icons/scanner-192.png",
];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(event.request).then((hit) => hit || fetch(event.request).then((res) => {
      const copy = res.clone();
      caches.open(CACHE).then((cache) => cache.put(event.request, copy));
      return res;
    })));
    return;
  }
  if (url.pathname.startsWith("/scan/")) {
    event.respondWith(fetch(event.request).then((res) => {
      if (res.ok) {
        const copy = res.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
      }
      return res;
    }).catch(() => caches.match(event.request)));
  }
});
