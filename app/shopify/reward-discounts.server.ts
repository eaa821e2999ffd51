// Turning a redemption into something Shopify honours at checkout: a single-use discount code
// restricted to the customer, or store credit. Shopify's userErrors become stable error codes.
import { formatDecimal, parseMoney } from "../loyalty/money";
import type { RedemptionQuote, Reward } from "../loyalty/rewards";
import { adminGraphql, type AdminGraphqlClient, ShopifyApiError } from "./admin-api.server";
import {
  DISCOUNT_CODE_BASIC_CREATE,
  DISCOUNT_CODE_DEACTIVATE,
  DISCOUNT_CODE_DELETE,
  DISCOUNT_CODE_FREE_SHIPPING_CREATE,
  DISCOUNT_NODE_BY_CODE,
  DISCOUNT_USAGE,
  type DiscountBasicCreateResult,
  type DiscountFreeShippingCreateResult,
  type DiscountDeactivateResult,
  type DiscountDeleteResult,
  type DiscountNodeByCodeResult,
  type DiscountUsageResult,
  STORE_CREDIT_ACCOUNT_CREDIT,
  STORE_CREDIT_TRANSACTIONS,
  type StoreCreditResult,
  type StoreCreditTransactionsResult,
  type UserError,
  VARIANT_PRICE,
  type VariantPriceResult,
} from "./graphql/discounts";
import { payload } from "./graphql/payload";

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

/**
 * A failure after which Shopify may have done what was asked: the connection dropped, a timeout, a
 * 5xx or a top-level GraphQL error, or anything that is not a clear answer. Only a userError (or a
 * THROTTLED refusal, which is retried) says for certain that nothing was written.
 */
