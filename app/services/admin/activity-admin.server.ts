// The Activity page's three views: the shop's recent ledger, the webhook inbox, the staff audit log.
import type { DbTx } from "../../db/client";
import { listDeliveries } from "../inbox/inbox-queries.server";
import { csvLine } from "../staff/csv";

export async function recentLedger(db: DbTx, shopId: string, limit = 50) {
  const rows = await db.ledgerEntry.findMany({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, kind: true, points: true, pendingDelta: true, sourceType: true, sourceId: true, reason: true, createdAt: true, member: { select: { customerId: true, email: true } } },
  });
  return rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() }));
}

export async function inbox(db: DbTx, shopDomain: string, failedOnly: boolean) {
  const { counts, deliveries } = await listDeliveries(db, shopDomain, { status: failedOnly ? "failed" : undefined, limit: 50 });
  return { counts, deliveries: deliveries.map((d) => ({ ...d, receivedAt: d.receivedAt.toISOString(), processedAt: d.processedAt?.toISOString() ?? null })) };
}

export type AuditFilter = { action?: string; staffUserId?: string };

export async function auditEntries(db: DbTx, shopId: string, filter: AuditFilter, limit = 50) {
  const rows = await db.staffAuditEntry.findMany({
    where: { shopId, ...(filter.action ? { action: filter.action } : {}), ...(filter.staffUserId ? { staffUserId: filter.staffUserId } : {}) },
    orderBy: { createdAt: "desc" },
    take: limit,
  });
  const actions = await db.staffAuditEntry.groupBy({ by: ["action"], where: { shopId } });
  return { entries: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })), actions: actions.map((a) => a.action) };
}

/** The audit log as CSV, streamed in pages by id so a long log is never held in memory. */
export async function* auditCsvLines(db: DbTx, shopId: string, filter: AuditFilter): AsyncGenerator<string> {
  yield csvLine(["created_at", "staff_user_id", "action", "member_id", "details"]);
  let cursor: string | undefined;
  for (;;) {
    const page = await db.staffAuditEntry.findMany({
      where: { shopId, ...(filter.action ? { action: filter.action } : {}), ...(filter.staffUserId ? { staffUserId: filter.staffUserId } : {}) },
      orderBy: { id: "asc" },
      take: 500,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
    });
    for (const r of page) yield csvLine([r.createdAt.toISOString(), r.staffUserId, r.action, r.memberId, r.details]);
    if (page.length < 500) return;
    cursor = page[page.length - 1]!.id;
  }
}
