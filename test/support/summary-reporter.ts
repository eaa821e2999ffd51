// Prints one plain closing line, "tests: N passed, N failed, N skipped", after vitest's own
// summary, so CI logs state the outcome in a form any tool can read.
import type { RunnerTask, RunnerTestFile } from "vitest";
import type { Reporter } from "vitest/reporters";

function count(tasks: RunnerTask[], totals: { passed: number; failed: number; skipped: number }) {
  for (const task of tasks) {
    if (task.type === "suite") count(task.tasks, totals);
    else if (task.mode === "skip" || task.mode === "todo" || task.result?.state === "skip") totals.skipped++;
    else if (task.result?.state === "pass") totals.passed++;
    else totals.failed++;
  }
}

export default class SummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []) {
    const totals = { passed: 0, failed: 0, skipped: 0 };
    count(files, totals);
    // A file that failed to load has no tests but still failed.
    totals.failed += files.filter((f) => f.result?.state === "fail" && f.tasks.length === 0).length + errors.length;
    console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  }
}
