// The staff id on audit entries and staff adjustments comes from the verified session token's
// `sub` (or the online session's user). A token that names no user cannot act as staff: 403,
// nothing written. It used to become the user "unknown", which passed the staff check. Issue 21 item 11.
import { Session } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { appEnv } from "../../../app/config/env.server";
import { action as customerAction } from "../../../app/routes/app.customers.$customerId";
import { adminContext, staffUserIdOf } from "../../../app/web/admin/admin-context.server";
import { sessionStorage } from "../../../app/shopify.server";
import { signSessionToken } from "../../standin/tokens";
import { testDb } from "../../support/test-db";
import { bigId, earn, newShop } from "../tiers/fixtures";

async function installedShop() {
  const shop = await newShop();
  // The offline session a completed install leaves (no token exchange needed to load it).
  await sessionStorage.storeSession(new Session({ id: `offline_${shop.domain}`, shop: shop.domain, state: "", isOnline: false, accessToken: "shpat_test", scope: appEnv().scopes?.join(",") }));
  return shop;
}

const bearer = (shop: string, userId: string | null) => ({
  Authorization: `Bearer ${signSessionToken({ shop, apiKey: appEnv().apiKey, apiSecret: appEnv().apiSecret, userId })}`,
});

describe(`staff identity on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("is the session token's sub", async () => {
    const shop = await installedShop();
    const ctx = await adminContext(new Request(`http://localhost/app?shop=${shop.domain}`, { headers: bearer(shop.domain, "74857396114") }));
    expect(ctx.staffUserId).toBe("74857396114");
    expect(ctx.shop.id).toBe(shop.id);
  });

  it("refuses with 403 a verified token that names no staff user, and writes nothing", async () => {
    const shop = await installedShop();
    const refused = await adminContext(new Request(`http://localhost/app?shop=${shop.domain}`, { headers: bearer(shop.domain, null) })).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(refused).toBeInstanceOf(Response);
    expect([(refused as Response).status, await (refused as Response).json()]).toEqual([403, { error: { code: "forbidden", message: expect.any(String) } }]);

    // Through a staff tool: an adjustment with such a token is refused and leaves no trace.
    const customer = bigId();
    await earn(shop.id, customer, 5_000n);
    const before = await testDb().ledgerEntry.count({ where: { shopId: shop.id } });
    const body = JSON.stringify({ intent: "adjust", points: 1000, reason: "goodwill", requestId: crypto.randomUUID() });
    const answer = await customerAction({
      request: new Request(`http://localhost/app/customers/${customer}?shop=${shop.domain}`, { method: "POST", headers: { ...bearer(shop.domain, null), "Content-Type": "application/json" }, body }),
      params: { customerId: customer },
      context: {},
    } as never).then(
      (r) => r,
      (thrown: unknown) => thrown,
    );
    expect((answer as Response).status).toBe(403);
    expect(await testDb().ledgerEntry.count({ where: { shopId: shop.id } })).toBe(before);
    expect(await testDb().staffAuditEntry.count({ where: { shopId: shop.id } })).toBe(0);

    // The same request from a named staff member is applied, under that id.
    const named = await customerAction({
      request: new Request(`http://localhost/app/customers/${customer}?shop=${shop.domain}`, { method: "POST", headers: { ...bearer(shop.domain, "74857396114"), "Content-Type": "application/json" }, body }),
      params: { customerId: customer },
      context: {},
    } as never);
    expect(named).toMatchObject({ data: { ok: true } });
    expect(await testDb().ledgerEntry.findMany({ where: { shopId: shop.id, staffUserId: { not: null } }, select: { points: true, staffUserId: true } })).toEqual([{ points: 1000, staffUserId: "74857396114" }]);
  });

  it("takes the online session's user when there is no token, and nothing else", () => {
    const online = new Session({ id: "x", shop: "s.myshopify.com", state: "", isOnline: true });
    online.onlineAccessInfo = { associated_user: { id: 902541635 } } as Session["onlineAccessInfo"];
    expect(staffUserIdOf(undefined, online)).toBe("902541635");
    const offline = new Session({ id: "y", shop: "s.myshopify.com", state: "", isOnline: false });
    expect(staffUserIdOf(undefined, offline)).toBeNull();
    expect(staffUserIdOf({ sub: "" }, offline)).toBeNull();
    expect(staffUserIdOf({ sub: "unknown" }, offline)).toBeNull();
    expect(staffUserIdOf({ sub: 42 }, offline)).toBeNull();
  });
});
