// A member's tier standing as staff and the operator CLI see it: tier, progress and what is left
// to the next tier (the rule is app/loyalty/tiers.ts tierProgressView).
import type { DbTx } from "../../db/client";
import { type TierProgressView, tierProgressView, windowStart } from "../../loyalty/tiers";
import { loadTierProgram } from "./program.server";
import { memberTierFields, progressByCustomer } from "./progress.server";

export type MemberTierProgress = TierProgressView;

/** A member's tier, progress and what is left to the next tier (staff lookup, CLI balance). */
export async function memberTierProgress(db: DbTx, shopId: string, memberId: string, opts: { now?: Date } = {}): Promise<MemberTierProgress> {
  const now = opts.now ?? new Date();
  const program = await loadTierProgram(db, shopId);
  const member = await db.member.findFirstOrThrow({ where: { id: memberId, shopId }, select: memberTierFields });
  const since = windowStart(program.rules.window, now, program.rules.timezone);
  const value = program.enabled ? ((await progressByCustomer(db, shopId, program.rules.metric, since, [member.customerId])).get(member.customerId) ?? 0n) : 0n;
  return tierProgressView(program, member, value, since);
}
