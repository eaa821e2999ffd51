import { describe, expect, it } from "vitest";
import { currencyExponent, formatDecimal, parseMoney } from "../../../app/loyalty/money";

describe("money", () => {
  it("knows the minor units of each currency", () => {
    expect([currencyExponent("USD"), currencyExponent("JPY"), currencyExponent("KWD"), currencyExponent("BHD")]).toEqual([2, 0, 3, 3]);
    expect(() => currencyExponent("usd")).toThrow(/ISO 4217/);
  });

  it("parses Shopify's decimal strings exactly, without floats", () => {
    expect(parseMoney("12.5", "USD").minor).toBe(1250n);
    expect(parseMoney("0.10", "USD").minor).toBe(10n);
    expect(parseMoney("1200", "JPY").minor).toBe(1200n);
    expect(parseMoney("1200.00", "JPY").minor).toBe(1200n);
    expect(parseMoney("1.235", "KWD").minor).toBe(1235n);
    expect(parseMoney("90071992547409.93", "USD").minor).toBe(9007199254740993n);
    expect(parseMoney(19.99, "USD").minor).toBe(1999n);
  });

  it("refuses amounts it cannot represent exactly", () => {
    expect(() => parseMoney("1.005", "USD")).toThrow(/more decimals than USD allows/);
    expect(() => parseMoney("12.5", "JPY")).toThrow(/JPY/);
    expect(() => parseMoney("1e3", "USD")).toThrow();
    expect(() => parseMoney("abc", "USD")).toThrow(/not a decimal/);
    expect(() => parseMoney(Number.NaN, "USD")).toThrow(/finite/);
  });

  it("formats minor units back", () => {
    expect(formatDecimal(1250n, "USD")).toBe("12.50");
    expect(formatDecimal(5n, "USD")).toBe("0.05");
    expect(formatDecimal(1200n, "JPY")).toBe("1200");
    expect(formatDecimal(1235n, "KWD")).toBe("1.235");
    expect(formatDecimal(-5n, "USD")).toBe("-0.05");
  });
});
