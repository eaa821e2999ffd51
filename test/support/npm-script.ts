// The node arguments of an npm script such as "start": "node --flag --import tsx app/server/start.ts",
// so that tests, the demo and the benchmark start the app exactly as `npm start` does.
import fs from "node:fs";
import path from "node:path";

export function nodeArgsOfScript(name: "start" | "worker", root = process.cwd()): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const [command, ...args] = pkg.scripts[name]!.trim().split(/\s+/);
  if (command !== "node") throw new Error(`npm script ${name} does not start with node: ${pkg.scripts[name]}`);
  // The entry file, resolved from the project root.
  return args.map((arg, i) => (i === args.length - 1 ? path.join(root, arg) : arg));
}
