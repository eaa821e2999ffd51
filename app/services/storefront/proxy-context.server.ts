// Every storefront API request: the library verifies the app-proxy signature (400 otherwise),
// the shopper is the signed `logged_in_customer_id` and nothing the client sends can change that,
// and rate limits apply per customer and per shop.
import { db } from "../../db.server";
import { AppError, errorResponse } from "../../errors/app-error";
import type { AdminGraphqlClient } from "../../shopify/admin-api.server";
import { authenticate } from "../../shopify.server";
import { RateLimiter, STOREFRONT_LIMITS } from "./rate-limit";
import { TtlCache } from "./ttl-cache";

const limiter = new RateLimiter();
const shops = new TtlCache<{ id: string; domain: string; currency: string; uninstalledAt: Date | null } | null>(5_000);

export type StorefrontContext = {
  shop: { id: string; domain: string; currency: string };
  customerId: string | null;
  admin: AdminGraphqlClient | undefined;
};

async function storefrontContext(request: Request): Promise<StorefrontContext> {
  const { session, admin } = await authenticate.public.appProxy(request);
  const url = new URL(request.url);
  const domain = url.searchParams.get("shop") ?? session?.shop ?? "";
  const shop = await shops.get(domain, () =>
    db.shop.findUnique({ where: { domain }, select: { id: true, domain: true, currency: true, uninstalledAt: true } }),
  );
  if (!shop || shop.uninstalledAt) throw new AppError("shop_not_found", "This store does not run Tally Rewards.", 404);
  const customer = url.searchParams.get("logged_in_customer_id") ?? "";
  if (customer && !/^\d+$/.test(customer)) throw new AppError("invalid_request", "Unrecognised customer.", 400);
  for (const [key, rule] of [
    [`shop:${shop.id}`, STOREFRONT_LIMITS.shop],
    ...(customer ? ([[`customer:${shop.id}:${customer}`, STOREFRONT_LIMITS.customer]] as const) : []),
  ] as const) {
    const verdict = limiter.take(key, rule);
    if (!verdict.ok) throw new AppError("rate_limited", "Too many requests; please slow down.", 429, { retryAfterS: verdict.retryAfterS });
  }
  return { shop: { id: shop.id, domain: shop.domain, currency: shop.currency }, customerId: customer || null, admin };
}

/** Runs a storefront handler and turns refusals into the API's JSON errors. */
export async function handleStorefront(
  request: Request,
  handler: (ctx: StorefrontContext) => Promise<Response>,
  options: { signedIn?: boolean } = {},
): Promise<Response> {
  try {
    const ctx = await storefrontContext(request);
    if (options.signedIn && !ctx.customerId) throw new AppError("not_signed_in", "Sign in to see your rewards.", 401);
    return await handler(ctx);
  } catch (error) {
    // The library answers a bad signature with a Response of its own (400): pass it on as JSON.
    if (error instanceof Response) {
      return Response.json({ error: { code: "invalid_signature", message: "The request is not signed by Shopify." } }, { status: error.status });
    }
    const response = errorResponse(error);
    if (error instanceof AppError && error.code === "rate_limited") response.headers.set("Retry-After", String(error.details?.retryAfterS ?? 1));
    return response;
  }
}

export function requireAdmin(ctx: StorefrontContext): AdminGraphqlClient {
  if (!ctx.admin) throw new AppError("shop_not_installed", "The store has not finished installing Tally Rewards.", 503);
  return ctx.admin;
}
