// Who a storefront request is: the signed `shop` and `logged_in_customer_id`, each exactly once and
// of the shape Shopify sends. Requests are signed as Shopify signs them (repeated values joined by
// ","), so a refusal here is the app's rule, not a bad signature. Issue 21 items 8 and 10.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { appEnv } from "../../../app/config/env.server";
import { action as socialAction } from "../../../app/routes/proxy.actions.$action";
import { action as birthdayAction } from "../../../app/routes/proxy.birthday";
import { action as meAction, loader as meLoader } from "../../../app/routes/proxy.me";
import { action as programAction, loader as programLoader } from "../../../app/routes/proxy.program";
import { appProxySignature } from "../../standin/tokens";
import { earn, newShop } from "../tiers/fixtures";
import { bigId } from "../../support/orders";

type Handler = (args: never) => Promise<Response> | Response;

/** A request through the app proxy with exactly these query parameters, then Shopify's signature. */
function signed(path: string, params: Array<[string, string]>, init: { method?: string; body?: unknown } = {}): Request {
  const url = new URL(`http://localhost/proxy/${path}`);
  for (const [k, v] of params) url.searchParams.append(k, v);
  if (!url.searchParams.has("timestamp")) url.searchParams.append("timestamp", String(Math.floor(Date.now() / 1000)));
  url.searchParams.append("signature", appProxySignature(url.searchParams, appEnv().apiSecret));
  return new Request(url, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json" },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

const identity = (shop: string, customer: string): Array<[string, string]> => [
  ["shop", shop],
  ["logged_in_customer_id", customer],
  ["path_prefix", "/apps/tally"],
];

async function call(handler: Handler, request: Request, params: Record<string, string> = {}) {
  const response = await handler({ request, params, context: {} } as never);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the assertion on the shape says so
  }
  return { status: response.status, body };
}

const errorShape = (code: string) => ({ error: { code, message: expect.any(String) } });

describe(`storefront identity on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("refuses an identity parameter that appears twice, even signed, and still serves a legitimate request", async () => {
    const shop = await newShop();
    const alice = bigId();
    const bob = bigId();
    await earn(shop.id, alice, 12_000n);

    // Legitimate: Alice's own view, with an extra parameter of the page repeated (Shopify signs it joined).
    const own = await call(meLoader, signed("me", [...identity(shop.domain, alice), ["utm", "a"], ["utm", "b"]]));
    expect(own).toMatchObject({ status: 200, body: { member: { balance: 120 } } });

    // Bob adds ?logged_in_customer_id=<Alice> to the storefront URL; Shopify appends his own id.
    const spoof = await call(meLoader, signed("me", [["logged_in_customer_id", alice], ...identity(shop.domain, bob)]));
    expect(spoof).toEqual({ status: 400, body: errorShape("invalid_request") });

    for (const [key, value] of [
      ["shop", shop.domain],
      ["path_prefix", "/apps/other"],
      ["logged_in_customer_id", ""],
      ["timestamp", String(Math.floor(Date.now() / 1000))],
    ] as const) {
      const now = String(Math.floor(Date.now() / 1000));
      const twice = await call(meLoader, signed("me", [...identity(shop.domain, alice), ["timestamp", now], [key, value]]));
      expect([key, twice]).toEqual([key, { status: 400, body: expect.objectContaining({ error: expect.objectContaining({ code: expect.stringMatching(/^invalid_/) }) }) }]);
    }
    // Nothing was written for either shopper by the refused requests.
    const follow = await call(
      socialAction,
      signed("actions/social_follow", [["logged_in_customer_id", alice], ...identity(shop.domain, bob)], { method: "POST", body: { network: "x" } }),
      { action: "social_follow" },
    );
    expect(follow).toEqual({ status: 400, body: errorShape("invalid_request") });
  });

  it("answers 400 invalid_request, not 500, to a signed request whose shop is not a *.myshopify.com domain", async () => {
    for (const hostile of ["", "evil.com", "a".repeat(3000), "x.myshopify.com.evil.com", "UPPER.myshopify.com", "a_b.myshopify.com", "shop.myshopify.com/../x", "admin.shopify.com/store/x"]) {
      for (const [handler, path] of [[meLoader, "me"], [programLoader, "program"]] as const) {
        const answer = await call(handler, signed(path, identity(hostile, bigId())));
        expect([hostile.slice(0, 40), path, answer]).toEqual([hostile.slice(0, 40), path, { status: 400, body: errorShape("invalid_request") }]);
      }
    }
    // A well-formed domain of a store that does not run the app is a 404, as documented.
    expect(await call(programLoader, signed("program", identity(`nobody-${bigId()}.myshopify.com`, "")))).toEqual({ status: 404, body: errorShape("shop_not_found") });
  });

  it("never answers 5xx to signed requests with hostile shop and customer values (property)", async () => {
    const shop = await newShop();
    const hostileShop = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.string({ unit: "binary", maxLength: 100 }),
      fc.constantFrom("", "evil.com", "a".repeat(3000), `${"a".repeat(70)}.myshopify.com`, "-x.myshopify.com", "shop.myshopify.com\n", "%00", "shop.myshopify.com:443"),
      fc.stringMatching(/^[a-z0-9-]{1,20}\.myshopify\.com$/),
      fc.constant(shop.domain),
    );
    const hostileCustomer = fc.oneof(fc.constant(""), fc.string({ maxLength: 40 }), fc.bigInt({ min: 0n, max: 10n ** 30n }).map(String), fc.constant("1,2"));
    await fc.assert(
      fc.asyncProperty(hostileShop, hostileCustomer, fc.constantFrom("me", "program"), async (shopValue, customer, path) => {
        const answer = await call(path === "me" ? meLoader : programLoader, signed(path, identity(shopValue, customer)));
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) expect(answer.body).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
      }),
      { numRuns: 150 },
    );
  });

  it("answers 405 method_not_allowed in the documented shape to methods a storefront route does not serve", async () => {
    const shop = await newShop();
    const customer = bigId();
    for (const method of ["PUT", "PATCH", "DELETE", "POST"]) {
      expect(await call(meAction, signed("me", identity(shop.domain, customer), { method }))).toEqual({ status: 405, body: errorShape("method_not_allowed") });
      expect(await call(programAction, signed("program", identity(shop.domain, customer), { method }))).toEqual({ status: 405, body: errorShape("method_not_allowed") });
    }
    // POST-only routes: 405 whoever asks, a guest or an unsigned caller too.
    for (const method of ["PUT", "PATCH", "DELETE"]) {
      for (const who of [customer, ""]) {
        expect(await call(birthdayAction, signed("birthday", identity(shop.domain, who), { method }))).toEqual({ status: 405, body: errorShape("method_not_allowed") });
        expect(await call(socialAction, signed("actions/social_follow", identity(shop.domain, who), { method }), { action: "social_follow" })).toEqual({
          status: 405,
          body: errorShape("method_not_allowed"),
        });
      }
    }
  });
});
