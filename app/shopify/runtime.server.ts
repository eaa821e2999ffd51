// Sets up @shopify/shopify-api's runtime once, before anything uses it: the Web API adapter
// (Remix speaks Request/Response), then, in the demo and tests, the redirect of Admin API calls
// to the local stand-in. Every module that touches the library imports this first.
import "@shopify/shopify-api/adapters/web-api";
import "@shopify/shopify-app-remix/adapters/node";
import { appEnv } from "../config/env.server";
import { redirectShopifyCallsTo } from "./standin-fetch.server";

const { standinUrl } = appEnv();
if (standinUrl) redirectShopifyCallsTo(standinUrl);

export const shopifyRuntimeReady = true;
