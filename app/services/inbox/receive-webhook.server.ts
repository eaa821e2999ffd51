// Webhook intake: verify, store, acknowledge. Nothing is applied here; the worker does that, so
// Shopify gets its 200 in milliseconds and a slow or failing handler never loses a delivery.
import { randomUUID } from "node:crypto";
import type { DbTx } from "../../db/client";
import { BODY_LIMITS, readBodyWithin } from "../../server/body-limits";
import { parseJsonWithExactIds } from "../../shopify/payloads/exact-json";
import { webhookIdentityProblem } from "../../shopify/payloads/identity";
import { verifyWebhook } from "../../shopify/webhook-verifier.server";
import { isKnownShop } from "../shops/shops.server";
import { orderingKeyFor } from "./ordering-key";

export type ReceiveOutcome =
  | { status: 200; deliveryId: string; duplicate: boolean; stored: "received" | "failed" }
  | { status: 400 | 401 | 405 | 413; reason: string };

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** The body as text for storage, and why it cannot be a JSON payload when it cannot. */
function decodeBody(bytes: Uint8Array): { text: string; problem?: string } {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    // Stored readable (invalid bytes as U+FFFD) for staff; it was verified as received.
    return { text: lenientUtf8.decode(bytes).replaceAll("\0", "\uFFFD"), problem: "payload is not valid UTF-8" };
  }
  if (text.startsWith("\uFEFF")) return { text, problem: "payload starts with a UTF-8 byte-order mark (Shopify sends none)" };
  // JSON never holds a raw NUL, and PostgreSQL text cannot store one.
  if (text.includes("\0")) return { text: text.replaceAll("\0", "\uFFFD"), problem: "payload contains a NUL byte" };
  return { text };
}

export async function receiveWebhook(db: DbTx, request: Request): Promise<ReceiveOutcome> {
  if (request.method !== "POST") return { status: 405, reason: "webhooks are POSTed" };
  // Counted while it streams in: nothing past the limit is read before the signature is checked.
  const body = await readBodyWithin(request, BODY_LIMITS.webhooks);
  if (!body.ok) return { status: 413, reason: body.error.message };
  const verification = verifyWebhook(request.headers, body.bytes);
  if (!verification.ok) return { status: verification.status, reason: verification.reason };
  const { webhook } = verification;

  // A body that passed the HMAC but cannot be applied (not JSON, or not what its unsigned headers
  // claim) is kept as a failed delivery, with the reason, for staff to see; acknowledging it
  // stops Shopify from retrying something that cannot change. It changes nothing.
  const { text: rawBody, problem } = decodeBody(body.bytes);
  let payload: unknown;
  let failure = problem;
  if (!failure) {
    try {
      // Exact ids: with plain JSON.parse, customers whose ids differ only beyond 2^53 would share
      // an ordering key and be applied one after another for no reason.
      payload = parseJsonWithExactIds(rawBody);
    } catch (error) {
      failure = `payload is not valid JSON: ${(error as Error).message}`;
    }
  }
  failure ??= webhookIdentityProblem(webhook.topic, webhook.shopDomain, payload) ?? undefined;
  if (!failure && !(await isKnownShop(db, webhook.shopDomain))) failure = `shop ${webhook.shopDomain} has never installed the app`;

  // The shop is looked up by the worker, not here: acknowledging fast is the one job of this path.
  const data = {
    shopDomain: webhook.shopDomain,
    webhookId: webhook.webhookId,
    topic: webhook.topic,
    apiVersion: webhook.apiVersion,
    eventId: webhook.eventId ?? null,
    triggeredAt: webhook.triggeredAt && !Number.isNaN(Date.parse(webhook.triggeredAt)) ? new Date(webhook.triggeredAt) : null,
    payload: rawBody,
    orderingKey: failure ? "shop" : orderingKeyFor(webhook.topic, payload),
    status: failure ? "failed" : "received",
    lastError: failure ?? null,
  };
  // Plain SQL (an ORM insert costs about a millisecond of CPU in Prisma, on the path whose one job
  // is to answer fast). Shopify delivers at least once: the same webhook id again is acknowledged
  // and not stored twice.
  const now = new Date();
  const [inserted] = await db.$queryRaw<Array<{ id: string }>>`
    INSERT INTO "WebhookDelivery" (id, "shopDomain", "webhookId", topic, "apiVersion", "eventId", "triggeredAt", payload, "orderingKey", status, attempts, "nextAttemptAt", "lastError", "receivedAt")
    VALUES (${randomUUID()}, ${data.shopDomain}, ${data.webhookId}, ${data.topic}, ${data.apiVersion}, ${data.eventId}, ${data.triggeredAt}, ${data.payload}, ${data.orderingKey},
      ${data.status}, 0, ${now}, ${data.lastError}, ${now})
    ON CONFLICT ("shopDomain", "webhookId") DO NOTHING
    RETURNING id`;
  if (inserted) return { status: 200, deliveryId: inserted.id, duplicate: false, stored: failure ? "failed" : "received" };
  const [existing] = await db.$queryRaw<Array<{ id: string; status: string }>>`
    SELECT id, status FROM "WebhookDelivery" WHERE "shopDomain" = ${data.shopDomain} AND "webhookId" = ${data.webhookId}`;
  if (!existing) throw new Error(`webhook ${data.webhookId} of ${data.shopDomain} was neither stored nor found`);
  return { status: 200, deliveryId: existing.id, duplicate: true, stored: existing.status === "failed" ? "failed" : "received" };
}
