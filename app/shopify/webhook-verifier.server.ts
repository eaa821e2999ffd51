// Verifies a Shopify webhook request: the base64 HMAC-SHA256 of the body's raw bytes, keyed with
// the app secret, compared in constant time, and the headers every delivery carries. The HMAC is
// computed over the bytes exactly as they arrived, never over decoded text: decoding drops a
// byte-order mark and replaces invalid UTF-8, so a body Shopify signed would fail the check (and a
// different body could pass it). The body is not parsed here: it is stored raw so that ids above
// 2^53 survive, and a body that does not parse is still stored (as failed) rather than lost.
import { createHmac, timingSafeEqual } from "node:crypto";
import { appEnv } from "../config/env.server";

export type VerifiedWebhook = {
  topic: string;
  shopDomain: string;
  webhookId: string;
  apiVersion: string;
  eventId?: string;
  triggeredAt?: string;
};

export type WebhookVerification =
  | { ok: true; webhook: VerifiedWebhook }
  | { ok: false; status: 400 | 401; reason: string };

const REQUIRED = ["x-shopify-topic", "x-shopify-shop-domain", "x-shopify-webhook-id", "x-shopify-api-version"] as const;

/** True when `signature` (base64, from X-Shopify-Hmac-Sha256) is the HMAC of `body` under `secret`. */
export function validWebhookHmac(body: Uint8Array, signature: string, secret: string): boolean {
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export function verifyWebhook(headers: Headers, rawBody: Uint8Array, secret = appEnv().apiSecret): WebhookVerification {
  const hmac = headers.get("x-shopify-hmac-sha256");
  if (!hmac) return { ok: false, status: 401, reason: "missing_hmac" };
  if (!validWebhookHmac(rawBody, hmac, secret)) return { ok: false, status: 401, reason: "invalid_hmac" };
  const missing = REQUIRED.filter((name) => !headers.get(name));
  if (missing.length) return { ok: false, status: 400, reason: `missing_headers: ${missing.join(", ")}` };
  return {
    ok: true,
    webhook: {
      topic: headers.get("x-shopify-topic")!,
      shopDomain: headers.get("x-shopify-shop-domain")!,
      webhookId: headers.get("x-shopify-webhook-id")!,
      apiVersion: headers.get("x-shopify-api-version")!,
      eventId: headers.get("x-shopify-event-id") ?? undefined,
      triggeredAt: headers.get("x-shopify-triggered-at") ?? undefined,
    },
  };
}
