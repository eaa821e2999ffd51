import { describe, expect, it } from "vitest";
import { birthdayDayIn, birthdayPaysOn, birthdaysCelebratedOn, changeableFrom, daysFrom, nextBirthdayDay, parseBirthday } from "../../../app/loyalty/birthday";

const d = (iso: string) => new Date(iso);
const now = d("2026-06-01T00:00:00Z");

describe("birthday rules", () => {
  it("validates month, day (29 February allowed without a year) and year", () => {
    expect(parseBirthday({ month: 2, day: 29 }, now)).toEqual({ ok: true, value: { month: 2, day: 29, year: null } });
    expect(parseBirthday({ month: 2, day: 29, year: 2024 }, now)).toMatchObject({ ok: true });
    expect(parseBirthday({ month: 2, day: 29, year: 2023 }, now)).toEqual({ ok: false, fieldErrors: { day: "must be at most 28 for month 2 of 2023" } });
    expect(parseBirthday({ month: 4, day: 31 }, now)).toEqual({ ok: false, fieldErrors: { day: "must be at most 30 for month 4" } });
    expect(parseBirthday({ month: 0, day: 1 }, now)).toEqual({ ok: false, fieldErrors: { month: "must be from 1 to 12" } });
    expect(parseBirthday({ month: 1, day: 1, year: 2027 }, now)).toEqual({ ok: false, fieldErrors: { year: "must not be in the future" } });
    expect(parseBirthday({ month: 1, day: 1, extra: true }, now)).toMatchObject({ ok: false });
  });

  it("celebrates 29 February on 28 February in common years", () => {
    expect(birthdayDayIn({ month: 2, day: 29 }, 2027)).toBe("2027-02-28");
    expect(birthdayDayIn({ month: 2, day: 29 }, 2028)).toBe("2028-02-29");
    expect(birthdaysCelebratedOn("2027-02-28")).toEqual([{ month: 2, day: 28 }, { month: 2, day: 29 }]);
    expect(birthdaysCelebratedOn("2028-02-28")).toEqual([{ month: 2, day: 28 }]);
    expect(nextBirthdayDay({ month: 2, day: 29, year: null }, "2027-03-01")).toBe("2028-02-29");
  });

  it("pays only a birthday set at least N shop-local days before it", () => {
    const b = { month: 7, day: 20, year: null };
    expect(daysFrom("2026-06-20", "2026-07-20")).toBe(30);
    expect(birthdayPaysOn(b, d("2026-06-20T12:00:00Z"), "2026-07-20", 30)).toBe(true);
    expect(birthdayPaysOn(b, d("2026-06-21T12:00:00Z"), "2026-07-20", 30)).toBe(false);
    // 20 June 23:00 in Los Angeles is 21 June 06:00Z: the shop's day counts.
    expect(birthdayPaysOn(b, d("2026-06-21T06:00:00Z"), "2026-07-20", 30, "America/Los_Angeles")).toBe(true);
    expect(birthdayPaysOn(b, d("2025-01-01T00:00:00Z"), "2026-07-19", 30)).toBe(false);
  });

  it("locks changes for 365 days after a set", () => {
    expect(changeableFrom(null, now)).toBeNull();
    expect(changeableFrom(d("2026-01-01T00:00:00Z"), now)).toEqual(d("2027-01-01T00:00:00Z"));
    expect(changeableFrom(d("2025-05-01T00:00:00Z"), now)).toBeNull();
  });
});
