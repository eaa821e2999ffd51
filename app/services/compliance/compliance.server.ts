// Shopify's mandatory privacy webhooks and uninstall.
//  - customers/data_request: the member's stored data, kept for the merchant to hand over.
//  - customers/redact: personal data erased; only anonymous ledger totals remain.
//  - shop/redact (48 h after uninstall): everything of the shop is deleted.
//  - app/uninstalled: sessions removed, the shop marked uninstalled (its data waits for shop/redact).
import type { Db } from "../../db/client";

const bigintReplacer = (_k: string, v: unknown) => (typeof v === "bigint" ? v.toString() : v);

export async function exportCustomerData(db: Db, shopDomain: string, customerId: string) {
  const shop = await db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
  const member = shop
    ? await db.member.findUnique({
        where: { shopId_customerId: { shopId: shop.id, customerId } },
        include: {
          entries: { orderBy: { sequence: "asc" }, select: { kind: true, points: true, reason: true, sourceType: true, sourceId: true, createdAt: true } },
          redemptions: { select: { status: true, pointsCost: true, code: true, createdAt: true, expiresAt: true } },
        },
      })
    : null;
  const orders = shop
    ? await db.orderEarning.findMany({ where: { shopId: shop.id, customerId }, select: { orderId: true, points: true, reversedPoints: true, earnedAt: true } })
    : [];
  const data = member
    ? {
        customerId,
        email: member.email,
        firstName: member.firstName,
        lastName: member.lastName,
        balance: member.balance,
        pending: member.pending,
        lifetimeEarned: member.lifetimeEarned,
        enrolledAt: member.createdAt,
        ledger: member.entries,
        redemptions: member.redemptions,
        orders,
      }
    : { customerId, stored: "nothing: this customer is not a member" };
  const request = await db.complianceRequest.create({
    data: { shopId: shop?.id ?? null, shopDomain, topic: "customers/data_request", customerId, result: JSON.stringify(data, bigintReplacer) },
  });
  return { requestId: request.id, data };
}

export async function redactCustomer(db: Db, shopDomain: string, customerId: string, now = new Date()) {
  const shop = await db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true } });
  return db.$transaction(async (tx) => {
    let erased = { member: false, deliveries: 0, idempotencyKeys: 0 };
    if (shop) {
      const member = await tx.member.findUnique({ where: { shopId_customerId: { shopId: shop.id, customerId } } });
      if (member) {
        // The ledger stays (the merchant's liability and totals must still add up) but nothing
        // in it or on the member can be tied back to the person.
        const anonymousId = `redacted:${member.id}`;
        await tx.member.update({
          where: { id: member.id },
          data: { customerId: anonymousId, email: null, firstName: null, lastName: null, redactedAt: now },
        });
        await tx.orderEarning.updateMany({ where: { shopId: shop.id, customerId }, data: { customerId: anonymousId } });
        await tx.redemption.updateMany({ where: { memberId: member.id }, data: { code: null } });
        erased.member = true;
      }
      erased.idempotencyKeys = (await tx.idempotencyRecord.deleteMany({ where: { shopId: shop.id, scope: `customer:${customerId}` } })).count;
    }
    // Stored webhook bodies carry names, emails and addresses: blank the ones about this customer.
    const deliveries = await tx.webhookDelivery.updateMany({
      where: { shopDomain, orderingKey: `customer:${customerId}`, status: { in: ["processed", "failed"] } },
      data: { payload: JSON.stringify({ redacted: true }) },
    });
    erased = { ...erased, deliveries: deliveries.count };
    await tx.complianceRequest.create({
      data: { shopId: shop?.id ?? null, shopDomain, topic: "customers/redact", customerId: null, result: JSON.stringify(erased) },
    });
    return erased;
  });
}

export async function redactShop(db: Db, shopDomain: string) {
  return db.$transaction(async (tx) => {
    const sessions = await tx.session.deleteMany({ where: { shop: shopDomain } });
    const deliveries = await tx.webhookDelivery.deleteMany({ where: { shopDomain } });
    const compliance = await tx.complianceRequest.deleteMany({ where: { shopDomain } });
    const shops = await tx.shop.deleteMany({ where: { domain: shopDomain } });
    return { sessions: sessions.count, deliveries: deliveries.count, complianceRequests: compliance.count, shops: shops.count };
  });
}

export async function recordUninstall(db: Db, shopDomain: string, now = new Date()) {
  return db.$transaction(async (tx) => {
    const sessions = await tx.session.deleteMany({ where: { shop: shopDomain } });
    await tx.shop.updateMany({ where: { domain: shopDomain }, data: { uninstalledAt: now } });
    return { sessions: sessions.count };
  });
}
