// Shopify's admin session tokens (id tokens): HS256 JWTs keyed with the app secret.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** `userId: null` leaves `sub` out (a token that names no staff user; the app must not act on it). */
export function signSessionToken(input: { shop: string; apiKey: string; apiSecret: string; userId?: string | null; expiresInS?: number; now?: Date }): string {
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const header = { alg: "HS256", typ: "JWT" };
  const payload = {
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    aud: input.apiKey,
    ...(input.userId === null ? {} : { sub: input.userId ?? "42" }),
    exp: now + (input.expiresInS ?? 60),
    nbf: now - 5,
    iat: now,
    jti: randomUUID(),
    sid: randomUUID(),
  };
  const body = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  return `${body}.${b64url(createHmac("sha256", input.apiSecret).update(body).digest())}`;
}

export type VerifiedToken = { shop: string; sub: string };

export function verifySessionToken(token: string, apiKey: string, apiSecret: string, now = new Date()): VerifiedToken | null {
  const parts = token.split(".");
  if (parts.length !== 3) return null;
  const expected = createHmac("sha256", apiSecret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2]!, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let payload: { iss?: string; dest?: string; aud?: string; exp?: number; nbf?: number; sub?: string };
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as typeof payload;
  } catch {
    return null;
  }
  const t = Math.floor(now.getTime() / 1000);
  // 10 s of clock tolerance, as the library allows.
  if (payload.aud !== apiKey || !payload.exp || payload.exp + 10 < t || (payload.nbf && payload.nbf - 10 > t)) return null;
  const shop = payload.dest?.replace(/^https:\/\//, "");
  if (!shop || payload.iss !== `https://${shop}/admin`) return null;
  return { shop, sub: payload.sub ?? "" };
}

/** The app-proxy signature: sorted key=value pairs (multi-values joined by ","), hex HMAC-SHA256. */
export function appProxySignature(params: URLSearchParams, apiSecret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped.entries()]
    .map(([k, v]) => `${k}=${v.join(",")}`)
    .sort()
    .join("");
  return createHmac("sha256", apiSecret).update(message).digest("hex");
}
