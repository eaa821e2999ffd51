// The node arguments of an npm script such as "start": "node --flag build/bin/start.js"
// (or "demo": "tsx test/standin/demo.ts", which is node with tsx's loader), so that tests, the
// demo and the benchmark start the app exactly as `npm start` (or `npm run demo`) does.
import fs from "node:fs";
import path from "node:path";

export function nodeArgsOfScript(name: "start" | "worker" | "demo", root = process.cwd()): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> };
  const [command, ...args] = pkg.scripts[name]!.trim().split(/\s+/);
  if (command !== "node" && command !== "tsx") throw new Error(`npm script ${name} does not start with node or tsx: ${pkg.scripts[name]}`);
  // The entry file, resolved from the project root.
  const resolved = args.map((arg, i) => (i === args.length - 1 ? path.join(root, arg) : arg));
  return command === "tsx" ? ["--import", "tsx", ...resolved] : resolved;
}
