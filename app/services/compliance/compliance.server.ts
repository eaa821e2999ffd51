// Shopify's mandatory privacy webhooks and uninstall (docs/privacy.md).
//  - customers/data_request: the export of everything stored about the customer (data-request.server.ts).
//  - customers/redact: personal data erased; the ledger stays (re-keyed) so totals still replay,
//    and a tombstone (tombstone.server.ts) stops the customer from being created again.
//  - shop/redact (48 h after uninstall): everything of the shop is deleted.
//  - app/uninstalled: sessions removed, the shop marked uninstalled (its data waits for shop/redact).
import type { Db, DbTx } from "../../db/client";
import { createDataRequest } from "./data-request.server";
import { ensurePrivacySalt, forgetPrivacySalt, recordTombstone } from "./tombstone.server";

export async function exportCustomerData(db: Db, shopDomain: string, customerId: string, opts: { email?: string | null } = {}) {
  const request = await createDataRequest(db, shopDomain, customerId, { email: opts.email, source: "webhook" });
  return { requestId: request.id, data: request.data };
}

/** Detail keys that never hold personal data: audit and tier-change details keep only these. */
const NEUTRAL_DETAIL_KEYS = new Set([
  "points",
  "entryId",
  "balanceAfter",
  "requestId",
  "tierId",
  "fromTierId",
  "toTierId",
  "lifetime",
  "until",
  "redemptionId",
  "rewardId",
  "direction",
  "metric",
  "window",
  "progress",
  "runId",
  "deliveryId",
]);

function neutralDetails(details: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details);
  } catch {
    return JSON.stringify({ redacted: true });
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return JSON.stringify({ redacted: true });
  const kept = Object.fromEntries(Object.entries(parsed).filter(([k, v]) => NEUTRAL_DETAIL_KEYS.has(k) && (v === null || typeof v !== "object")));
  return JSON.stringify({ ...kept, redacted: true });
}

