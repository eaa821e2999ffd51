// Admin GraphQL documents for orders (reconciliation). Every document in app/ is validated
// against the 2026-10 schema by test/unit/shopify/graphql-documents.test.ts.

const MONEY = `shopMoney { amount currencyCode }`;

// Cheap page of recently updated orders (about 12 cost points per order): enough to tell which
// orders the app has not fully applied. Those are then read one by one with ORDER_DETAIL.
export const ORDERS_UPDATED_SINCE = `#graphql
  query OrdersUpdatedSince($first: Int!, $after: String, $query: String!) {
    orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes {
        id
        updatedAt
        cancelledAt
        displayFinancialStatus
        displayFulfillmentStatus
        customer { id }
        refunds(first: 10) { id }
      }
    }
  }
`;

// One order with what earning and reversal need. The page sizes keep the requested cost under
// Shopify's single-query limit of 1000 (the stand-in computes it the same way and refuses more).
/** More refunds than ORDER_DETAIL reads: such an order is left to its webhooks. */
export const ORDER_DETAIL_MAX_REFUNDS = 5;

export const ORDER_DETAIL = `#graphql
  query OrderDetail($id: ID!) {
    order(id: $id) {
      id
      name
      email
      test
      sourceName
      processedAt
      updatedAt
      cancelledAt
      displayFinancialStatus
      displayFulfillmentStatus
      discountCodes
      taxesIncluded
      customer { id }
      totalPriceSet { ${MONEY} }
      shippingLines(first: 3) {
        nodes { discountedPriceSet { ${MONEY} } taxLines { priceSet { ${MONEY} } } }
      }
      lineItems(first: 30) {
        pageInfo { hasNextPage }
        nodes {
          id
          quantity
          isGiftCard
          product { id tags }
          variant { id }
          originalTotalSet { ${MONEY} }
          discountAllocations { allocatedAmountSet { ${MONEY} } }
          taxLines { priceSet { ${MONEY} } }
        }
      }
      refunds(first: 5) {
        id
        createdAt
        refundLineItems(first: 10) {
          nodes { quantity lineItem { id } subtotalSet { ${MONEY} } totalTaxSet { ${MONEY} } }
        }
        refundShippingLines(first: 2) { nodes { subtotalAmountSet { ${MONEY} } } }
        totalRefundedSet { ${MONEY} }
      }
    }
  }
`;

type MoneyBag = { shopMoney: { amount: string; currencyCode: string } };

export type GqlOrder = {
  id: string;
  name: string;
  email: string | null;
  test: boolean;
  sourceName: string | null;
  processedAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  discountCodes: string[];
  taxesIncluded: boolean;
  customer: { id: string } | null;
  totalPriceSet: MoneyBag;
  shippingLines: { nodes: Array<{ discountedPriceSet: MoneyBag; taxLines: Array<{ priceSet: MoneyBag }> }> };
  lineItems: {
    pageInfo: { hasNextPage: boolean };
    nodes: Array<{
      id: string;
      quantity: number;
      isGiftCard: boolean;
      product: { id: string; tags: string[] } | null;
      variant: { id: string } | null;
      originalTotalSet: MoneyBag;
      discountAllocations: Array<{ allocatedAmountSet: MoneyBag }>;
      taxLines: Array<{ priceSet: MoneyBag }>;
    }>;
  };
  refunds: Array<{
    id: string;
    createdAt: string | null;
    refundLineItems: { nodes: Array<{ quantity: number; lineItem: { id: string }; subtotalSet: MoneyBag; totalTaxSet: MoneyBag }> };
    refundShippingLines: { nodes: Array<{ subtotalAmountSet: MoneyBag }> };
    totalRefundedSet: MoneyBag;
  }>;
};

export type OrderSummary = {
  id: string;
  updatedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string | null;
  displayFulfillmentStatus: string;
  customer: { id: string } | null;
  refunds: Array<{ id: string }>;
};

export type OrdersUpdatedSinceResult = {
  orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: OrderSummary[] };
};

export type OrderDetailResult = { order: GqlOrder | null };
