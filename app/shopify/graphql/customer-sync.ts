// Admin GraphQL documents for keeping a customer's loyalty state on Shopify: a tier tag (for
// segments, flows and discounts) and app-owned metafields (for Liquid and other apps).

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

type UserError = { field: string[] | null; message: string };

export type SetCustomerMetafieldsResult = {
  metafieldsSet: { metafields: Array<{ key: string }> | null; userErrors: Array<UserError & { code: string | null; elementIndex: number | null }> };
};
export type AddCustomerTagsResult = { tagsAdd: { node: { id: string } | null; userErrors: UserError[] } };
export type RemoveCustomerTagsResult = { tagsRemove: { node: { id: string } | null; userErrors: UserError[] } };
