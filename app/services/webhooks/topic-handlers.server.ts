// What each webhook topic does once the worker picks it from the inbox. Handlers parse the raw
// body with exact ids, validate it (an invalid payload is a permanent failure with its reason),
// and call the use case. Every use case is idempotent, so a redelivery is harmless.
import type { Db } from "../../db/client";
import { PayloadError } from "../../shopify/payloads/errors";
import { parseJsonWithExactIds } from "../../shopify/payloads/exact-json";
import { parseCustomerPayload } from "../../shopify/payloads/customer";
import { parseCustomersDataRequest, parseCustomersRedact, parseShopRedact } from "../../shopify/payloads/compliance";
import { webhookIdentityProblem } from "../../shopify/payloads/identity";
import { parseOrderPayload } from "../../shopify/payloads/order";
import { parseRefundPayload } from "../../shopify/payloads/refund";
import { exportCustomerData, recordUninstall, redactCustomer, redactShop } from "../compliance/compliance.server";
import { earnOnOrder } from "../earning/earn-order.server";
import { recordCancellation, recordRefund } from "../earning/reverse-order.server";
import type { ProductInfo } from "../earning/product-rules";
import type { ClaimedDelivery } from "../inbox/claim.server";
import { type DeliveryHandlers, PermanentDeliveryError } from "../inbox/worker.server";
import { enrollCustomer } from "../members/enroll-customer.server";
import { applyCustomerFacts } from "../members/customer-facts.server";
import { applyReferralOrder } from "../referrals/referral-order.server";
import { updateMemberProfile } from "../ledger/members.server";
import { consumeRedemptionsForOrder } from "../rewards/consume-redemptions.server";

/** Parses a delivery's body; anything that does not validate becomes a permanent failure. */
function parse<T>(delivery: ClaimedDelivery, parser: (raw: unknown) => T): T {
  try {
    return parser(parseJsonWithExactIds(delivery.payload));
  } catch (error) {
    if (error instanceof PayloadError || error instanceof SyntaxError) {
      throw new PermanentDeliveryError(`invalid ${delivery.topic} payload: ${error.message}`);
    }
    throw error;
  }
}

// Shop ids by domain, remembered for a minute (every delivery needs one; shops are rarely new).
const knownShops = new Map<string, { id: string; until: number }>();

async function shopIdFor(db: Db, delivery: ClaimedDelivery): Promise<string> {
  if (delivery.shopId) return delivery.shopId;
  const known = knownShops.get(delivery.shopDomain);
  if (known && known.until > Date.now()) return known.id;
  const shop = await db.shop.findUnique({ where: { domain: delivery.shopDomain }, select: { id: true } });
  if (!shop) {
    // Only an install creates a shop, never a webhook. One can arrive while the install is still
    // being recorded (its session exists): retried until it is.
    const installing = await db.session.count({ where: { shop: delivery.shopDomain } });
    if (installing) throw new Error(`shop ${delivery.shopDomain} is not recorded yet (install in progress)`);
    throw new PermanentDeliveryError(`shop ${delivery.shopDomain} has never installed the app; nothing done`);
  }
  knownShops.set(delivery.shopDomain, { id: shop.id, until: Date.now() + 60_000 });
  return shop.id;
}

/** shop/redact deletes a shop's data only once it has been uninstalled this long (Shopify: 48 h). */
export const SHOP_REDACT_AFTER_MS = 48 * 3_600_000;

/**
 * Headers are not signed: every handler first checks, again, that the body is its topic's and
 * names the header's shop (intake stores a mismatch as failed; staff may re-queue it).
 */
function checkingIdentity(handlers: DeliveryHandlers): DeliveryHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([topic, handler]) => [
      topic,
      async (db: Db, delivery: ClaimedDelivery) => {
        const problem = webhookIdentityProblem(delivery.topic, delivery.shopDomain, parse(delivery, (raw) => raw));
        if (problem) throw new PermanentDeliveryError(problem);
        await handler(db, delivery);
      },
    ]),
  );
}

export type TopicHandlerDeps = {
  /** Product tags and collections of a shop (Admin API), for earn rules by collection or tag. */
  productInfo?: (shopDomain: string, productIds: string[]) => Promise<Map<string, ProductInfo>>;
};

