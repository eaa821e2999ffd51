// The staff audit log: who did what (points adjustments, tier overrides, program saves, rewards
// issued or voided), filtered for the Activity page and exported as CSV page by page.
import type { Prisma } from "@prisma/client";
import type { DbTx } from "../../db/client";
import { csvLine } from "./csv";

export type AuditEntryInput = {
  shopId: string;
  /** Shopify staff user id (the session token's `sub`). */
  staffUserId: string;
  action: string;
  memberId?: string | null;
  details?: unknown;
  now?: Date;
};

export type AuditFilter = { staffUserId?: string; action?: string; memberId?: string; from?: Date; to?: Date; cursor?: string; limit?: number };

export type AuditEntryView = { id: string; staffUserId: string; action: string; memberId: string | null; customerId: string | null; details: unknown; createdAt: string };

export async function recordAudit(tx: DbTx, entry: AuditEntryInput) {
  if (!entry.staffUserId) throw new Error("an audit entry needs the staff user id");
  return tx.staffAuditEntry.create({
    data: {
      shopId: entry.shopId,
      staffUserId: entry.staffUserId,
      action: entry.action,
      memberId: entry.memberId ?? null,
      details: JSON.stringify(entry.details ?? {}, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
      ...(entry.now ? { createdAt: entry.now } : {}),
    },
  });
}

function whereOf(shopId: string, filter: AuditFilter): Prisma.StaffAuditEntryWhereInput {
  return {
    shopId,
    ...(filter.staffUserId ? { staffUserId: filter.staffUserId } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.memberId ? { memberId: filter.memberId } : {}),
    ...(filter.from || filter.to ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
  };
}

/** Newest first; `nextCursor` continues after the last entry returned. */
export async function listAudit(db: DbTx, shopId: string, filter: AuditFilter = {}): Promise<{ entries: AuditEntryView[]; nextCursor: string | null }> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const rows = await db.staffAuditEntry.findMany({
    where: whereOf(shopId, filter),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    ...(filter.cursor ? { cursor: { id: filter.cursor }, skip: 1 } : {}),
  });
  const page = rows.slice(0, limit);
  const memberIds = [...new Set(page.map((r) => r.memberId).filter((id): id is string => id !== null))];
  const members = memberIds.length ? await db.member.findMany({ where: { shopId, id: { in: memberIds } }, select: { id: true, customerId: true } }) : [];
  const customerOf = new Map(members.map((m) => [m.id, m.customerId]));
  return {
    entries: page.map((r) => ({
      id: r.id,
      staffUserId: r.staffUserId,
      action: r.action,
      memberId: r.memberId,
      customerId: r.memberId ? (customerOf.get(r.memberId) ?? null) : null,
      details: JSON.parse(r.details) as unknown,
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}

/** The actions the shop's log holds, for the Activity page's filter. */
export async function auditActions(db: DbTx, shopId: string): Promise<string[]> {
  const rows = await db.staffAuditEntry.groupBy({ by: ["action"], where: { shopId }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}

/** The filtered log as CSV (header first), read 500 entries at a time. */
export async function* auditCsv(db: DbTx, shopId: string, filter: Omit<AuditFilter, "cursor" | "limit"> = {}): AsyncGenerator<string> {
  yield csvLine(["created_at", "staff_user_id", "action", "customer_id", "details"]);
  let cursor: string | undefined;
  for (;;) {
    const page = await listAudit(db, shopId, { ...filter, cursor, limit: 500 });
    for (const e of page.entries) yield csvLine([e.createdAt, e.staffUserId, e.action, e.customerId, JSON.stringify(e.details)]);
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}
