// Claiming inbox deliveries for a worker. A delivery is claimable when it is due and no earlier
// delivery with the same ordering key is still waiting or being applied (per-member order).
// PostgreSQL: several workers claim concurrently with FOR UPDATE SKIP LOCKED. SQLite: one
// in-process worker, so a plain read-then-mark is enough.
import { Prisma } from "@prisma/client";
import type { Db } from "../../db/client";
import type { DatabaseConfig } from "../../db/config";

export type ClaimedDelivery = {
  id: string;
  shopDomain: string;
  shopId: string | null;
  topic: string;
  payload: string;
  attempts: number;
  receivedAt: Date;
};

/** A delivery left "processing" this long is assumed to belong to a crashed worker. */
export const STALE_LOCK_MS = 5 * 60_000;

export async function claimDeliveries(
  db: Db,
  provider: DatabaseConfig["provider"],
  workerId: string,
  limit: number,
  now = new Date(),
): Promise<ClaimedDelivery[]> {
  await releaseStaleClaims(db, now);
  return provider === "postgresql"
    ? claimPostgres(db, workerId, limit, now)
    : claimSqlite(db, workerId, limit, now);
}

async function claimPostgres(db: Db, workerId: string, limit: number, now: Date): Promise<ClaimedDelivery[]> {
  // Walks waiting deliveries in arrival order (index status, receivedAt, id) and stops once it
  // has `limit`: the cost does not grow with the backlog.
  return db.$queryRaw<ClaimedDelivery[]>`
    WITH next AS (
      SELECT d.id FROM "WebhookDelivery" d
      WHERE d.status = 'received' AND d."nextAttemptAt" <= ${now}
        AND NOT EXISTS (
          SELECT 1 FROM "WebhookDelivery" e
          WHERE e."orderingKey" = d."orderingKey"
            AND e.status IN ('received', 'processing')
            AND (e."receivedAt", e.id) < (d."receivedAt", d.id))
      ORDER BY d."receivedAt", d.id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "WebhookDelivery" w
    SET status = 'processing', "lockedBy" = ${workerId}, "lockedAt" = ${now}, attempts = w.attempts + 1
    FROM next WHERE w.id = next.id
    RETURNING w.id, w."shopDomain", w."shopId", w.topic, w.payload, w.attempts, w."receivedAt"`;
}

// Deliveries a crashed worker left "processing" go back to waiting (claimed again right away,
// in arrival order). Checked at most every few seconds per process: it is a rare case.
const staleCheckedAt = new WeakMap<Db, number>();
async function releaseStaleClaims(db: Db, now: Date) {
  const last = staleCheckedAt.get(db);
  if (last !== undefined && now.getTime() - last < 5_000 && now.getTime() >= last) return;
  staleCheckedAt.set(db, now.getTime());
  const staleBefore = new Date(now.getTime() - STALE_LOCK_MS);
  await db.$executeRaw`
    UPDATE "WebhookDelivery" SET status = 'received', "lockedBy" = NULL, "lockedAt" = NULL, "nextAttemptAt" = ${now}
    WHERE status = 'processing' AND "lockedAt" < ${staleBefore}`;
}

async function claimSqlite(db: Db, workerId: string, limit: number, now: Date): Promise<ClaimedDelivery[]> {
  const waiting = await db.webhookDelivery.findMany({
    where: { status: { in: ["received", "processing"] } },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: Math.max(limit * 20, 200),
    select: { id: true, orderingKey: true, status: true, nextAttemptAt: true },
  });
  const blockedKeys = new Set<string>();
  const ids: string[] = [];
  for (const d of waiting) {
    // A delivery still "processing" (another claim) holds back its key.
    const due = d.status === "received" && d.nextAttemptAt <= now;
    if (due && !blockedKeys.has(d.orderingKey) && ids.length < limit) ids.push(d.id);
    blockedKeys.add(d.orderingKey);
  }
  if (!ids.length) return [];
  // One plain-SQL statement for the batch (not an ORM update per delivery), in claim order.
  const claimed = await db.$queryRaw<ClaimedDelivery[]>`
    UPDATE "WebhookDelivery" SET status = 'processing', "lockedBy" = ${workerId}, "lockedAt" = ${now}, attempts = attempts + 1
    WHERE id IN (${Prisma.join(ids)})
    RETURNING id, "shopDomain", "shopId", topic, payload, attempts, "receivedAt"`;
  const position = new Map(ids.map((id, i) => [id, i]));
  return claimed.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}
