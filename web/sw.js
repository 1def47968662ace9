// Earshot's service worker: the app files, cache-first, so the page opens with
// no network at all; the version changes with every build. API calls (/api/)
// always go to the network: mentions live in IndexedDB, not in this cache.
const VERSION = 'earshot-@EARSHOT_BUILD@';
// The build puts each app file's content hash in its name (cmake/stamp_site.cmake).
const APP_FILES = ['./', './index.html', './app.css', './boot.js', './app.js', './app.wasm', './app.data',
  './manifest.webmanifest', './icon.svg'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(VERSION).then((c) => c.addAll(APP_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  event.respondWith(
    caches.open(VERSION).then((cache) =>
      cache.match(event.request, {ignoreSearch: true}).then((hit) => hit || fetch(event.request).then((res) => {
        if (res.ok) cache.put(event.request, res.clone());
        return res;
      }))));
});
