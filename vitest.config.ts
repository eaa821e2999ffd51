import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig, type TestProjectInlineConfiguration, type ViteUserConfig } from "vitest/config";
import { postgresReachable, TEST_POSTGRES_URL } from "./test/support/postgres";

// Projects:
//  unit         pure modules and the Shopify stand-in; no database
//  integration  the same files twice: on a fresh SQLite file and on a fresh PostgreSQL schema per
//               test file (test/support/db-setup.ts)
//  e2e          the built app served for real, driven over HTTP and in Chromium
const integration = (provider: "sqlite" | "postgresql"): TestProjectInlineConfiguration => ({
  extends: true,
  test: {
    name: `integration:${provider}`,
    include: ["test/integration/**/*.test.ts"],
    // *.postgresql.test.ts: behaviour only PostgreSQL has (several workers with SKIP LOCKED).
    exclude: provider === "sqlite" ? ["test/integration/**/*.postgresql.test.ts"] : [],
    env: { TEST_DB_PROVIDER: provider },
    globalSetup: ["test/support/db-global-setup.ts"],
    setupFiles: ["test/support/fail-on-console-error.ts", "test/support/db-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const withPostgres = process.env.CI === "true" || (await postgresReachable());
  if (!withPostgres) {
    console.warn(
      `\n⚠ PostgreSQL is not reachable at ${TEST_POSTGRES_URL}: the integration:postgresql project is SKIPPED.` +
        `\n  (With CI=true this is a failure instead.) Set TEST_POSTGRES_URL to use another server.\n`,
    );
  }
  return {
    plugins: [tsconfigPaths()],
    test: {
      // TALLY_MODE=demo: the tests use the development credentials and the stand-in (README).
      env: { NODE_ENV: "test", TALLY_MODE: "demo" },
      reporters: ["default", "./test/support/summary-reporter.ts"],
      projects: [
        {
          extends: true as const,
          test: {
            name: "unit",
            include: ["test/unit/**/*.test.ts", "test/standin/**/*.test.ts"],
            setupFiles: ["test/support/fail-on-console-error.ts"],
            testTimeout: 30_000,
          },
        },
        integration("sqlite"),
        ...(withPostgres ? [integration("postgresql")] : []),
        {
          extends: true as const,
          test: {
            name: "e2e",
            include: ["test/e2e/**/*.test.ts"],
            globalSetup: ["test/support/e2e-global-setup.ts"],
            setupFiles: ["test/support/fail-on-console-error.ts"],
            testTimeout: 120_000,
            hookTimeout: 180_000,
            poolOptions: { forks: { singleFork: true } },
          },
        },
      ],
    },
  };
});
