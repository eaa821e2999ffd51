// Admin GraphQL documents for keeping a customer's loyalty state on Shopify: a tier tag (for
// segments, flows and discounts) and app-owned metafields (for Liquid and other apps).
import type * as Admin from "../../types/admin.generated";

/** At most 25 metafields per call; the call is atomic (all written or none). */
export const SET_CUSTOMER_METAFIELDS = `#graphql
  mutation SetCustomerLoyaltyMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key }
      userErrors { field message code elementIndex }
    }
  }
`;

export const ADD_CUSTOMER_TAGS = `#graphql
  mutation AddCustomerTierTags($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      node { id }
      userErrors { field message }
    }
  }
`;

export const REMOVE_CUSTOMER_TAGS = `#graphql
  mutation RemoveCustomerTierTags($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      node { id }
      userErrors { field message }
    }
  }
`;

// Result types are generated from these documents (npm run graphql:codegen).
export type SetCustomerMetafieldsResult = Admin.SetCustomerLoyaltyMetafieldsMutation;
export type AddCustomerTagsResult = Admin.AddCustomerTierTagsMutation;
export type RemoveCustomerTagsResult = Admin.RemoveCustomerTierTagsMutation;
