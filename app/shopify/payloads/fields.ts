// Small readers for webhook payload fields, each naming the field path in its error.
import { parseMoney } from "../../loyalty/money";
import { PayloadError } from "./errors";

export type Json = Record<string, unknown>;

export function obj(value: unknown, path: string): Json {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new PayloadError(`${path} must be an object`);
  return value as Json;
}

export function arr(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PayloadError(`${path} must be an array`);
  return value;
}

export function optString(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/**
 * An exact Shopify id: from the GID when present (always exact), else from the numeric id
 * (exact only if the body was parsed with parseJsonWithExactIds).
 */
export function shopId(record: Json, path: string, idField = "id"): string {
  const gid = record.admin_graphql_api_id;
  if (typeof gid === "string") {
    const m = /\/(\d+)(\?.*)?$/.exec(gid);
    if (m) return m[1]!;
  }
  const id = record[idField];
  if (typeof id === "string" && /^\d+$/.test(id)) return id;
  if (typeof id === "number" && Number.isSafeInteger(id) && id > 0) return String(id);
  throw new PayloadError(`${path}.${idField} must be a Shopify id`);
}

export function idValue(value: unknown, path: string): string {
  if (typeof value === "string" && /^\d+$/.test(value)) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  throw new PayloadError(`${path} must be a Shopify id`);
}

export function optId(value: unknown): string | null {
  if (typeof value === "string" && /^\d+$/.test(value)) return value;
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  return null;
}

/** Shop-currency amount of a money bag (`*_set.shop_money`), in minor units. */
export function shopMoney(bag: unknown, path: string, currency: string): bigint {
  if (bag === undefined || bag === null) return 0n;
  const shop = obj(obj(bag, path).shop_money, `${path}.shop_money`);
  const amount = shop.amount;
  if (typeof amount !== "string" && typeof amount !== "number") throw new PayloadError(`${path}.shop_money.amount must be an amount`);
  try {
    return parseMoney(amount, typeof shop.currency_code === "string" ? shop.currency_code : currency).minor;
  } catch (error) {
    throw new PayloadError(`${path}.shop_money.amount: ${(error as Error).message}`);
  }
}

export function shopCurrencyOf(bag: unknown, fallback: unknown, path: string): string {
  const code = bag && typeof bag === "object" ? (bag as { shop_money?: { currency_code?: unknown } }).shop_money?.currency_code : undefined;
  const currency = typeof code === "string" ? code : fallback;
  if (typeof currency !== "string" || !/^[A-Z]{3}$/.test(currency)) throw new PayloadError(`${path} must carry the shop currency`);
  return currency;
}
