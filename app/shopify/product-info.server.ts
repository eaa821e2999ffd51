// Product tags and collections for earn rules (exclusions and multipliers by collection or tag):
// order webhooks name the product but not its collections or tags.
import { adminGraphql, type AdminGraphqlClient } from "./admin-api.server";
import { PRODUCTS_FOR_EARNING, PRODUCTS_PER_QUERY, type ProductsForEarningResult } from "./graphql/products";

export type ProductEarnInfo = { tags: string[]; collectionIds: string[] };

const legacy = (gid: string) => gid.slice(gid.lastIndexOf("/") + 1);

export async function fetchProductEarnInfo(admin: AdminGraphqlClient, productIds: string[]): Promise<Map<string, ProductEarnInfo>> {
  const info = new Map<string, ProductEarnInfo>();
  const unique = [...new Set(productIds)];
  for (let i = 0; i < unique.length; i += PRODUCTS_PER_QUERY) {
    const ids = unique.slice(i, i + PRODUCTS_PER_QUERY).map((id) => `gid://shopify/Product/${id}`);
    const data = await adminGraphql<ProductsForEarningResult>(admin, PRODUCTS_FOR_EARNING, { ids });
    for (const node of data.nodes) {
      if (node) info.set(legacy(node.id), { tags: node.tags, collectionIds: node.collections.nodes.map((c) => legacy(c.id)) });
    }
  }
  return info;
}
