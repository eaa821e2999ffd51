// Every GraphQL document the app can send is validated against Shopify's real Admin schema
// (2026-10, from @shopify/dev-mcp), so the app never sends a query Shopify would reject.
// Documents live in app/shopify/graphql/ only; this test also keeps it that way.
import fs from "node:fs";
import path from "node:path";
import { parse } from "graphql";
import { describe, expect, it } from "vitest";
import { validateAdminDocument } from "../../standin/admin-schema";

const root = path.resolve(import.meta.dirname, "../../..");
const graphqlDir = path.join(root, "app/shopify/graphql");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

async function documents(): Promise<Array<{ name: string; source: string }>> {
  const found: Array<{ name: string; source: string }> = [];
  for (const file of sourceFiles(graphqlDir)) {
    const module = (await import(file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === "string" && value.trimStart().startsWith("#graphql")) {
        found.push({ name: `${path.relative(root, file)}#${name}`, source: value });
      }
    }
  }
  return found;
}

describe("Admin GraphQL documents", () => {
  it("are all valid against the 2026-10 Admin schema", async () => {
    const docs = await documents();
    expect(docs.length).toBeGreaterThanOrEqual(8);
    for (const doc of docs) {
      const errors = validateAdminDocument(doc.source).map((e) => e.message);
      expect({ doc: doc.name, errors }).toEqual({ doc: doc.name, errors: [] });
    }
  });

  it("name every operation, so Shopify's logs and the stand-in's cost report say what ran", async () => {
    for (const doc of await documents()) {
      const operations = parse(doc.source).definitions.filter((d) => d.kind === "OperationDefinition");
      expect(operations.map((o) => ("name" in o ? o.name?.value : undefined)).every(Boolean), doc.name).toBe(true);
    }
  });

  it("live only in app/shopify/graphql/", () => {
    const stray = sourceFiles(path.join(root, "app"))
      .filter((file) => !file.startsWith(graphqlDir))
      .filter((file) => fs.readFileSync(file, "utf8").includes("`#graphql"));
    expect(stray.map((f) => path.relative(root, f))).toEqual([]);
  });

  it("the validator rejects what Shopify would reject", () => {
    expect(validateAdminDocument("query { shop { name notAField } }").length).toBeGreaterThan(0);
  });
});
