// Runs once per integration project. SQLite: migrate one template database that every test file
// copies. PostgreSQL: prove the server is there (CI must have it; a developer without it was
// already warned by vitest.config.ts and this project is not run).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "../../app/db/migrate";
import { postgresReachable, TEST_POSTGRES_URL } from "./postgres";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const provider = project.config.env.TEST_DB_PROVIDER;
  if (provider === "postgresql") {
    if (!(await postgresReachable())) {
      throw new Error(`PostgreSQL is not reachable at ${TEST_POSTGRES_URL}; integration:postgresql cannot run`);
    }
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-sqlite-"));
  const template = path.join(dir, "template.sqlite");
  await migrate({ provider: "sqlite", file: template });
  project.provide("sqliteTemplate", template);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
