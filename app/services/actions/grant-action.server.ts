// Granting the points of an action (app/loyalty/actions.ts) under the member lock: the grants
// already made in the current shop-local period are counted in the same transaction, so two
// clicks at once cannot both pass a limit of one. Each grant is a `bonus` ledger entry (source
// type `action`) with a business key unique to the period and the grant's number in it, or the
// caller's own key (a review id), which makes a replay a no-op.
import type { Db } from "../../db/client";
import { type ActionLimit, actionPeriod, withinLimit } from "../../loyalty/actions";
import { businessKeys } from "../../loyalty/ledger";
import { ensureLockedMember } from "../ledger/members.server";
import { grantActionPoints } from "../ledger/operations.server";
import { lotExpiry } from "../earning/expiry";
import { loadProgramSettings } from "../program/settings.server";

export type GrantOutcome =
  | { granted: true; points: number; balance: number; memberId: string }
  | { granted: false; reason: "limit_reached" | "already_granted"; memberId: string };

export type GrantRequest = {
  customerId: string;
  email?: string | null;
  /** Ledger source id, e.g. social_follow:instagram (what the limit counts). */
  sourceId: string;
  points: number;
  limit: ActionLimit | null;
  reason: string;
  /** A key of the caller's (e.g. the review id): the same key never grants twice. */
  businessKey?: string;
  details?: Record<string, unknown>;
  now?: Date;
};

export async function grantAction(db: Db, shopId: string, request: GrantRequest): Promise<GrantOutcome> {
  const now = request.now ?? new Date();
  const [settings, shop] = await Promise.all([loadProgramSettings(db, shopId), db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true } })]);
  return db.$transaction(async (tx) => {
    const member = await ensureLockedMember(tx, shopId, request.customerId, request.email ? { email: request.email } : {});
    if (request.businessKey) {
      const seen = await tx.ledgerEntry.findUnique({ where: { shopId_businessKey: { shopId, businessKey: request.businessKey } }, select: { id: true } });
      if (seen) return { granted: false, reason: "already_granted", memberId: member.id } as const;
    }
    const period = request.limit ? actionPeriod(request.limit.period, now, shop.timezone) : null;
    const used = await tx.ledgerEntry.count({
      where: { shopId, memberId: member.id, sourceType: "action", sourceId: request.sourceId, ...(period ? { createdAt: { gte: period.start, lt: period.end } } : {}) },
    });
    if (request.limit && !withinLimit(request.limit, used)) return { granted: false, reason: "limit_reached", memberId: member.id } as const;
    const key = request.businessKey ?? businessKeys.action(request.sourceId, member.id, period?.label ?? "lifetime", used + 1);
    const posted = await grantActionPoints(tx, {
      shopId,
      memberId: member.id,
      lockedMember: member,
      sourceId: request.sourceId,
      businessKey: key,
      points: request.points,
      reason: request.reason,
      expiresAt: lotExpiry(settings, now),
      details: request.details,
      now,
    });
    if (!posted.created) return { granted: false, reason: "already_granted", memberId: member.id } as const;
    return { granted: true, points: posted.applied, balance: posted.balances.balance, memberId: member.id } as const;
  });
}
