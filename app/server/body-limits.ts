// Request body limits by route. Bodies are counted while they stream in and reading stops at the
// limit, so an unauthenticated caller can never make the app hold more than the limit in memory
// (a webhook's signature can only be checked once its whole body is read).
import { AppError } from "../errors/app-error";

const KiB = 1024;
const MiB = 1024 * KiB;

export const BODY_LIMITS = {
  /** Shopify webhooks: its largest order payloads are a few hundred KB. */
  webhooks: 1 * MiB,
  /** Storefront API through the app proxy: small JSON or form bodies. */
  storefront: 16 * KiB,
  /** Review apps' POST /api/reviews: one review. */
  reviews: 16 * KiB,
  /** Everything else (admin form posts). */
  default: 512 * KiB,
} as const;

export function bodyLimitFor(pathname: string): number {
  if (pathname.startsWith("/webhooks/")) return BODY_LIMITS.webhooks;
  if (/^\/(proxy|apps)(\/|$)/.test(pathname)) return BODY_LIMITS.storefront;
  if (pathname === "/api/reviews" || pathname.startsWith("/api/reviews/")) return BODY_LIMITS.reviews;
  return BODY_LIMITS.default;
}

export const payloadTooLarge = (limit: number) =>
  new AppError("payload_too_large", `The request body is larger than this endpoint accepts (${limit} bytes).`, 413, { limit });

/** A declared Content-Length above the limit: refused before a byte of the body is read. */
export function declaredTooLarge(contentLength: string | null | undefined, limit: number): boolean {
  if (!contentLength) return false;
  const n = Number(contentLength);
  return !Number.isFinite(n) || n > limit;
}

export type LimitedBody = { ok: true; bytes: Buffer } | { ok: false; error: AppError };

/**
 * Reads a Fetch request's body, at most `limit` bytes: past it, reading stops (the stream is
 * cancelled) and the answer is payload_too_large. The bytes are returned as they came, undecoded.
 */
export async function readBodyWithin(request: Request, limit: number): Promise<LimitedBody> {
  if (declaredTooLarge(request.headers.get("content-length"), limit)) return { ok: false, error: payloadTooLarge(limit) };
  if (!request.body) return { ok: true, bytes: Buffer.alloc(0) };
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, error: payloadTooLarge(limit) };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks, size) };
}