export function createTopicHandlers(deps: TopicHandlerDeps = {}): DeliveryHandlers {
  const productInfoFor = (shopDomain: string) => (deps.productInfo ? (ids: string[]) => deps.productInfo!(shopDomain, ids) : undefined);
  return checkingIdentity({
    // A code is used as soon as an order carries it; orders/paid consumes it again (a no-op).
    "orders/create": async (db, delivery) => {
      await consumeRedemptionsForOrder(db, await shopIdFor(db, delivery), parse(delivery, parseOrderPayload));
    },
    "orders/paid": async (db, delivery) => {
      const order = parse(delivery, parseOrderPayload);
      const shopId = await shopIdFor(db, delivery);
      await consumeRedemptionsForOrder(db, shopId, order);
      await earnOnOrder(db, shopId, order, "paid", { productInfo: productInfoFor(delivery.shopDomain) });
      await applyReferralOrder(db, shopId, order);
    },
    "orders/fulfilled": async (db, delivery) => {
      const order = parse(delivery, parseOrderPayload);
      await earnOnOrder(db, await shopIdFor(db, delivery), order, "fulfilled", { productInfo: productInfoFor(delivery.shopDomain) });
    },
    "orders/cancelled": async (db, delivery) => {
      const order = parse(delivery, parseOrderPayload);
      const cancelledAt = order.cancelledAt ? new Date(order.cancelledAt) : new Date();
      const shopId = await shopIdFor(db, delivery);
      // Also takes back a referral reward the order gave (syncReferralForOrder).
      await recordCancellation(db, shopId, order.orderId, cancelledAt, order.shopCurrency);
    },
    "refunds/create": async (db, delivery) => {
      const refund = parse(delivery, parseRefundPayload);
      const shopId = await shopIdFor(db, delivery);
      await recordRefund(db, shopId, refund);
    },
    "customers/create": async (db, delivery) => {
      const customer = parse(delivery, parseCustomerPayload);
      const shopId = await shopIdFor(db, delivery);
      await enrollCustomer(db, shopId, customer);
      await applyCustomerFacts(db, shopId, customer);
    },
    "customers/update": async (db, delivery) => {
      const customer = parse(delivery, parseCustomerPayload);
      const shopId = await shopIdFor(db, delivery);
      await updateMemberProfile(db, shopId, customer.customerId, customer);
      await applyCustomerFacts(db, shopId, customer);
    },
    "app/uninstalled": async (db, delivery) => {
      await recordUninstall(db, delivery.shopDomain);
    },
    "customers/data_request": async (db, delivery) => {
      const request = parse(delivery, parseCustomersDataRequest);
      await exportCustomerData(db, delivery.shopDomain, request.customerId, { email: request.email });
    },
    "customers/redact": async (db, delivery) => {
      const request = parse(delivery, parseCustomersRedact);
      await redactCustomer(db, delivery.shopDomain, request.customerId, { email: request.email });
    },
    "shop/redact": async (db, delivery) => {
      parse(delivery, parseShopRedact);
      const shop = await db.shop.findUnique({ where: { domain: delivery.shopDomain }, select: { uninstalledAt: true } });
      if (!shop) throw new PermanentDeliveryError(`shop ${delivery.shopDomain} is not recorded; nothing to redact`);
      const uninstalledFor = shop.uninstalledAt ? Date.now() - shop.uninstalledAt.getTime() : null;
      if (uninstalledFor === null) throw new PermanentDeliveryError(`shop ${delivery.shopDomain} is installed; nothing redacted`);
      if (uninstalledFor < SHOP_REDACT_AFTER_MS)
        throw new PermanentDeliveryError(`shop ${delivery.shopDomain} was uninstalled at ${shop.uninstalledAt!.toISOString()}, less than 48 hours ago; nothing redacted`);
      knownShops.delete(delivery.shopDomain);
      await redactShop(db, delivery.shopDomain);
    },
  });
}

/** Handlers without Admin API access (tests, tools): collection and tag earn rules wait for it. */
export const topicHandlers: DeliveryHandlers = createTopicHandlers();
