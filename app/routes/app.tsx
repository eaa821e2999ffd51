// The embedded admin's layout: authenticates every admin page and provides Polaris + App Bridge.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { t } from "../components/admin/i18n";
import { appEnv } from "../config/env.server";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export async function loader({ request }: LoaderFunctionArgs) {
  await authenticate.admin(request);
  const env = appEnv();
  // Outside Shopify admin (the local stand-in) App Bridge comes from the stand-in, which plays
  // the admin; in production it is Shopify's CDN script that the library hard-codes.
  return { apiKey: env.apiKey, appBridgeUrl: env.standinUrl ? `${env.standinUrl}/app-bridge.js` : undefined };
}

export default function App() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <NavMenu>
        <Link to="/app" rel="home">
          {t("nav.home")}
        </Link>
        <Link to="/app/program">{t("nav.program")}</Link>
        <Link to="/app/rewards">{t("nav.rewards")}</Link>
        <Link to="/app/tiers">{t("nav.tiers")}</Link>
        <Link to="/app/campaigns">{t("nav.campaigns")}</Link>
        <Link to="/app/surprise">{t("nav.surprise")}</Link>
        <Link to="/app/customers">{t("nav.customers")}</Link>
        <Link to="/app/activity">{t("nav.activity")}</Link>
        <Link to="/app/settings">{t("nav.settings")}</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so that their headers are included.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
