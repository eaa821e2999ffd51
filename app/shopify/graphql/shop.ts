// Admin GraphQL documents about the shop itself.

export const SHOP_PROFILE = `#graphql
  query ShopProfile {
    shop { name currencyCode ianaTimezone myshopifyDomain }
  }
`;

export type ShopProfileResult = { shop: { name: string; currencyCode: string; ianaTimezone: string; myshopifyDomain: string } };
