// POST /api/reviews: review apps report a product review, signed with the shop's review secret
// (X-Tally-Signature: hex HMAC-SHA256 of the raw body; X-Tally-Shop-Domain). Replay-safe by review
// id. Answers 200 whether or not points were granted (so callers do not retry), 401 unsigned.
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { errorResponse, methodNotAllowed } from "../errors/app-error";
import { BODY_LIMITS, readBodyWithin } from "../server/body-limits";
import { parseReviewBody, recordProductReview, verifyReviewRequest } from "../services/actions/product-review.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  try {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    // Unsigned until read: at most 16 KB is read (413 past it).
    const body = await readBodyWithin(request, BODY_LIMITS.reviews);
    if (!body.ok) throw body.error;
    const raw = new TextDecoder().decode(body.bytes);
    const { shopId } = await verifyReviewRequest(db, request.headers.get("X-Tally-Shop-Domain"), request.headers.get("X-Tally-Signature"), raw);
    return Response.json(await recordProductReview(db, shopId, parseReviewBody(raw)));
  } catch (error) {
    return errorResponse(error);
  }
};

export const loader = () => errorResponse(methodNotAllowed("POST"));
