// Admin GraphQL documents about the shop itself.
import type * as Admin from "../../types/admin.generated";

export const SHOP_PROFILE = `#graphql
  query ShopProfile {
    shop { name currencyCode ianaTimezone myshopifyDomain }
  }
`;

// Result types are generated from these documents (npm run graphql:codegen).
export type ShopProfileResult = Admin.ShopProfileQuery;
