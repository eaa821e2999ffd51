// GET /proxy/program: what the program offers, for guests and members alike (cacheable).
import type { DbTx } from "../../db/client";
import { formatDecimal } from "../../loyalty/money";
import { quoteRedemption } from "../../loyalty/rewards";
import { listRewards } from "../rewards/catalog.server";
import { loadProgramSettings } from "../program/settings.server";
import { loadTierProgram } from "../tiers/program.server";
import { extraWaysToEarn } from "../../loyalty/ways-to-earn";

export async function programView(db: DbTx, shopId: string) {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
  const settings = await loadProgramSettings(db, shopId);
  const rewards = await listRewards(db, shopId, { activeOnly: true });
  const tierProgram = await loadTierProgram(db, shopId);
  const { points, perAmount } = settings.earn.pointsPerUnit;
  const unit = points === 1 ? settings.currency.singular : settings.currency.plural;
  const waysToEarn = [
    { id: "orders", title: "Place an order", points, description: `${points} ${unit} for every ${perAmount} ${shop.currency} spent` },
    ...(settings.signupBonus > 0
      ? [{ id: "signup", title: "Create an account", points: settings.signupBonus, description: `${settings.signupBonus} ${settings.currency.plural} when you join` }]
      : []),
    // Birthday, social follows, email sign-up, reviews, referrals (app/loyalty/ways-to-earn.ts).
    ...extraWaysToEarn(settings),
  ];
  return {
    enabled: settings.enabled,
    currency: settings.currency,
    earn: { points, perAmount, currency: shop.currency, description: waysToEarn[0]!.description },
    waysToEarn,
    rewards: rewards.map((r) => {
      const quote = quoteRedemption(r, shop.currency);
      const c = r.config as { pointsPerStep?: number; amountPerStep?: string; minPoints?: number; maxPoints?: number };
      return {
        id: r.id,
        title: r.title,
        type: r.type,
        pointsCost: quote.pointsCost,
        valueLabel: quote.label,
        minimumTier: r.minimumTierId,
        minimumSubtotal: r.minimumSubtotalMinor ? `${formatDecimal(r.minimumSubtotalMinor, shop.currency)} ${shop.currency}` : null,
        ...(r.type === "variable_amount"
          ? { variable: { pointsPerStep: c.pointsPerStep!, amountPerStep: c.amountPerStep!, minPoints: c.minPoints!, maxPoints: c.maxPoints! } }
          : {}),
      };
    }),
    tiers: tierProgram.enabled
      ? tierProgram.tiers.map((t) => ({
          id: t.id,
          name: t.name,
          threshold: Number(t.threshold),
          metric: tierProgram.rules.metric,
          window: tierProgram.rules.window,
          perks: t.perks.displayPerks,
          earnMultiplier: t.perks.earnMultiplier,
          freeShipping: t.perks.freeShipping,
        }))
      : [],
  };
}
