// The one place the Admin API version is named. Webhook subscriptions in shopify.app.toml and
// the local stand-in use the same version; a test checks they agree.
import { ApiVersion } from "@shopify/shopify-api";

export const SHOPIFY_API_VERSION = ApiVersion.October26;
