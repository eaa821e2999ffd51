import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allocateDebit,
  applyEntry,
  businessKeys,
  emptyBalances,
  type EntryEffect,
  type LedgerKind,
  lifetimeDeltaOf,
  type Lot,
  planDebit,
  replay,
} from "../../../app/loyalty/ledger";

const lot = (id: string, remaining: number, createdAt: string, expiresAt: string | null = null, availableAt: string | null = null, seq = 0): Lot => ({
  id,
  points: remaining,
  remaining,
  createdAt: new Date(createdAt),
  expiresAt: expiresAt ? new Date(expiresAt) : null,
  availableAt: availableAt ? new Date(availableAt) : null,
  seq,
});

const now = new Date("2026-06-01T00:00:00Z");

describe("allocateDebit", () => {
  it("debits lots first-to-expire, then oldest, skipping expired, empty and not-yet-available lots", () => {
    const lots = [
      lot("no-expiry-old", 100, "2025-01-01"),
      lot("expires-late", 50, "2026-02-01", "2027-01-01"),
      lot("expires-soon", 30, "2026-03-01", "2026-07-01"),
      lot("expired", 40, "2025-06-01", "2026-05-01"),
      lot("expires-now", 40, "2025-06-01", "2026-06-01T00:00:00Z"),
      lot("pending", 70, "2026-05-30", null, "2026-06-15"),
      lot("empty", 0, "2024-01-01", "2026-06-02"),
      lot("no-expiry-new", 20, "2026-04-01"),
    ];
    expect(allocateDebit(lots, 200, now)).toEqual({
      allocations: [
        { lotId: "expires-soon", points: 30 },
        { lotId: "expires-late", points: 50 },
        { lotId: "no-expiry-old", points: 100 },
        { lotId: "no-expiry-new", points: 20 },
      ],
      shortfall: 0,
    });
    expect(allocateDebit(lots, 250, now).shortfall).toBe(50);
    expect(allocateDebit(lots, 10, now).allocations).toEqual([{ lotId: "expires-soon", points: 10 }]);
    expect(allocateDebit(lots, 0, now)).toEqual({ allocations: [], shortfall: 0 });
  });

  it("breaks ties of expiry and creation time by sequence", () => {
    const lots = [lot("b", 5, "2026-01-01", null, null, 2), lot("a", 5, "2026-01-01", null, null, 1)];
    expect(allocateDebit(lots, 7, now).allocations).toEqual([
      { lotId: "a", points: 5 },
      { lotId: "b", points: 2 },
    ]);
  });

  it("refuses a negative or fractional debit", () => {
    expect(() => allocateDebit([], -1, now)).toThrow(RangeError);
    expect(() => allocateDebit([], 1.5, now)).toThrow(RangeError);
  });

  it("covers the debit from open lots only, in order, within each lot (property)", () => {
    const day = 86_400_000;
    const arbLot = fc.record({
      remaining: fc.integer({ min: 0, max: 100 }),
      created: fc.integer({ min: -400, max: 0 }),
      expires: fc.option(fc.integer({ min: -30, max: 400 }), { nil: null }),
      available: fc.option(fc.integer({ min: -30, max: 30 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(arbLot, { maxLength: 12 }), fc.integer({ min: 0, max: 800 }), (specs, points) => {
        const lots: Lot[] = specs.map((s, i) => ({
          id: `l${i}`,
          points: s.remaining,
          remaining: s.remaining,
          createdAt: new Date(now.getTime() + s.created * day),
          expiresAt: s.expires === null ? null : new Date(now.getTime() + s.expires * day),
          availableAt: s.available === null ? null : new Date(now.getTime() + s.available * day),
          seq: i,
        }));
        const open = lots.filter((l) => l.remaining > 0 && (!l.availableAt || l.availableAt <= now) && (!l.expiresAt || l.expiresAt > now));
        const openTotal = open.reduce((s, l) => s + l.remaining, 0);
        const { allocations, shortfall } = allocateDebit(lots, points, now);
        const taken = allocations.reduce((s, a) => s + a.points, 0);
        expect(taken + shortfall).toBe(points);
        expect(taken).toBe(Math.min(points, openTotal));
        const byId = new Map(lots.map((l) => [l.id, l]));
        for (const a of allocations) {
          const l = byId.get(a.lotId)!;
          expect(open).toContain(l);
          expect(a.points).toBeGreaterThan(0);
          expect(a.points).toBeLessThanOrEqual(l.remaining);
        }
        // Only the last lot touched may be partly used, and no untouched open lot comes before it.
        allocations.slice(0, -1).forEach((a) => expect(a.points).toBe(byId.get(a.lotId)!.remaining));
        const expiry = (l: Lot) => l.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
        for (let i = 1; i < allocations.length; i++) {
          const prev = byId.get(allocations[i - 1]!.lotId)!;
          const next = byId.get(allocations[i]!.lotId)!;
          expect(expiry(prev) < expiry(next) || (expiry(prev) === expiry(next) && prev.createdAt <= next.createdAt)).toBe(true);
        }
        const untouched = open.filter((l) => !allocations.some((a) => a.lotId === l.id));
        const lastUsed = allocations.length ? byId.get(allocations.at(-1)!.lotId)! : null;
        if (lastUsed && shortfall === 0) for (const l of untouched) expect(expiry(l)).toBeGreaterThanOrEqual(expiry(lastUsed));
        if (shortfall > 0) expect(untouched).toEqual([]);
      }),
    );
  });
});

describe("balances", () => {
  const e = (kind: LedgerKind, points: number, more: Partial<EntryEffect> = {}): EntryEffect => ({ kind, points, pendingDelta: 0, heldDelta: 0, ...more });

  it("counts earned, bonus, positive adjustments and released pending points in lifetime earned, minus reversals", () => {
    const entries = [
      e("earn", 100),
      e("bonus", 50),
      e("adjust", 20),
      e("adjust", -5), // a staff correction down is not "unearning"
      e("earn", 0, { pendingDelta: 40 }), // pending: not yet earned
      e("pending_release", 40, { pendingDelta: -40 }),
      e("redeem_hold", -60, { heldDelta: 60 }),
      e("redeem_consume", 0, { heldDelta: -60 }),
      e("reverse", -30),
      e("expire", -10),
    ];
    expect(entries.map(lifetimeDeltaOf)).toEqual([100, 50, 20, 0, 0, 40, 0, 0, -30, 0]);
    expect(replay(entries)).toEqual({ balance: 105, pending: 0, held: 0, lifetimeEarned: 180 });
  });

  it("lets an explicit lifetime delta override the rule (a clamped reversal still lowers lifetime by its full amount)", () => {
    expect(lifetimeDeltaOf(e("reverse", -10, { lifetimeDelta: -25 }))).toBe(-25);
    expect(replay([e("earn", 10), e("reverse", -10, { lifetimeDelta: -25 })]).lifetimeEarned).toBe(-15);
  });

  it("clamps a clawback at zero unless negative balances are allowed", () => {
    expect(planDebit({ ...emptyBalances(), balance: 30 }, 80, "clamp")).toEqual({ applied: 30, shortfall: 50 });
    expect(planDebit({ ...emptyBalances(), balance: 30 }, 20, "clamp")).toEqual({ applied: 20, shortfall: 0 });
    expect(planDebit({ ...emptyBalances(), balance: 30 }, 80, "allow_negative")).toEqual({ applied: 80, shortfall: 0 });
    expect(planDebit({ ...emptyBalances(), balance: -5 }, 10, "clamp")).toEqual({ applied: 0, shortfall: 10 });
    expect(planDebit({ ...emptyBalances(), balance: 5 }, 0, "clamp")).toEqual({ applied: 0, shortfall: 0 });
  });

  it("replay equals applying the entries one by one, in any split (property)", () => {
    const kinds: LedgerKind[] = ["earn", "reverse", "redeem_hold", "redeem_consume", "redeem_release", "expire", "adjust", "bonus", "pending_release"];
    const effect = fc.record(
      {
        kind: fc.constantFrom(...kinds),
        points: fc.integer({ min: -500, max: 500 }),
        pendingDelta: fc.integer({ min: -50, max: 50 }),
        heldDelta: fc.integer({ min: -50, max: 50 }),
        lifetimeDelta: fc.integer({ min: -500, max: 500 }),
      },
      { requiredKeys: ["kind", "points", "pendingDelta", "heldDelta"] },
    );
    fc.assert(
      fc.property(fc.array(effect, { maxLength: 50 }), fc.nat(), (entries, cut) => {
        let b = emptyBalances();
        for (const entry of entries) b = applyEntry(b, entry);
        expect(replay(entries)).toEqual(b);
        const at = entries.length ? cut % entries.length : 0;
        expect(entries.slice(at).reduce(applyEntry, replay(entries.slice(0, at)))).toEqual(b);
        expect(b.balance).toBe(entries.reduce((s, x) => s + x.points, 0));
        expect(b.lifetimeEarned).toBe(entries.reduce((s, x) => s + lifetimeDeltaOf(x), 0));
      }),
    );
  });

  it("planDebit with clamp never takes a balance below zero (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: 0, max: 2000 }), (balance, requested) => {
        const { applied, shortfall } = planDebit({ ...emptyBalances(), balance }, requested, "clamp");
        expect(applied + shortfall).toBe(requested);
        expect(applied).toBeGreaterThanOrEqual(0);
        expect(balance - applied).toBeGreaterThanOrEqual(Math.min(balance, 0));
      }),
    );
  });
});

