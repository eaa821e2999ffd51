// customers/data_request: everything the app stores about one customer, as one JSON document the
// merchant can hand over (docs/privacy.md). Each export is stored (ComplianceRequest, its
// createdAt is the request's date) until the customer is redacted or the shop is deleted, and can
// be downloaded from the customer page (GET /app/data-requests/<id>.json) or printed by the CLI.
import type { Db, DbTx } from "../../db/client";
import { recordAudit } from "../staff/audit-log.server";
import { isRedacted } from "./tombstone.server";

export const DATA_REQUEST_TOPIC = "customers/data_request";
export const EXPORT_FORMAT = "tally-rewards/customer-data@1";

export type DataRequestSource = "webhook" | "staff" | "cli";

const bigintReplacer = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const parseJson = (text: string | null): unknown => {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
};

/** A friend's address as the advocate's export shows it: the friend is a third party. */
export const maskEmail = (email: string | null) => {
  if (!email) return null;
  const [local = "", domain = ""] = email.split("@");
  return domain ? `${local.slice(0, 1)}***@${domain}` : "***";
};

/** The export itself (not stored): every table that can hold something about the customer. */
export async function buildCustomerExport(db: DbTx, shopId: string, customerId: string, opts: { email?: string | null; requestedAt: Date }) {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { domain: true, currency: true } });
  const member = await db.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
  const header = { format: EXPORT_FORMAT, shop: shop.domain, customerId, requestedAt: opts.requestedAt.toISOString(), generatedAt: new Date().toISOString() };
  const email = member?.email ?? opts.email ?? null;
  const asFriend = await db.referral.findMany({
    where: { shopId, OR: [{ friendCustomerId: customerId }, ...(email ? [{ friendEmail: email.toLowerCase() }] : [])] },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true, status: true, welcomeCode: true, orderId: true },
  });
  const referredBy = asFriend.map((r) => ({ date: iso(r.createdAt), status: r.status, welcomeCode: r.welcomeCode, orderId: r.orderId }));
  if (!member) {
    const redacted = await isRedacted(db, shopId, customerId);
    return {
      ...header,
      member: null,
      note: redacted ? "This customer's data was erased (customers/redact); nothing about them is stored." : "This customer is not a member of the program: no loyalty data is stored.",
      referrals: { asAdvocate: [], asFriend: referredBy },
    };
  }
  const [entries, redemptions, tierChanges, tiers, birthday, orders, advocateOf, audit] = await Promise.all([
    db.ledgerEntry.findMany({ where: { shopId, memberId: member.id }, orderBy: { sequence: "asc" } }),
    db.redemption.findMany({ where: { shopId, memberId: member.id }, orderBy: { createdAt: "asc" }, include: { reward: { select: { title: true } } } }),
    db.tierChange.findMany({ where: { shopId, memberId: member.id }, orderBy: { createdAt: "asc" } }),
    db.tier.findMany({ where: { shopId }, select: { id: true, name: true } }),
    db.memberBirthday.findUnique({ where: { memberId: member.id } }),
    db.orderEarning.findMany({ where: { shopId, customerId }, orderBy: { createdAt: "asc" } }),
    db.referral.findMany({ where: { shopId, advocateMemberId: member.id }, orderBy: { createdAt: "asc" } }),
    db.staffAuditEntry.findMany({ where: { shopId, memberId: member.id }, orderBy: { createdAt: "asc" } }),
  ]);
  const tierName = new Map(tiers.map((t) => [t.id, t.name]));
  const nameOf = (id: string | null) => (id ? (tierName.get(id) ?? id) : null);
  return {
    ...header,
    member: {
      profile: {
        email: member.email,
        firstName: member.firstName,
        lastName: member.lastName,
        shopifyTags: parseJson(member.shopifyTags) ?? [],
        // Normalized default address, kept for the referral self-referral check.
        addressKey: member.addressKey,
        referralCode: member.referralCode,
        enrolledAt: iso(member.createdAt),
      },
      balance: { currency: "points", balance: member.balance, pending: member.pending, heldForCodes: member.held, lifetimeEarned: member.lifetimeEarned },
      tier: {
        current: nameOf(member.tierId),
        achievedAt: iso(member.tierAchievedAt),
        graceUntil: iso(member.tierGraceUntil),
        override: member.tierOverrideId ? { tier: nameOf(member.tierOverrideId), until: iso(member.tierOverrideUntil), lifetime: member.tierOverrideLifetime } : null,
      },
      birthday: birthday ? { month: birthday.month, day: birthday.day, year: birthday.year, setAt: iso(birthday.setAt), setBy: birthday.setBy } : null,
      ledger: entries.map((e) => ({
        date: iso(e.createdAt),
        kind: e.kind,
        points: e.points,
        pendingDelta: e.pendingDelta,
        heldDelta: e.heldDelta,
        reason: e.reason,
        source: e.sourceType ? { type: e.sourceType, id: e.sourceId } : null,
        byStaff: e.staffUserId,
      })),
      orders: orders.map((o) => ({
        orderId: o.orderId,
        points: o.points,
        reversedPoints: o.reversedPoints,
        total: o.totalMinor,
        currency: o.currency,
        earnedAt: iso(o.earnedAt),
        cancelledAt: iso(o.cancelledAt),
      })),
      redemptions: redemptions.map((r) => ({
        date: iso(r.createdAt),
        reward: r.reward.title,
        status: r.status,
        pointsCost: r.pointsCost,
        value: r.valueMinor,
        currency: r.currency,
        code: r.code,
        expiresAt: iso(r.expiresAt),
        orderId: r.orderId,
        consumedAt: iso(r.consumedAt),
        releasedAt: iso(r.releasedAt),
        issuedBy: r.issuedBy,
      })),
      tierHistory: tierChanges.map((c) => ({ date: iso(c.createdAt), from: nameOf(c.fromTierId), to: nameOf(c.toTierId), reason: c.reason, byStaff: c.staffUserId, details: parseJson(c.details) })),
      auditLog: audit.map((a) => ({ date: iso(a.createdAt), action: a.action, staffUserId: a.staffUserId, details: parseJson(a.details) })),
    },
    referrals: {
      asAdvocate: advocateOf.map((r) => ({
        date: iso(r.createdAt),
        friend: maskEmail(r.friendEmail),
        welcomeCode: r.welcomeCode,
        status: r.status,
        points: r.points,
        rejectReason: r.rejectReason,
        rewardedAt: iso(r.rewardedAt),
      })),
      asFriend: referredBy,
    },
  };
}

