import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";

// An inline icon: no extra request, and no 404 for /favicon.ico.
const FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#1f5199"/><path d="M16 6l3 6.5 7 .8-5.2 4.8 1.5 7L16 21.5 9.7 25l1.5-7L6 13.3l7-.8z" fill="#fff"/></svg>',
  );

// Shopify admin frames the app from another site; a browser that blocks third-party storage
// (Chromium's default here, Chrome in incognito) then throws a SecurityError on any touch of
// sessionStorage. Remix touches it on every page (the scroll-restoration script, and after each
// lazy route-discovery fetch, whose "Failed to fetch manifest patches" stops client navigation),
// so before any of it runs, a blocked storage is replaced by one in memory for the document's
// life: scroll positions then last until a reload, which is all the admin needs.
const STORAGE_FALLBACK = `(function () {
  ["sessionStorage", "localStorage"].forEach(function (name) {
    try { if (window[name]) return; } catch (blocked) {}
    var items = new Map();
    var storage = {
      getItem: function (k) { k = String(k); return items.has(k) ? items.get(k) : null; },
      setItem: function (k, v) { items.set(String(k), String(v)); },
      removeItem: function (k) { items.delete(String(k)); },
      clear: function () { items.clear(); },
      key: function (i) { return Array.from(items.keys())[i] || null; },
      get length() { return items.size; }
    };
    try { Object.defineProperty(window, name, { configurable: true, value: storage }); } catch (e) {}
  });
})();`;

export default function App() {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <script dangerouslySetInnerHTML={{ __html: STORAGE_FALLBACK }} />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <link rel="icon" href={FAVICON} />
        <Meta />
        <Links />
      </head>
      <body>
        <Outlet />
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}
