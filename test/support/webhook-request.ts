// Builds a webhook request exactly as Shopify sends it (headers, base64 HMAC-SHA256 of the raw
// body keyed with the app secret), for tests that post straight to the app.
import { createHmac, randomUUID } from "node:crypto";
import { appEnv } from "../../app/config/env.server";

/** Signs the body's bytes (a string is its UTF-8 bytes), as Shopify does. */
export function signWebhookBody(body: string | Uint8Array, secret = appEnv().apiSecret): string {
  return createHmac("sha256", secret).update(body).digest("base64");
}

export function webhookRequest(
  topic: string,
  body: string | Uint8Array,
  options: { shop?: string; webhookId?: string; secret?: string; hmac?: string; omit?: string[]; url?: string } = {},
): Request {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-hmac-sha256": options.hmac ?? signWebhookBody(body, options.secret),
    "x-shopify-shop-domain": options.shop ?? "demo-bath.myshopify.com",
    "x-shopify-webhook-id": options.webhookId ?? randomUUID(),
    "x-shopify-event-id": randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
    "x-shopify-api-version": "2026-10",
  };
  for (const name of options.omit ?? []) delete headers[name];
  return new Request(options.url ?? `http://localhost/webhooks/${topic}`, { method: "POST", headers, body: body as BodyInit });
}