/** Ledger details minus what could identify the person (the reward code they were given). */
function ledgerDetails(details: string): string {
  try {
    const parsed = JSON.parse(details) as Record<string, unknown>;
    if (!parsed || typeof parsed !== "object" || !("code" in parsed)) return details;
    const { code: _code, ...rest } = parsed;
    return JSON.stringify(rest);
  } catch {
    return details;
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** The customer id as a whole number (not part of a longer id), or the e-mail address. */
function mentions(customerId: string, emails: string[]) {
  const id = new RegExp(`(?<![0-9])${escapeRegExp(customerId)}(?![0-9])`);
  const lowered = emails.map((e) => e.toLowerCase());
  return (text: string | null) => !!text && (id.test(text) || lowered.some((e) => text.toLowerCase().includes(e)));
}

export type RedactionResult = {
  member: boolean;
  birthday: number;
  ledgerEntriesRekeyed: number;
  redemptions: number;
  referrals: number;
  auditEntries: number;
  tierChanges: number;
  exports: number;
  idempotencyKeys: number;
  deliveries: number;
};

/**
 * customers/redact. One transaction: the tombstone, the member row emptied of contact details,
 * tags, address key and referral code (customer id replaced by redacted:<memberId>), birthday
 * deleted, business keys and source ids that embed the customer id re-keyed (points untouched, so
 * `cli replay` still matches), staff free text and codes dropped from ledger, audit and tier
 * history details, friends' e-mails and ids in referrals replaced, earlier exports and idempotency
 * records deleted, and every webhook delivery that carries the customer deleted, whatever its
 * status (the redact delivery itself included: it is keyed to the customer).
 */
export async function redactCustomer(db: Db, shopDomain: string, customerId: string, opts: { email?: string | null; now?: Date } = {}): Promise<RedactionResult> {
  const now = opts.now ?? new Date();
  const shop = await db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
  // The salt may be created here (one write, outside the long transaction).
  if (shop) await ensurePrivacySalt(db, shop.id);
  return db.$transaction(async (tx) => {
    const result: RedactionResult = { member: false, birthday: 0, ledgerEntriesRekeyed: 0, redemptions: 0, referrals: 0, auditEntries: 0, tierChanges: 0, exports: 0, idempotencyKeys: 0, deliveries: 0 };
    let emails = opts.email ? [opts.email] : [];
    if (shop) {
      const hash = await recordTombstone(tx, shop.id, customerId, now);
      const member = await tx.member.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId } } });
      if (member?.email) emails = [...new Set([...emails, member.email])];
      const about = mentions(customerId, emails);
      const anonymousId = member ? `redacted:${member.id}` : null;
      // Keys of entries not on the member (none are expected) still get a unique anonymous id.
      const anonymousKey = anonymousId ?? `redacted:${hash.slice(0, 24)}`;
      if (member) {
        await redactMember(tx, shop.id, member.id, anonymousId!, now);
        result.member = true;
        result.birthday = (await tx.memberBirthday.deleteMany({ where: { shopId: shop.id, memberId: member.id } })).count;
        result.redemptions = (await tx.redemption.updateMany({ where: { shopId: shop.id, memberId: member.id }, data: { code: null, failureReason: null } })).count;
        result.tierChanges = await scrubDetails(tx, "tierChange", await tx.tierChange.findMany({ where: { shopId: shop.id, memberId: member.id }, select: { id: true, details: true } }));
        // Friends this customer referred: their e-mails and ids are not the merchant's to keep.
        const advocated = await tx.referral.findMany({ where: { shopId: shop.id, advocateMemberId: member.id }, select: { id: true } });
        for (const r of advocated) await tx.referral.update({ where: { id: r.id }, data: { friendEmail: `redacted:${r.id}`, friendCustomerId: null } });
        result.referrals += advocated.length;
      }
      result.ledgerEntriesRekeyed = await rekeyLedger(tx, shop.id, member?.id ?? null, customerId, anonymousKey);
      await tx.orderEarning.updateMany({ where: { shopId: shop.id, customerId }, data: { customerId: anonymousId } });
      // Referrals where this customer was the friend.
      const befriended = await tx.referral.findMany({
        where: { shopId: shop.id, OR: [{ friendCustomerId: customerId }, ...emails.map((e) => ({ friendEmail: e.toLowerCase() }))] },
        select: { id: true },
      });
      for (const r of befriended) await tx.referral.update({ where: { id: r.id }, data: { friendEmail: `redacted:${r.id}`, friendCustomerId: null } });
      result.referrals += befriended.length;
      // Audit entries about the member, or whose details name the customer.
      const audit = await tx.staffAuditEntry.findMany({
        where: { shopId: shop.id, OR: [...(member ? [{ memberId: member.id }] : []), { details: { contains: customerId } }, ...emails.map((e) => ({ details: { contains: e } }))] },
        select: { id: true, memberId: true, details: true },
      });
      result.auditEntries = await scrubDetails(tx, "staffAuditEntry", audit.filter((a) => (member && a.memberId === member.id) || about(a.details)));
      result.exports = (await tx.complianceRequest.deleteMany({ where: { shopId: shop.id, customerId } })).count;
      result.idempotencyKeys = (
        await tx.idempotencyRecord.deleteMany({ where: { shopId: shop.id, OR: [{ scope: `customer:${customerId}` }, ...(member ? [{ key: { contains: member.id } }] : [])] } })
      ).count;
    }
    result.exports += (await tx.complianceRequest.deleteMany({ where: { shopDomain, shopId: null, customerId } })).count;
    result.deliveries = await deleteDeliveriesAbout(tx, shopDomain, customerId, emails);
    await tx.complianceRequest.create({ data: { shopId: shop?.id ?? null, shopDomain, topic: "customers/redact", customerId: null, result: JSON.stringify(result), createdAt: now } });
    return result;
  });
}

async function redactMember(tx: DbTx, shopId: string, memberId: string, anonymousId: string, now: Date) {
  await tx.member.update({
    where: { id: memberId, shopId },
    data: {
      customerId: anonymousId,
      email: null,
      firstName: null,
      lastName: null,
      shopifyTags: null,
      addressKey: null,
      referralCode: null,
      // Nothing is written to the (deleted) Shopify customer any more.
      syncedState: null,
      syncError: null,
      syncDirty: false,
      syncNextAttemptAt: null,
      redactedAt: now,
    },
  });
}

