// The committed result types in app/types/ are exactly what codegen makes from today's documents
// and Shopify's 2026-10 schema: a document edited without `npm run graphql:codegen` fails here.
import fs from "node:fs";
import path from "node:path";
import { generate } from "@graphql-codegen/cli";
import { describe, expect, it } from "vitest";
import { adminCodegenProject } from "../../../graphql.config";

const root = path.resolve(import.meta.dirname, "../../..");

describe("generated Admin GraphQL types", () => {
  it("match the documents in app/shopify/graphql/ (run `npm run graphql:codegen` when this fails)", { timeout: 120_000 }, async () => {
    const project = adminCodegenProject();
    const { generates, pluckConfig } = project.extensions.codegen;
    const outputs: Array<{ filename: string; content: string }> = await generate({ cwd: root, schema: project.schema, documents: project.documents, pluckConfig, generates, silent: true }, false);
    expect(outputs.map((o) => path.normalize(o.filename)).sort()).toEqual(["app/types/admin.generated.d.ts", "app/types/admin.types.d.ts"]);
    for (const output of outputs) {
      const committed = fs.readFileSync(path.join(root, output.filename), "utf8");
      // A readable failure: the first differing line, not a 4 MB diff.
      const [generated, stored] = [output.content.split("\n"), committed.split("\n")];
      const differing = generated.findIndex((text, i) => text !== stored[i]);
      const line = committed === output.content ? -1 : differing >= 0 ? differing : generated.length;
      expect({ file: output.filename, firstDifferingLine: line, generated: generated[line] }).toEqual({ file: output.filename, firstDifferingLine: -1, generated: undefined });
    }
  });
});
