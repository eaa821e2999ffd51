// zod building blocks for Shopify webhook payloads, and the one place that turns a validation
// failure into a PayloadError naming the field path ("order.line_items[1].quantity ...").
import { z } from "zod";
import { parseMoney } from "../../loyalty/money";
import { PayloadError } from "./errors";

/** Validates `raw` with `schema`; the first problem becomes a PayloadError naming its path under `root`. */
export function parsePayload<S extends z.ZodTypeAny>(schema: S, raw: unknown, root: string): z.output<S> {
  const result = schema.safeParse(raw, { errorMap: readableErrors });
  if (result.success) return result.data as z.output<S>;
  const issue = result.error.issues[0]!;
  throw new PayloadError(`${fieldPath(root, issue.path)} ${issue.message}`);
}

/**
 * "is required" / "must be a string" rather than zod's stock "Required" / "Expected string,
 * received number"; messages a schema sets itself are kept.
 */
const readableErrors: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code !== z.ZodIssueCode.invalid_type) return { message: ctx.defaultError };
  if (ctx.defaultError === "Required") return { message: "is required" };
  if (ctx.defaultError.startsWith("Expected ")) return { message: `must be ${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}` };
  return { message: ctx.defaultError };
};

export function fieldPath(root: string, path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : `${s}.${p}`), root);
}

const UNSAFE_ID = "is above 2^53 and was not parsed exactly (use parseJsonWithExactIds on the raw body)";

/**
 * A numeric Shopify id as a decimal string. A JSON number is accepted only when it is a safe
 * integer: a bigger one has already lost digits, and a wrong id is worse than none.
 */
export const numericId = z.unknown().transform((value, ctx) => exactId(null, value, ctx, []));

/** The numeric tail of `gid://shopify/Order/820982911946154508`, or null when it is not a GID. */
export function gidTail(gid: unknown): string | null {
  if (typeof gid !== "string") return null;
  const match = /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)(\?.*)?$/.exec(gid);
  return match ? match[1]! : null;
}

/** A numeric id already known to be well formed, or null. */
function validId(value: unknown): string | null {
  if (typeof value === "string" && /^\d+$/.test(value)) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  return null;
}

/**
 * The exact id of a record: the GID's number when present (always exact), else `value` (its
 * numeric id). Reports a missing, malformed or rounded id at `path`.
 */
export function exactId(gid: unknown, value: unknown, ctx: z.RefinementCtx, path: Array<string | number>): string {
  const id = gidTail(gid) ?? validId(value);
  if (id) return id;
  const rounded = typeof value === "number" && Number.isInteger(value) && value > 0;
  ctx.addIssue({ code: z.ZodIssueCode.custom, message: rounded ? UNSAFE_ID : "must be a Shopify id", path });
  return z.NEVER;
}

/** `id` is read raw: when the GID is there, a rounded numeric id does no harm. */
export const idFields = { id: z.unknown(), admin_graphql_api_id: z.unknown() };

/** An object with a Shopify id; the output carries `exactId` (from the GID when present). */
export function identified<T extends z.ZodRawShape>(shape: T) {
  return z
    .object({ ...idFields, ...shape })
    .transform((record, ctx) => ({ ...record, exactId: exactId(record.admin_graphql_api_id, record.id, ctx, ["id"]) }));
}

/** Optional text: missing, null and "" are all null. */
export const optText = z
  .string()
  .nullish()
  .transform((v) => (v ? v : null));

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 currency code");
const amountText = z.union([z.string(), z.number()], { message: "must be an amount" });

/** Turns an amount into minor units of `currency`, reporting a bad amount at `path`. */
function toMinor(amount: string | number, currency: string, ctx: z.RefinementCtx, path: Array<string | number>): bigint {
  try {
    return parseMoney(amount, currency).minor;
  } catch (error) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message, path });
    return z.NEVER;
  }
}

export type ShopAmount = { minor: bigint; currency: string; presentmentCurrency: string | null };

/**
 * A money bag (`*_set`). Amounts come from `shop_money`: earning uses the shop currency. The
 * presentment currency is kept only to know what currency a bare transaction amount is in.
 */
export const moneyBag = z
  .object({
    shop_money: z.object({ amount: amountText, currency_code: currencyCode }),
    presentment_money: z.object({ currency_code: z.string().nullish() }).nullish(),
  })
  .transform((bag, ctx): ShopAmount => ({
    minor: toMinor(bag.shop_money.amount, bag.shop_money.currency_code, ctx, ["shop_money", "amount"]),
    currency: bag.shop_money.currency_code,
    presentmentCurrency: bag.presentment_money?.currency_code ?? null,
  }));

/** A bare decimal amount (a transaction's `amount`), checked later against its currency. */
export const amountField = amountText;

/** An array that Shopify may send as null or leave out: both read as empty. */
export const list = <T extends z.ZodTypeAny>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

export const wholeNumber = z.number({ message: "must be a whole number" }).int("must be a whole number").min(0, "must be a whole number");

/** Checks that every money bag of a payload is in one shop currency and sums them. */
export function sumIn(currency: string, amounts: ShopAmount[], path: string): bigint {
  let sum = 0n;
  for (const a of amounts) {
    if (a.currency !== currency) throw new PayloadError(`${path} is in ${a.currency}, not the shop currency ${currency}`);
    sum += a.minor;
  }
  return sum;
}
