// Admin GraphQL documents for the app's own installation: app-data metafields that the theme
// extension reads in Liquid (`app.metafields.tally.program`) with no request to the app.

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

export type CurrentAppInstallationResult = { currentAppInstallation: { id: string } };
export type SetAppMetafieldsResult = {
  metafieldsSet: { metafields: Array<{ key: string }> | null; userErrors: Array<{ field: string[] | null; message: string; code: string | null }> };
};
