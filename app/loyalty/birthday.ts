// Birthday rules. A birthday is a month and day (year optional). The reward is due on the
// shop-local day of the birthday, once per member per year; 29 February birthdays are celebrated on
// 28 February in years without one. Anti-gaming:
// - a birthday set or changed fewer than `minDaysBeforeBirthday` days before this year's birthday
//   does not pay this year (it pays from next year);
// - the shopper can change it at most once per 365 days (`birthday_locked`); setting the same
//   date again is not a change.
import { z } from "zod";
import { shopDayOf } from "./shop-day";

export type Birthday = { month: number; day: number; year: number | null };

export const CHANGE_LOCK_DAYS = 365;

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export const birthdayInputSchema = z
  .object({
    month: z.number({ message: "must be a number from 1 to 12" }).int().min(1, "must be from 1 to 12").max(12, "must be from 1 to 12"),
    day: z.number({ message: "must be a number from 1 to 31" }).int().min(1, "must be from 1 to 31").max(31, "must be from 1 to 31"),
    year: z.number().int().min(1900, "must be 1900 or later").max(2100).nullish(),
  })
  .strict()
  .superRefine((b, ctx) => {
    // 29 February is a real birthday (a leap year is used when the year is not given).
    const max = daysIn(b.year ?? 2000, b.month);
    if (b.day > max) ctx.addIssue({ code: "custom", path: ["day"], message: `must be at most ${max} for month ${b.month}${b.year ? ` of ${b.year}` : ""}` });
  })
  .transform((b): Birthday => ({ month: b.month, day: b.day, year: b.year ?? null }));

export type BirthdayParse = { ok: true; value: Birthday } | { ok: false; fieldErrors: Record<string, string> };

export function parseBirthday(input: unknown, now: Date): BirthdayParse {
  const result = birthdayInputSchema.safeParse(input ?? {});
  if (!result.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of result.error.issues) fieldErrors[issue.path.join(".") || "(root)"] ??= issue.message;
    return { ok: false, fieldErrors };
  }
  if (result.data.year !== null && result.data.year > now.getUTCFullYear()) return { ok: false, fieldErrors: { year: "must not be in the future" } };
  return { ok: true, value: result.data };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The day (YYYY-MM-DD) the birthday is celebrated in `year`: 29 February → 28 February in common years. */
export function birthdayDayIn(b: Pick<Birthday, "month" | "day">, year: number): string {
  const day = b.month === 2 && b.day === 29 && !isLeap(year) ? 28 : b.day;
  return `${year}-${pad(b.month)}-${pad(day)}`;
}

/** The month/day pairs whose birthday is celebrated on `today` (YYYY-MM-DD): 28 Feb also takes 29 Feb in common years. */
export function birthdaysCelebratedOn(today: string): Array<{ month: number; day: number }> {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  const out = [{ month: m, day: d }];
  if (m === 2 && d === 28 && !isLeap(y)) out.push({ month: 2, day: 29 });
  return out;
}

/** Whole days from `from` to `to` (YYYY-MM-DD), negative when `to` is earlier. */
export function daysFrom(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Whether the birthday celebrated on `today` pays: it was set (or last changed) at least
 * `minDays` days before it, counted in shop-local days.
 */
export function birthdayPaysOn(b: Birthday, setAt: Date, today: string, minDays: number, timezone = "UTC"): boolean {
  const year = Number(today.slice(0, 4));
  if (birthdayDayIn(b, year) !== today) return false;
  return daysFrom(shopDayOf(setAt, timezone), today) >= minDays;
}

/** From when the shopper may change the birthday again (null: now). */
export function changeableFrom(setAt: Date | null, now: Date): Date | null {
  if (!setAt) return null;
  const from = new Date(setAt.getTime() + CHANGE_LOCK_DAYS * 86_400_000);
  return from > now ? from : null;
}

export const sameBirthday = (a: Birthday, b: Birthday) => a.month === b.month && a.day === b.day && a.year === b.year;

/** The next day the birthday is celebrated, from `today` on (for display). */
export function nextBirthdayDay(b: Birthday, today: string): string {
  const year = Number(today.slice(0, 4));
  const thisYear = birthdayDayIn(b, year);
  return thisYear >= today ? thisYear : birthdayDayIn(b, year + 1);
}
