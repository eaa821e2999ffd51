// One error type for everything the app refuses on purpose: a stable code for clients and logs,
// an HTTP status, and a message that is safe to show. Anything else is a bug (500).
import { logger } from "../lib/logger";

const log = logger("http");

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.details ? { details: this.details } : {}) } };
  }
}

/** A request with a method the endpoint does not take: 405 naming the one it does. */
export const methodNotAllowed = (method: string) => new AppError("method_not_allowed", `Use ${method}.`, 405);

export function errorResponse(error: unknown): Response {
  if (error instanceof AppError) return Response.json(error.toJSON(), { status: error.status });
  log.error("unexpected error answered 500", error);
  return Response.json({ error: { code: "internal_error", message: "Something went wrong on our side." } }, { status: 500 });
}
