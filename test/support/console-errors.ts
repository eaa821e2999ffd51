// Tests fail on a console.error they did not expect (test/support/fail-on-console-error.ts, a
// setup file of every project). A test that provokes one on purpose says so first.
export const consoleErrors = { expected: 0, unexpected: [] as string[] };

/** The current test expects console.error: it no longer fails the test, and must happen. */
export function expectConsoleError() {
  consoleErrors.expected++;
}
