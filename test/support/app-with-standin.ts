// The built app and the Shopify stand-in, wired to each other as in `npm run demo`: the app sends
// every Admin API call and token exchange to the stand-in, loads App Bridge from it, and the
// stand-in delivers signed webhooks and app-proxy requests to the app.
import { DEV_API_KEY, DEV_API_SECRET, type Standin, startStandin } from "../standin/index";
import { type AppServer, freePort, startAppServer } from "./app-server";

export type AppWithStandin = { app: AppServer; standin: Standin; stop(): Promise<void> };

/**
 * `crossSite`: the app is reached at http://localhost:<port> while the stand-in's admin shell is on
 * 127.0.0.1, as in the demo and as in Shopify admin (admin.shopify.com frames the app's own host):
 * the app's frame is third-party, so a browser that blocks third-party storage blocks it there.
 */
export async function startAppWithStandin(env: Record<string, string> = {}, opts: { crossSite?: boolean } = {}): Promise<AppWithStandin> {
  const port = await freePort();
  const appUrl = `http://${opts.crossSite ? "localhost" : "127.0.0.1"}:${port}`;
  const standin = await startStandin({ appUrl, webhookRetryDelaysMs: [100, 500, 1500] });
  const app = await startAppServer(
    {
      SHOPIFY_API_KEY: DEV_API_KEY,
      SHOPIFY_API_SECRET: DEV_API_SECRET,
      SHOPIFY_APP_URL: appUrl,
      SHOPIFY_STANDIN_URL: standin.url,
      TALLY_MODE: "demo",
      ...env,
    },
    { port },
  );
  return {
    app,
    standin,
    stop: async () => {
      await app.stop();
      await standin.close();
    },
  };
}

/** Polls until `check` returns a value (webhooks are applied by the app's worker asynchronously). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Installs the app on a stand-in shop the way Shopify admin does: open it with a session token. */
export async function installApp(env: AppWithStandin, shopDomain: string): Promise<void> {
  const host = Buffer.from(`admin.shopify.com/store/${shopDomain.split(".")[0]}`).toString("base64url");
  const response = await fetch(`${env.app.url}/app?embedded=1&shop=${shopDomain}&host=${host}&id_token=${env.standin.sessionToken(shopDomain)}`, {
    headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36" },
  });
  if (!response.ok) throw new Error(`install failed: HTTP ${response.status}`);
}
