// Webhook intake: verify, store, acknowledge. Nothing is applied here; the worker does that, so
// Shopify gets its 200 in milliseconds and a slow or failing handler never loses a delivery.
import { randomUUID } from "node:crypto";
import type { DbTx } from "../../db/client";
import { parseJsonWithExactIds } from "../../shopify/payloads/exact-json";
import { verifyWebhook } from "../../shopify/webhook-verifier.server";
import { orderingKeyFor } from "./ordering-key";

export type ReceiveOutcome =
  | { status: 200; deliveryId: string; duplicate: boolean; stored: "received" | "failed" }
  | { status: 400 | 401 | 405; reason: string };

export async function receiveWebhook(db: DbTx, request: Request): Promise<ReceiveOutcome> {
  if (request.method !== "POST") return { status: 405, reason: "webhooks are POSTed" };
  const rawBody = await request.text();
  const verification = await verifyWebhook(request, rawBody);
  if (!verification.ok) return { status: verification.status, reason: verification.reason };
  const { webhook } = verification;

  // A body that passed the HMAC but is not JSON is kept as a failed delivery, with the reason,
  // for staff to see; acknowledging it stops Shopify from retrying something that cannot change.
  let payload: unknown;
  let parseError: string | undefined;
  try {
    // Exact ids: with plain JSON.parse, customers whose ids differ only beyond 2^53 would share
    // an ordering key and be applied one after another for no reason.
    payload = parseJsonWithExactIds(rawBody);
  } catch (error) {
    parseError = `payload is not valid JSON: ${(error as Error).message}`;
  }

  // The shop is looked up by the worker, not here: acknowledging fast is the one job of this path.
  const data = {
    shopDomain: webhook.shopDomain,
    webhookId: webhook.webhookId,
    topic: webhook.topic,
    apiVersion: webhook.apiVersion,
    eventId: webhook.eventId ?? null,
    triggeredAt: webhook.triggeredAt && !Number.isNaN(Date.parse(webhook.triggeredAt)) ? new Date(webhook.triggeredAt) : null,
    payload: rawBody,
    orderingKey: parseError ? "shop" : orderingKeyFor(webhook.topic, payload),
    status: parseError ? "failed" : "received",
    lastError: parseError ?? null,
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
  if (inserted) return { status: 200, deliveryId: inserted.id, duplicate: false, stored: parseError ? "failed" : "received" };
  const [existing] = await db.$queryRaw<Array<{ id: string; status: string }>>`
    SELECT id, status FROM "WebhookDelivery" WHERE "shopDomain" = ${data.shopDomain} AND "webhookId" = ${data.webhookId}`;
  if (!existing) throw new Error(`webhook ${data.webhookId} of ${data.shopDomain} was neither stored nor found`);
  return { status: 200, deliveryId: existing.id, duplicate: true, stored: existing.status === "failed" ? "failed" : "received" };
}
