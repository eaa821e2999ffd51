// In the demo and in tests there is no Shopify: calls the library makes to https://{shop}/... are
// sent to the local stand-in instead, with the shop in X-Forwarded-Host. Nothing else changes:
// the same GraphQL documents, headers and token exchange travel the same code path.
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

const SHOP_HOST = /^https:\/\/([a-z0-9][a-z0-9-]*\.myshopify\.com)(\/.*)?$/i;

export function redirectShopifyCallsTo(standinUrl: string, baseFetch: typeof fetch = globalThis.fetch): void {
  const standinFetch: typeof fetch = (input, init) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const match = SHOP_HOST.exec(url);
    if (!match) return baseFetch(input, init);
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    headers.set("X-Forwarded-Host", match[1]!);
    return baseFetch(`${standinUrl}${match[2] ?? "/"}`, { ...init, headers });
  };
  setAbstractFetchFunc(standinFetch as Parameters<typeof setAbstractFetchFunc>[0]);
}
