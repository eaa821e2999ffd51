// What the customers/create and customers/update webhooks tell us beyond contact details: the
// customer's Shopify tags (segments), default address (referrals) and email marketing consent (the email sign-up action).
import type { Db } from "../../db/client";
import type { CustomerPayload } from "../../shopify/payloads/customer";
import { grantEmailSignup } from "../actions/email-signup.server";
import { recordCustomerTags } from "./customer-tags.server";

export async function applyCustomerFacts(db: Db, shopId: string, customer: CustomerPayload, opts: { now?: Date } = {}) {
  await recordCustomerTags(db, shopId, customer.customerId, customer.tags, customer.addressKey ?? null);
  await grantEmailSignup(db, shopId, customer, opts);
}
