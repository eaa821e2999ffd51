// Money as integer minor units plus an ISO 4217 code. Shopify sends decimal strings ("12.50",
// "1200" for JPY, "1.250" for KWD); they are parsed with string arithmetic, never floats.

export type Money = { minor: bigint; currency: string };

export class MoneyError extends Error {
  override name = "MoneyError";
}

// Currencies whose minor unit is not 1/100 (ISO 4217). Every other well-formed code has two
// decimals: that is ISO's rule for the rest of the list, and Shopify sends codes we may not know
// yet. A malformed code is refused rather than guessed.
const EXPONENTS: Record<string, number> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

export function currencyExponent(code: string): number {
  if (!/^[A-Z]{3}$/.test(code)) throw new MoneyError(`not an ISO 4217 currency code: ${JSON.stringify(code)}`);
  return EXPONENTS[code] ?? 2;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** "12.5" USD → 1250n. More decimals than the currency has are refused unless they are zeros. */
export function parseMoney(value: string | number, currency: string): Money {
  const exponent = currencyExponent(currency);
  let text: string;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new MoneyError(`not a finite amount: ${value}`);
    text = String(value);
    if (/e/i.test(text)) throw new MoneyError(`amount in exponent notation is ambiguous: ${text}`);
  } else {
    text = value.trim();
  }
  const match = DECIMAL.exec(text);
  if (!match) throw new MoneyError(`not a decimal amount: ${JSON.stringify(value)}`);
  const [, sign, whole, fraction = ""] = match;
  const extra = fraction.slice(exponent);
  if (/[^0]/.test(extra)) throw new MoneyError(`${text} has more decimals than ${currency} allows (${exponent})`);
  const digits = whole! + fraction.slice(0, exponent).padEnd(exponent, "0");
  const minor = BigInt(digits);
  return { minor: sign ? -minor : minor, currency };
}

/** 1250n USD → "12.50". */
export function formatDecimal(minor: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0");
  const whole = exponent ? digits.slice(0, -exponent) : digits;
  const fraction = exponent ? `.${digits.slice(-exponent)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

export function formatMoney(money: Money): string {
  return `${formatDecimal(money.minor, money.currency)} ${money.currency}`;
}

export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new MoneyError(`cannot add ${a.currency} and ${b.currency}`);
  return { minor: a.minor + b.minor, currency: a.currency };
}

export const sumMinor = (values: readonly bigint[]): bigint => values.reduce((s, v) => s + v, 0n);
