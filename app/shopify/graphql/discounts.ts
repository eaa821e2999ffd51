// Admin GraphQL documents for reward codes and store credit.

const USER_ERRORS = `userErrors { field message code }`;

export const DISCOUNT_CODE_BASIC_CREATE = `#graphql
  mutation RewardBasicCodeCreate($input: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $input) {
      codeDiscountNode { id }
      ${USER_ERRORS}
    }
  }
`;

export const DISCOUNT_CODE_FREE_SHIPPING_CREATE = `#graphql
  mutation RewardFreeShippingCodeCreate($input: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $input) {
      codeDiscountNode { id }
      ${USER_ERRORS}
    }
  }
`;

export const DISCOUNT_CODE_DELETE = `#graphql
  mutation RewardCodeDelete($id: ID!) {
    discountCodeDelete(id: $id) {
      deletedCodeDiscountId
      ${USER_ERRORS}
    }
  }
`;

// asyncUsageCount: how many orders used the code (Shopify updates it shortly after the order).
const USAGE = `codeDiscount {
      __typename
      ... on DiscountCodeBasic { asyncUsageCount }
      ... on DiscountCodeFreeShipping { asyncUsageCount }
      ... on DiscountCodeBxgy { asyncUsageCount }
    }`;

export const DISCOUNT_NODE_BY_CODE = `#graphql
  query RewardCodeLookup($code: String!) {
    codeDiscountNodeByCode(code: $code) { id ${USAGE} }
  }
`;

export const DISCOUNT_USAGE = `#graphql
  query RewardCodeUsage($id: ID!) {
    codeDiscountNode(id: $id) { id ${USAGE} }
  }
`;

export const DISCOUNT_CODE_DEACTIVATE = `#graphql
  mutation RewardCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { id }
      ${USER_ERRORS}
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
      ${USER_ERRORS}
    }
  }
`;

export type UserError = { field: string[] | null; message: string; code: string | null };
export type DiscountCreateResult<K extends string> = Record<K, { codeDiscountNode: { id: string } | null; userErrors: UserError[] }>;
export type DiscountDeleteResult = { discountCodeDelete: { deletedCodeDiscountId: string | null; userErrors: UserError[] } };
type UsageNode = { id: string; codeDiscount: { __typename: string; asyncUsageCount?: number } };
export type DiscountNodeByCodeResult = { codeDiscountNodeByCode: UsageNode | null };
export type DiscountUsageResult = { codeDiscountNode: UsageNode | null };
export type DiscountDeactivateResult = { discountCodeDeactivate: { codeDiscountNode: { id: string } | null; userErrors: UserError[] } };
export type VariantPriceResult = { productVariant: { id: string; price: string } | null };
export type StoreCreditTransactionsResult = {
  customer: {
    storeCreditAccounts: {
      nodes: Array<{ transactions: { nodes: Array<{ __typename: string; id?: string; amount: { amount: string; currencyCode: string }; createdAt: string; event: string }> } }>;
    };
  } | null;
};
export type StoreCreditResult = {
  storeCreditAccountCredit: { storeCreditAccountTransaction: { id?: string; amount: { amount: string; currencyCode: string } } | null; userErrors: UserError[] };
};
