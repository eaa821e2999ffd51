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

export const DISCOUNT_NODE_BY_CODE = `#graphql
  query RewardCodeLookup($code: String!) {
    codeDiscountNodeByCode(code: $code) { id }
  }
`;

export const STORE_CREDIT_ACCOUNT_CREDIT = `#graphql
  mutation RewardStoreCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
      storeCreditAccountTransaction { amount { amount currencyCode } }
      ${USER_ERRORS}
    }
  }
`;

export type UserError = { field: string[] | null; message: string; code: string | null };
export type DiscountCreateResult<K extends string> = Record<K, { codeDiscountNode: { id: string } | null; userErrors: UserError[] }>;
export type DiscountDeleteResult = { discountCodeDelete: { deletedCodeDiscountId: string | null; userErrors: UserError[] } };
export type DiscountNodeByCodeResult = { codeDiscountNodeByCode: { id: string } | null };
export type StoreCreditResult = {
  storeCreditAccountCredit: { storeCreditAccountTransaction: { amount: { amount: string; currencyCode: string } } | null; userErrors: UserError[] };
};
