// /proxy/r/:code (storefront: /apps/tally/r/<code>), a member's referral link. GET shows a small
// page for the friend; POST (form or JSON, no body needed) answers the advocate's welcome code,
// the same for every visitor and usable only on a first order, and redirects to Shopify's
// /discount/<code> link, which applies it to the cart (JSON callers get { code }). Nothing is
// asked of the friend and nothing about anyone else is answered.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "../errors/app-error";
import { isReferralCode } from "../loyalty/referrals";
import { claimWelcomeCode, clientIpOf } from "../services/referrals/welcome-code.server";
import { handleStorefront, requireAdmin } from "../web/storefront/proxy-context.server";

const page = (code: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>A welcome gift from a friend</title></head>
<body style="font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem">
<h1>A friend sent you a welcome gift</h1>
<p>A discount on your first order with us. It works once you're signed in: create an account (or sign in) with the email you'll order with, then check out.</p>
<form method="post" action="/apps/tally/r/${code}">
<button type="submit">Add my welcome gift to the cart</button>
</form>
<p><a href="/account/login">Sign in or create an account</a></p></body></html>`;

const codeOf = (raw: string | undefined) => {
  const code = (raw ?? "").trim().toUpperCase();
  if (!isReferralCode(code)) throw new AppError("referral_not_found", "This referral link is not valid.", 404);
  return code;
};

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  handleStorefront(request, async () => new Response(page(codeOf(params.code)), { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } }));

export const action = ({ request, params }: ActionFunctionArgs) =>
  handleStorefront(
    request,
    async (ctx) => {
      const { db } = ctx;
      const code = codeOf(params.code);
      const welcome = await claimWelcomeCode(db, ctx.shop.id, code, { admin: requireAdmin(ctx), customerId: ctx.customerId, clientIp: clientIpOf(request.headers) });
      if ((request.headers.get("Content-Type") ?? "").includes("application/json")) {
        return Response.json({ code: welcome.code }, { status: welcome.created ? 201 : 200, headers: { "Cache-Control": "no-store" } });
      }
      return new Response(null, { status: 303, headers: { Location: `/discount/${encodeURIComponent(welcome.code)}?redirect=/`, "Cache-Control": "no-store" } });
    },
    { method: "POST" },
  );
