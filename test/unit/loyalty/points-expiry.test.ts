import { describe, expect, it } from "vitest";
import { addMonths, inactivityDeadline, lotsDue, nextExpiryOf, nextLotExpiry, spendableLots } from "../../../app/loyalty/points-expiry";

const d = (iso: string) => new Date(iso);
const lot = (id: string, remaining: number, expiresAt: string | null, availableAt: string | null = null) => ({
  id,
  remaining,
  expiresAt: expiresAt ? d(expiresAt) : null,
  availableAt: availableAt ? d(availableAt) : null,
});

describe("points expiry rules", () => {
  it("adds calendar months, clamping to the last day of shorter months", () => {
    expect(addMonths(d("2026-01-31T10:00:00Z"), 1)).toEqual(d("2026-02-28T10:00:00Z"));
    expect(addMonths(d("2024-01-31T10:00:00Z"), 1)).toEqual(d("2024-02-29T10:00:00Z"));
    expect(inactivityDeadline(d("2026-08-31T00:00:00Z"), 6)).toEqual(d("2027-02-28T00:00:00Z"));
  });

  it("finds due lots with points left, and spendable lots that are available", () => {
    const lots = [lot("a", 10, "2026-01-01T00:00:00Z"), lot("b", 0, "2026-01-01T00:00:00Z"), lot("c", 5, "2026-03-01T00:00:00Z"), lot("d", 7, null, "2026-05-01T00:00:00Z")];
    expect(lotsDue(lots, d("2026-02-01T00:00:00Z")).map((l) => l.id)).toEqual(["a"]);
    expect(spendableLots(lots, d("2026-02-01T00:00:00Z")).map((l) => l.id)).toEqual(["a", "c"]);
  });

  it("sums the lots expiring on the soonest shop-local day", () => {
    const lots = [lot("a", 10, "2026-02-10T11:00:00Z"), lot("b", 20, "2026-02-10T20:00:00Z"), lot("c", 40, "2026-02-12T20:00:00Z")];
    // In UTC a and b expire on the same day.
    expect(nextLotExpiry(lots, d("2026-02-01T00:00:00Z"))).toEqual({ points: 30, at: d("2026-02-10T11:00:00Z") });
    // In Tokyo (UTC+9) a expires on the 10th and b on the 11th.
    expect(nextLotExpiry(lots, d("2026-02-01T00:00:00Z"), "Asia/Tokyo")).toEqual({ points: 10, at: d("2026-02-10T11:00:00Z") });
    expect(nextLotExpiry(lots, d("2026-02-11T00:00:00Z"))).toEqual({ points: 40, at: d("2026-02-12T20:00:00Z") });
    expect(nextLotExpiry([], d("2026-02-11T00:00:00Z"))).toBeNull();
  });

  it("gives the next expiry under each rule", () => {
    const lots = [lot("a", 10, "2026-02-10T11:00:00Z"), lot("b", 5, null)];
    const now = d("2026-02-01T00:00:00Z");
    expect(nextExpiryOf({ mode: "none" }, lots, now, now)).toBeNull();
    expect(nextExpiryOf({ mode: "after_months", months: 1 }, lots, now, now)).toEqual({ points: 10, at: d("2026-02-10T11:00:00Z") });
    expect(nextExpiryOf({ mode: "inactivity", months: 3 }, lots, d("2026-01-15T00:00:00Z"), now)).toEqual({ points: 15, at: d("2026-04-15T00:00:00Z") });
    expect(nextExpiryOf({ mode: "inactivity", months: 3 }, [], d("2026-01-15T00:00:00Z"), now)).toBeNull();
  });
});
