// DELETE /proxy/redemptions/:id: cancel an unused code and get the points back. Only the shopper
// who owns the redemption can; anyone else gets 404 (not 403: ids are not confirmed to exist).
import type { ActionFunctionArgs } from "@remix-run/node";
import { errorResponse, methodNotAllowed } from "../errors/app-error";
import { cancelRedemption, presentRedemption } from "../services/rewards/redemptions.server";
import { handleStorefront, requireAdmin } from "../web/storefront/proxy-context.server";

// Without a loader, Remix would answer a GET with an error of its own shape, not the API's.
export const loader = () => errorResponse(methodNotAllowed("DELETE"));

export const action = ({ request, params }: ActionFunctionArgs) =>
  handleStorefront(
    request,
    async (ctx) => {
      const { db } = ctx;
      const redemption = await cancelRedemption(
        { db, shopId: ctx.shop.id, currency: ctx.shop.currency, admin: requireAdmin(ctx) },
        { redemptionId: params.id ?? "", customerId: ctx.customerId! },
      );
      const member = await db.member.findUniqueOrThrow({ where: { id: redemption.memberId } });
      return Response.json({ redemption: presentRedemption(redemption), balance: member.balance });
    },
    { signedIn: true, method: "DELETE" },
  );
