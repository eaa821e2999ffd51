import { describe, expect, it } from "vitest";
import { earnEffect, pendingAvailableAt, pendingByDay, releasablePoints, reversalEffect } from "../../../app/loyalty/pending-points";

const d = (iso: string) => new Date(iso);

describe("pending points rules", () => {
  it("releases at the start of the shop-local day N days after the order", () => {
    // 1 March 12:00 PST → 15 March 00:00 PDT = 07:00Z.
    expect(pendingAvailableAt(d("2026-03-01T20:00:00Z"), 14, d("2026-03-01T20:00:00Z"), "America/Los_Angeles")).toEqual(d("2026-03-15T07:00:00Z"));
    // 23:30 on 1 March in Auckland is still 1 March there (10:30Z): released 2 March 00:00 NZDT.
    expect(pendingAvailableAt(d("2026-03-01T10:30:00Z"), 1, d("2026-03-01T10:30:00Z"), "Pacific/Auckland")).toEqual(d("2026-03-01T11:00:00Z"));
  });

  it("is spendable at once without a window, or when the window already passed", () => {
    expect(pendingAvailableAt(d("2026-03-01T20:00:00Z"), 0, d("2026-03-01T20:00:00Z"))).toBeNull();
    expect(pendingAvailableAt(d("2026-01-01T20:00:00Z"), 14, d("2026-02-01T00:00:00Z"))).toBeNull();
  });

  it("earns and reverses pending points without touching the balance", () => {
    expect(earnEffect(100, d("2026-03-15T07:00:00Z"))).toEqual({ points: 0, pendingDelta: 100 });
    expect(earnEffect(100, null)).toEqual({ points: 100, pendingDelta: 0 });
    expect(reversalEffect(40, true)).toEqual({ points: 0, pendingDelta: -40, lifetimeDelta: 0 });
    expect(reversalEffect(40, false)).toEqual({ points: -40, pendingDelta: 0, lifetimeDelta: -40 });
    expect(releasablePoints(100, 40)).toBe(60);
    expect(releasablePoints(100, 100)).toBe(0);
  });

  it("groups pending points by release day, soonest first", () => {
    expect(
      pendingByDay([
        { points: 5, availableAt: d("2026-03-16T00:00:00Z") },
        { points: 10, availableAt: d("2026-03-15T00:00:00Z") },
        { points: 20, availableAt: d("2026-03-15T00:00:00Z") },
        { points: 0, availableAt: d("2026-03-14T00:00:00Z") },
      ]),
    ).toEqual([
      { points: 30, availableAt: d("2026-03-15T00:00:00Z") },
      { points: 5, availableAt: d("2026-03-16T00:00:00Z") },
    ]);
  });
});
