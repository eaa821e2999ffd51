import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { t, translate } from "../../../app/components/admin/i18n";
import en from "../../../app/locales/en.json";

describe("admin i18n", () => {
  it("fills placeholders and leaves unknown ones visible", () => {
    expect(translate({ a: { b: "Hi {name}, {count} new {missing}" } }, "a.b", { name: "Ada", count: 3 })).toBe("Hi Ada, 3 new {missing}");
  });

  it("renders a missing key as the key itself", () => {
    expect(t("no.such.key")).toBe("no.such.key");
    expect(t("nav")).toBe("nav"); // a section, not a message
  });

  it("has every literal key the admin pages use", () => {
    const files = [
      ...fs.readdirSync("app/routes").filter((f) => f.startsWith("app.")).map((f) => path.join("app/routes", f)),
      // Components live in subfolders too (program/, customer/, dashboard/).
      ...fs
        .readdirSync("app/components/admin", { recursive: true, encoding: "utf8" })
        .filter((f) => /\.tsx?$/.test(f))
        .map((f) => path.join("app/components/admin", f)),
    ];
    const missing: string[] = [];
    let checked = 0;
    for (const file of files) {
      const source = fs.readFileSync(file, "utf8");
      for (const match of source.matchAll(/\bt\("([a-zA-Z0-9_.]+)"/g)) {
        checked++;
        if (translate(en, match[1]!) === match[1]) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  it("has a label for every ledger kind and redemption status the database can hold", () => {
    for (const kind of ["earn", "reverse", "redeem_hold", "redeem_consume", "redeem_release", "redeem_reclaim", "expire", "adjust", "bonus", "pending_release"]) {
      expect(t(`ledger.kinds.${kind}`)).not.toBe(`ledger.kinds.${kind}`);
    }
    for (const status of ["pending", "issued", "consumed", "released", "expired", "failed"]) {
      expect(t(`redemptionStatus.${status}`)).not.toBe(`redemptionStatus.${status}`);
    }
  });
});
