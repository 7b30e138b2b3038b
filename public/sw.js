// Service worker: network first for pages (always fresh when online), a copy
// of every guide page visited kept for offline reading, an offline page for
// the rest; static assets served from cache and refreshed in the background.
// Only anonymous renderings are kept: the server marks every answer to a
// signed-in browser `no-store` (it carries the person's name), and a logout
// answers `Clear-Site-Data`, which empties these caches.
// v2: v1 kept signed-in renderings; activating drops its cache.
const CACHE = "sportello-v2";
const OFFLINE_PAGE = "/offline";
const PRECACHE = [
  OFFLINE_PAGE,
  "/pkg/sportello.css",
  "/pwa.js",
  "/manifest.webmanifest",
  "/icons/icon-192.png",
  "/fonts/titillium-web-latin-400-normal.woff2",
  "/fonts/titillium-web-latin-700-normal.woff2",
];
const READABLE_OFFLINE = [/^\/$/, /^\/servizi(\/|$)/, /^\/argomenti(\/|$)/, /^\/info\//];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request)
        .then((response) => {
          const personal = /no-store/i.test(response.headers.get("Cache-Control") || "");
          if (response.ok && !personal && READABLE_OFFLINE.some((pattern) => pattern.test(url.pathname))) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(request, copy));
          }
          return response;
        })
        .catch(() => caches.match(request).then((cached) => cached || caches.match(OFFLINE_PAGE))),
    );
    return;
  }
  if (/^\/(pkg|fonts|icons)\//.test(url.pathname)) {
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request).then((cached) => {
          const refresh = fetch(request).then((response) => {
            if (response.ok) cache.put(request, response.clone());
            return response;
          });
          return cached || refresh;
        }),
      ),
    );
  }
});
