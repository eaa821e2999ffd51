// Turning a redemption into something Shopify honours at checkout: a single-use discount code
// restricted to the customer, or store credit. Shopify's userErrors become stable error codes.
import { formatDecimal } from "../loyalty/money";
import type { RedemptionQuote, Reward } from "../loyalty/rewards";
import { adminGraphql, type AdminGraphqlClient, ShopifyApiError } from "./admin-api.server";
import {
  DISCOUNT_CODE_BASIC_CREATE,
  DISCOUNT_CODE_DELETE,
  DISCOUNT_CODE_FREE_SHIPPING_CREATE,
  type DiscountCreateResult,
  type DiscountDeleteResult,
  STORE_CREDIT_ACCOUNT_CREDIT,
  type StoreCreditResult,
  type UserError,
} from "./graphql/discounts";

export class RewardIssueError extends Error {
  override name = "RewardIssueError";
  constructor(
    /** code_taken | invalid_reward | customer_not_found | shopify_rejected | shopify_unavailable */
    readonly code: string,
    message: string,
    readonly userErrors: UserError[] = [],
  ) {
    super(message);
  }
}

function fromUserErrors(errors: UserError[]): RewardIssueError {
  const codes = errors.map((e) => e.code ?? "");
  const message = errors.map((e) => `${(e.field ?? []).join(".")}: ${e.message}`).join("; ");
  if (codes.includes("TAKEN")) return new RewardIssueError("code_taken", message, errors);
  if (codes.some((c) => c === "NOT_FOUND" || c === "ACCOUNT_NOT_FOUND" || c === "CUSTOMER_NOT_FOUND")) {
    return new RewardIssueError("customer_not_found", message, errors);
  }
  if (codes.some((c) => c === "INVALID" || c === "BLANK" || c === "GREATER_THAN" || c === "LESS_THAN")) {
    return new RewardIssueError("invalid_reward", message, errors);
  }
  return new RewardIssueError("shopify_rejected", message, errors);
}

async function call<T>(admin: AdminGraphqlClient, query: string, variables: Record<string, unknown>): Promise<T> {
  try {
    return await adminGraphql<T>(admin, query, variables);
  } catch (error) {
    if (error instanceof ShopifyApiError) throw new RewardIssueError("shopify_unavailable", error.message);
    throw error;
  }
}

const gid = (type: string, id: string) => `gid://shopify/${type}/${id}`;

export type IssueCodeInput = {
  reward: Reward;
  quote: RedemptionQuote;
  code: string;
  /** The customer the code is restricted to; null: anyone may use it once. */
  customerId: string | null;
  /**
   * A referral welcome code instead: shared by all the advocate's friends, so no usage limit, but
   * once per customer and only for members of this customer segment (the shop's "no orders yet").
   */
  segmentId?: string;
  currency: string;
  startsAt: Date;
  /** null: no end date. */
  endsAt: Date | null;
};

/** The discount input Shopify gets (exported for tests that check what is sent). */
export function discountInput(input: IssueCodeInput) {
  const { reward, quote, currency } = input;
  const common = {
    title: `${reward.title} (${input.code})`,
    code: input.code,
    startsAt: input.startsAt.toISOString(),
    endsAt: input.endsAt?.toISOString() ?? null,
    usageLimit: input.segmentId ? null : 1,
    appliesOncePerCustomer: true,
    context: input.segmentId
      ? { customerSegments: { add: [input.segmentId] } }
      : input.customerId
        ? { customers: { add: [gid("Customer", input.customerId)] } }
        : { all: "ALL" },
    combinesWith: reward.combinesWith,
    ...(reward.minimumSubtotalMinor
      ? { minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: formatDecimal(reward.minimumSubtotalMinor, currency) } } }
      : {}),
  };
  if (reward.type === "free_shipping") {
    const max = reward.config.maxShippingPrice;
    return {
      kind: "free_shipping" as const,
      input: { ...common, destination: { all: true }, ...(typeof max === "string" ? { maximumShippingPrice: max } : {}) },
    };
  }
  const items =
    reward.type === "free_product"
      ? { products: { productVariantsToAdd: [gid("ProductVariant", String(reward.config.variantId))] } }
      : reward.collectionIds.length
        ? { collections: { add: reward.collectionIds.map((id) => gid("Collection", id)) } }
        : { all: true };
  const value =
    quote.valueMinor !== null
      ? { discountAmount: { amount: formatDecimal(quote.valueMinor, currency), appliesOnEachItem: false } }
      : { percentage: (quote.percentage ?? 100) / 100 };
  return { kind: "basic" as const, input: { ...common, customerGets: { value, items } } };
}

export async function createRewardDiscount(admin: AdminGraphqlClient, input: IssueCodeInput): Promise<{ discountId: string }> {
  const { kind, input: discount } = discountInput(input);
  if (kind === "free_shipping") {
    const data = await call<DiscountCreateResult<"discountCodeFreeShippingCreate">>(admin, DISCOUNT_CODE_FREE_SHIPPING_CREATE, { input: discount });
    const result = data.discountCodeFreeShippingCreate;
    if (result.userErrors.length || !result.codeDiscountNode) throw fromUserErrors(result.userErrors);
    return { discountId: result.codeDiscountNode.id };
  }
  const data = await call<DiscountCreateResult<"discountCodeBasicCreate">>(admin, DISCOUNT_CODE_BASIC_CREATE, { input: discount });
  const result = data.discountCodeBasicCreate;
  if (result.userErrors.length || !result.codeDiscountNode) throw fromUserErrors(result.userErrors);
  return { discountId: result.codeDiscountNode.id };
}

/** Deletes a reward's discount; one that is already gone counts as deleted. */
export async function deleteRewardDiscount(admin: AdminGraphqlClient, discountId: string): Promise<void> {
  const data = await call<DiscountDeleteResult>(admin, DISCOUNT_CODE_DELETE, { id: discountId });
  const errors = data.discountCodeDelete.userErrors.filter((e) => !/not.?found|does not exist/i.test(`${e.code} ${e.message}`));
  if (errors.length) throw fromUserErrors(errors);
}

export async function creditStoreCredit(
  admin: AdminGraphqlClient,
  input: { customerId: string; amountMinor: bigint; currency: string; expiresAt: Date | null },
): Promise<void> {
  const data = await call<StoreCreditResult>(admin, STORE_CREDIT_ACCOUNT_CREDIT, {
    id: gid("Customer", input.customerId),
    creditInput: {
      creditAmount: { amount: formatDecimal(input.amountMinor, input.currency), currencyCode: input.currency },
      ...(input.expiresAt ? { expiresAt: input.expiresAt.toISOString() } : {}),
      notify: true,
    },
  });
  const result = data.storeCreditAccountCredit;
  if (result.userErrors.length || !result.storeCreditAccountTransaction) throw fromUserErrors(result.userErrors);
}
