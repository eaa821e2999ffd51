import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addMoney, currencyExponent, formatDecimal, formatMoney, MoneyError, parseMoney, sumMinor } from "../../../app/loyalty/money";

describe("currencyExponent", () => {
  it("knows the minor units of each currency", () => {
    expect(["USD", "EUR", "JPY", "KRW", "VND", "CLP", "ISK", "UGX", "KWD", "BHD", "OMR", "JOD", "TND", "IQD", "LYD"].map(currencyExponent)).toEqual([
      2, 2, 0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 3, 3,
    ]);
  });

  it("refuses anything that is not a three-letter code instead of guessing 2", () => {
    for (const code of ["usd", "US", "USDT", "", " USD", "12X"]) expect(() => currencyExponent(code)).toThrow(MoneyError);
  });
});

describe("parseMoney", () => {
  it("parses Shopify's decimal strings exactly, without floats", () => {
    expect(parseMoney("12.5", "USD")).toEqual({ minor: 1250n, currency: "USD" });
    expect(parseMoney("12.50", "USD").minor).toBe(1250n);
    expect(parseMoney("0.10", "USD").minor).toBe(10n);
    expect(parseMoney("0", "USD").minor).toBe(0n);
    expect(parseMoney("1200", "JPY").minor).toBe(1200n);
    expect(parseMoney("1200.00", "JPY").minor).toBe(1200n);
    expect(parseMoney("0.001", "KWD").minor).toBe(1n);
    expect(parseMoney("1.235", "KWD").minor).toBe(1235n);
    expect(parseMoney("-3.5", "USD").minor).toBe(-350n);
    expect(parseMoney("90071992547409.93", "USD").minor).toBe(9007199254740993n);
  });

  it("accepts plain finite numbers through their decimal text", () => {
    expect(parseMoney(19.99, "USD").minor).toBe(1999n);
    expect(parseMoney(1200, "JPY").minor).toBe(1200n);
    expect(parseMoney(0.5, "KWD").minor).toBe(500n);
  });

  it("refuses amounts it cannot represent exactly, with a clear error", () => {
    expect(() => parseMoney("1.005", "USD")).toThrow(/1\.005 has more decimals than USD allows \(2\)/);
    expect(() => parseMoney("12.5", "JPY")).toThrow(/more decimals than JPY allows \(0\)/);
    expect(() => parseMoney("0.0001", "KWD")).toThrow(/KWD/);
    expect(() => parseMoney(0.1 + 0.2, "USD")).toThrow(/more decimals/); // 0.30000000000000004
    expect(() => parseMoney(1e21, "USD")).toThrow(/exponent/);
    expect(() => parseMoney(Number.NaN, "USD")).toThrow(/finite/);
    expect(() => parseMoney(Number.POSITIVE_INFINITY, "USD")).toThrow(/finite/);
    for (const garbage of ["1e3", "abc", "", "1.2.3", "1,00", "+1", ".5", "5.", "$5", "0x10", "1 000"]) {
      expect(() => parseMoney(garbage, "USD"), garbage).toThrow(MoneyError);
    }
    expect(() => parseMoney("1", "dollars")).toThrow(/ISO 4217/);
  });

  it("round-trips any amount in any exponent (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.constantFrom("JPY", "USD", "KWD", "CLF"), (minor, currency) => {
        const text = formatDecimal(minor, currency);
        expect(parseMoney(text, currency).minor).toBe(minor);
        // Trailing zeros beyond the exponent are harmless.
        expect(parseMoney(`${text}${text.includes(".") ? "" : "."}000`, currency).minor).toBe(minor);
      }),
    );
  });
});

describe("formatting and sums", () => {
  it("formats minor units back", () => {
    expect(formatMoney({ minor: 1250n, currency: "USD" })).toBe("12.50 USD");
    expect(formatDecimal(5n, "USD")).toBe("0.05");
    expect(formatDecimal(1200n, "JPY")).toBe("1200");
    expect(formatDecimal(1235n, "KWD")).toBe("1.235");
    expect(formatDecimal(-5n, "USD")).toBe("-0.05");
  });

  it("adds only like currencies", () => {
    expect(addMoney({ minor: 150n, currency: "USD" }, { minor: 275n, currency: "USD" })).toEqual({ minor: 425n, currency: "USD" });
    expect(() => addMoney({ minor: 1n, currency: "USD" }, { minor: 1n, currency: "EUR" })).toThrow(/USD and EUR/);
    expect(sumMinor([1n, 2n, 3n])).toBe(6n);
    expect(sumMinor([])).toBe(0n);
  });
});
