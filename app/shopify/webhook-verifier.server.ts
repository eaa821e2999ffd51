// Verifies Shopify webhook requests with the library's own check (HMAC over the raw body with
// the app secret, required headers), without parsing the body: bodies are stored raw so that ids
// above 2^53 survive, and a body that does not parse is still stored (as failed) rather than lost.
import "./runtime.server";
import { LogSeverity, shopifyApi, WebhookValidationErrorReason } from "@shopify/shopify-api";
import { appEnv } from "../config/env.server";
import { SHOPIFY_API_VERSION } from "./api-version";

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

let api: ReturnType<typeof shopifyApi> | undefined;
function library() {
  const env = appEnv();
  api ??= shopifyApi({
    apiKey: env.apiKey,
    apiSecretKey: env.apiSecret,
    apiVersion: SHOPIFY_API_VERSION,
    hostName: new URL(env.appUrl).host,
    hostScheme: new URL(env.appUrl).protocol === "http:" ? "http" : "https",
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
  return api;
}

export async function verifyWebhook(request: Request, rawBody: string): Promise<WebhookVerification> {
  const check = await library().webhooks.validate({ rawBody, rawRequest: request });
  if (!check.valid) {
    const unauthorized =
      check.reason === WebhookValidationErrorReason.InvalidHmac || check.reason === WebhookValidationErrorReason.MissingHmac;
    return { ok: false, status: unauthorized ? 401 : 400, reason: check.reason };
  }
  if (!("webhookId" in check)) return { ok: false, status: 400, reason: "not a webhook delivery" };
  return {
    ok: true,
    webhook: {
      // The library upper-cases topics lossily (customers/data_request → CUSTOMERS_DATA_REQUEST);
      // the verified request's own header keeps Shopify's spelling.
      topic: request.headers.get("x-shopify-topic") ?? check.topic,
      shopDomain: check.domain,
      webhookId: check.webhookId,
      apiVersion: check.apiVersion,
      eventId: "eventId" in check ? (check.eventId as string | undefined) : undefined,
      triggeredAt: check.triggeredAt,
    },
  };
}
