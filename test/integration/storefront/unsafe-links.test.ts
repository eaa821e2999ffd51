// A social link saved before links were checked (javascript:, data:…) is never served by the
// storefront API: GET /proxy/program lists the way to earn without it and POST
// /proxy/actions/social_follow still grants the points but hands out no link. Issue 21 item 11.
import { describe, expect, it } from "vitest";
import { appEnv } from "../../../app/config/env.server";
import { defaultProgramSettings } from "../../../app/loyalty/program-settings";
import { action as socialAction } from "../../../app/routes/proxy.actions.$action";
import { loader as programLoader } from "../../../app/routes/proxy.program";
import { saveProgramSettings } from "../../../app/services/program/settings.server";
import { appProxySignature } from "../../standin/tokens";
import { bigId } from "../../support/orders";
import { testDb } from "../../support/test-db";

function proxyRequest(shop: string, path: string, customerId: string, body?: unknown) {
  const url = new URL(`http://localhost/proxy/${path}`);
  url.searchParams.set("shop", shop);
  url.searchParams.set("logged_in_customer_id", customerId);
  url.searchParams.set("path_prefix", "/apps/tally");
  url.searchParams.set("timestamp", String(Math.floor(Date.now() / 1000)));
  url.searchParams.set("signature", appProxySignature(url.searchParams, appEnv().apiSecret));
  return new Request(url, { method: body ? "POST" : "GET", headers: { "content-type": "application/json" }, ...(body ? { body: JSON.stringify(body) } : {}) });
}

describe(`unsafe social links on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("are refused when saved, and a stored one is not served", async () => {
    const shop = await testDb().shop.create({ data: { domain: `links-${bigId()}.myshopify.com` } });
    const rule = (url: string) => ({ enabled: true, points: 20, url, limit: { count: 5, period: "lifetime" } });
    await expect(
      saveProgramSettings(testDb(), shop.id, { ...defaultProgramSettings(), actions: { ...defaultProgramSettings().actions, socialFollow: { x: rule("JaVaScRiPt:alert(1)") } } }),
    ).rejects.toMatchObject({ fieldErrors: { "actions.socialFollow.x.url": expect.stringContaining("https://") } });

    // Written as a version before the check would have saved it.
    const stored = {
      ...defaultProgramSettings(),
      actions: { ...defaultProgramSettings().actions, socialFollow: { x: rule("\u0001javascript:alert(document.cookie)"), facebook: rule("data:text/html,<script>alert(1)</script>"), instagram: rule("https://instagram.com/bath") } },
    };
    await testDb().programSettings.create({ data: { shopId: shop.id, settings: JSON.stringify(stored) } });

    const program = await programLoader({ request: proxyRequest(shop.domain, "program", ""), params: {}, context: {} } as never);
    expect(program.status).toBe(200);
    const text = await program.text();
    expect(text).not.toMatch(/javascript|data:/i);
    const ways = (JSON.parse(text) as { waysToEarn: Array<{ id: string; action?: { url?: string | null } }> }).waysToEarn;
    expect(Object.fromEntries(ways.filter((w) => w.id.startsWith("social_follow:")).map((w) => [w.id, w.action?.url]))).toEqual({
      "social_follow:x": null,
      "social_follow:facebook": null,
      "social_follow:instagram": "https://instagram.com/bath",
    });

    const follow = await socialAction({ request: proxyRequest(shop.domain, "actions/social_follow", bigId(), { network: "x" }), params: { action: "social_follow" }, context: {} } as never);
    expect([follow.status, await follow.json()]).toEqual([201, { points: 20, balance: 20, url: null }]);
  });
});
