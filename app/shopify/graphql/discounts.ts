// Admin GraphQL documents for reward codes and store credit.
import type * as Admin from "../../types/admin.generated";

export const DISCOUNT_CODE_BASIC_CREATE = `#graphql
  mutation RewardBasicCodeCreate($input: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $input) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;

export const DISCOUNT_CODE_FREE_SHIPPING_CREATE = `#graphql
  mutation RewardFreeShippingCodeCreate($input: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;

export const DISCOUNT_CODE_DELETE = `#graphql
  mutation RewardCodeDelete($id: ID!) {
    discountCodeDelete(id: $id) {
      deletedCodeDiscountId
      userErrors { field message code }
    }
  }
`;

// asyncUsageCount: how many orders used the code (Shopify updates it shortly after the order).
// Documents are plain literals (no interpolation) so codegen can read them.
export const DISCOUNT_NODE_BY_CODE = `#graphql
  query RewardCodeLookup($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
      codeDiscount {
        __typename
        ... on DiscountCodeBasic { asyncUsageCount }
        ... on DiscountCodeFreeShipping { asyncUsageCount }
        ... on DiscountCodeBxgy { asyncUsageCount }
      }
    }
  }
`;

export const DISCOUNT_USAGE = `#graphql
  query RewardCodeUsage($id: ID!) {
    codeDiscountNode(id: $id) {
      id
      codeDiscount {
        __typename
        ... on DiscountCodeBasic { asyncUsageCount }
        ... on DiscountCodeFreeShipping { asyncUsageCount }
        ... on DiscountCodeBxgy { asyncUsageCount }
      }
    }
  }
`;

export const DISCOUNT_CODE_DEACTIVATE = `#graphql
  mutation RewardCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { id }
      userErrors { field message code }
    }
  }
`;

export const VARIANT_PRICE = `#graphql
  query RewardVariantPrice($id: ID!) {
    productVariant(id: $id) { id price }
  }
`;

// Shopify's credit input carries no note or idempotency key (2026-10), so a credit is recognised
// by its amount, currency, event and time (newest first).
export const STORE_CREDIT_TRANSACTIONS = `#graphql
  query RewardStoreCreditHistory($id: ID!) {
    customer(id: $id) {
      storeCreditAccounts(first: 5) {
        nodes {
          transactions(first: 25, sortKey: CREATED_AT, reverse: true) {
            nodes {
              __typename
              amount { amount currencyCode }
              createdAt
              event
              ... on StoreCreditAccountCreditTransaction { id }
            }
          }
        }
      }
    }
  }
`;

export const STORE_CREDIT_ACCOUNT_CREDIT = `#graphql
  mutation RewardStoreCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
      storeCreditAccountTransaction { ... on StoreCreditAccountCreditTransaction { id } amount { amount currencyCode } }
      userErrors { field message code }
    }
  }
`;

// Result types are generated from these documents (npm run graphql:codegen).
/** What every userErrors list here has in common (each payload has its own error type). */
export type UserError = { field?: string[] | null; message: string; code?: string | null };
export type DiscountBasicCreateResult = Admin.RewardBasicCodeCreateMutation;
export type DiscountFreeShippingCreateResult = Admin.RewardFreeShippingCodeCreateMutation;
export type DiscountDeleteResult = Admin.RewardCodeDeleteMutation;
export type DiscountNodeByCodeResult = Admin.RewardCodeLookupQuery;
export type DiscountUsageResult = Admin.RewardCodeUsageQuery;
export type DiscountDeactivateResult = Admin.RewardCodeDeactivateMutation;
export type VariantPriceResult = Admin.RewardVariantPriceQuery;
export type StoreCreditTransactionsResult = Admin.RewardStoreCreditHistoryQuery;
export type StoreCreditResult = Admin.RewardStoreCreditMutation;
