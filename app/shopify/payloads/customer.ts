// customers/create and customers/update.
import { z } from "zod";
import { addressKeyOf } from "../../loyalty/referrals";
import { identified, optText, parsePayload } from "./fields";

export type CustomerPayload = {
  customerId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  tags: string[];
  createdAt: string | null;
  emailMarketingConsent: { state: string } | null;
  /** Normalized default address (referrals' self-referral check); null when unknown. */
  addressKey?: string | null;
};

/** Shopify sends tags as one comma-separated string ("vip, wholesale"). */
const tags = z
  .union([z.string(), z.array(z.string())], { message: "must be a comma-separated string of tags" })
  .nullish()
  .transform((v) => (Array.isArray(v) ? v : (v ?? "").split(",")).map((t) => t.trim()).filter(Boolean));

const customerSchema = identified({
  email: optText,
  first_name: optText,
  last_name: optText,
  tags,
  created_at: optText,
  email_marketing_consent: z.object({ state: z.string() }).nullish(),
  default_address: z.object({ address1: optText, zip: optText, country_code: optText, country: optText }).nullish(),
});

export function parseCustomerPayload(raw: unknown): CustomerPayload {
  const c = parsePayload(customerSchema, raw, "customer");
  return {
    customerId: c.exactId,
    email: c.email,
    firstName: c.first_name,
    lastName: c.last_name,
    tags: c.tags,
    createdAt: c.created_at,
    emailMarketingConsent: c.email_marketing_consent ? { state: c.email_marketing_consent.state } : null,
    ...(addressKeyOf(c.default_address) ? { addressKey: addressKeyOf(c.default_address) } : {}),
  };
}
