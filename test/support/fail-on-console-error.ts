// Setup file of every vitest project: any console.error a test did not announce with
// expectConsoleError() fails it (React warnings, a library's complaint, a forgotten log call).
// The app's own logging goes through app/lib/logger.ts, silent under NODE_ENV=test.
import { format } from "node:util";
import { afterAll, afterEach, beforeEach } from "vitest";
import { consoleErrors } from "./console-errors";

// Each test file runs this module again in the same worker: wrap the console's own function once.
const holder = globalThis as { consoleErrorBeforeTests?: typeof console.error };
const original = (holder.consoleErrorBeforeTests ??= console.error.bind(console));
let seenWhileExpected = 0;
console.error = (...args: unknown[]) => {
  if (consoleErrors.expected > 0) seenWhileExpected++;
  else consoleErrors.unexpected.push(format(...args));
  original(...args);
};

function takeUnexpected(): string[] {
  return consoleErrors.unexpected.splice(0);
}

beforeEach(() => {
  consoleErrors.expected = 0;
  seenWhileExpected = 0;
});

afterEach(() => {
  const unexpected = takeUnexpected();
  const expected = consoleErrors.expected;
  consoleErrors.expected = 0;
  if (unexpected.length) throw new Error(`unexpected console.error (call expectConsoleError() if the test provokes it):\n${unexpected.join("\n")}`);
  if (expected > 0 && seenWhileExpected === 0) throw new Error("expectConsoleError() was called but console.error never was");
});

afterAll(() => {
  const unexpected = takeUnexpected();
  if (unexpected.length) throw new Error(`unexpected console.error outside a test:\n${unexpected.join("\n")}`);
});
