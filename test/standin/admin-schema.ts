// Shopify's real Admin API schema (2026-10), as shipped in @shopify/dev-mcp. The stand-in validates
// every document against it, so the app can never send a query Shopify would reject.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { buildClientSchema, type GraphQLError, type GraphQLSchema, type IntrospectionQuery, parse, validate } from "graphql";

export const ADMIN_API_VERSION = "2026-10";

let schema: GraphQLSchema | undefined;

export function loadAdminSchema(): GraphQLSchema {
  if (schema) return schema;
  // The package exports no entry point: read the file from its folder in node_modules.
  const file = path.resolve(import.meta.dirname, "../../node_modules/@shopify/dev-mcp/dist/data", `admin_${ADMIN_API_VERSION}.json.gz`);
  const json = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString("utf8")) as { data?: IntrospectionQuery } & IntrospectionQuery;
  schema = buildClientSchema(json.data ?? json);
  return schema;
}

/** The errors Shopify would answer for this document (empty when it is valid). */
export function validateAdminDocument(source: string): readonly GraphQLError[] {
  try {
    return validate(loadAdminSchema(), parse(source));
  } catch (error) {
    return [error as GraphQLError];
  }
}
