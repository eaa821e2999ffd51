// Every webhook topic in shopify.app.toml lands here (/webhooks/<topic>).
import type { ActionFunctionArgs } from "@remix-run/node";
import { errorResponse } from "../errors/app-error";
import { BODY_LIMITS, payloadTooLarge } from "../server/body-limits";
import { receiveWebhook } from "../services/inbox/receive-webhook.server";
import { notifyDeliveryStored } from "../services/jobs/background.server";
import { publicContext } from "../web/public-context.server";

export async function action({ request }: ActionFunctionArgs) {
  const { db } = publicContext();
  const outcome = await receiveWebhook(db, request);
  if (outcome.status === 413) return errorResponse(payloadTooLarge(BODY_LIMITS.webhooks));
  if (outcome.status === 200 && outcome.stored === "received" && !outcome.duplicate) notifyDeliveryStored();
  return new Response(null, { status: outcome.status });
}

export function loader() {
  return new Response(null, { status: 405 });
}
