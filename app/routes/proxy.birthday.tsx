// POST /proxy/birthday (storefront: /apps/tally/birthday) { month, day, year? }: the signed-in
// shopper records their birthday (changeable once a year: 409 birthday_locked).
import type { ActionFunctionArgs } from "@remix-run/node";
import { AppError, errorResponse, methodNotAllowed } from "../errors/app-error";
import { setBirthday } from "../services/birthday/set-birthday.server";
import { handleStorefront } from "../web/storefront/proxy-context.server";

export const action = ({ request }: ActionFunctionArgs) =>
  handleStorefront(
    request,
    async (ctx) => {
      const { db } = ctx;
      const body: unknown = await request.json().catch(() => undefined);
      if (!body || typeof body !== "object") throw new AppError("invalid_request", "Send JSON { month, day, year? }.", 400);
      const birthday = await setBirthday(db, ctx.shop.id, ctx.customerId!, body, { by: "shopper" });
      return Response.json({ birthday }, { headers: { "Cache-Control": "private, no-store" } });
    },
    { signedIn: true, method: "POST" },
  );

export const loader = () => errorResponse(methodNotAllowed("POST"));
