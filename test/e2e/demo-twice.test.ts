// `npm run demo` twice on the same data folder: the second run finds the Shopify of the first
// (the stand-in's state kept beside the app's data), so the storefront lists the same customers,
// the app's access token still works and a member redeems a reward (201 with a code, not 502
// shopify_unavailable), and the first run's code is still there. Both runs show every capability
// of the app switched on (ways to earn, tiers, pending points, expiry, a running campaign,
// referral links).
import Database from "better-sqlite3";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/app-server";
import { eventually } from "../support/app-with-standin";
import { nodeArgsOfScript } from "../support/npm-script";

const DEMO_SHOP = "bath-bucks-demo.myshopify.com";
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-demo-"));
const running: ChildProcess[] = [];

afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

type Demo = { origin: string; output: () => string; stop(): Promise<number | null> };

/** Runs the demo as `npm run demo` does, on `dataDir`, until it prints that it is running. */
async function startDemo(): Promise<Demo> {
  const { child, output } = await spawnDemo();
  const deadline = Date.now() + 150_000;
  while (!output().includes("Press Ctrl-C to stop.")) {
    if (child.exitCode !== null) throw new Error(`the demo exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`the demo did not start in 150 s:\n${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const storefront = /Storefront \(stand-in\):\s+(\S+)/.exec(output())![1]!;
  return {
    origin: new URL(storefront).origin,
    output,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", (code) => resolve(code));
        child.kill("SIGINT");
      }),
  };
}

async function spawnDemo() {
  const env = { ...process.env, TALLY_DATA_DIR: dataDir, DATABASE_URL: "", PORT: String(await freePort()), STANDIN_PORT: String(await freePort()) };
  const child = spawn(process.execPath, nodeArgsOfScript("demo"), { env, stdio: ["ignore", "pipe", "pipe"] });
  running.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  return { child, output: () => output };
}

/** The member with the most points, from the demo's database. */
function richestMember(): { customerId: string; balance: number } {
  const db = new Database(path.join(dataDir, "tally.sqlite"), { readonly: true });
  try {
    return db.prepare(`SELECT "customerId", "balance" FROM "Member" WHERE "redactedAt" IS NULL ORDER BY "balance" DESC LIMIT 1`).get() as { customerId: string; balance: number };
  } finally {
    db.close();
  }
}

/** The storefront's app proxy as the signed-in customer (the stand-in signs it for the app). */
async function proxy(demo: Demo, customerId: string, pathname: string, init: RequestInit = {}) {
  return fetch(`${demo.origin}/apps/tally${pathname}?shop=${DEMO_SHOP}`, {
    ...init,
    headers: { ...(init.headers as Record<string, string>), Cookie: `tally_shop=${DEMO_SHOP}; tally_customer=${customerId}` },
  });
}

type Me = {
  member: { balance: number; pending: number; nextExpiry: { points: number; at: string } | null; referral: { code: string; url: string } | null };
  affordableRewardIds: string[];
  redemptions: Array<{ code: string | null; status: string }>;
};

const DAY_MS = 86_400_000;
const asDate = (v: unknown) => new Date(typeof v === "string" && /^\d+$/.test(v) ? Number(v) : (v as string | number));

/** Rows from the demo's database (read-only, while the demo runs). */
function query<T>(sql: string): T[] {
  const db = new Database(path.join(dataDir, "tally.sqlite"), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** The demo's program has every capability on, and the seeded data shows each of them. */
async function expectEveryCapability(demo: Demo) {
  const { customerId } = richestMember();
  const program = (await (await proxy(demo, customerId, "/program")).json()) as { waysToEarn: Array<{ id: string; points: number }>; tiers: unknown[] };
  expect(program.waysToEarn.map((w) => w.id)).toEqual(expect.arrayContaining(["orders", "signup", "birthday", "social_follow:instagram", "email_signup", "referral"]));
  expect(program.tiers).toHaveLength(3);
  const [row] = query<{ settings: string }>(`SELECT settings FROM "ProgramSettings"`);
  const settings = JSON.parse(row!.settings) as { earn: { pendingDays: number }; pointsExpiry: { mode: string }; referrals: { welcomeRewardId: string | null } };
  expect(settings.earn.pendingDays).toBeGreaterThan(0);
  expect(settings.pointsExpiry.mode).toBe("after_months");
  expect(settings.referrals.welcomeRewardId).toEqual(expect.any(String));
  // A bonus campaign is running now.
  const now = Date.now();
  const campaigns = query<{ startsAt: unknown; endsAt: unknown; endedAt: unknown }>(`SELECT "startsAt", "endsAt", "endedAt" FROM "Campaign"`);
  expect(campaigns.filter((c) => c.endedAt === null && asDate(c.startsAt).getTime() <= now && asDate(c.endsAt).getTime() > now)).toHaveLength(1);
  // Recent orders' points are pending (once the worker has applied them), newsletter sign-ups paid.
  await eventually(async () => query<{ n: number }>(`SELECT COUNT(*) AS n FROM "Member" WHERE pending > 0`)[0]!.n > 0, 60_000);
  await eventually(async () => query<{ n: number }>(`SELECT COUNT(*) AS n FROM "LedgerEntry" WHERE "sourceType" = 'action' AND "sourceId" = 'email_signup'`)[0]!.n > 0, 60_000);
  // A member has points about to expire (within 30 days), as the storefront tells them.
  const lots = query<{ customerId: string; expiresAt: unknown }>(`SELECT m."customerId", l."expiresAt" FROM "PointLot" l JOIN "Member" m ON m.id = l."memberId" WHERE l.remaining > 0 AND l."expiresAt" IS NOT NULL`);
  const soon = lots.find((l) => asDate(l.expiresAt).getTime() < now + 30 * DAY_MS);
  expect(soon, "a lot expiring within 30 days").toBeDefined();
  const me = (await (await proxy(demo, soon!.customerId, "/me")).json()) as Me;
  expect(me.member.nextExpiry?.points).toBeGreaterThan(0);
  expect(new Date(me.member.nextExpiry!.at).getTime()).toBeLessThan(now + 30 * DAY_MS);
  // Members have a referral link, and the banner shows one.
  expect(me.member.referral?.url).toMatch(new RegExp(`^https://${DEMO_SHOP}/apps/tally/r/[A-Z0-9]+$`));
  expect(demo.output()).toMatch(/A member's referral link:\s+https:\/\/\S+\/apps\/tally\/r\/[A-Z0-9]+/);
}

async function redeem(demo: Demo, run: number) {
  // The app's worker applies the seeded orders' webhooks after the demo printed its banner.
  const { customerId } = await eventually(async () => {
    const member = richestMember();
    return member.balance >= 300 && member;
  }, 60_000);
  const me = (await (await proxy(demo, customerId, "/me")).json()) as Me;
  expect(me.affordableRewardIds.length, JSON.stringify({ customerId, ...me, history: undefined })).toBeGreaterThan(0);
  const response = await proxy(demo, customerId, "/redemptions", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Idempotency-Key": `demo-run-${run}` },
    body: JSON.stringify({ rewardId: me.affordableRewardIds[0] }),
  });
  const body = (await response.json()) as { redemption?: { code: string } };
  expect({ status: response.status, body }).toMatchObject({ status: 201, body: { redemption: { code: expect.stringMatching(/\S/) } } });
  return { customerId, code: body.redemption!.code };
}

describe("npm run demo, twice on one data folder", () => {
  it("gives the same working demo the second time: same customers, a working token, redemptions", async () => {
    const first = await startDemo();
    expect(first.output()).toContain("seeded 50 customers");
    const firstRedemption = await redeem(first, 1);
    await expectEveryCapability(first);
    const firstStorefront = await (await fetch(`${first.origin}/storefront?shop=${DEMO_SHOP}`)).text();
    expect(await first.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "standin.json"))).toBe(true);

    const second = await startDemo();
    try {
      expect(second.output()).toContain("kept from an earlier run");
      expect(second.output()).not.toContain("seeded 50 customers");
      // The storefront lists the customers the app's members belong to.
      const storefront = await (await fetch(`${second.origin}/storefront?shop=${DEMO_SHOP}`)).text();
      expect(storefront).toContain(`<option value="${firstRedemption.customerId}"`);
      expect(storefront.match(/<option value="\d+"/g)).toEqual(firstStorefront.match(/<option value="\d+"/g));
      // The first run's code is still the member's, and a new redemption reaches Shopify.
      const me = (await (await proxy(second, firstRedemption.customerId, "/me")).json()) as Me;
      expect(me.redemptions.map((r) => [r.code, r.status])).toContainEqual([firstRedemption.code, "issued"]);
      await redeem(second, 2);
      await expectEveryCapability(second);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });

  it("refuses a data folder whose program has no stand-in state (an older demo's) and says what to do", async () => {
    fs.rmSync(path.join(dataDir, "standin.json"));
    const { child, output } = await spawnDemo();
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(output()).toMatch(/standin\.json is missing .*remove the data folder/);
  });
});
