// parseJsonWithExactIds: JSON.parse, except that integer literals beyond 2^53 stay exact as strings.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonWithExactIds } from "../../../app/shopify/payloads/exact-json";

type Tree = null | boolean | number | bigint | string | Tree[] | { [key: string]: Tree };

/** Serialises like Shopify: bigints as bare digits, optional whitespace between tokens. */
function serialise(value: Tree, space: string): string {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return `[${space}${value.map((v) => serialise(v, space)).join(`,${space}`)}${space}]`;
  if (value && typeof value === "object") {
    return `{${space}${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}${space}:${space}${serialise(v, space)}`).join(`,${space}`)}${space}}`;
  }
  return JSON.stringify(value);
}

/** What the parse must give: safe integers as numbers, any integer literal beyond them as its digits. */
function expected(value: Tree): unknown {
  if (typeof value === "bigint") return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === "number") {
    const text = JSON.stringify(value);
    return /^-?\d+$/.test(text) && !Number.isSafeInteger(value) ? text : JSON.parse(text);
  }
  if (Array.isArray(value)) return value.map(expected);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expected(v)]));
  return value;
}

const trickyString = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.constantFrom('"', "\\", '\\"', '\\\\"', "9007199254740993", '{"id":9007199254740993}', "-12345678901234567890", "\u2028", "é\u0000"),
);

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
    fc.bigInt({ min: 2n ** 53n - 3n, max: 2n ** 53n + 3n }),
    trickyString,
    fc.array(tie("node"), { maxLength: 5 }),
    fc.dictionary(trickyString, tie("node"), { maxKeys: 5 }),
  ),
})).node;

describe("parseJsonWithExactIds", () => {
  it("keeps integers beyond 2^53 exact and leaves everything else as JSON.parse would", () => {
    expect(parseJsonWithExactIds('{"id":820982911946154508,"n":12,"f":1.5,"e":1e300,"s":"820982911946154508 \\" 1","neg":-9007199254740993,"max":9007199254740991}')).toEqual({
      id: "820982911946154508",
      n: 12,
      f: 1.5,
      e: 1e300,
      s: '820982911946154508 " 1',
      neg: "-9007199254740993",
      max: 9007199254740991,
    });
  });

  it("parses any JSON document exactly (property)", () => {
    fc.assert(
      fc.property(tree, fc.constantFrom("", " ", "\n  ", "\t"), (value, space) => {
        expect(parseJsonWithExactIds(serialise(value, space))).toEqual(expected(value));
      }),
      { numRuns: 500 },
    );
  });

  it("agrees with JSON.parse on any JSON without big integers (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const unsafe = [...text.matchAll(/"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)].some((m) => /^-?\d+$/.test(m[0]) && !Number.isSafeInteger(Number(m[0])));
        fc.pre(!unsafe);
        expect(parseJsonWithExactIds(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it("rejects malformed JSON like JSON.parse", () => {
    for (const bad of ['{"id":', '{"a":"unterminated}', "[1,]", "", '{"id":12345678901234567890'])
      expect(() => parseJsonWithExactIds(bad), bad).toThrow(SyntaxError);
  });
});
