// Idempotency-Key handling: the first request with a key runs; a repeat with the same body gets
// the first answer; a repeat with another body is a 409. Server-side failures (5xx) are not
// remembered, so a client may retry them with the same key.
import { createHash } from "node:crypto";
import type { DbTx } from "../../db/client";
import { AppError } from "../../errors/app-error";

/** A key whose first request has not finished after this long is considered abandoned. */
const ABANDONED_AFTER_MS = 2 * 60_000;

export type StoredResponse = { status: number; body: unknown };

const hashRequest = (body: unknown) => createHash("sha256").update(JSON.stringify(body)).digest("hex");

const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === "P2002";

export function validateIdempotencyKey(key: string | null): string {
  if (!key) throw new AppError("idempotency_key_required", "Send an Idempotency-Key header (a unique id per redemption attempt).", 400);
  if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) {
    throw new AppError("invalid_request", "Idempotency-Key must be 8 to 128 letters, digits or - _ . :", 400);
  }
  return key;
}

/**
 * Runs `work` once per (shop, scope, key). Returns the stored answer for a repeat.
 */
export async function withIdempotency(
  db: DbTx,
  target: { shopId: string; scope: string; key: string; request: unknown; now?: Date },
  work: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  const requestHash = hashRequest(target.request);
  const where = { shopId_scope_key: { shopId: target.shopId, scope: target.scope, key: target.key } };
  try {
    await db.idempotencyRecord.create({ data: { shopId: target.shopId, scope: target.scope, key: target.key, requestHash } });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const existing = await db.idempotencyRecord.findUniqueOrThrow({ where });
    if (existing.requestHash !== requestHash) {
      throw new AppError("idempotency_conflict", "This Idempotency-Key was already used with a different request.", 409);
    }
    if (existing.responseStatus !== null) {
      return { status: existing.responseStatus, body: JSON.parse(existing.responseBody ?? "null"), replayed: true };
    }
    const age = (target.now ?? new Date()).getTime() - existing.createdAt.getTime();
    if (age < ABANDONED_AFTER_MS) throw new AppError("request_in_progress", "A request with this Idempotency-Key is still being processed.", 409);
    await db.idempotencyRecord.update({ where, data: { createdAt: target.now ?? new Date() } });
  }
  let response: StoredResponse;
  try {
    response = await work();
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      await db.idempotencyRecord.update({ where, data: { responseStatus: error.status, responseBody: JSON.stringify(error.toJSON()) } });
    } else {
      await db.idempotencyRecord.delete({ where });
    }
    throw error;
  }
  await db.idempotencyRecord.update({ where, data: { responseStatus: response.status, responseBody: JSON.stringify(response.body) } });
  return { ...response, replayed: false };
}
