// Admin GraphQL documents for products: what earn rules need that order webhooks do not carry.
import type * as Admin from "../../types/admin.generated";

/** Tags and collections of up to PRODUCTS_PER_QUERY products (cost about 23 per product). */
export const PRODUCTS_FOR_EARNING = `#graphql
  query ProductsForEarning($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        tags
        collections(first: 20) { nodes { id } }
      }
    }
  }
`;

export const PRODUCTS_PER_QUERY = 25;

// Result types are generated from these documents (npm run graphql:codegen).
export type ProductsForEarningResult = Admin.ProductsForEarningQuery;
