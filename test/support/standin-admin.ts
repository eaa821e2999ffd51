// An Admin API client for the stand-in, shaped like the library's `admin` object, for tests
// that call the app's services directly (no Remix server).
import type { AdminGraphqlClient } from "../../app/shopify/admin-api.server";
import type { Standin } from "../standin/index";

export function standinAdmin(standin: Standin, shopDomain: string): AdminGraphqlClient {
  const { accessToken } = standin.installApp(shopDomain);
  return {
    graphql: async (query, options) => {
      const response = await fetch(`${standin.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Forwarded-Host": shopDomain },
        body: JSON.stringify({ query, variables: options?.variables ?? {} }),
      });
      // Like the library: HTTP errors are thrown, GraphQL errors come back in the body.
      if (!response.ok) throw new Response(await response.text(), { status: response.status });
      return response;
    },
  };
}
