import { describe, expect, it } from "vitest";
import { csvField, csvLine } from "../../../app/services/staff/csv";

describe("CSV escaping", () => {
  it("quotes commas, quotes and line breaks, doubling quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("Smith, Jane")).toBe('"Smith, Jane"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\rhere")).toBe('"cr\rhere"');
  });

  it("defuses spreadsheet formulas in text but writes numbers as numbers", () => {
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@me")).toBe("'@me");
    expect(csvField(-50)).toBe("-50");
    expect(csvField(12345678901234567890n)).toBe("12345678901234567890");
  });

  it("writes empty fields for null and ISO dates, and ends records with CRLF", () => {
    expect(csvLine(["a", null, undefined, new Date("2026-01-02T03:04:05Z"), 3])).toBe("a,,,2026-01-02T03:04:05.000Z,3\r\n");
  });
});
