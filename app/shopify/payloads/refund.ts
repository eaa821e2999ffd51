// refunds/create → NormalizedRefund, in shop-currency minor units. Refund lines name their order
// line by the embedded line item's GID (exact) when present, else by `line_item_id`.
import { z } from "zod";
import { parseMoney } from "../../loyalty/money";
import type { NormalizedRefund } from "../../loyalty/order";
import { PayloadError } from "./errors";
import { amountField, currencyCode, exactId, identified, list, moneyBag, numericId, optText, parsePayload, type ShopAmount, sumIn, wholeNumber } from "./fields";

const refundLineItem = z
  .object({
    line_item_id: z.unknown(),
    line_item: z.object({ admin_graphql_api_id: z.unknown() }).nullish(),
    quantity: wholeNumber,
    subtotal_set: moneyBag,
    total_tax_set: moneyBag.nullish(),
  })
  .transform((item, ctx) => ({ ...item, lineItemId: exactId(item.line_item?.admin_graphql_api_id, item.line_item_id, ctx, ["line_item_id"]) }));

const refundSchema = identified({
  order_id: numericId,
  created_at: optText,
  refund_line_items: list(refundLineItem),
  refund_shipping_lines: list(z.object({ subtotal_amount_set: moneyBag })),
  order_adjustments: list(z.object({ kind: optText, amount_set: moneyBag.nullish() })),
  transactions: list(
    z.object({ kind: optText, status: optText, amount: amountField.nullish(), currency: currencyCode.nullish(), amount_set: moneyBag.nullish() }),
  ),
  total_duties_set: moneyBag.nullish(),
});

type ParsedRefund = z.output<typeof refundSchema>;

/** Every money bag of the refund: the first one tells the shop (and presentment) currency. */
function moneyBags(r: ParsedRefund): ShopAmount[] {
  return [
    ...r.refund_line_items.flatMap((i) => [i.subtotal_set, ...(i.total_tax_set ? [i.total_tax_set] : [])]),
    ...r.refund_shipping_lines.map((s) => s.subtotal_amount_set),
    ...r.order_adjustments.flatMap((a) => (a.amount_set ? [a.amount_set] : [])),
    ...r.transactions.flatMap((t) => (t.amount_set ? [t.amount_set] : [])),
    ...(r.total_duties_set ? [r.total_duties_set] : []),
  ];
}

export function parseRefundPayload(raw: unknown): NormalizedRefund {
  const r = parsePayload(refundSchema, raw, "refund");
  const bags = moneyBags(r);
  const successful = r.transactions.filter((t) => t.kind === "refund" && t.status === "success");
  const currency = bags[0]?.currency ?? successful.find((t) => t.currency)?.currency;
  if (!currency) throw new PayloadError("refund carries no shop currency (no *_set.shop_money amounts)");
  const presentment = bags.find((b) => b.presentmentCurrency)?.presentmentCurrency ?? currency;

  const lines = r.refund_line_items.map((item, i) => ({
    lineItemId: item.lineItemId,
    quantity: item.quantity,
    subtotalMinor: sumIn(currency, [item.subtotal_set], `refund.refund_line_items[${i}].subtotal_set`),
    taxMinor: sumIn(currency, item.total_tax_set ? [item.total_tax_set] : [], `refund.refund_line_items[${i}].total_tax_set`),
  }));

  // Refunded shipping: refund_shipping_lines; payloads without them report it as a
  // "shipping_refund" order adjustment (a negative amount).
  let shippingMinor = r.refund_shipping_lines.reduce(
    (s, l, i) => s + sumIn(currency, [l.subtotal_amount_set], `refund.refund_shipping_lines[${i}].subtotal_amount_set`),
    0n,
  );
  if (r.refund_shipping_lines.length === 0) {
    r.order_adjustments.forEach((a, i) => {
      if (a.kind !== "shipping_refund" || !a.amount_set) return;
      const amount = sumIn(currency, [a.amount_set], `refund.order_adjustments[${i}].amount_set`);
      shippingMinor += amount < 0n ? -amount : amount;
    });
  }

  // Money returned by successful refund transactions (a custom refund amount has nothing else).
  // `amount` is in the transaction's currency (null: the order's presentment currency); it is
  // counted when that is the shop currency, or from `amount_set.shop_money` when Shopify sends it.
  // A bare amount in another currency cannot be converted exactly and is left out.
  let transactionsMinor = 0n;
  r.transactions.forEach((t, i) => {
    if (!successful.includes(t)) return;
    const path = `refund.transactions[${i}]`;
    if (t.amount_set) {
      transactionsMinor += sumIn(currency, [t.amount_set], `${path}.amount_set`);
      return;
    }
    if ((t.currency ?? presentment) !== currency || t.amount === null || t.amount === undefined) return;
    try {
      transactionsMinor += parseMoney(t.amount, currency).minor;
    } catch (error) {
      throw new PayloadError(`${path}.amount ${(error as Error).message}`);
    }
  });

  return { refundId: r.exactId, orderId: r.order_id, createdAt: r.created_at, lines, shippingMinor, transactionsMinor, shopCurrency: currency };
}
