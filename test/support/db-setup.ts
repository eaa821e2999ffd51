// Runs before each integration test file, before the app's modules are imported: points
// DATABASE_URL at a fresh database of its own (a copy of the migrated SQLite template, or a new
// migrated PostgreSQL schema) and removes it afterwards.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { migrate } from "../../app/db/migrate";
import { dropSchema, postgresUrlWithSchema, uniqueSchemaName } from "./postgres";

const provider = process.env.TEST_DB_PROVIDER;

if (provider === "postgresql") {
  const schema = uniqueSchemaName();
  process.env.DATABASE_URL = postgresUrlWithSchema(schema);
  await migrate({ provider: "postgresql", connectionString: postgresUrlWithSchema("public").replace(/\?.*$/, ""), schema });
  afterAll(async () => {
    await globalThis.__tallyDb?.close();
    await dropSchema(schema);
  });
} else {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tally-test-"));
  const file = path.join(dir, "test.sqlite");
  fs.copyFileSync(inject("sqliteTemplate"), file);
  process.env.DATABASE_URL = `file:${file}`;
  afterAll(async () => {
    await globalThis.__tallyDb?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
}
