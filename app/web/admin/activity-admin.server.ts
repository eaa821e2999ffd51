// The Activity page's ledger and webhook inbox views (its audit log is staff/audit-log.server.ts).
import type { DbTx } from "../../db/client";
import { listDeliveries } from "../../services/inbox/inbox-queries.server";

export async function recentLedger(db: DbTx, shopId: string, limit = 50) {
  const rows = await db.ledgerEntry.findMany({
    where: { shopId },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, kind: true, points: true, pendingDelta: true, sourceType: true, sourceId: true, reason: true, createdAt: true, member: { select: { customerId: true, email: true, redactedAt: true } } },
  });
  // A redacted member has no page (and no identity left to show).
  return rows.map(({ member: { redactedAt, ...member }, ...r }) => ({ ...r, member: { ...member, redacted: redactedAt !== null }, createdAt: r.createdAt.toISOString() }));
}

export async function inbox(db: DbTx, shopDomain: string, failedOnly: boolean) {
  const { counts, deliveries } = await listDeliveries(db, shopDomain, { status: failedOnly ? "failed" : undefined, limit: 50 });
  return { counts, deliveries: deliveries.map((d) => ({ ...d, receivedAt: d.receivedAt.toISOString(), processedAt: d.processedAt?.toISOString() ?? null })) };
}
