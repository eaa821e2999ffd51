// Retention (docs/privacy.md): processed webhook bodies and shoppers' Idempotency-Key records are
// deleted once older than the shop's dataRetentionDays (default 30); deliveries that arrived for
// a customer after their redaction are deleted within the hour. Every query is scoped to one shop.
import type { Db } from "../../db/client";
import { logger } from "../../lib/logger";
import type { PeriodicJob } from "../jobs/background.server";
import { redactCustomer } from "./compliance.server";
import { customerHash, privacySaltOf } from "./tombstone.server";

const log = logger("privacy-retention");

export const DEFAULT_RETENTION_DAYS = 30;
export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;
const DAY_MS = 86_400_000;
/** Rows deleted per statement: a large backlog never holds the (SQLite) write lock for long. */
const BATCH = 500;
/** How far back the hourly run looks for late deliveries of redacted customers. */
const LATE_WINDOW_MS = 25 * 60 * 60_000;

export type PurgeResult = { deliveries: number; idempotencyRecords: number; lateData: number };

export async function purgeShop(db: Db, shop: { id: string; domain: string; dataRetentionDays: number }, now = new Date()): Promise<PurgeResult> {
  const days = Math.min(Math.max(shop.dataRetentionDays, MIN_RETENTION_DAYS), MAX_RETENTION_DAYS);
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const result: PurgeResult = { deliveries: 0, idempotencyRecords: 0, lateData: 0 };
  // Failed deliveries stay until staff retry or look at them (failures are never dropped silently).
  for (;;) {
    const ids = (await db.webhookDelivery.findMany({ where: { shopDomain: shop.domain, status: "processed", receivedAt: { lt: cutoff } }, select: { id: true }, take: BATCH })).map((d) => d.id);
    if (!ids.length) break;
    result.deliveries += (await db.webhookDelivery.deleteMany({ where: { shopDomain: shop.domain, id: { in: ids } } })).count;
  }
  // Only shoppers' keys (scope customer:<id>): other scopes are the jobs' durable "already done"
  // markers (birthday rewards, tier entry rewards) and hold nothing personal.
  for (;;) {
    const ids = (await db.idempotencyRecord.findMany({ where: { shopId: shop.id, scope: { startsWith: "customer:" }, createdAt: { lt: cutoff } }, select: { id: true }, take: BATCH })).map((r) => r.id);
    if (!ids.length) break;
    result.idempotencyRecords += (await db.idempotencyRecord.deleteMany({ where: { shopId: shop.id, id: { in: ids } } })).count;
  }
  result.lateData = await purgeLateData(db, shop, now);
  return result;
}

/**
 * What arrived for a redacted customer after their redaction, within the last 25 hours: a member
 * created by a request that raced the redaction is redacted in turn; a webhook
 * that was still applied (a cancellation of an order they earned on takes the points back) is
 * deleted; an order recorded while the program was off, or a referral that names them as the
 * friend, loses their customer id.
 */
export async function purgeLateData(db: Db, shop: { id: string; domain: string }, now = new Date()) {
  const oldest = await db.redactedCustomer.findFirst({ where: { shopId: shop.id }, orderBy: { redactedAt: "asc" }, select: { redactedAt: true } });
  if (!oldest) return 0;
  const salt = await privacySaltOf(db, shop.id);
  if (!salt) return 0;
  const since = new Date(Math.max(now.getTime() - LATE_WINDOW_MS, oldest.redactedAt.getTime() - 60_000));
  /** The customer ids among `ids` that have a tombstone (looked up 500 at a time). */
  const redactedAmong = async (ids: string[]) => {
    const byHash = new Map(ids.map((id) => [customerHash(salt, id), id]));
    const hashes = [...byHash.keys()];
    const found: string[] = [];
    for (let i = 0; i < hashes.length; i += BATCH) {
      const rows = await db.redactedCustomer.findMany({ where: { shopId: shop.id, customerHash: { in: hashes.slice(i, i + BATCH) } }, select: { customerHash: true } });
      found.push(...rows.map((r) => byHash.get(r.customerHash)!));
    }
    return found;
  };
  let removed = 0;
  // A member created for them while the redaction was running (a request that raced it): redacted too.
  const members = await db.member.findMany({ where: { shopId: shop.id, createdAt: { gte: since }, redactedAt: null }, select: { customerId: true } });
  for (const customerId of await redactedAmong(members.map((m) => m.customerId))) {
    await redactCustomer(db, shop.domain, customerId, { now });
    removed++;
  }
  const keys = await db.webhookDelivery.findMany({
    where: { shopDomain: shop.domain, status: { in: ["processed", "failed"] }, receivedAt: { gte: since }, orderingKey: { startsWith: "customer:" } },
    distinct: ["orderingKey"],
    select: { orderingKey: true },
  });
  const customers = await redactedAmong(keys.map((k) => k.orderingKey.slice("customer:".length)));
  if (customers.length) {
    const orderingKeys = customers.map((id) => `customer:${id}`);
    removed += (await db.webhookDelivery.deleteMany({ where: { shopDomain: shop.domain, orderingKey: { in: orderingKeys }, status: { in: ["processed", "failed"] } } })).count;
  }
  const orders = await db.orderEarning.findMany({
    where: { shopId: shop.id, updatedAt: { gte: since }, customerId: { not: null }, NOT: { customerId: { startsWith: "redacted:" } } },
    distinct: ["customerId"],
    select: { customerId: true },
  });
  const orderCustomers = await redactedAmong(orders.map((o) => o.customerId!));
  if (orderCustomers.length) removed += (await db.orderEarning.updateMany({ where: { shopId: shop.id, customerId: { in: orderCustomers } }, data: { customerId: null } })).count;
  const referrals = await db.referral.findMany({ where: { shopId: shop.id, updatedAt: { gte: since }, friendCustomerId: { not: null } }, distinct: ["friendCustomerId"], select: { friendCustomerId: true } });
  const friends = await redactedAmong(referrals.map((r) => r.friendCustomerId!));
  if (friends.length) removed += (await db.referral.updateMany({ where: { shopId: shop.id, friendCustomerId: { in: friends } }, data: { friendCustomerId: null } })).count;
  return removed;
}

export async function purgeAllShops(db: Db, now = new Date()) {
  const shops = await db.shop.findMany({ select: { id: true, domain: true, dataRetentionDays: true } });
  const total: PurgeResult = { deliveries: 0, idempotencyRecords: 0, lateData: 0 };
  for (const shop of shops) {
    try {
      const r = await purgeShop(db, shop, now);
      total.deliveries += r.deliveries;
      total.idempotencyRecords += r.idempotencyRecords;
      total.lateData += r.lateData;
    } catch (error) {
      log.error(shop.domain, error);
    }
  }
  return total;
}

export function privacyRetentionJob(db: Db, opts: { now?: () => Date } = {}): PeriodicJob {
  return { name: "privacy-retention", everyMs: 60 * 60_000, run: () => purgeAllShops(db, opts.now?.() ?? new Date()) };
}

/** Sets a shop's retention (CLI); whole days between the bounds. */
export async function setRetentionDays(db: Db, shopDomain: string, days: number) {
  if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS || days > MAX_RETENTION_DAYS) {
    throw new RangeError(`retention must be a whole number of days from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`);
  }
  const updated = await db.shop.updateMany({ where: { domain: shopDomain }, data: { dataRetentionDays: days } });
  return updated.count === 1;
}
