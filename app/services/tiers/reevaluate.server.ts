// Re-evaluating many members (a program save, the daily job) in pages by id. Per page: progress
// from one query per 500 members, decisions in memory, and only members whose tier or downgrade
// date changes are locked (one UPDATE), re-read and decided again from fresh data, and written
// set-wise, one transaction per page. 100,000 members never sit in memory at once, and locks are
// held for one page only.
import type { Prisma } from "@prisma/client";
import type { Db, DbTx } from "../../db/client";
import { decideTier, windowStart } from "../../loyalty/tiers";
import { applyTierDecisions, decisionWrites } from "./evaluate.server";
import type { LoadedTierProgram } from "./program.server";
import { memberTierFields, progressByCustomer } from "./progress.server";

export type ReevaluateResult = { examined: number; changed: number; up: number; down: number };

export async function reevaluateMembers(
  db: Db,
  shopId: string,
  program: LoadedTierProgram,
  opts: { now: Date; reason?: string; where?: Prisma.MemberWhereInput; pageSize?: number },
): Promise<ReevaluateResult> {
  const result: ReevaluateResult = { examined: 0, changed: 0, up: 0, down: 0 };
  if (!program.enabled || program.tiers.length === 0) return result;
  const pageSize = opts.pageSize ?? 500;
  const since = windowStart(program.rules.window, opts.now, program.rules.timezone);
  const decide = async (tx: DbTx, members: Array<Prisma.MemberGetPayload<{ select: typeof memberTierFields }>>) => {
    const progress = await progressByCustomer(tx, shopId, program.rules.metric, since, members.map((m) => m.customerId));
    return members.map((member) => {
      const value = progress.get(member.customerId) ?? 0n;
      return { member, progress: value, decision: decideTier(member, program.tiers, value, program.rules, opts.now) };
    });
  };
  let cursor: string | undefined;
  for (;;) {
    const page = await db.member.findMany({
      where: { shopId, redactedAt: null, ...opts.where },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: memberTierFields,
    });
    if (page.length === 0) break;
    cursor = page[page.length - 1]!.id;
    result.examined += page.length;
    const dueIds = (await decide(db, page)).filter(decisionWrites).map((o) => o.member.id);
    if (dueIds.length) {
      await db.$transaction(
        async (tx) => {
          // The member lock (as lockMember takes it), for the page's due members at once; then
          // decide again from fresh data: an earn may have landed since the page was read.
          await tx.member.updateMany({ where: { shopId, id: { in: dueIds } }, data: { version: { increment: 1 } } });
          const fresh = await tx.member.findMany({ where: { shopId, id: { in: dueIds } }, orderBy: { id: "asc" }, select: memberTierFields });
          const outcomes = await decide(tx, fresh);
          await applyTierDecisions(tx, shopId, program, outcomes, { now: opts.now, reason: opts.reason, program });
          for (const { decision } of outcomes) {
            if (!decision.changed) continue;
            result.changed++;
            if (decision.direction === "up") result.up++;
            else result.down++;
          }
        },
        { timeout: 120_000, maxWait: 30_000 },
      );
    }
    if (page.length < pageSize) break;
  }
  return result;
}
