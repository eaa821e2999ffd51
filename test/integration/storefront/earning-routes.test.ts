// The new storefront routes called with app-proxy requests signed as Shopify signs them: the
// signed-in shopper sets a birthday (and is locked out of changing it), clicks a social follow,
// and a referral link answers its page; unsigned requests and guests are refused.
import { describe, expect, it } from "vitest";
import { appEnv } from "../../../app/config/env.server";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { action as socialAction } from "../../../app/routes/proxy.actions.$action";
import { action as birthdayAction } from "../../../app/routes/proxy.birthday";
import { loader as referralLoader } from "../../../app/routes/proxy.r.$code";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { appProxySignature } from "../../standin/tokens";
import { bigId } from "../../support/orders";
import { testDb } from "../../support/test-db";

function proxyRequest(shop: string, path: string, customerId: string | null, init: { method?: string; body?: unknown; sign?: boolean } = {}) {
  const url = new URL(`http://localhost/proxy/${path}`);
  url.searchParams.set("shop", shop);
  url.searchParams.set("logged_in_customer_id", customerId ?? "");
  url.searchParams.set("path_prefix", "/apps/tally");
  url.searchParams.set("timestamp", String(Math.floor(Date.now() / 1000)));
  url.searchParams.set("signature", init.sign === false ? "0".repeat(64) : appProxySignature(url.searchParams, appEnv().apiSecret));
  return new Request(url, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json" },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

async function call(handler: (args: never) => Promise<Response>, request: Request, params: Record<string, string> = {}) {
  const response = await handler({ request, params, context: {} } as never);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // an HTML page
  }
  return { status: response.status, body };
}

describe(`earning storefront routes on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("POST /proxy/birthday and /proxy/actions/social_follow for the signed-in shopper only", async () => {
    const shop = await testDb().shop.create({ data: { domain: `routes-${bigId()}.myshopify.com` } });
    await saveProgramSettings(testDb(), shop.id, {
      ...defaultProgramSettings(),
      actions: { socialFollow: { facebook: { enabled: true, points: 20, url: "https://facebook.com/bath", limit: { count: 1, period: "lifetime" } } } },
    });
    const customer = bigId();

    const set = await call(birthdayAction, proxyRequest(shop.domain, "birthday", customer, { method: "POST", body: { month: 12, day: 24 } }));
    expect(set).toMatchObject({ status: 200, body: { birthday: { month: 12, day: 24, year: null, changeableFrom: expect.any(String) } } });
    const again = await call(birthdayAction, proxyRequest(shop.domain, "birthday", customer, { method: "POST", body: { month: 12, day: 25 } }));
    expect(again).toMatchObject({ status: 409, body: { error: { code: "birthday_locked" } } });
    expect(await call(birthdayAction, proxyRequest(shop.domain, "birthday", customer, { method: "POST", body: { month: 2, day: 30 } }))).toMatchObject({
      status: 422,
      body: { error: { code: "invalid_birthday", details: { fieldErrors: { day: expect.any(String) } } } },
    });
    expect(await call(birthdayAction, proxyRequest(shop.domain, "birthday", null, { method: "POST", body: { month: 1, day: 1 } }))).toMatchObject({ status: 401, body: { error: { code: "not_signed_in" } } });
    expect(await call(birthdayAction, proxyRequest(shop.domain, "birthday", customer, { method: "POST", body: { month: 1, day: 1 }, sign: false }))).toMatchObject({ status: 400 });

    const follow = await call(socialAction, proxyRequest(shop.domain, "actions/social_follow", customer, { method: "POST", body: { network: "facebook" } }), { action: "social_follow" });
    expect(follow).toEqual({ status: 201, body: { points: 20, balance: 20, url: "https://facebook.com/bath" } });
    expect(await call(socialAction, proxyRequest(shop.domain, "actions/social_follow", customer, { method: "POST", body: { network: "facebook" } }), { action: "social_follow" })).toMatchObject({
      status: 409,
      body: { error: { code: "limit_reached" } },
    });
    expect(await call(socialAction, proxyRequest(shop.domain, "actions/other", customer, { method: "POST", body: { network: "facebook" } }), { action: "other" })).toMatchObject({ status: 404 });
  });

  it("GET /proxy/r/:code answers the friend's page; a malformed code is 404", async () => {
    const shop = await testDb().shop.create({ data: { domain: `routes-${bigId()}.myshopify.com` } });
    const page = await call(referralLoader, proxyRequest(shop.domain, "r/K7QM2PXA", null), { code: "K7QM2PXA" });
    expect(page.status).toBe(200);
    expect(page.body).toContain('action="/apps/tally/r/K7QM2PXA"');
    expect(await call(referralLoader, proxyRequest(shop.domain, "r/<x>", null), { code: "<x>" })).toMatchObject({ status: 404, body: { error: { code: "referral_not_found" } } });
  });
});
