// The one logger: a line per event at or above TALLY_LOG_LEVEL, silent in tests unless asked.
import { afterEach, describe, expect, it, vi } from "vitest";
import { captureLogs, logger } from "../../../app/lib/logger";

describe("logger", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("writes nothing under NODE_ENV=test unless a level is asked for", () => {
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    logger("jobs").error("failed", new Error("boom"));
    expect(stderr).not.toHaveBeenCalled();
  });

  it("writes one line per event at or above TALLY_LOG_LEVEL, errors with their stack on that line", () => {
    vi.stubEnv("TALLY_LOG_LEVEL", "warn");
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const log = logger("jobs");
    log.info("not shown");
    log.error("tiers failed", new Error("boom"));
    expect(stdout).not.toHaveBeenCalled();
    expect(stderr).toHaveBeenCalledTimes(1);
    const line = String(stderr.mock.calls[0]![0]);
    expect(line).toMatch(/^\d{4}-\d\d-\d\dT\S+Z ERROR \[jobs\] tiers failed: Error: boom\\n {4}at /);
    expect(line.indexOf("\n")).toBe(line.length - 1);
  });

  it("hands every level to a capture instead of writing", () => {
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const logs = captureLogs();
    logger("inbox").debug("claimed", { batch: 5 });
    logs.stop();
    logger("inbox").debug("after");
    expect(logs.lines).toEqual([{ level: "debug", scope: "inbox", line: '[inbox] claimed: {"batch":5}' }]);
    expect(stdout).not.toHaveBeenCalled();
  });
});
