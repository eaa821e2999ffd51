// POST /proxy/redemptions { rewardId, amount? } with Idempotency-Key: redeem points for a reward.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError, errorResponse, methodNotAllowed } from "../errors/app-error";
import { validateIdempotencyKey, withIdempotency } from "../services/rewards/idempotency.server";
import { presentRedemption, redeemReward } from "../services/rewards/redemptions.server";
import { handleStorefront, requireAdmin } from "../web/storefront/proxy-context.server";

const body = z.object({ rewardId: z.string().min(1).max(64), amount: z.number().int().positive().optional() }).strict();

async function readBody(request: Request) {
  const parsed = body.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) {
    throw new AppError("invalid_request", `Send JSON { rewardId, amount? }: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"} ${i.message}`).join("; ")}`, 400);
  }
  return parsed.data;
}

export const action = ({ request }: ActionFunctionArgs) =>
  handleStorefront(
    request,
    async (ctx) => {
      const { db } = ctx;
      const key = validateIdempotencyKey(request.headers.get("Idempotency-Key"));
      const input = await readBody(request);
      const customerId = ctx.customerId!;
      const result = await withIdempotency(db, { shopId: ctx.shop.id, scope: `customer:${customerId}`, key, request: input }, async () => {
        const redemption = await redeemReward(
          { db, shopId: ctx.shop.id, currency: ctx.shop.currency, admin: requireAdmin(ctx) },
          { customerId, rewardId: input.rewardId, amount: input.amount },
        );
        const member = await db.member.findUniqueOrThrow({ where: { id: redemption.memberId } });
        // Shopify failed in a way that may have created the reward: the points stay held until
        // it is confirmed (GET /me shows the outcome).
        if (redemption.status === "pending") {
          return { status: 202, body: { redemption: presentRedemption(redemption), balance: member.balance, message: "We are confirming your reward with the store; it will appear in your rewards shortly." } };
        }
        return { status: 201, body: { redemption: presentRedemption(redemption), balance: member.balance } };
      });
      return Response.json(result.body, { status: result.status, headers: result.replayed ? { "Idempotent-Replayed": "true" } : {} });
    },
    { signedIn: true, method: "POST" },
  );

export const loader = () => errorResponse(methodNotAllowed("POST"));
