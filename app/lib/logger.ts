// The one logger of the server, its jobs and the worker: one line per event,
// `<time> <LEVEL> [scope] message: detail`, warnings and errors on stderr, the rest on stdout.
// TALLY_LOG_LEVEL (debug, info, warn, error, silent) sets the threshold: info by default, silent
// under NODE_ENV=test, so expected failures in tests print nothing; a test that checks what is
// logged captures the lines (captureLogs).
export type LogLevel = "debug" | "info" | "warn" | "error";
export type Logger = Record<LogLevel, (message: string, detail?: unknown) => void>;
export type LogLine = { level: LogLevel; scope: string; line: string };

const RANK = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 } as const;
let capture: LogLine[] | undefined;

function threshold(): number {
  const configured = process.env.TALLY_LOG_LEVEL?.toLowerCase();
  if (configured && configured in RANK) return RANK[configured as keyof typeof RANK];
  return process.env.NODE_ENV === "test" ? RANK.silent : RANK.info;
}

/** An error's message; the stack too for anything that is not a deliberate refusal (a bug). */
function describe(detail: unknown): string {
  if (detail instanceof Error && detail.name === "AppError") return detail.message;
  if (detail instanceof Error) return detail.stack ?? `${detail.name}: ${detail.message}`;
  return typeof detail === "string" ? detail : JSON.stringify(detail) ?? String(detail);
}

function write(level: LogLevel, scope: string, message: string, detail: unknown) {
  const text = `[${scope}] ${message}${detail === undefined ? "" : `: ${describe(detail)}`}`;
  // One event, one line: a stack's line breaks are escaped.
  const line = text.replace(/\r?\n/g, "\\n");
  if (capture) {
    capture.push({ level, scope, line });
    return;
  }
  if (RANK[level] < threshold()) return;
  const stream = level === "warn" || level === "error" ? process.stderr : process.stdout;
  stream.write(`${new Date().toISOString()} ${level.toUpperCase()} ${line}\n`);
}

export function logger(scope: string): Logger {
  return {
    debug: (message, detail) => write("debug", scope, message, detail),
    info: (message, detail) => write("info", scope, message, detail),
    warn: (message, detail) => write("warn", scope, message, detail),
    error: (message, detail) => write("error", scope, message, detail),
  };
}

/** Tests: every line logged until `stop()` is kept (at every level) instead of written. */
export function captureLogs(): { lines: LogLine[]; stop: () => void } {
  const lines: LogLine[] = [];
  capture = lines;
  return { lines, stop: () => (capture = capture === lines ? undefined : capture) };
}
