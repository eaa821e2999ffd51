// Every environment variable the app, its tests' support code, the stand-in, the demo and the
// benchmark read is in one of the README's configuration tables.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../../..");
const SOURCES = ["app", "bench", "test/support", "test/standin", "test/e2e", "vitest.config.ts", "vite.config.ts"];

function files(entry: string): string[] {
  const full = path.join(root, entry);
  if (fs.statSync(full).isFile()) return [full];
  return fs.readdirSync(full, { recursive: true, encoding: "utf8" }).filter((f) => /\.(ts|tsx)$/.test(f)).map((f) => path.join(full, f));
}

function variablesRead(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of SOURCES.flatMap(files)) {
    const text = fs.readFileSync(file, "utf8");
    for (const m of text.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)|process\.env\["([A-Z][A-Z0-9_]*)"\]/g)) found.set((m[1] ?? m[2])!, path.relative(root, file));
  }
  // The validated variables (app/config/env.server.ts reads them through its schema).
  const schema = fs.readFileSync(path.join(root, "app/config/env.server.ts"), "utf8");
  for (const m of schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*): z\./gm)) found.set(m[1]!, "app/config/env.server.ts");
  return found;
}

describe("README configuration", () => {
  it("names every environment variable the code reads", () => {
    const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
    const tableRows = readme.split("\n").filter((line) => line.startsWith("| `"));
    const documented = new Set(tableRows.flatMap((row) => [...row.split("|")[1]!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1]!)));
    const variables = variablesRead();
    expect(variables.size).toBeGreaterThan(10);
    const missing = [...variables].filter(([name]) => !documented.has(name)).map(([name, file]) => `${name} (${file})`);
    expect(missing).toEqual([]);
  });
});
