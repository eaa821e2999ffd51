// When a newly earned lot expires under the program's expiry rule.
import type { ProgramSettings } from "../../loyalty/program-settings";

export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  // The 31st plus one month is the last day of the shorter month, not the 1st of the next.
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export function lotExpiry(settings: ProgramSettings, earnedAt: Date): Date | null {
  const rule = settings.pointsExpiry;
  return rule.mode === "after_months" ? addMonths(earnedAt, rule.months) : null;
}
