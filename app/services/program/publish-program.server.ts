// Publishes the earn rule to the storefront as an app-data metafield, so the theme extension's
// "Points for this product" block computes "Earn N points" in Liquid with no request to the app
// (docs/storefront-api.md). Called after install and whenever the program settings are saved.
import { currencyExponent } from "../../loyalty/money";
import type { ProgramSettings } from "../../loyalty/program-settings";
import { adminGraphql, type AdminGraphqlClient, ShopifyApiError } from "../../shopify/admin-api.server";
import {
  CURRENT_APP_INSTALLATION,
  type CurrentAppInstallationResult,
  SET_APP_METAFIELDS,
  type SetAppMetafieldsResult,
} from "../../shopify/graphql/app-installation";
import { payload } from "../../shopify/graphql/payload";

export function storefrontProgramRule(settings: ProgramSettings, shopCurrency: string) {
  return {
    enabled: settings.enabled,
    currency: settings.currency,
    earn: { points: settings.earn.pointsPerUnit.points, perAmount: settings.earn.pointsPerUnit.perAmount, rounding: settings.earn.rounding },
    minorExponent: currencyExponent(shopCurrency),
  };
}

export async function publishProgram(admin: AdminGraphqlClient, settings: ProgramSettings, shopCurrency: string): Promise<void> {
  const { currentAppInstallation } = await adminGraphql<CurrentAppInstallationResult>(admin, CURRENT_APP_INSTALLATION);
  const result = await adminGraphql<SetAppMetafieldsResult>(admin, SET_APP_METAFIELDS, {
    metafields: [
      {
        ownerId: currentAppInstallation.id,
        namespace: "tally",
        key: "program",
        type: "json",
        value: JSON.stringify(storefrontProgramRule(settings, shopCurrency)),
      },
    ],
  });
  const { userErrors } = payload(result.metafieldsSet, "metafieldsSet");
  if (userErrors.length) {
    throw new ShopifyApiError("graphql_error", userErrors.map((e) => e.message).join("; "), userErrors);
  }
}
