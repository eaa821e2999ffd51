// The program page's form: the settings as editable text, and back to settings on save.
import { SOCIAL_NETWORKS } from "../../../loyalty/actions";
import type { ProgramSettings } from "../../../loyalty/program-settings";
import { t } from "../i18n";

type Settings = ProgramSettings;

/** The form edits text; numbers are converted on save so a half-typed value is never lost. */
export function toForm(s: Settings) {
  return {
    enabled: s.enabled,
    singular: s.currency.singular,
    plural: s.currency.plural,
    points: String(s.earn.pointsPerUnit.points),
    perAmount: s.earn.pointsPerUnit.perAmount,
    includeShipping: s.earn.basis.includeShipping,
    includeTaxes: s.earn.basis.includeTaxes,
    rounding: s.earn.rounding as string,
    minimumOrder: s.earn.minimumOrder ?? "",
    earnOn: s.earn.earnOn as string,
    posRate: s.earn.channelRates.pos ?? "",
    clawback: s.clawback as string,
    signupBonus: String(s.signupBonus),
    expiryMode: s.pointsExpiry.mode as string,
    expiryMonths: "months" in s.pointsExpiry ? String(s.pointsExpiry.months) : "12",
    pendingDays: String(s.earn.pendingDays),
    birthdayEnabled: s.birthday.enabled,
    birthdayKind: s.birthday.rewardId ? "reward" : "points",
    birthdayPoints: String(s.birthday.points),
    birthdayRewardId: s.birthday.rewardId ?? "",
    birthdayMinDays: String(s.birthday.minDaysBeforeBirthday),
    referralsEnabled: s.referrals.enabled,
    advocatePoints: String(s.referrals.advocatePoints),
    welcomeRewardId: s.referrals.welcomeRewardId ?? "",
    monthlyCap: String(s.referrals.monthlyCap),
    social: Object.fromEntries(
      SOCIAL_NETWORKS.map((n) => {
        const rule = s.actions.socialFollow[n];
        return [n, { enabled: rule?.enabled ?? false, url: rule?.url ?? "", points: String(rule?.points ?? 0) }];
      }),
    ) as Record<Network, { enabled: boolean; url: string; points: string }>,
    emailEnabled: s.actions.emailSignup.enabled,
    emailPoints: String(s.actions.emailSignup.points),
    reviewEnabled: s.actions.productReview.enabled,
    reviewPoints: String(s.actions.productReview.points),
    reviewLimitCount: String(s.actions.productReview.limit.count),
    reviewLimitPeriod: s.actions.productReview.limit.period as string,
  };
}

export type Network = (typeof SOCIAL_NETWORKS)[number];

const integer = (text: string) => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text);

export function toSettings(base: Settings, f: ReturnType<typeof toForm>) {
  return {
    ...base,
    enabled: f.enabled,
    currency: { singular: f.singular, plural: f.plural },
    earn: {
      ...base.earn,
      pointsPerUnit: { points: integer(f.points), perAmount: f.perAmount },
      basis: { includeShipping: f.includeShipping, includeTaxes: f.includeTaxes },
      rounding: f.rounding,
      minimumOrder: f.minimumOrder.trim() || null,
      earnOn: f.earnOn,
      channelRates: { pos: f.posRate.trim() || null },
      pendingDays: integer(f.pendingDays),
    },
    clawback: f.clawback,
    signupBonus: integer(f.signupBonus),
    pointsExpiry: f.expiryMode === "none" ? { mode: "none" } : { mode: f.expiryMode, months: integer(f.expiryMonths) },
    birthday: {
      enabled: f.birthdayEnabled,
      points: f.birthdayKind === "points" ? integer(f.birthdayPoints) : 0,
      rewardId: f.birthdayKind === "reward" ? f.birthdayRewardId || null : null,
      minDaysBeforeBirthday: integer(f.birthdayMinDays),
    },
    referrals: { enabled: f.referralsEnabled, advocatePoints: integer(f.advocatePoints), welcomeRewardId: f.welcomeRewardId || null, monthlyCap: integer(f.monthlyCap) },
    actions: {
      // A network with nothing entered is left out; its limit (once per member) is kept when set.
      socialFollow: Object.fromEntries(
        SOCIAL_NETWORKS.filter((n) => f.social[n].enabled || f.social[n].url.trim() || !["", "0"].includes(f.social[n].points.trim())).map((n) => [
          n,
          { enabled: f.social[n].enabled, url: f.social[n].url.trim() || null, points: integer(f.social[n].points), limit: base.actions.socialFollow[n]?.limit ?? { count: 1, period: "lifetime" } },
        ]),
      ),
      emailSignup: { enabled: f.emailEnabled, points: integer(f.emailPoints) },
      productReview: { enabled: f.reviewEnabled, points: integer(f.reviewPoints), limit: { count: integer(f.reviewLimitCount), period: f.reviewLimitPeriod } },
    },
  };
}

/** The plain-language sentence under the expiry choice. */
export function expiryExplanation(mode: string, months: string, plural: string) {
  if (mode === "none") return t("program.expiry.explainNone", { plural });
  return t(mode === "after_months" ? "program.expiry.explainAfter" : "program.expiry.explainInactivity", { plural, months: months || "N" });
}

export type ProgramForm = ReturnType<typeof toForm>;

/** What each section of the form gets: the values, a setter per field, the save's field errors. */
export type SectionProps = {
  f: ProgramForm;
  set: <K extends keyof ProgramForm>(key: K) => (value: ProgramForm[K]) => void;
  errors: Record<string, string>;
};
