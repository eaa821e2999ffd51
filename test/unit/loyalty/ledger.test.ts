import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateDebit, applyEntry, emptyBalances, type Lot, planDebit, replay } from "../../../app/loyalty/ledger";

const lot = (id: string, remaining: number, createdAt: string, expiresAt: string | null = null, availableAt: string | null = null): Lot => ({
  id,
  points: remaining,
  remaining,
  createdAt: new Date(createdAt),
  expiresAt: expiresAt ? new Date(expiresAt) : null,
  availableAt: availableAt ? new Date(availableAt) : null,
  seq: 0,
});

describe("ledger rules", () => {
  const now = new Date("2026-06-01T00:00:00Z");

  it("debits lots first-to-expire, then oldest, skipping expired and not-yet-available lots", () => {
    const lots = [
      lot("no-expiry-old", 100, "2025-01-01"),
      lot("expires-late", 50, "2026-02-01", "2027-01-01"),
      lot("expires-soon", 30, "2026-03-01", "2026-07-01"),
      lot("expired", 40, "2025-06-01", "2026-05-01"),
      lot("pending", 70, "2026-05-30", null, "2026-06-15"),
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
  });

  it("clamps a clawback at zero unless negative balances are allowed", () => {
    expect(planDebit({ ...emptyBalances(), balance: 30 }, 80, "clamp")).toEqual({ applied: 30, shortfall: 50 });
    expect(planDebit({ ...emptyBalances(), balance: 30 }, 80, "allow_negative")).toEqual({ applied: 80, shortfall: 0 });
    expect(planDebit({ ...emptyBalances(), balance: -5 }, 10, "clamp")).toEqual({ applied: 0, shortfall: 10 });
  });

  it("replay equals applying the entries one by one (property)", () => {
    const effect = fc.record({ points: fc.integer({ min: -500, max: 500 }), pendingDelta: fc.integer({ min: -50, max: 50 }), heldDelta: fc.integer({ min: -50, max: 50 }), lifetimeDelta: fc.integer({ min: -500, max: 500 }) });
    fc.assert(
      fc.property(fc.array(effect, { maxLength: 50 }), (entries) => {
        let b = emptyBalances();
        for (const e of entries) b = applyEntry(b, e);
        expect(replay(entries)).toEqual(b);
        expect(replay(entries).balance).toBe(entries.reduce((s, e) => s + e.points, 0));
      }),
    );
  });
});
