// The first-run setup guide. Its progress is derived from data, not stored separately:
// settings saved (currency and earn rate), at least one reward, and the merchant's confirmation
// that the storefront widget is on, which is kept as a staff audit entry (no schema change; the
// lead may replace it with a Shop.setupState column).
import type { DbTx } from "../../db/client";
import { currencyExponent } from "../../loyalty/money";
import { createReward } from "../../services/rewards/catalog.server";

export const WIDGET_CONFIRMED = "setup_widget_confirmed";
export const GUIDE_DISMISSED = "setup_guide_dismissed";

export async function setupGuideState(db: DbTx, shopId: string) {
  const [settings, rewards, widget, dismissed] = await Promise.all([
    db.programSettings.findUnique({ where: { shopId }, select: { id: true } }),
    db.reward.count({ where: { shopId } }),
    db.staffAuditEntry.findFirst({ where: { shopId, action: WIDGET_CONFIRMED }, select: { id: true } }),
    db.staffAuditEntry.findFirst({ where: { shopId, action: GUIDE_DISMISSED }, select: { id: true } }),
  ]);
  const steps = { program: settings !== null, reward: rewards > 0, widget: widget !== null };
  const done = Object.values(steps).every(Boolean) || dismissed !== null;
  return { steps, done };
}

export async function recordSetupStep(db: DbTx, shopId: string, staffUserId: string, action: typeof WIDGET_CONFIRMED | typeof GUIDE_DISMISSED) {
  await db.staffAuditEntry.create({ data: { shopId, staffUserId, action, details: "{}" } });
}

/** A sensible first reward: 5 off (in the shop currency's main unit) for 500 points. */
export async function createStarterReward(db: DbTx, shopId: string, currency: string) {
  const amount = currencyExponent(currency) === 0 ? "500" : "5";
  return createReward(db, shopId, { title: `${amount} ${currency} off`, type: "fixed_amount", pointsCost: 500, config: { amount } });
}

export function themeEditorLink(shopDomain: string, apiKey: string) {
  return `https://${shopDomain}/admin/themes/current/editor?context=apps&activateAppId=${apiKey}/rewards-launcher`;
}
