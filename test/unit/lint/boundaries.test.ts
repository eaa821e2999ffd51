// The layer boundaries in eslint.config.js, run through ESLint's Node API on small snippets, so a
// rule that stops matching (a renamed folder, a changed option) fails here rather than silently.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

const cases: Array<{ file: string; refused: string[]; allowed: string[] }> = [
  {
    file: "app/loyalty/probe.ts",
    refused: ["@remix-run/node", "@shopify/shopify-api", "@prisma/client", "../db.server", "../db/client", "../services/shops.server", "../shopify/api-version", "node:fs"],
    allowed: ["zod", "./money", "node:crypto"],
  },
  {
    file: "app/shopify/probe.server.ts",
    refused: ["../services/shops.server", "../services/storefront/member-view.server", "../web/admin/admin-context.server", "../routes/app"],
    allowed: ["../loyalty/money", "../lib/ttl-cache", "./api-version"],
  },
  {
    file: "app/db/probe.ts",
    refused: ["../services/jobs/background.server", "../web/public-context.server"],
    allowed: ["./client", "pg"],
  },
  {
    file: "app/lib/probe.ts",
    refused: ["../services/shops.server", "../web/storefront/proxy-context.server"],
    allowed: ["./ttl-cache"],
  },
  {
    file: "app/services/probe/probe.server.ts",
    refused: ["../../web/admin/form-result.server", "../../routes/app", "../../shopify.server"],
    allowed: ["../../db/client", "../shops.server", "../../lib/rate-limit"],
  },
  {
    file: "app/routes/probe.tsx",
    refused: ["../db.server", "../db/client", "@prisma/client", "@prisma/client/runtime/library"],
    allowed: ["../web/public-context.server", "../services/shops.server", "@remix-run/node"],
  },
  { file: "app/services/probe.server.ts", refused: ["~/db.server"], allowed: ["../db.server"] },
  { file: "test/unit/probe.test.ts", refused: ["~/loyalty/money"], allowed: ["../../app/loyalty/money"] },
];

describe("lint boundaries (eslint.config.js)", () => {
  for (const { file, refused, allowed } of cases) {
    for (const source of refused) {
      it(`${file} may not import ${source}`, async () => {
        expect(await restrictedImports(file, `import * as m from "${source}";\nexport default m;\n`)).toHaveLength(1);
      });
    }
    it(`${file} may import ${allowed.join(", ")}`, async () => {
      const code = allowed.map((s, i) => `import * as m${i} from "${s}";\n`).join("") + `export default [${allowed.map((_, i) => `m${i}`).join(", ")}];\n`;
      expect(await restrictedImports(file, code)).toEqual([]);
    });
  }
});
