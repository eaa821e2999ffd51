// POST /proxy/actions/social_follow { network }: the signed-in shopper clicked "follow". Social
// networks do not tell the store who followed, so this is click-based and cannot be verified
// (the docs and admin say so); the limit per period bounds what a click can earn.
import type { Db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { actionSourceId, SOCIAL_NETWORKS, type SocialNetwork } from "../../loyalty/actions";
import { safeLink } from "../../loyalty/safe-link";
import { loadProgramSettings } from "../program/settings.server";
import { grantAction } from "./grant-action.server";

export const isNetwork = (value: unknown): value is SocialNetwork => typeof value === "string" && (SOCIAL_NETWORKS as readonly string[]).includes(value);

export async function recordSocialFollow(db: Db, shopId: string, customerId: string, network: string, opts: { now?: Date } = {}) {
  const settings = await loadProgramSettings(db, shopId);
  const rule = isNetwork(network) ? settings.actions.socialFollow[network] : undefined;
  if (!settings.enabled || !rule || !rule.enabled || rule.points <= 0) throw new AppError("action_not_available", "This store does not reward that action.", 404);
  const outcome = await grantAction(db, shopId, {
    customerId,
    sourceId: actionSourceId("social_follow", network as SocialNetwork),
    points: rule.points,
    limit: rule.limit,
    reason: `Followed on ${network}`,
    details: { network, verified: false },
    now: opts.now,
  });
  if (!outcome.granted) throw new AppError("limit_reached", "You already earned points for this.", 409);
  // Only an https link is handed out, whatever was stored before links were checked.
  return { points: outcome.points, balance: outcome.balance, url: safeLink(rule.url) };
}
