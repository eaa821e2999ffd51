// CSV lines (RFC 4180): fields with a comma, quote or line break are quoted and quotes doubled.
// Text that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed with an
// apostrophe, since names and reasons are typed by shoppers and staff. Numbers are written as is.
export type CsvValue = string | number | bigint | boolean | Date | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" || typeof value === "bigint" || typeof value === "boolean") return String(value);
  let text = value instanceof Date ? value.toISOString() : value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record with its line ending. */
export const csvLine = (values: readonly CsvValue[]) => `${values.map(csvField).join(",")}\r\n`;
