// The PostgreSQL schema is generated from the SQLite one, and every schema change needs a
// migration for both providers. These fail when someone forgets either step.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readMigrations } from "../../../app/db/migrate";
import { postgresSchemaFrom } from "../../../prisma/schema-variants";

const root = path.resolve(import.meta.dirname, "../../..");
const read = (p: string) => fs.readFileSync(path.join(root, p), "utf8");

function latestSnapshot(provider: string): string {
  const dir = path.join(root, "prisma/migrations", provider);
  const latest = fs.readdirSync(dir).sort().at(-1)!;
  return fs.readFileSync(path.join(dir, latest, "schema.prisma"), "utf8");
}

describe("prisma schemas and migrations", () => {
  it("keeps prisma/postgresql/schema.prisma generated from prisma/schema.prisma", () => {
    expect(read("prisma/postgresql/schema.prisma")).toBe(postgresSchemaFrom(read("prisma/schema.prisma")));
  });

  it("has a migration for the current schema on both providers", () => {
    expect(latestSnapshot("sqlite")).toBe(read("prisma/schema.prisma"));
    expect(latestSnapshot("postgresql")).toBe(read("prisma/postgresql/schema.prisma"));
  });

  it("has the same migrations, in the same order, for both providers", () => {
    const names = (p: "sqlite" | "postgresql") => readMigrations(p, path.join(root, "prisma/migrations")).map((m) => m.name);
    expect(names("postgresql")).toEqual(names("sqlite"));
  });
});
