// Prisma CLI configuration: the WebAssembly schema engine through a driver adapter, so the CLI
// never downloads native engines (see docs/decisions/0001-databases-and-migrations.md).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(import.meta.dirname, "schema.prisma"),
  async adapter() {
    return new PrismaBetterSQLite3({ url: "file::memory:" });
  },
});
