import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isDay, shopDayBounds, shopDayOf } from "../../../app/loyalty/shop-day";
import { scale } from "../../../app/components/admin/charts";
import { csvField } from "../../../app/services/staff/csv";

describe("shop days", () => {
  it("is the UTC day in UTC", () => {
    expect(shopDayBounds("2026-03-08", "UTC")).toEqual({ start: new Date("2026-03-08T00:00:00Z"), end: new Date("2026-03-09T00:00:00Z") });
  });

  it("starts at local midnight and follows daylight saving changes", () => {
    // New York: EST (-5) until 2026-03-08 02:00, then EDT (-4): that day has 23 hours.
    const spring = shopDayBounds("2026-03-08", "America/New_York");
    expect(spring.start.toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(spring.end.toISOString()).toBe("2026-03-09T04:00:00.000Z");
    // 2026-11-01 has 25 hours.
    const autumn = shopDayBounds("2026-11-01", "America/New_York");
    expect((autumn.end.getTime() - autumn.start.getTime()) / 3_600_000).toBe(25);
    expect(shopDayBounds("2026-06-01", "Asia/Kolkata").start.toISOString()).toBe("2026-05-31T18:30:00.000Z");
  });

  it("puts an instant on the shop's local calendar day", () => {
    expect(shopDayOf(new Date("2026-01-01T03:00:00Z"), "America/Los_Angeles")).toBe("2025-12-31");
    expect(shopDayOf(new Date("2026-01-01T03:00:00Z"), "Asia/Tokyo")).toBe("2026-01-01");
  });

  it("refuses an unknown time zone every time it is asked (formatters are kept per valid zone only)", () => {
    expect(() => shopDayOf(new Date("2026-01-01T03:00:00Z"), "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(() => shopDayOf(new Date("2026-01-01T03:00:00Z"), "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(shopDayOf(new Date("2026-01-01T03:00:00Z"), "Asia/Tokyo")).toBe("2026-01-01");
  });

  it("counts days across month and year ends", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(daysBetween("2025-12-30", "2026-01-02")).toEqual(["2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"]);
    expect(isDay("2026-02-30")).toBe(false);
    expect(isDay("2024-02-29")).toBe(true);
    expect(isDay("2026-2-3")).toBe(false);
  });
});

describe("chart scaling", () => {
  it("maps the largest value to the top and zero to the bottom", () => {
    expect(scale([0, 5, 10], 100)).toEqual([100, 50, 0]);
    expect(scale([0, 0], 40)).toEqual([40, 40]);
    expect(scale([-10, 10], 100)).toEqual([100, 0]);
  });
});

describe("audit CSV fields", () => {
  it("quotes separators and defuses spreadsheet formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('say "hi", twice')).toBe('"say ""hi"", twice"');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(null)).toBe("");
  });
});
