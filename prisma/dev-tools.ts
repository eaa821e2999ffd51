// Developer tooling for the two-provider Prisma setup. Runs offline: no engine downloads.
//   tsx prisma/dev-tools.ts generate          write prisma/postgresql/schema.prisma, generate both clients
//   tsx prisma/dev-tools.ts migration <name>  add a migration for both providers (schema snapshot diff)
//   tsx prisma/dev-tools.ts check             fail if the PostgreSQL schema or migrations are stale
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { postgresSchemaFrom } from "./schema-variants";

const root = path.resolve(import.meta.dirname, "..");
const sqliteSchema = path.join(root, "prisma/schema.prisma");
const postgresSchema = path.join(root, "prisma/postgresql/schema.prisma");
const migrationsDir = (provider: string) => path.join(root, "prisma/migrations", provider);

// The CLI probes for native engines at start-up; pointing these at an existing file stops the
// download attempt. The real work is done by the WebAssembly engines (prisma.config.ts).
const prismaEnv = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? sqliteSchema,
  PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? sqliteSchema,
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
  CHECKPOINT_DISABLE: "1",
};

function prisma(args: string[]): string {
  const bin = path.join(root, "node_modules/prisma/build/index.js");
  return execFileSync(process.execPath, [bin, ...args, "--config", path.join(root, "prisma/prisma.config.ts")], {
    env: prismaEnv,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function writePostgresSchema(): void {
  fs.mkdirSync(path.dirname(postgresSchema), { recursive: true });
  fs.writeFileSync(postgresSchema, postgresSchemaFrom(fs.readFileSync(sqliteSchema, "utf8")));
}

function generate(): void {
  writePostgresSchema();
  prisma(["generate", "--schema", sqliteSchema]);
  prisma(["generate", "--schema", postgresSchema]);
  console.log("Generated Prisma clients for sqlite and postgresql");
}

function latestMigration(provider: string): string | undefined {
  const dir = migrationsDir(provider);
  if (!fs.existsSync(dir)) return undefined;
  return fs.readdirSync(dir).filter((d) => fs.statSync(path.join(dir, d)).isDirectory()).sort().at(-1);
}

function diffScript(from: string | undefined, to: string): string {
  const fromArgs = from ? ["--from-schema-datamodel", from] : ["--from-empty"];
  return prisma(["migrate", "diff", ...fromArgs, "--to-schema-datamodel", to, "--script"]);
}

function addMigration(name: string): void {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error("migration name must be lower_snake_case");
  writePostgresSchema();
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  for (const [provider, schema] of [["sqlite", sqliteSchema], ["postgresql", postgresSchema]] as const) {
    const previous = latestMigration(provider);
    const previousSnapshot = previous ? path.join(migrationsDir(provider), previous, "schema.prisma") : undefined;
    const sql = diffScript(previousSnapshot, schema);
    if (!/\S/.test(sql.replace(/^--.*$/gm, ""))) {
      console.log(`${provider}: no changes`);
      continue;
    }
    const dir = path.join(migrationsDir(provider), `${stamp}_${name}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "migration.sql"), sql);
    // The snapshot lets the next migration be diffed offline, with no shadow database.
    fs.copyFileSync(schema, path.join(dir, "schema.prisma"));
    console.log(`${provider}: wrote ${path.relative(root, dir)}`);
  }
}

function check(): void {
  const expected = postgresSchemaFrom(fs.readFileSync(sqliteSchema, "utf8"));
  if (!fs.existsSync(postgresSchema) || fs.readFileSync(postgresSchema, "utf8") !== expected) {
    throw new Error("prisma/postgresql/schema.prisma is stale: run npm run db:generate");
  }
  for (const [provider, schema] of [["sqlite", sqliteSchema], ["postgresql", postgresSchema]] as const) {
    const latest = latestMigration(provider);
    if (!latest) throw new Error(`no ${provider} migrations`);
    const snapshot = fs.readFileSync(path.join(migrationsDir(provider), latest, "schema.prisma"), "utf8");
    if (snapshot !== fs.readFileSync(schema, "utf8")) {
      throw new Error(`${provider} schema changed since migration ${latest}: run npm run db:migration -- <name>`);
    }
  }
  console.log("Prisma schemas and migrations are up to date");
}

const [command, arg] = process.argv.slice(2);
if (command === "generate") generate();
else if (command === "migration" && arg) addMigration(arg);
else if (command === "check") check();
else {
  console.error("usage: tsx prisma/dev-tools.ts generate | migration <name> | check");
  process.exit(2);
}
