// POST /api/reviews: a review app reports a product review. The request is signed with the shop's
// review secret (HMAC-SHA256 of the raw body, hex, header X-Tally-Signature; the shop in
// X-Tally-Shop-Domain) and is replay-safe by review id (business key action:product_review:<id>).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { Db } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { actionSourceId } from "../../loyalty/actions";
import { businessKeys } from "../../loyalty/ledger";
import { loadProgramSettings } from "../program/settings.server";
import { grantAction } from "./grant-action.server";

/** Hex HMAC-SHA256 of the body's bytes as sent (a string is taken as its UTF-8 bytes). */
export const signReviewBody = (rawBody: string | Uint8Array, secret: string) => createHmac("sha256", secret).update(rawBody).digest("hex");

/** A new secret for the shop's review app (shown once to staff; the old one stops working). */
export async function rotateReviewSecret(db: Db, shopId: string): Promise<string> {
  const secret = randomBytes(32).toString("hex");
  await db.shop.update({ where: { id: shopId }, data: { reviewSecret: secret } });
  return secret;
}

/** The shop a signed request comes from; anything unsigned, mis-signed or unknown is 401. */
export async function verifyReviewRequest(db: Db, shopDomain: string | null, signature: string | null, rawBody: Uint8Array) {
  const refuse = () => new AppError("invalid_signature", "The request is not signed with this shop's review secret.", 401);
  if (!shopDomain || !signature || !/^[0-9a-f]{64}$/i.test(signature)) throw refuse();
  const shop = await db.shop.findUnique({ where: { domain: shopDomain }, select: { id: true, reviewSecret: true, uninstalledAt: true } });
  if (!shop?.reviewSecret || shop.uninstalledAt) throw refuse();
  const expected = Buffer.from(signReviewBody(rawBody, shop.reviewSecret), "hex");
  if (!timingSafeEqual(expected, Buffer.from(signature.toLowerCase(), "hex"))) throw refuse();
  return { shopId: shop.id };
}

const reviewBody = z
  .object({
    reviewId: z.string().trim().min(1).max(128),
    customerId: z.string().regex(/^\d+$/, "must be a Shopify customer id").nullish(),
    email: z.string().trim().email().max(320).nullish(),
    productId: z.string().max(128).nullish(),
    rating: z.number().min(0).max(5).nullish(),
  })
  .refine((b) => b.customerId || b.email, { message: "needs customerId or email", path: ["customerId"] });

export function parseReviewBody(rawBody: string) {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("invalid_request", "The body is not JSON.", 400);
  }
  const parsed = reviewBody.safeParse(json);
  if (!parsed.success) throw new AppError("invalid_request", parsed.error.issues.map((i) => `${i.path.join(".") || "body"} ${i.message}`).join("; "), 400);
  return parsed.data;
}

export type ReviewOutcome = { granted: boolean; points?: number; reason?: "limit_reached" | "already_granted" | "not_a_member" | "not_rewarded" };

export async function recordProductReview(db: Db, shopId: string, review: ReturnType<typeof parseReviewBody>, opts: { now?: Date } = {}): Promise<ReviewOutcome> {
  const settings = await loadProgramSettings(db, shopId);
  const rule = settings.actions.productReview;
  if (!settings.enabled || !rule.enabled || rule.points <= 0) return { granted: false, reason: "not_rewarded" };
  // A review by email only is credited to an existing member with that email.
  const customerId =
    review.customerId ?? (await db.member.findFirst({ where: { shopId, email: review.email!, redactedAt: null }, select: { customerId: true } }))?.customerId ?? null;
  if (!customerId) return { granted: false, reason: "not_a_member" };
  const outcome = await grantAction(db, shopId, {
    customerId,
    sourceId: actionSourceId("product_review"),
    points: rule.points,
    limit: rule.limit,
    reason: "Product review",
    businessKey: businessKeys.productReview(review.reviewId),
    details: { reviewId: review.reviewId, productId: review.productId ?? null },
    now: opts.now,
  });
  return outcome.granted ? { granted: true, points: outcome.points } : { granted: false, reason: outcome.reason };
}
