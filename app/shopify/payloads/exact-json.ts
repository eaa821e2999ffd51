// JSON.parse that keeps integers beyond 2^53 exact. Shopify writes ids such as
// 820982911946154508 as bare JSON numbers; plain JSON.parse silently turns them into
// 820982911946154500. Here every integer literal outside the safe range becomes a string of its
// digits before parsing. Strings are skipped with their escapes, so text is never altered.

const SAFE_DIGITS = 15;

export function parseJsonWithExactIds(raw: string): unknown {
  let out = "";
  let i = 0;
  let last = 0;
  const n = raw.length;
  while (i < n) {
    const c = raw.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip a string literal, honouring escapes.
      i++;
      while (i < n) {
        const d = raw.charCodeAt(i);
        if (d === 92 /* \ */) i += 2;
        else if (d === 34) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      i++;
      while (i < n) {
        const d = raw.charCodeAt(i);
        if ((d >= 48 && d <= 57) || d === 46 || d === 101 || d === 69 || d === 43 || d === 45) i++;
        else break;
      }
      const literal = raw.slice(start, i);
      const digits = literal.startsWith("-") ? literal.slice(1) : literal;
      if (/^\d+$/.test(digits) && digits.length > SAFE_DIGITS && !Number.isSafeInteger(Number(literal))) {
        out += `${raw.slice(last, start)}"${literal}"`;
        last = i;
      }
      continue;
    }
    i++;
  }
  return JSON.parse(out + raw.slice(last));
}
