// POST /api/reviews: review apps report a product review, signed with the shop's review secret
// (X-Tally-Signature: hex HMAC-SHA256 of the raw body; X-Tally-Shop-Domain). Replay-safe by review
// id. Answers 200 whether or not points were granted (so callers do not retry), 401 unsigned.
import type { ActionFunctionArgs } from "@remix-run/node";
import { AppError, errorResponse, methodNotAllowed } from "../errors/app-error";
import { BODY_LIMITS, readBodyWithin } from "../server/body-limits";
import { parseReviewBody, recordProductReview, verifyReviewRequest } from "../services/actions/product-review.server";
import { publicContext } from "../web/public-context.server";

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new AppError("invalid_request", "The body is not UTF-8 text.", 400);
  }
}

export const action = async ({ request }: ActionFunctionArgs) => {
  try {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    const { db } = publicContext();
    // Unsigned until read: at most 16 KB is read (413 past it).
    const body = await readBodyWithin(request, BODY_LIMITS.reviews);
    if (!body.ok) throw body.error;
    // The signature covers the bytes as sent; only a verified body is decoded (invalid UTF-8: 400).
    const { shopId } = await verifyReviewRequest(db, request.headers.get("X-Tally-Shop-Domain"), request.headers.get("X-Tally-Signature"), body.bytes);
    return Response.json(await recordProductReview(db, shopId, parseReviewBody(decodeUtf8(body.bytes))));
  } catch (error) {
    return errorResponse(error);
  }
};

export const loader = () => errorResponse(methodNotAllowed("POST"));