describe("business keys", () => {
  it("names each write so that repeating it is a no-op", () => {
    expect(businessKeys.earn("820982911946154508")).toBe("earn:order:820982911946154508");
    expect(businessKeys.reverseOrder("820982911946154508", 45)).toBe("reverse:order:820982911946154508:45");
    expect(businessKeys.signup("7")).toBe("signup:7");
    expect(businessKeys.expireLot("lot1")).toBe("expire:lot:lot1");
    expect(businessKeys.adjust("req-1")).toBe("adjust:req-1");
    const redemption = [businessKeys.redeemHold("r1"), businessKeys.redeemConsume("r1"), businessKeys.redeemRelease("r1")];
    expect(new Set(redemption).size).toBe(3);
  });

  it("keeps the keys already stored in shops' ledgers (a changed format would grant twice)", () => {
    expect(businessKeys.expireLot("lot1", 2)).toBe("expire:lot:lot1:2");
    expect(businessKeys.referralReward("ref1")).toBe("referral:ref1");
    expect(businessKeys.referralCancel("ref1")).toBe("referral:ref1:cancel");
    expect(businessKeys.action("social_follow:instagram", "m1", "2026-03", 2)).toBe("action:social_follow:instagram:m1:2026-03:2");
    expect(businessKeys.emailSignup("7")).toBe("action:email_signup:7");
    expect(businessKeys.productReview("rv1")).toBe("action:product_review:rv1");
    expect(businessKeys.tierEntry("m1", "t1")).toBe("tier-entry:m1:t1");
    expect(businessKeys.birthday("m1", 2026)).toBe("birthday:m1:2026");
    expect(businessKeys.surprise("run1", "m1")).toBe("surprise:run1:m1");
    expect(businessKeys.pendingRelease("e1")).toBe("pending_release:e1");
  });
});
