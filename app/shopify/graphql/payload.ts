// Shopify's schema makes every mutation payload nullable (null when the mutation itself failed,
// with a top-level error). adminGraphql already throws on those errors; a null payload without
// one is still not an answer, so it fails as Shopify being unavailable rather than as a crash.
import { ShopifyApiError } from "../admin-api.server";

export function payload<T>(value: T | null | undefined, field: string): T {
  if (value == null) throw new ShopifyApiError("graphql_error", `${field} returned no payload`);
  return value;
}
