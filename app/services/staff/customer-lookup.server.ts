// Customer lookup for staff: search members by email or name, one member's full picture, and a
// CSV export of every member streamed page by page (never the whole list in memory).
import type { DbTx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { presentRedemption } from "../rewards/redemptions.server";
import { memberTierProgress } from "../tiers/progress-view.server";
import { csvLine } from "./csv";

export type MemberSummary = {
  id: string;
  customerId: string;
  email: string | null;
  name: string;
  balance: number;
  pending: number;
  lifetimeEarned: number;
  tier: string | null;
};

const fullName = (m: { firstName: string | null; lastName: string | null }) => [m.firstName, m.lastName].filter(Boolean).join(" ");
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function tierNames(db: DbTx, shopId: string) {
  const tiers = await db.tier.findMany({ where: { shopId }, select: { id: true, name: true } });
  return new Map(tiers.map((t) => [t.id, t.name]));
}

/**
 * Members whose email or name contains `query` (case-insensitive, on SQLite and PostgreSQL alike),
 * or whose customer id is `query`; ordered by id, `cursor` continuing after the last one.
 */
export async function searchMembers(db: DbTx, shopId: string, query: string, opts: { cursor?: string | null; limit?: number } = {}): Promise<{ members: MemberSummary[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 25, 1), 200);
  const q = query.trim().slice(0, 200);
  // One static statement (no nested fragments: the PostgreSQL client would take them for values).
  const pattern = likePattern(q);
  const ids = await db.$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "Member"
    WHERE "shopId" = ${shopId} AND "redactedAt" IS NULL AND "id" > ${opts.cursor ?? ""}
      AND (CAST(${q} AS TEXT) = ''
        OR LOWER("email") LIKE ${pattern} ESCAPE '\\'
        OR LOWER(COALESCE("firstName", '') || ' ' || COALESCE("lastName", '')) LIKE ${pattern} ESCAPE '\\'
        OR "customerId" = ${q})
    ORDER BY "id" ASC LIMIT ${limit + 1}`;
  const pageIds = ids.slice(0, limit).map((r) => r.id);
  const [rows, names] = await Promise.all([
    db.member.findMany({ where: { shopId, id: { in: pageIds } }, orderBy: { id: "asc" } }),
    tierNames(db, shopId),
  ]);
  return {
    members: rows.map((m) => ({
      id: m.id,
      customerId: m.customerId,
      email: m.email,
      name: fullName(m),
      balance: m.balance,
      pending: m.pending,
      lifetimeEarned: m.lifetimeEarned,
      tier: m.tierId ? (names.get(m.tierId) ?? null) : null,
    })),
    nextCursor: ids.length > limit ? pageIds[pageIds.length - 1]! : null,
  };
}

/** Everything staff need about one member: balances, tier and progress, history. */
export async function memberDetail(db: DbTx, shopId: string, customerId: string, opts: { now?: Date; historyLimit?: number } = {}) {
  const member = await db.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
  if (!member || member.redactedAt) throw new AppError("member_not_found", "This customer is not a member of the program.", 404);
  const take = opts.historyLimit ?? 100;
  const [entries, redemptions, tierChanges, names, tier] = await Promise.all([
    db.ledgerEntry.findMany({ where: { shopId, memberId: member.id }, orderBy: { sequence: "desc" }, take }),
    db.redemption.findMany({ where: { shopId, memberId: member.id }, orderBy: { createdAt: "desc" }, take }),
    db.tierChange.findMany({ where: { shopId, memberId: member.id }, orderBy: { createdAt: "desc" }, take }),
    tierNames(db, shopId),
    memberTierProgress(db, shopId, member.id, { now: opts.now }),
  ]);
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return {
    member: {
      id: member.id,
      customerId: member.customerId,
      email: member.email,
      name: fullName(member),
      balance: member.balance,
      pending: member.pending,
      held: member.held,
      lifetimeEarned: member.lifetimeEarned,
      memberSince: member.createdAt.toISOString(),
    },
    tier: {
      ...tier,
      override: member.tierOverrideId
        ? { tierId: member.tierOverrideId, tierName: nameOf(member.tierOverrideId), until: member.tierOverrideUntil?.toISOString() ?? null, lifetime: member.tierOverrideLifetime }
        : null,
    },
    ledger: entries.map((e) => ({
      id: e.id,
      kind: e.kind,
      points: e.points,
      pendingDelta: e.pendingDelta,
      heldDelta: e.heldDelta,
      source: e.sourceType ? { type: e.sourceType, id: e.sourceId } : null,
      reason: e.reason,
      staffUserId: e.staffUserId,
      createdAt: e.createdAt.toISOString(),
    })),
    redemptions: redemptions.map((r) => ({ ...presentRedemption(r), issuedBy: r.issuedBy, staffUserId: r.staffUserId })),
    tierHistory: tierChanges.map((c) => ({
      id: c.id,
      from: nameOf(c.fromTierId),
      to: nameOf(c.toTierId),
      reason: c.reason,
      staffUserId: c.staffUserId,
      createdAt: c.createdAt.toISOString(),
    })),
  };
}

export const MEMBERS_CSV_HEADER = ["customer_id", "email", "first_name", "last_name", "balance", "pending", "held", "lifetime_earned", "tier", "tier_override_until", "member_since"];

/** Every member as CSV (header first), read `pageSize` members at a time by id. */
export async function* membersCsv(db: DbTx, shopId: string, opts: { pageSize?: number } = {}): AsyncGenerator<string> {
  const pageSize = opts.pageSize ?? 1000;
  const names = await tierNames(db, shopId);
  yield csvLine(MEMBERS_CSV_HEADER);
  let cursor: string | undefined;
  for (;;) {
    const page = await db.member.findMany({
      where: { shopId, redactedAt: null },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const m of page) {
      const overrideUntil = m.tierOverrideId ? (m.tierOverrideLifetime ? "lifetime" : (m.tierOverrideUntil?.toISOString() ?? "")) : "";
      yield csvLine([m.customerId, m.email, m.firstName, m.lastName, m.balance, m.pending, m.held, m.lifetimeEarned, m.tierId ? (names.get(m.tierId) ?? "") : "", overrideUntil, m.createdAt]);
    }
    if (page.length < pageSize) return;
    cursor = page[page.length - 1]!.id;
  }
}
