// Every storefront API request: the library verifies the app-proxy signature (400 otherwise),
// the shopper is the signed `logged_in_customer_id` and nothing the client sends can change that,
// and rate limits apply per customer and per shop.
import type { Db } from "../../db/client";
import { db } from "../../db.server";
import { AppError, errorResponse, methodNotAllowed } from "../../errors/app-error";
import type { AdminGraphqlClient } from "../../shopify/admin-api.server";
import { isShopDomain } from "../../shopify/shop-domain";
import { authenticate } from "../../shopify.server";
import { RateLimiter, STOREFRONT_LIMITS } from "../../lib/rate-limit";
import { TtlCache } from "../../lib/ttl-cache";

const limiter = new RateLimiter();
const shops = new TtlCache<{ id: string; domain: string; currency: string; uninstalledAt: Date | null } | null>(5_000);

export type StorefrontContext = {
  /** The database, so routes import no database code. */
  db: Db;
  shop: { id: string; domain: string; currency: string };
  customerId: string | null;
  admin: AdminGraphqlClient | undefined;
};

// The parameters Shopify adds to say who is asking, each once. The signature cannot tell one
// repeated parameter from a list (the library signs repeated values joined by ","), and the
// first value would be read: ?logged_in_customer_id=<someone else> added to a storefront URL
// must not pick the shopper. So a repeated one is refused, signed or not.
const IDENTITY_PARAMS = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"] as const;
// Shopify ids are 64-bit integers: at most 20 digits.
const CUSTOMER_ID = /^[0-9]{1,20}$/;

/** The shop and shopper a request claims, checked for shape before anything else reads them. */
function claimedIdentity(url: URL): { domain: string; customer: string } {
  for (const key of IDENTITY_PARAMS) {
    if (url.searchParams.getAll(key).length > 1) throw new AppError("invalid_request", `The ${key} parameter must appear once.`, 400);
  }
  const domain = url.searchParams.get("shop");
  // The library would throw on a domain it cannot use (a 500): refused here as the client's error.
  if (!isShopDomain(domain)) throw new AppError("invalid_request", "The shop parameter must be a *.myshopify.com domain.", 400);
  const customer = url.searchParams.get("logged_in_customer_id") ?? "";
  if (customer && !CUSTOMER_ID.test(customer)) throw new AppError("invalid_request", "Unrecognised customer.", 400);
  return { domain, customer };
}

async function storefrontContext(request: Request): Promise<StorefrontContext> {
  const { domain, customer } = claimedIdentity(new URL(request.url));
  const { admin } = await authenticate.public.appProxy(request);
  const shop = await shops.get(domain, () =>
    db.shop.findUnique({ where: { domain }, select: { id: true, domain: true, currency: true, uninstalledAt: true } }),
  );
  if (!shop || shop.uninstalledAt) throw new AppError("shop_not_found", "This store does not run Tally Rewards.", 404);
  for (const [key, rule] of [
    [`shop:${shop.id}`, STOREFRONT_LIMITS.shop],
    ...(customer ? ([[`customer:${shop.id}:${customer}`, STOREFRONT_LIMITS.customer]] as const) : []),
  ] as const) {
    const verdict = limiter.take(key, rule);
    if (!verdict.ok) throw new AppError("rate_limited", "Too many requests; please slow down.", 429, { retryAfterS: verdict.retryAfterS });
  }
  return { db, shop: { id: shop.id, domain: shop.domain, currency: shop.currency }, customerId: customer || null, admin };
}

/** Runs a storefront handler and turns refusals into the API's JSON errors. */
export async function handleStorefront(
  request: Request,
  handler: (ctx: StorefrontContext) => Promise<Response>,
  options: { signedIn?: boolean; method?: "POST" | "DELETE" } = {},
): Promise<Response> {
  try {
    // Before the signature: the answer reveals nothing, and is the same for every caller.
    if (options.method && request.method !== options.method) throw methodNotAllowed(options.method);
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
