// The admin pages' loaders, called as Remix calls them (a session-token request authenticated by
// the Shopify library against the stand-in), read members and the audit log through the staff
// read models: search is case-insensitive on both databases, a redacted member has no page, and
// the audit CSV names members by their Shopify customer id like the members CSV.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Standin, startStandin } from "../../standin/index";

let standin: Standin;
let routes: {
  customers: typeof import("../../../app/routes/app.customers._index");
  customer: typeof import("../../../app/routes/app.customers.$customerId");
  activity: typeof import("../../../app/routes/app.activity");
  auditCsv: typeof import("../../../app/routes/app.activity.audit[.csv]");
  membersCsv: typeof import("../../../app/routes/app.customers[.csv]");
};
let testDb: typeof import("../../support/test-db").testDb;
let earn: typeof import("../tiers/fixtures").earn;
const APP_URL = "http://127.0.0.1:9";

beforeAll(async () => {
  standin = await startStandin({ appUrl: APP_URL });
  // Before the app's modules load: the library's Admin API calls and token exchange go to the stand-in.
  process.env.SHOPIFY_APP_URL = APP_URL;
  process.env.SHOPIFY_STANDIN_URL = standin.url;
  routes = {
    customers: await import("../../../app/routes/app.customers._index"),
    customer: await import("../../../app/routes/app.customers.$customerId"),
    activity: await import("../../../app/routes/app.activity"),
    auditCsv: await import("../../../app/routes/app.activity.audit[.csv]"),
    membersCsv: await import("../../../app/routes/app.customers[.csv]"),
  };
  ({ testDb } = await import("../../support/test-db"));
  ({ earn } = await import("../tiers/fixtures"));
});
afterAll(async () => {
  await standin?.close();
  delete process.env.SHOPIFY_STANDIN_URL;
  delete process.env.SHOPIFY_APP_URL;
});

/** Calls a loader the way App Bridge's fetch does: a request with the session token as bearer. */
async function load<T>(loader: (args: LoaderFunctionArgs) => Promise<T>, shopDomain: string, path: string, params: Record<string, string> = {}): Promise<T> {
  const request = new Request(`${APP_URL}${path}`, { headers: { Authorization: `Bearer ${standin.sessionToken(shopDomain, { userId: "74857396114" })}` } });
  return loader({ request, params, context: {} });
}

async function installedShop() {
  const remote = standin.createShop();
  // The first authenticated request installs the app (token exchange, afterAuth).
  await load(routes.customers.loader, remote.domain, "/app/customers");
  const shop = await testDb().shop.findUniqueOrThrow({ where: { domain: remote.domain } });
  return { domain: remote.domain, shop };
}

describe(`admin pages' read models on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("finds members case-insensitively and never lists or opens a redacted member", async () => {
    const { domain, shop } = await installedShop();
    const grace = await testDb().member.create({ data: { shopId: shop.id, customerId: "7100000000000000101", email: "Grace.Hopper@Example.com", firstName: "Grace", lastName: "Hopper" } });
    const redacted = await testDb().member.create({ data: { shopId: shop.id, customerId: "redacted:gone", redactedAt: new Date(), balance: 40 } });

    const search = async (q: string) => (await load(routes.customers.loader, domain, `/app/customers?q=${encodeURIComponent(q)}`)).members.map((m) => m.customerId);
    expect(await search("grace")).toEqual([grace.customerId]);
    expect(await search("HOPPER@example")).toEqual([grace.customerId]);
    expect(await search("")).toEqual([grace.customerId]);

    const page = await load(routes.customer.loader, domain, `/app/customers/${grace.customerId}`, { customerId: grace.customerId });
    expect(page.member).toMatchObject({ customerId: grace.customerId, name: "Grace Hopper" });
    const missing = await load(routes.customer.loader, domain, `/app/customers/${redacted.customerId}`, { customerId: redacted.customerId }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Response);
    expect((missing as Response).status).toBe(404);

    const csv = await (await load(routes.membersCsv.loader, domain, "/app/customers.csv")).text();
    expect(csv.split("\r\n")[0]!.split(",")[0]).toBe("customer_id");
    expect(csv).not.toContain("redacted:gone");
  });

  it("does not link the Activity ledger to a redacted member's page", async () => {
    const { domain, shop } = await installedShop();
    await earn(shop.id, "7100000000000000303", 5_000n);
    await testDb().member.update({ where: { shopId_customerId: { shopId: shop.id, customerId: "7100000000000000303" } }, data: { customerId: "redacted:earned", email: null, redactedAt: new Date() } });
    const activity = await load(routes.activity.loader, domain, "/app/activity");
    expect(activity.ledger.map((e) => e.member)).toEqual([{ customerId: "redacted:earned", email: null, redacted: true }]);
  });

  it("shows and exports the audit log with the member's Shopify customer id, as the members CSV does", async () => {
    const { domain, shop } = await installedShop();
    const member = await testDb().member.create({ data: { shopId: shop.id, customerId: "7100000000000000202", email: "ada@example.com" } });
    await testDb().staffAuditEntry.create({ data: { shopId: shop.id, staffUserId: "74857396114", action: "points_adjusted", memberId: member.id, details: JSON.stringify({ points: 25 }) } });

    const activity = await load(routes.activity.loader, domain, "/app/activity?tab=audit");
    expect(activity.audit!.actions).toEqual(["points_adjusted"]);
    expect(activity.audit!.entries.map((e) => [e.action, e.customerId])).toEqual([["points_adjusted", member.customerId]]);

    const lines = (await (await load(routes.auditCsv.loader, domain, "/app/activity/audit.csv")).text()).trim().split("\r\n");
    expect(lines[0]).toBe("created_at,staff_user_id,action,customer_id,details");
    expect(lines[1]).toContain(`,points_adjusted,${member.customerId},`);
    expect(lines[1]).not.toContain(member.id);
  });
});
