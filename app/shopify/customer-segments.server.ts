// The shop's "no orders yet" customer segment, which referral welcome codes are restricted to, so
// Shopify's checkout itself refuses the code to anyone who has ordered before. Found by its name
// (segment names are unique in a shop) or created once; remembered per shop for ten minutes.
import type { AdminGraphqlClient } from "./admin-api.server";
import { payload } from "./graphql/payload";
import { SEGMENT_BY_NAME, SEGMENT_CREATE, type SegmentByNameResult, type SegmentCreateResult } from "./graphql/segments";
import { callForReward, RewardIssueError } from "./reward-discounts.server";

export const NEW_CUSTOMER_SEGMENT = { name: "Tally Rewards: customers with no orders", query: "number_of_orders = 0" } as const;

const TTL_MS = 10 * 60_000;
const known = new Map<string, { id: string; until: number }>();

async function lookUp(admin: AdminGraphqlClient): Promise<string | null> {
  const data = await callForReward<SegmentByNameResult>(admin, SEGMENT_BY_NAME, { query: `name:'${NEW_CUSTOMER_SEGMENT.name}'` });
  return data.segments.nodes.find((s) => s.name === NEW_CUSTOMER_SEGMENT.name)?.id ?? null;
}

/** The segment's id, creating the segment when the shop has none. */
export async function newCustomerSegmentId(admin: AdminGraphqlClient, shopKey: string, now = Date.now()): Promise<string> {
  const cached = known.get(shopKey);
  if (cached && cached.until > now) return cached.id;
  let id = await lookUp(admin);
  if (!id) {
    const data = await callForReward<SegmentCreateResult>(admin, SEGMENT_CREATE, { ...NEW_CUSTOMER_SEGMENT });
    const created = payload(data.segmentCreate, "segmentCreate");
    id = created.segment?.id ?? null;
    // Another request may have created it a moment ago (names are unique): look again.
    if (!id) id = await lookUp(admin);
    if (!id) throw new RewardIssueError("shopify_rejected", created.userErrors.map((e) => e.message).join("; ") || "segment not created");
  }
  known.set(shopKey, { id, until: now + TTL_MS });
  return id;
}

/** Forgets a shop's segment (Shopify refused it: the merchant may have deleted it). */
export function forgetNewCustomerSegment(shopKey: string): void {
  known.delete(shopKey);
}
