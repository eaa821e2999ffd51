import { Links, Meta, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";

// An inline icon: no extra request, and no 404 for /favicon.ico.
const FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#1f5199"/><path d="M16 6l3 6.5 7 .8-5.2 4.8 1.5 7L16 21.5 9.7 25l1.5-7L6 13.3l7-.8z" fill="#fff"/></svg>',
  );

export default function App() {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
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
