// Earn rules by collection or product tag need product data the order webhook lacks. These
// helpers say when it is needed and fill it into the normalized order.
import type { NormalizedOrder } from "../../loyalty/order";
import type { ProgramSettings } from "../../loyalty/program-settings";

export type ProductInfo = { tags: string[]; collectionIds: string[] };
/** Looks up products of one shop (the Admin API in the app; the stand-in in tests). */
export type ProductInfoSource = (productIds: string[]) => Promise<Map<string, ProductInfo>>;

export function needsProductInfo(settings: ProgramSettings): boolean {
  const { exclusions, multipliers } = settings.earn;
  return exclusions.collectionIds.length > 0 || exclusions.productTags.length > 0 || Object.keys(multipliers.collectionIds).length > 0;
}

export function withProductInfo(order: NormalizedOrder, info: Map<string, ProductInfo>): NormalizedOrder {
  return {
    ...order,
    lines: order.lines.map((line) => {
      const product = line.productId ? info.get(line.productId) : undefined;
      return product ? { ...line, productTags: product.tags, collectionIds: product.collectionIds } : line;
    }),
  };
}