export function isAmbiguousFailure(error: unknown): boolean {
  return !(error instanceof RewardIssueError) || error.code === "shopify_unavailable";
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

/** An Admin API call whose transport failures are the reward's `shopify_unavailable`. */
export async function callForReward<T>(admin: AdminGraphqlClient, query: string, variables: Record<string, unknown>): Promise<T> {
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
  /** free_product: the variant's price now; the code takes exactly this much off, once. */
  unitPriceMinor?: bigint;
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
  if (reward.type === "free_product") {
    // One unit free: the amount of one unit off the variant, once per order (appliesOnEachItem
    // false spreads it over the entitled units). A 100% value would make every unit free.
    if (input.unitPriceMinor === undefined) throw new Error("a free product code needs the variant's price");
    const items = { products: { productVariantsToAdd: [gid("ProductVariant", String(reward.config.variantId))] } };
    const value = { discountAmount: { amount: formatDecimal(input.unitPriceMinor, currency), appliesOnEachItem: false } };
    return { kind: "basic" as const, input: { ...common, customerGets: { value, items } } };
  }
  const items = reward.collectionIds.length ? { collections: { add: reward.collectionIds.map((id) => gid("Collection", id)) } } : { all: true };
  const value =
    quote.valueMinor !== null
      ? { discountAmount: { amount: formatDecimal(quote.valueMinor, currency), appliesOnEachItem: false } }
      : { percentage: (quote.percentage ?? 100) / 100 };
  return { kind: "basic" as const, input: { ...common, customerGets: { value, items } } };
}

/** The variant's current price, for a free product code. */
async function variantUnitPrice(admin: AdminGraphqlClient, variantId: string, currency: string): Promise<bigint> {
  const data = await callForReward<VariantPriceResult>(admin, VARIANT_PRICE, { id: gid("ProductVariant", variantId) });
  if (!data.productVariant) throw new RewardIssueError("invalid_reward", `The product variant ${variantId} no longer exists.`);
  return parseMoney(data.productVariant.price, currency).minor;
}

export async function createRewardDiscount(admin: AdminGraphqlClient, input: IssueCodeInput): Promise<{ discountId: string }> {
  const unitPriceMinor =
    input.reward.type === "free_product" ? await variantUnitPrice(admin, String(input.reward.config.variantId), input.currency) : undefined;
  const { kind, input: discount } = discountInput({ ...input, unitPriceMinor });
  if (kind === "free_shipping") {
    const data = await callForReward<DiscountFreeShippingCreateResult>(admin, DISCOUNT_CODE_FREE_SHIPPING_CREATE, { input: discount });
    const result = payload(data.discountCodeFreeShippingCreate, "discountCodeFreeShippingCreate");
    if (result.userErrors.length || !result.codeDiscountNode) throw fromUserErrors(result.userErrors);
    return { discountId: result.codeDiscountNode.id };
  }
  const data = await callForReward<DiscountBasicCreateResult>(admin, DISCOUNT_CODE_BASIC_CREATE, { input: discount });
  const result = payload(data.discountCodeBasicCreate, "discountCodeBasicCreate");
  if (result.userErrors.length || !result.codeDiscountNode) throw fromUserErrors(result.userErrors);
  return { discountId: result.codeDiscountNode.id };
}

export type RewardDiscountState = { discountId: string; usageCount: number };

// An app discount (DiscountCodeApp) has no usage count: counted as unused, as before.
const usageOf = (node: NonNullable<DiscountUsageResult["codeDiscountNode"]>): RewardDiscountState => ({
  discountId: node.id,
  usageCount: "asyncUsageCount" in node.codeDiscount ? node.codeDiscount.asyncUsageCount : 0,
});

/** The discount with this code, if Shopify has one, and how many orders used it. */
export async function findRewardDiscount(admin: AdminGraphqlClient, code: string): Promise<RewardDiscountState | null> {
  const data = await callForReward<DiscountNodeByCodeResult>(admin, DISCOUNT_NODE_BY_CODE, { code });
  return data.codeDiscountNodeByCode ? usageOf(data.codeDiscountNodeByCode) : null;
}

/** How many orders used the discount; null when it no longer exists. */
export async function rewardDiscountUsage(admin: AdminGraphqlClient, discountId: string): Promise<number | null> {
  const data = await callForReward<DiscountUsageResult>(admin, DISCOUNT_USAGE, { id: discountId });
  return data.codeDiscountNode ? usageOf(data.codeDiscountNode).usageCount : null;
}

/** Ends the discount now (no new order can use it); one that is already gone counts as ended. */
export async function deactivateRewardDiscount(admin: AdminGraphqlClient, discountId: string): Promise<void> {
  const data = await callForReward<DiscountDeactivateResult>(admin, DISCOUNT_CODE_DEACTIVATE, { id: discountId });
  const errors = payload(data.discountCodeDeactivate, "discountCodeDeactivate").userErrors.filter((e) => !/not.?found|does not exist/i.test(`${e.code} ${e.message}`));
  if (errors.length) throw fromUserErrors(errors);
}

/** Deletes a reward's discount; one that is already gone counts as deleted. */
export async function deleteRewardDiscount(admin: AdminGraphqlClient, discountId: string): Promise<void> {
  const data = await callForReward<DiscountDeleteResult>(admin, DISCOUNT_CODE_DELETE, { id: discountId });
  const errors = payload(data.discountCodeDelete, "discountCodeDelete").userErrors.filter((e) => !/not.?found|does not exist/i.test(`${e.code} ${e.message}`));
  if (errors.length) throw fromUserErrors(errors);
}

export async function creditStoreCredit(
  admin: AdminGraphqlClient,
  input: { customerId: string; amountMinor: bigint; currency: string; expiresAt: Date | null },
): Promise<{ transactionId: string | null }> {
  const data = await callForReward<StoreCreditResult>(admin, STORE_CREDIT_ACCOUNT_CREDIT, {
    id: gid("Customer", input.customerId),
    creditInput: {
      creditAmount: { amount: formatDecimal(input.amountMinor, input.currency), currencyCode: input.currency },
      ...(input.expiresAt ? { expiresAt: input.expiresAt.toISOString() } : {}),
      notify: true,
    },
  });
  const result = payload(data.storeCreditAccountCredit, "storeCreditAccountCredit");
  if (result.userErrors.length || !result.storeCreditAccountTransaction) throw fromUserErrors(result.userErrors);
  return { transactionId: result.storeCreditAccountTransaction.id ?? null };
}

/** Clock difference between Shopify and the app tolerated when matching a credit by its time. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The credit a redemption asked for, if Shopify made it: a credit (ADJUSTMENT) of exactly this
 * amount and currency, made after the redemption was created, not already claimed by another
 * redemption (`claimed`: transaction ids the shop's other redemptions were issued as).
 */
export async function findStoreCredit(
  admin: AdminGraphqlClient,
  input: { customerId: string; amountMinor: bigint; currency: string; since: Date; claimed: ReadonlySet<string> },
): Promise<{ transactionId: string } | null> {
  const data = await callForReward<StoreCreditTransactionsResult>(admin, STORE_CREDIT_TRANSACTIONS, { id: gid("Customer", input.customerId) });
  const since = input.since.getTime() - CLOCK_SKEW_MS;
  for (const account of data.customer?.storeCreditAccounts.nodes ?? []) {
    for (const t of account.transactions.nodes) {
      if (t.__typename !== "StoreCreditAccountCreditTransaction" || !t.id || t.event !== "ADJUSTMENT") continue;
      if (t.amount.currencyCode !== input.currency || parseMoney(t.amount.amount, input.currency).minor !== input.amountMinor) continue;
      if (new Date(t.createdAt).getTime() < since || input.claimed.has(t.id)) continue;
      return { transactionId: t.id };
    }
  }
  return null;
}
