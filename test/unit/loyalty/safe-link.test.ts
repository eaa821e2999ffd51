// Social links shown to shoppers: https only (issue 21 item 11). Saving anything else is a field
// error; a link stored before the check is dropped when read, not served.
import { describe, expect, it } from "vitest";
import { parseProgramSettings, parseStoredProgramSettings, ProgramSettingsError } from "../../../app/loyalty/program-settings";
import { safeLink } from "../../../app/loyalty/safe-link";
import { extraWaysToEarn } from "../../../app/loyalty/ways-to-earn";

const HOSTILE = [
  "javascript:alert(1)",
  "JaVaScRiPt:alert(document.cookie)",
  " javascript:alert(1)",
  "\u0001javascript:alert(1)",
  "\tjava\nscript:alert(1)",
  "\u0000https://instagram.com/x",
  "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  "DATA:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "http://instagram.com/bath",
  "//instagram.com/bath",
  "instagram.com/bath",
  "https://instagram.com@evil.example/",
  "https://",
  "ftp://instagram.com/bath",
  "https://insta gram.com/bath",
  "https://instagram.com/bath\u2028",
];

const withLink = (url: unknown) => ({ actions: { socialFollow: { instagram: { enabled: true, points: 50, url } } } });

describe("safe links", () => {
  it.each(HOSTILE)("refuses %j", (url) => {
    expect(safeLink(url)).toBeNull();
  });

  it("keeps a plain https link as it is", () => {
    expect(safeLink("https://instagram.com/bath")).toBe("https://instagram.com/bath");
    expect(safeLink("https://www.facebook.com/Bath.Co?ref=1#x")).toBe("https://www.facebook.com/Bath.Co?ref=1#x");
    expect(safeLink(null)).toBeNull();
    expect(safeLink(42)).toBeNull();
  });

  it.each(HOSTILE.filter((u) => u.trim() !== "https://instagram.com/bath"))("refuses to save the social link %j, with an error on the field", (url) => {
    let error: unknown;
    try {
      parseProgramSettings(withLink(url));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProgramSettingsError);
    expect((error as ProgramSettingsError).fieldErrors).toEqual({ "actions.socialFollow.instagram.url": expect.stringContaining("https://") });
  });

  it("saves an https link (trimmed) and no link at all", () => {
    expect(parseProgramSettings(withLink("  https://instagram.com/bath ")).actions.socialFollow.instagram?.url).toBe("https://instagram.com/bath");
    expect(parseProgramSettings(withLink(null)).actions.socialFollow.instagram?.url).toBeNull();
  });

  it("drops an unsafe link stored before the check instead of failing the whole program, and never lists it", () => {
    const stored = parseStoredProgramSettings({ ...withLink("JaVaScRiPt:alert(1)"), signupBonus: 100 });
    expect(stored.signupBonus).toBe(100);
    expect(stored.actions.socialFollow.instagram).toMatchObject({ enabled: true, points: 50, url: null });
    expect(parseStoredProgramSettings(withLink("https://instagram.com/bath")).actions.socialFollow.instagram?.url).toBe("https://instagram.com/bath");
    // Settings built in memory with a bad link (whatever their source) still list no link.
    const settings = parseProgramSettings(withLink("https://instagram.com/bath"));
    settings.actions.socialFollow.instagram!.url = "data:text/html,x";
    expect(extraWaysToEarn(settings).find((w) => w.id === "social_follow:instagram")?.action).toEqual({ type: "social_follow", network: "instagram", url: null });
  });
});
