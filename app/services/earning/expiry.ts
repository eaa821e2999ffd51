// When a newly earned lot expires under the program's expiry rule.
import { addMonths } from "../../loyalty/points-expiry";
import type { ProgramSettings } from "../../loyalty/program-settings";

export function lotExpiry(settings: ProgramSettings, earnedAt: Date): Date | null {
  const rule = settings.pointsExpiry;
  return rule.mode === "after_months" ? addMonths(earnedAt, rule.months) : null;
}
