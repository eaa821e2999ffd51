// Email marketing sign-up: when a customers/create or customers/update payload says the customer
// is subscribed (email_marketing_consent.state "subscribed"), the program's points are granted
// once per customer (business key action:email_signup:<customerId>). Unsubscribing and
// subscribing again earns nothing more.
import type { Db } from "../../db/client";
import { actionSourceId } from "../../loyalty/actions";
import { businessKeys } from "../../loyalty/ledger";
import type { CustomerPayload } from "../../shopify/payloads/customer";
import { loadProgramSettings } from "../program/settings.server";
import { grantAction, type GrantOutcome } from "./grant-action.server";

export async function grantEmailSignup(db: Db, shopId: string, customer: Pick<CustomerPayload, "customerId" | "email" | "emailMarketingConsent">, opts: { now?: Date } = {}): Promise<GrantOutcome | null> {
  if (customer.emailMarketingConsent?.state?.toLowerCase() !== "subscribed") return null;
  const settings = await loadProgramSettings(db, shopId);
  const rule = settings.actions.emailSignup;
  if (!settings.enabled || !rule.enabled || rule.points <= 0) return null;
  // A redacted customer is never re-created by a late webhook.
  const redacted = await db.member.findFirst({ where: { shopId, customerId: customer.customerId, redactedAt: { not: null } }, select: { id: true } });
  if (redacted) return null;
  return grantAction(db, shopId, {
    customerId: customer.customerId,
    email: customer.email,
    sourceId: actionSourceId("email_signup"),
    points: rule.points,
    limit: null,
    reason: "Subscribed to emails",
    businessKey: businessKeys.emailSignup(customer.customerId),
    now: opts.now,
  });
}
