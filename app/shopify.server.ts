// Configures the Shopify app library once; everything Shopify-authenticated goes through here.
import "./shopify/runtime.server";
import { AppDistribution, LogSeverity, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { appEnv } from "./config/env.server";
import { db } from "./db.server";
import { SHOPIFY_API_VERSION } from "./shopify/api-version";
import { CachedSessionStorage } from "./shopify/cached-session-storage.server";
import { installShop } from "./services/shops/install-shop.server";

const env = appEnv();

const shopify = shopifyApp({
  apiKey: env.apiKey,
  apiSecretKey: env.apiSecret,
  apiVersion: SHOPIFY_API_VERSION,
  scopes: env.scopes,
  appUrl: env.appUrl,
  authPathPrefix: "/auth",
  sessionStorage: new CachedSessionStorage(new PrismaSessionStorage(db)),
  distribution: AppDistribution.AppStore,
  isEmbeddedApp: true,
  future: { unstable_newEmbeddedAuthStrategy: true },
  // The library logs every request at INFO; at storefront traffic that is a synchronous write per
  // request. Warnings and errors only (SHOPIFY_LOG_LEVEL=info to see the flow when debugging).
  logger: { level: process.env.SHOPIFY_LOG_LEVEL === "info" ? LogSeverity.Info : LogSeverity.Warning },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await installShop(db, session.shop, admin);
    },
  },
});

export default shopify;
export const apiVersion = SHOPIFY_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
