// customers/create and customers/update.
import { arr, type Json, obj, optString, shopId } from "./fields";

export type CustomerPayload = {
  customerId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  tags: string[];
  createdAt: string | null;
  emailMarketingConsent: { state: string } | null;
};

export function parseCustomerPayload(raw: unknown): CustomerPayload {
  const c = obj(raw, "customer");
  const tags = typeof c.tags === "string" ? c.tags.split(",").map((t) => t.trim()).filter(Boolean) : arr(c.tags, "customer.tags").map(String);
  const consent = c.email_marketing_consent && typeof c.email_marketing_consent === "object" ? (c.email_marketing_consent as Json) : null;
  return {
    customerId: shopId(c, "customer"),
    email: optString(c.email),
    firstName: optString(c.first_name),
    lastName: optString(c.last_name),
    tags,
    createdAt: optString(c.created_at),
    emailMarketingConsent: consent && typeof consent.state === "string" ? { state: consent.state } : null,
  };
}
