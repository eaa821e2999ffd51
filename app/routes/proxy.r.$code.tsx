// /proxy/r/:code (storefront: /apps/tally/r/<code>), a member's referral link. GET shows a small
// page asking the friend's email; POST { email } (form or JSON) creates the friend's welcome code
// (one per email) and redirects to Shopify's /discount/<code> link, which applies it to the cart
// (JSON callers get { code, expiresAt }). The friend need not be signed in.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../db.server";
import { AppError, methodNotAllowed } from "../errors/app-error";
import { isReferralCode } from "../loyalty/referrals";
import { claimWelcomeCode } from "../services/referrals/welcome-code.server";
import { handleStorefront, requireAdmin } from "../services/storefront/proxy-context.server";

const page = (code: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>A welcome gift from a friend</title></head>
<body style="font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem">
<h1>A friend sent you a welcome gift</h1>
<p>Enter your email to get your welcome code for a first order.</p>
<form method="post" action="/apps/tally/r/${code}">
<label>Email <input type="email" name="email" required autocomplete="email"></label>
<button type="submit">Get my code</button>
</form></body></html>`;

const codeOf = (raw: string | undefined) => {
  const code = (raw ?? "").trim().toUpperCase();
  if (!isReferralCode(code)) throw new AppError("referral_not_found", "This referral link is not valid.", 404);
  return code;
};

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  handleStorefront(request, async () => new Response(page(codeOf(params.code)), { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } }));

export const action = ({ request, params }: ActionFunctionArgs) =>
  handleStorefront(request, async (ctx) => {
    if (request.method !== "POST") throw methodNotAllowed("POST");
    const code = codeOf(params.code);
    const json = (request.headers.get("Content-Type") ?? "").includes("application/json");
    const email = json
      ? ((await request.json().catch(() => ({}))) as { email?: unknown }).email
      : (await request.formData().catch(() => undefined))?.get("email");
    if (typeof email !== "string") throw new AppError("invalid_request", "Enter your email address.", 400);
    const welcome = await claimWelcomeCode(db, ctx.shop.id, code, email, { admin: requireAdmin(ctx) });
    if (json) return Response.json({ code: welcome.code, expiresAt: welcome.expiresAt }, { status: welcome.created ? 201 : 200, headers: { "Cache-Control": "no-store" } });
    return new Response(null, { status: 303, headers: { Location: `/discount/${encodeURIComponent(welcome.code)}?redirect=/`, "Cache-Control": "no-store" } });
  });