/**
 * Business keys and source ids that embed the customer id (signup:<id>, action:email_signup:<id>)
 * get the anonymous id instead: still unique per shop, so idempotency holds, and the points are
 * untouched. Staff-written reasons are dropped and reward codes removed from details.
 */
async function rekeyLedger(tx: DbTx, shopId: string, memberId: string | null, customerId: string, anonymousId: string) {
  const about = mentions(customerId, []);
  const entries = await tx.ledgerEntry.findMany({
    where: { shopId, OR: [...(memberId ? [{ memberId }] : []), { businessKey: { contains: customerId } }, { sourceId: { contains: customerId } }] },
    select: { id: true, memberId: true, businessKey: true, sourceId: true, reason: true, staffUserId: true, details: true },
  });
  const id = new RegExp(`(?<![0-9])${escapeRegExp(customerId)}(?![0-9])`, "g");
  let changed = 0;
  for (const e of entries) {
    const own = e.memberId === memberId;
    const data = {
      ...(about(e.businessKey) ? { businessKey: e.businessKey.replace(id, anonymousId) } : {}),
      ...(about(e.sourceId) ? { sourceId: e.sourceId!.replace(id, anonymousId) } : {}),
      ...(own && e.staffUserId && e.reason ? { reason: "(erased)" } : {}),
      ...(own && ledgerDetails(e.details) !== e.details ? { details: ledgerDetails(e.details) } : {}),
    };
    if (Object.keys(data).length === 0) continue;
    await tx.ledgerEntry.update({ where: { id: e.id }, data });
    changed++;
  }
  return changed;
}

async function scrubDetails(tx: DbTx, model: "staffAuditEntry" | "tierChange", rows: Array<{ id: string; details: string }>) {
  for (const row of rows) {
    const details = neutralDetails(row.details);
    if (model === "staffAuditEntry") await tx.staffAuditEntry.update({ where: { id: row.id }, data: { details } });
    else await tx.tierChange.update({ where: { id: row.id }, data: { details } });
  }
  return rows.length;
}

/** Every delivery keyed to the customer, and any other of the shop whose body names them. */
async function deleteDeliveriesAbout(tx: DbTx, shopDomain: string, customerId: string, emails: string[]) {
  const about = mentions(customerId, emails);
  const candidates = await tx.webhookDelivery.findMany({
    where: {
      shopDomain,
      OR: [{ orderingKey: `customer:${customerId}` }, { payload: { contains: customerId } }, ...emails.flatMap((e) => [{ payload: { contains: e } }, { payload: { contains: e.toLowerCase() } }])],
    },
    select: { id: true, orderingKey: true, payload: true, lastError: true },
  });
  const ids = candidates.filter((d) => d.orderingKey === `customer:${customerId}` || about(d.payload) || about(d.lastError)).map((d) => d.id);
  if (!ids.length) return 0;
  return (await tx.webhookDelivery.deleteMany({ where: { shopDomain, id: { in: ids } } })).count;
}

export async function redactShop(db: Db, shopDomain: string) {
  const existing = await db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
  const outcome = await db.$transaction(async (tx) => {
    const sessions = await tx.session.deleteMany({ where: { shop: shopDomain } });
    const deliveries = await tx.webhookDelivery.deleteMany({ where: { shopDomain } });
    const compliance = await tx.complianceRequest.deleteMany({ where: { shopDomain } });
    const shops = await tx.shop.deleteMany({ where: { domain: shopDomain } });
    return { sessions: sessions.count, deliveries: deliveries.count, complianceRequests: compliance.count, shops: shops.count };
  });
  if (existing) forgetPrivacySalt(existing.id);
  return outcome;
}

export async function recordUninstall(db: Db, shopDomain: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const sessions = await tx.session.deleteMany({ where: { shop: shopDomain } });
    await tx.shop.updateMany({ where: { domain: shopDomain }, data: { uninstalledAt: now } });
    return { sessions: sessions.count };
  });
}
