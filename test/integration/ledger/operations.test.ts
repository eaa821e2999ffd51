// The ledger's named operations (app/services/ledger/operations.server.ts) are the only callers of
// the write path, each writes entries of its own kind and source, together they write every kind,
// a second call with the same arguments writes nothing, and the balances replay.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { businessKeys, type LedgerKind } from "../../../app/loyalty/ledger";
import * as ops from "../../../app/services/ledger/operations.server";
import { lockMember, type PostEntryResult } from "../../../app/services/ledger/post-entry.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import type { DbTx } from "../../../app/db/client";
import { bigId } from "../../support/orders";
import { testDb } from "../../support/test-db";

// Every kind of LedgerKind (the compiler refuses this object when a kind is added or removed).
const ALL_KINDS = Object.keys({
  earn: true,
  reverse: true,
  redeem_hold: true,
  redeem_consume: true,
  redeem_release: true,
  redeem_reclaim: true,
  expire: true,
  adjust: true,
  bonus: true,
  pending_release: true,
} satisfies Record<LedgerKind, true>) as LedgerKind[];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe(`ledger operations on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("are the only callers of postEntry in the app", () => {
    const callers = sourceFiles("app")
      .filter((f) => /\bpostEntry\(/.test(readFileSync(f, "utf8")))
      .map((f) => relative("app", f).replaceAll("\\", "/"))
      .sort();
    expect(callers).toEqual(["services/ledger/operations.server.ts", "services/ledger/post-entry.server.ts"]);
  });

  it("each writes its own kind and source, all kinds are written, and a replay of the same call writes nothing", async () => {
    const db = testDb();
    const shop = await db.shop.create({ data: { domain: `ops-${bigId()}.myshopify.com` } });
    const customerId = bigId();
    const member = await db.member.create({ data: { shopId: shop.id, customerId } });
    const base = { shopId: shop.id, memberId: member.id, now: new Date("2026-03-01T12:00:00Z") };
    const later = new Date("2026-04-01T12:00:00Z");
    const orderId = bigId();
    const noop = Prisma.sql`UPDATE "Shop" SET domain = domain WHERE id = ${"none"}`;
    const openLots = (tx: DbTx) => tx.pointLot.findMany({ where: { memberId: member.id, remaining: { gt: 0 } }, orderBy: { createdAt: "asc" } });

    // In an order a real member's points could take; `again` is false where the caller, not the
    // key lookup, guarantees a new key (the order row, the staff request id).
    type Step = { op: keyof typeof ops; again: boolean; run: (tx: DbTx) => Promise<PostEntryResult> };
    const steps: Step[] = [
      { op: "grantSignupBonus", again: true, run: (tx) => ops.grantSignupBonus(tx, { ...base, customerId, points: 100, expiresAt: later }) },
      {
        op: "earnForOrder",
        again: false,
        run: async (tx) =>
          ops.earnForOrder(tx, { ...base, lockedMember: await lockMember(tx, shop.id, member.id), orderId, orderName: "#1001", points: 50, availableAt: later, expiresAt: null, earnableMinor: 5000n, trigger: "paid", alongside: noop }),
      },
      { op: "reverseOrderEarn", again: true, run: (tx) => ops.reverseOrderEarn(tx, { ...base, orderId, delta: 10, reversedTotal: 10, stillPending: true, clawback: "clamp", earned: 50, cancelled: false }) },
      { op: "releasePendingOrderPoints", again: true, run: (tx) => ops.releasePendingOrderPoints(tx, { ...base, orderId, earnEntryId: "earn-entry", points: 40, expiresAt: null, earned: 50, cancelledBeforeRelease: 10 }) },
      { op: "grantReferral", again: true, run: (tx) => ops.grantReferral(tx, { ...base, referralId: "ref1", orderId: bigId(), points: 30, availableAt: later, expiresAt: null }) },
      { op: "releasePendingReferral", again: true, run: (tx) => ops.releasePendingReferral(tx, { ...base, referralId: "ref1", pendingEntryId: "ref-entry", points: 30, expiresAt: null }) },
      { op: "reverseReferral", again: true, run: (tx) => ops.reverseReferral(tx, { ...base, referralId: "ref1", orderId: bigId(), points: 30, stillPending: false, cancelled: true, clawback: "clamp" }) },
      { op: "holdForRedemption", again: true, run: (tx) => ops.holdForRedemption(tx, { ...base, redemptionId: "red1", points: 20 }) },
      { op: "releaseHold", again: true, run: (tx) => ops.releaseHold(tx, { ...base, redemptionId: "red1", points: 20, reason: "released" }) },
      { op: "reclaimRedemption", again: true, run: (tx) => ops.reclaimRedemption(tx, { ...base, redemptionId: "red1", points: 20, code: "CODE1", orderId: bigId(), previousStatus: "released", clawback: "clamp" }) },
      { op: "holdForRedemption", again: true, run: (tx) => ops.holdForRedemption(tx, { ...base, redemptionId: "red2", points: 15 }) },
      { op: "consumeHold", again: true, run: (tx) => ops.consumeHold(tx, { ...base, redemptionId: "red2", points: 15, code: "CODE2", orderId: null }) },
      { op: "adjustByStaff", again: false, run: (tx) => ops.adjustByStaff(tx, { ...base, requestId: "req1", points: 5, reason: "goodwill", staffUserId: "staff1" }) },
      { op: "grantSurprise", again: true, run: (tx) => ops.grantSurprise(tx, { ...base, runId: "run1", points: 7, reason: "thanks", staffUserId: "staff1" }) },
      { op: "grantBirthday", again: true, run: (tx) => ops.grantBirthday(tx, { ...base, year: 2026, day: "2026-03-01", points: 25 }) },
      {
        op: "grantActionPoints",
        again: true,
        run: (tx) => ops.grantActionPoints(tx, { ...base, sourceId: "social_follow:instagram", businessKey: businessKeys.action("social_follow:instagram", member.id, "lifetime", 1), points: 10, reason: "Followed", expiresAt: null }),
      },
      { op: "grantTierEntryPoints", again: true, run: (tx) => ops.grantTierEntryPoints(tx, { ...base, tier: { id: "gold", name: "Gold" }, points: 40 }) },
      { op: "oweTierEntryReward", again: true, run: (tx) => ops.oweTierEntryReward(tx, { ...base, tier: { id: "vip", name: "VIP" }, rewardId: "reward1" }) },
      {
        op: "expireLot",
        again: true,
        run: async (tx) => {
          const [lot] = await openLots(tx);
          return ops.expireLot(tx, { ...base, lotId: lot!.id, remaining: lot!.remaining, nth: 1, expiresAt: later });
        },
      },
      { op: "expireInactivePoints", again: true, run: async (tx) => ops.expireInactivePoints(tx, { ...base, lots: await openLots(tx), lastActivity: base.now, months: 12 }) },
    ];

    // Every named operation is exercised here (a new one must be added to this test).
    const exported = Object.entries(ops).filter(([, v]) => typeof v === "function").map(([k]) => k);
    expect([...new Set(steps.map((s) => s.op))].sort()).toEqual(exported.sort());

    const signatures = new Map<string, string>();
    for (const step of steps) {
      const result = await db.$transaction((tx) => step.run(tx));
      expect(result.created, step.op).toBe(true);
      const entry = await db.ledgerEntry.findUniqueOrThrow({ where: { id: result.entryId } });
      const signature = `${entry.kind}/${entry.sourceType}`;
      expect(signatures.get(signature) ?? step.op, `${signature} is written by ${signatures.get(signature)} and ${step.op}`).toBe(step.op);
      signatures.set(signature, step.op);
    }
    const kinds = new Set([...signatures.keys()].map((s) => s.split("/")[0]));
    expect([...kinds].sort()).toEqual([...ALL_KINDS].sort());

    const entries = await db.ledgerEntry.count({ where: { shopId: shop.id } });
    for (const step of steps.filter((s) => s.again && !s.op.startsWith("expire"))) {
      expect((await db.$transaction((tx) => step.run(tx))).created, step.op).toBe(false);
    }
    expect(await db.ledgerEntry.count({ where: { shopId: shop.id } })).toBe(entries);
    expect((await replayShop(db, shop.id)).mismatches).toEqual([]);
  });
});
