// Helpers for driving the admin pages inside the stand-in's admin shell: open a page, collect
// console errors and failed requests, run axe, save a screenshot.
import AxeBuilder from "@axe-core/playwright";
import path from "node:path";
import type { FrameLocator, Page } from "playwright-core";

// Screenshots are written to test-results/ (ignored by git); `npm run screenshots`
// (TALLY_SCREENSHOTS=1) refreshes the ones the README and docs show, in docs/screenshots/.
export const SCREENSHOT_DIR = path.resolve(process.env.TALLY_SCREENSHOTS === "1" ? "docs/screenshots" : "test-results/screenshots");

export type Watched = { page: Page; app: FrameLocator; problems: string[] };

/** Watches a page for console errors and failed requests (the admin must produce neither). */
export function watch(page: Page): Watched {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("requestfailed", (r) => {
    // A navigation that replaces a page aborts its pending requests; that is not a failure.
    if (r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`request: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on("response", (r) => {
    if (r.status() >= 500) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { page, app: page.frameLocator("#app-frame"), problems };
}

/**
 * Opens an admin page through the shell and waits until its Polaris page title rendered and the
 * app's navigation (App Bridge's nav menu) appeared in the shell's sidebar.
 */
export async function openAdminPage(w: Watched, url: string, title: string | RegExp) {
  await w.page.goto(url);
  await w.app.getByRole("heading", { level: 1, name: title }).waitFor({ timeout: 30_000 });
  await w.page.getByRole("navigation", { name: "App navigation" }).getByRole("link", { name: "Customers" }).waitFor({ timeout: 10_000 });
  // Let App Bridge and the client bundle settle (hydration errors show up here).
  await w.page.waitForLoadState("networkidle");
}

/** axe on the app's frame only (the stand-in's own shell is not the app). */
export async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).include("#app-frame").analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}
