import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// The layers' boundaries (docs/architecture.md). Flat config replaces a rule's options per block,
// so every block restates the import-style rule. test/unit/lint/boundaries.test.ts proves each
// one still fires.
const IMPORT_STYLE = { group: ["~/*"], message: "Import with a relative path: the ~/ alias is not used." };
const restrict = (...patterns) => ["error", { patterns: [IMPORT_STYLE, ...patterns] }];
const NO_SERVICES_OR_WEB = {
  group: ["**/services/*", "**/web/*", "**/routes/*", "**/shopify.server"],
  message: "Adapters (app/shopify, app/db, app/lib) import no use-cases, web or route code: pass what they need in.",
};

export default tseslint.config(
  { ignores: ["build/", "node_modules/", ".ci/.node/", "coverage/", "data/", "bench/results/", "**/*.d.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
      "no-restricted-imports": restrict(),
    },
  },
  {
    // The loyalty domain is pure TypeScript: nothing but zod, Node's crypto and itself.
    files: ["app/loyalty/**"],
    rules: {
      "no-restricted-imports": restrict({
        regex: "^(?!zod$|node:crypto$|\\./[^/]+$)",
        message: "app/loyalty imports nothing but zod, node:crypto and app/loyalty itself (no framework, Shopify or database code).",
      }),
    },
  },
  { files: ["app/shopify/**", "app/db/**", "app/db.server.ts", "app/lib/**"], rules: { "no-restricted-imports": restrict(NO_SERVICES_OR_WEB) } },
  {
    files: ["app/services/**"],
    rules: {
      "no-restricted-imports": restrict(
        { group: ["**/web/*", "**/routes/*"], message: "Services import no web or route code: the web layer calls services, not the other way." },
        { group: ["**/shopify.server"], message: "Services receive Admin API access (AdminFor, given at start-up in app/entry.server.tsx), not the Shopify library." },
      ),
    },
  },
  {
    files: ["app/routes/**"],
    rules: {
      "no-restricted-imports": restrict({
        group: ["**/db.server", "**/db/*", "@prisma/*"],
        message: "Routes import no database code: take db from adminContext, handleStorefront or publicContext (app/web).",
      }),
    },
  },
);
