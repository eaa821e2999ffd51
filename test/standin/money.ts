// Money in the stand-in: integer minor units of a currency, written as Shopify's decimal strings.
// Never through floats.

const EXPONENTS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, KWD: 3, BHD: 3, JOD: 3, OMR: 3, TND: 3 };

/** Digits after the decimal point for a currency (ISO 4217; 2 unless listed). */
export const currencyExponent = (currency: string): number => EXPONENTS[currency] ?? 2;

/** 1234n USD → "12.34"; 1234n JPY → "1234"; negative amounts keep their sign. */
export function decimal(minor: bigint, currency: string): string {
  const exp = currencyExponent(currency);
  const neg = minor < 0n;
  const s = (neg ? -minor : minor).toString().padStart(exp + 1, "0");
  return (neg ? "-" : "") + (exp ? `${s.slice(0, -exp)}.${s.slice(-exp)}` : s);
}

/** "12.5" USD → 1250n. Null for anything that is not a non-negative decimal with at most the currency's digits. */
export function parseDecimalMinor(value: unknown, currency: string): bigint | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(value));
  if (!m) return null;
  const exp = currencyExponent(currency);
  const fraction = (m[2] ?? "").replace(/0+$/, "");
  if (fraction.length > exp) return null;
  return BigInt(m[1]! + fraction.padEnd(exp, "0"));
}
