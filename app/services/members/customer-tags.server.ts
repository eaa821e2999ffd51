// The customer's Shopify tags, kept on the member from the customers/create and customers/update
// webhooks (lower-cased; Shopify tags compare case-insensitively), for segments such as
// surprise points by tag.
import type { DbTx } from "../../db/client";

export const normalizeTags = (tags: readonly string[]) => [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort();

export const tagsOf = (stored: string | null): string[] => (stored ? (JSON.parse(stored) as string[]) : []);

/**
 * Stores the tags (and the normalized default address, for the referral self-referral check) of
 * an existing, not redacted member (a webhook never creates a member here).
 */
export async function recordCustomerTags(tx: DbTx, shopId: string, customerId: string, tags: readonly string[], addressKey?: string | null) {
  await tx.member.updateMany({
    where: { shopId, customerId, redactedAt: null },
    data: { shopifyTags: JSON.stringify(normalizeTags(tags)), ...(addressKey !== undefined ? { addressKey } : {}) },
  });
}
