/* Kring: the "what do I do now?" page, also without a connection.
 *
 * The page registers this worker with the page itself as its scope. The worker keeps two things on
 * this device: that one page, as it was the last time it was opened with a connection, and its
 * stylesheet. Nothing else of the plan is stored.
 *
 * With a connection, the page always comes from Kring (and the copy is renewed). Without one, or
 * while Kring is not reachable, the copy is shown; the page says when it was made.
 *
 * The copy is forgotten, and the worker removes itself, as soon as Kring no longer gives this
 * browser the page (after logging out, or when the person may no longer see it). Logging out also
 * sends the header Clear-Site-Data, which removes the worker and its copy straight away.
 */
"use strict";

const PAGE = new URL(self.registration.scope).pathname;
const STYLESHEET = {{ stylesheet|tojson }};
const CACHE = "kring-safety-page " + PAGE;

async function keep(response) {
  const cache = await caches.open(CACHE);
  await cache.put(PAGE, response);
}

async function forget() {
  await caches.delete(CACHE);
  await self.registration.unregister();
}

async function copyOfPage() {
  return caches.match(PAGE, {cacheName: CACHE});
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const [page, stylesheet] = await Promise.all([fetch(PAGE), fetch(STYLESHEET)]);
    if (!page.ok || page.redirected || !stylesheet.ok) {
      throw new Error("Kring did not give this page: nothing is kept.");
    }
    await keep(page);
    await (await caches.open(CACHE)).put(STYLESHEET, stylesheet);
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil(self.clients.claim());
});

async function pageFromKringOrCopy(request) {
  let response;
  try {
    response = await fetch(request);
  } catch (noConnection) {
    return (await copyOfPage()) || Response.error();
  }
  if (response.ok && response.type === "basic" && !response.redirected) {
    await keep(response.clone());
  } else if (response.status >= 500) {
    return (await copyOfPage()) || response;  // Kring is not reachable for a moment
  } else {
    await forget();  // a redirect to the login page, or no longer allowed: nothing stays behind
  }
  return response;
}

async function stylesheetFromCopy(request) {
  return (await caches.match(STYLESHEET, {cacheName: CACHE})) || fetch(request);
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) {
    return;
  }
  if (url.pathname === PAGE && event.request.mode === "navigate") {
    event.respondWith(pageFromKringOrCopy(event.request));
  } else if (url.pathname + url.search === STYLESHEET) {
    event.respondWith(stylesheetFromCopy(event.request));
  }
});

self.addEventListener("message", (event) => {
  if (event.data === "forget") {
    event.waitUntil(forget());
  }
});