export type CustomerExport = Awaited<ReturnType<typeof buildCustomerExport>>;

/** Builds the export and stores it with the request's date; returns the stored request. */
export async function createDataRequest(
  db: Db,
  shopDomain: string,
  customerId: string,
  opts: { email?: string | null; source?: DataRequestSource; staffUserId?: string; now?: Date } = {},
) {
  const now = opts.now ?? new Date();
  const shop = await db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
  const data = shop
    ? await buildCustomerExport(db, shop.id, customerId, { email: opts.email, requestedAt: now })
    : { format: EXPORT_FORMAT, shop: shopDomain, customerId, requestedAt: now.toISOString(), member: null, note: "The app stores nothing for this shop." };
  // A staff export is audited in the same transaction as the stored file.
  const request = await db.$transaction(async (tx) => {
    const stored = await tx.complianceRequest.create({
      data: { shopId: shop?.id ?? null, shopDomain, topic: DATA_REQUEST_TOPIC, customerId, source: opts.source ?? "webhook", result: JSON.stringify(data, bigintReplacer), createdAt: now },
    });
    if (shop && opts.staffUserId) {
      await recordAudit(tx, { shopId: shop.id, staffUserId: opts.staffUserId, action: "data_exported", details: { requestId: stored.id } });
    }
    return stored;
  });
  return { id: request.id, createdAt: request.createdAt, data };
}

export type StoredDataRequest = { id: string; customerId: string | null; source: string; createdAt: Date };

/** The shop's stored exports, newest first (optionally of one customer). */
export async function listDataRequests(db: DbTx, shopId: string, opts: { customerId?: string; limit?: number } = {}): Promise<StoredDataRequest[]> {
  return db.complianceRequest.findMany({
    where: { shopId, topic: DATA_REQUEST_TOPIC, ...(opts.customerId ? { customerId: opts.customerId } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(opts.limit ?? 50, 1), 500),
    select: { id: true, customerId: true, source: true, createdAt: true },
  });
}

/** One stored export of this shop as a file (null when it is not this shop's, or gone). */
export async function dataRequestFile(db: DbTx, shopId: string, requestId: string) {
  const row = await db.complianceRequest.findFirst({ where: { id: requestId, shopId, topic: DATA_REQUEST_TOPIC }, select: { customerId: true, createdAt: true, result: true } });
  if (!row) return null;
  const day = row.createdAt.toISOString().slice(0, 10);
  return { filename: `tally-data-request-${row.customerId ?? "unknown"}-${day}.json`, body: row.result, createdAt: row.createdAt, customerId: row.customerId };
}
