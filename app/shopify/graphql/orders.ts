// Admin GraphQL documents for orders (reconciliation). Every document in app/ is validated
// against the 2026-10 schema by test/unit/shopify/graphql-documents.test.ts.
import type * as Admin from "../../types/admin.generated";

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
      totalPriceSet { shopMoney { amount currencyCode } }
      shippingLines(first: 3) {
        nodes { discountedPriceSet { shopMoney { amount currencyCode } } taxLines { priceSet { shopMoney { amount currencyCode } } } }
      }
      lineItems(first: 30) {
        pageInfo { hasNextPage }
        nodes {
          id
          quantity
          isGiftCard
          product { id tags }
          variant { id }
          originalTotalSet { shopMoney { amount currencyCode } }
          discountAllocations { allocatedAmountSet { shopMoney { amount currencyCode } } }
          taxLines { priceSet { shopMoney { amount currencyCode } } }
        }
      }
      refunds(first: 5) {
        id
        createdAt
        refundLineItems(first: 10) {
          nodes { quantity lineItem { id } subtotalSet { shopMoney { amount currencyCode } } totalTaxSet { shopMoney { amount currencyCode } } }
        }
        refundShippingLines(first: 2) { nodes { subtotalAmountSet { shopMoney { amount currencyCode } } } }
        totalRefundedSet { shopMoney { amount currencyCode } }
      }
    }
  }
`;

// Result types are generated from these documents (npm run graphql:codegen).
export type OrdersUpdatedSinceResult = Admin.OrdersUpdatedSinceQuery;
export type OrderDetailResult = Admin.OrderDetailQuery;
export type GqlOrder = NonNullable<OrderDetailResult["order"]>;
export type OrderSummary = OrdersUpdatedSinceResult["orders"]["nodes"][number];
