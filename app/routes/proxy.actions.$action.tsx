// POST /proxy/actions/:action (storefront: /apps/tally/actions/social_follow) { network }: the
// signed-in shopper clicked "follow" on a social network. Click-based: it cannot be verified.
import type { ActionFunctionArgs } from "@remix-run/node";
import { AppError, errorResponse, methodNotAllowed } from "../errors/app-error";
import { recordSocialFollow } from "../services/actions/social-follow.server";
import { handleStorefront } from "../web/storefront/proxy-context.server";

export const action = ({ request, params }: ActionFunctionArgs) =>
  handleStorefront(
    request,
    async (ctx) => {
      const { db } = ctx;
      if (params.action !== "social_follow") throw new AppError("action_not_available", "This store does not reward that action.", 404);
      const body = (await request.json().catch(() => undefined)) as { network?: unknown } | undefined;
      if (!body || typeof body.network !== "string") throw new AppError("invalid_request", "Send JSON { network }.", 400);
      const result = await recordSocialFollow(db, ctx.shop.id, ctx.customerId!, body.network);
      return Response.json(result, { status: 201, headers: { "Cache-Control": "private, no-store" } });
    },
    { signedIn: true, method: "POST" },
  );

export const loader = () => errorResponse(methodNotAllowed("POST"));
