// `npm run demo` twice on the same data folder: the second run finds the Shopify of the first
// (the stand-in's state kept beside the app's data), so the storefront lists the same customers,
// the app's access token still works and a member redeems a reward (201 with a code, not 502
// shopify_unavailable), and the first run's code is still there.
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

type Me = { member: { balance: number }; affordableRewardIds: string[]; redemptions: Array<{ code: string | null; status: string }> };

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
