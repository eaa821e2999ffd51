// The stand-in's money: minor units ↔ Shopify's decimal strings, exactly.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { currencyExponent, decimal, parseDecimalMinor } from "./money";

describe("stand-in money", () => {
  it("formats by the currency's exponent", () => {
    expect([decimal(1234n, "USD"), decimal(1234n, "JPY"), decimal(1234n, "KWD"), decimal(5n, "EUR"), decimal(-450n, "USD")]).toEqual(["12.34", "1234", "1.234", "0.05", "-4.50"]);
  });

  it("parses Shopify's decimal strings, refusing more digits than the currency has", () => {
    expect(parseDecimalMinor("12.5", "USD")).toBe(1250n);
    expect(parseDecimalMinor("12.50", "USD")).toBe(1250n);
    expect(parseDecimalMinor("300", "JPY")).toBe(300n);
    expect(parseDecimalMinor("300.5", "JPY")).toBeNull();
    expect(parseDecimalMinor("1.005", "USD")).toBeNull();
    expect(parseDecimalMinor("-1.00", "USD")).toBeNull();
    expect(parseDecimalMinor("1e3", "USD")).toBeNull();
  });

  it("round-trips any amount above 2^53 exactly", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.constantFrom("USD", "JPY", "KWD"), (minor, currency) => {
        expect(parseDecimalMinor(decimal(minor, currency), currency)).toBe(minor);
        expect(decimal(minor, currency).split(".")[1]?.length ?? 0).toBe(currencyExponent(currency));
      }),
    );
  });
});
