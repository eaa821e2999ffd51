// Admin GraphQL documents for the app's own installation: app-data metafields that the theme
// extension reads in Liquid (`app.metafields.tally.program`) with no request to the app.
import type * as Admin from "../../types/admin.generated";

export const CURRENT_APP_INSTALLATION = `#graphql
  query CurrentAppInstallation {
    currentAppInstallation { id }
  }
`;

export const SET_APP_METAFIELDS = `#graphql
  mutation SetAppMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key }
      userErrors { field message code }
    }
  }
`;

// Result types are generated from these documents (npm run graphql:codegen).
export type CurrentAppInstallationResult = Admin.CurrentAppInstallationQuery;
export type SetAppMetafieldsResult = Admin.SetAppMetafieldsMutation;
