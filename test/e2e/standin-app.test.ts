// The app end to end against the Shopify stand-in: install through the admin shell (session token
// + token exchange), orders earning points through signed webhooks, the storefront API behind the
// app proxy, and rewards redeemed into real discount codes used at the stand-in's checkout.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/browser";
import { type AppWithStandin, eventually, startAppWithStandin } from "../support/app-with-standin";
import { signWebhookBody } from "../support/webhook-request";

let env: AppWithStandin;
let shop: string;

async function proxy(customerId: string | null, path: string, init: RequestInit = {}) {
  const res = await fetch(`${env.standin.url}/apps/tally${path}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), Cookie: `tally_shop=${shop}; tally_customer=${customerId ?? ""}` },
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

beforeAll(async () => {
  env = await startAppWithStandin();
  shop = env.standin.createShop({ name: "Bath Bucks Test" }).domain;
});
afterAll(async () => {
  await env?.stop();
});

describe("the app with the Shopify stand-in", () => {
  it("installs from the admin shell and renders its Polaris home page inside it", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
      page.on("requestfailed", (r) => problems.push(`${r.url()} ${r.failure()?.errorText}`));
      await page.goto(env.standin.adminUrl(shop));
      const app = page.frameLocator("#app-frame");
      await expect(app.getByText("Welcome to Tally Rewards").textContent({ timeout: 20_000 })).resolves.toContain("Welcome");
      // Polaris rendered it (its class names), and the shell shows the app's navigation.
      expect(await app.locator(".Polaris-Page").count()).toBeGreaterThan(0);
      await expect(page.locator("#app-nav a").first().textContent()).resolves.toBe("Home");
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it("accepts the stand-in's signed webhooks and rejects a forged one", async () => {
    const customer = await env.standin.createCustomer(shop, { email: "ada@example.com", firstName: "Ada" });
    const variant = env.standin.state.shop(shop).products.find((p) => p.title === "Cedar Candle")!.variants[0]!;
    await env.standin.placeOrder(shop, { customerId: customer.id.toString(), lines: [{ variantId: variant.id.toString(), quantity: 2 }] });
    await env.standin.webhooks.settle();
    const paid = env.standin.webhooks.log.find((d) => d.topic === "orders/paid")!;
    expect(paid.attempts.map((a) => a.status)).toEqual([200]);
    // 2 × 32.00 = 64.00 → 64 points, applied by the app's worker.
    const me = await eventually(async () => {
      const r = await proxy(customer.id.toString(), "/me");
      return r.body.member?.balance === 64 ? r : undefined;
    });
    expect(me.body.history[0]).toMatchObject({ kind: "earn", points: 64 });

    const body = paid.body;
    const forged = await fetch(`${env.app.url}/webhooks/orders/paid`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": "orders/paid",
        "X-Shopify-Hmac-Sha256": signWebhookBody(body, "not-the-secret"),
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-Webhook-Id": "forged-1",
        "X-Shopify-API-Version": "2026-10",
      },
      body,
    });
    expect(forged.status).toBe(401);
  });

  it("guests get 401 from /me and the program from /program", async () => {
    expect(await proxy(null, "/me")).toMatchObject({ status: 401, body: { error: { code: "not_signed_in" } } });
    const program = await proxy(null, "/program");
    expect(program.status).toBe(200);
    expect(program.body.currency).toEqual({ singular: "point", plural: "points" });
  });

  it("refuses a request whose app-proxy signature is forged or stale", async () => {
    const url = new URL(`${env.app.url}/proxy/me`);
    url.searchParams.set("shop", shop);
    url.searchParams.set("logged_in_customer_id", "1");
    url.searchParams.set("path_prefix", "/apps/tally");
    url.searchParams.set("timestamp", String(Math.floor(Date.now() / 1000)));
    url.searchParams.set("signature", "0".repeat(64));
    const res = await fetch(url);
    expect([400, 401]).toContain(res.status);
  });
});
