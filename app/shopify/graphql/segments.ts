// Admin GraphQL documents for the customer segment referral welcome codes are restricted to.

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

export type SegmentNode = { id: string; name: string; query: string };
export type SegmentByNameResult = { segments: { nodes: SegmentNode[] } };
export type SegmentCreateResult = { segmentCreate: { segment: SegmentNode | null; userErrors: Array<{ field: string[] | null; message: string }> } };
