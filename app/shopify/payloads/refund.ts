// refunds/create → NormalizedRefund (shop-currency amounts). Refund lines name their order line
// by the line's GID (exact) when the payload embeds it.
import type { NormalizedRefund } from "../../loyalty/order";
import { PayloadError } from "./errors";
import { arr, idValue, type Json, obj, optString, shopCurrencyOf, shopId, shopMoney } from "./fields";

export function parseRefundPayload(raw: unknown): NormalizedRefund {
  const r = obj(raw, "refund");
  const refundId = shopId(r, "refund");
  const orderId = idValue(r.order_id, "refund.order_id");
  const items = arr(r.refund_line_items, "refund.refund_line_items").map((v, i) => obj(v, `refund.refund_line_items[${i}]`));
  const transactions = arr(r.transactions, "refund.transactions").map((v, i) => obj(v, `refund.transactions[${i}]`));
  const currency = shopCurrencyOf(
    items[0]?.subtotal_set ?? r.total_duties_set,
    transactions[0]?.currency ?? (r.currency as unknown),
    "refund (shop currency)",
  );
  const lines = items.map((item, i) => {
    const path = `refund.refund_line_items[${i}]`;
    const embedded = item.line_item && typeof item.line_item === "object" ? (item.line_item as Json) : null;
    const quantity = item.quantity;
    if (typeof quantity !== "number" || !Number.isInteger(quantity) || quantity < 0) throw new PayloadError(`${path}.quantity must be a whole number`);
    return {
      lineItemId: embedded ? shopId(embedded, `${path}.line_item`) : idValue(item.line_item_id, `${path}.line_item_id`),
      quantity,
      subtotalMinor: shopMoney(item.subtotal_set, `${path}.subtotal_set`, currency),
      taxMinor: shopMoney(item.total_tax_set, `${path}.total_tax_set`, currency),
    };
  });
  const shippingMinor = arr(r.refund_shipping_lines, "refund.refund_shipping_lines").reduce<bigint>((s, v, i) => {
    const line = obj(v, `refund.refund_shipping_lines[${i}]`);
    return s + shopMoney(line.subtotal_amount_set, `refund.refund_shipping_lines[${i}].subtotal_amount_set`, currency);
  }, 0n);
  // Successful refund transactions: the money returned, e.g. a custom amount without lines.
  // Their `amount` is in the presentment currency; only same-currency amounts are counted.
  const transactionsMinor = transactions
    .filter((t) => t.kind === "refund" && t.status === "success" && (t.currency === undefined || t.currency === currency))
    .reduce<bigint>((s, t, i) => {
      const amount = t.amount;
      if (typeof amount !== "string" && typeof amount !== "number") throw new PayloadError(`refund.transactions[${i}].amount must be an amount`);
      return s + shopMoney({ shop_money: { amount, currency_code: currency } }, `refund.transactions[${i}]`, currency);
    }, 0n);
  return { refundId, orderId, createdAt: optString(r.created_at), lines, shippingMinor, transactionsMinor, shopCurrency: currency };
}
