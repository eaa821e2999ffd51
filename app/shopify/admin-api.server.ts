// Calls to a shop's Admin GraphQL API, with Shopify's limits handled in one place:
// - THROTTLED answers are retried after the wait the cost bucket asks for (with a cap);
// - other top-level GraphQL errors and transport failures become a ShopifyApiError;
// - `userErrors` of mutations are returned to the caller, who maps them to stable codes.
import { GraphqlQueryError } from "@shopify/shopify-api";

/** What the library's `admin` object offers (authenticate.admin / unauthenticated.admin). */
export type AdminGraphqlClient = {
  graphql(query: string, options?: { variables?: Record<string, unknown> }): Promise<Response>;
};

export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };

export class ShopifyApiError extends Error {
  override name = "ShopifyApiError";
  constructor(
    readonly code: "throttled" | "graphql_error" | "unavailable",
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }
}

type GraphqlBody<T> = {
  data?: T;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long to wait before the bucket holds `needed` points again. */
export function throttleWaitMs(body: GraphqlBody<unknown>, fallbackMs: number): number {
  const cost = body.extensions?.cost;
  const status = cost?.throttleStatus;
  if (!status || !status.restoreRate) return fallbackMs;
  const needed = (cost.requestedQueryCost ?? 0) - status.currentlyAvailable;
  return Math.max(50, Math.ceil((needed / status.restoreRate) * 1000));
}

export async function adminGraphql<T>(
  admin: AdminGraphqlClient,
  query: string,
  variables: Record<string, unknown> = {},
  options: { maxAttempts?: number; sleep?: (ms: number) => Promise<unknown> } = {},
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    let body: GraphqlBody<T>;
    try {
      const response = await admin.graphql(query, { variables });
      body = (await response.json()) as GraphqlBody<T>;
    } catch (error) {
      if (error instanceof GraphqlQueryError) body = (error.body ?? {}) as GraphqlBody<T>;
      else if (error instanceof Response) throw new ShopifyApiError("unavailable", `Admin API answered ${error.status}`);
      else throw new ShopifyApiError("unavailable", `Admin API request failed: ${(error as Error).message}`);
    }
    const throttled = body.errors?.some((e) => e.extensions?.code === "THROTTLED");
    if (throttled) {
      if (attempt >= maxAttempts) throw new ShopifyApiError("throttled", "Admin API still throttled after retries", body.errors);
      await wait(throttleWaitMs(body, 1000 * attempt));
      continue;
    }
    if (body.errors?.length) {
      throw new ShopifyApiError("graphql_error", body.errors.map((e) => e.message).join("; "), body.errors);
    }
    if (!body.data) throw new ShopifyApiError("graphql_error", "Admin API answered without data");
    return body.data;
  }
}
