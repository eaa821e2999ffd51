// Admin GraphQL documents for the customer segment referral welcome codes are restricted to.
import type * as Admin from "../../types/admin.generated";

export const SEGMENT_BY_NAME = `#graphql
  query TallySegmentByName($query: String!) {
    segments(first: 5, query: $query) { nodes { id name query } }
  }
`;

export const SEGMENT_CREATE = `#graphql
  mutation TallySegmentCreate($name: String!, $query: String!) {
    segmentCreate(name: $name, query: $query) {
      segment { id name query }
      userErrors { field message }
    }
  }
`;

// Result types are generated from these documents (npm run graphql:codegen).
export type SegmentByNameResult = Admin.TallySegmentByNameQuery;
export type SegmentCreateResult = Admin.TallySegmentCreateMutation;
export type SegmentNode = SegmentByNameResult["segments"]["nodes"][number];
