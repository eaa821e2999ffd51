// A shop's permanent domain as Shopify sends it: "<handle>.myshopify.com", lower case. Anything
// else in a `shop` parameter or header is not a shop this app can serve (refused with a 4xx).
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]{0,62}\.myshopify\.com$/;

export const isShopDomain = (value: unknown): value is string => typeof value === "string" && SHOP_DOMAIN.test(value);
