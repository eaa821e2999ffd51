// Measures the merchant admin at scale (not asserted): each page loaded in Chromium through the
// stand-in's admin shell against a shop with 100,000 members and 1,000,000 ledger entries,
// reporting largest contentful paint, the app's server response time and JS bytes per page.
// Seeding uses raw SQL in batches on the app's embedded SQLite file. Part of `npm run bench`
// (`npm run bench -- admin` alone).
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { type AppWithStandin, installApp, startAppWithStandin } from "../test/support/app-with-standin";
import { launchChromium } from "../test/support/browser";

export type AdminPageMeasure = { page: string; lcpMs: number | null; serverMs: number; jsBytes: number };

// The shell passes the app path (not a query string): tabs are not separate pages here.
// Home is loaded twice: the first load fills the range's missing daily rows (what a merchant sees
// once, before the daily job has run), the second is the steady state.
const PAGES = ["", "", "program", "rewards", "tiers", "customers", "activity", "settings"];

export function seed(file: string, shopId: string, members: number, entries: number) {
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 10000");
  // Dates in the format Prisma's adapter wrote (read from the shop row) so queries compare them.
  const sample = sqlite.prepare("SELECT installedAt AS v, typeof(installedAt) AS t FROM Shop WHERE id = ?").get(shopId) as { v: unknown; t: string };
  const dateValue = (d: Date) => (sample.t === "integer" ? d.getTime() : d.toISOString());
  const insertMember = sqlite.prepare(
    "INSERT INTO Member (id, shopId, customerId, email, firstName, lastName, balance, lifetimeEarned, version, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const insertEntry = sqlite.prepare(
    "INSERT INTO LedgerEntry (id, shopId, memberId, kind, points, businessKey, sourceType, sourceId, lifetimeDelta, sequence, createdAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
  );
  const perMember = Math.floor(entries / members);
  const now = Date.now();
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const memberId = `bench-m-${i}`;
      const created = new Date(now - (i % 365) * 86_400_000);
      insertMember.run(memberId, shopId, String(9_000_000_000_000_000n + BigInt(i)), `member${i}@example.com`, "Bench", `Member ${i}`, perMember * 10, perMember * 10, perMember, dateValue(created), dateValue(created));
      for (let s = 1; s <= perMember; s++) {
        const at = new Date(now - ((i + s * 7) % 90) * 86_400_000);
        insertEntry.run(randomUUID(), shopId, memberId, "earn", 10, `bench:${i}:${s}`, "order", String(i * 100 + s), 10, s, dateValue(at));
      }
    }
  });
  for (let from = 0; from < members; from += 2_000) batch(from, Math.min(members, from + 2_000));
  // The setup guide is dismissed so the home page measured is the dashboard.
  sqlite
    .prepare("INSERT INTO StaffAuditEntry (id, shopId, staffUserId, action, details, createdAt) VALUES (?, ?, 'bench', 'setup_guide_dismissed', '{}', ?)")
    .run(randomUUID(), shopId, dateValue(new Date(now)));
  sqlite.close();
}

export async function benchAdmin(options: { members?: number; entries?: number } = {}): Promise<AdminPageMeasure[]> {
  const members = options.members ?? 100_000;
  const entries = options.entries ?? 1_000_000;
  const env: AppWithStandin = await startAppWithStandin({ TALLY_WORKER: "off" });
  const browser = await launchChromium();
  try {
    const shop = env.standin.createShop({ name: "Bench Admin" }).domain;
    await installApp(env, shop);
    const file = path.join(env.app.dataDir, "tally.sqlite");
    const db = new Database(file, { readonly: true });
    const row = db.prepare("SELECT id FROM Shop WHERE domain = ?").get(shop) as { id: string };
    db.close();
    const started = Date.now();
    seed(file, row.id, members, entries);
    console.log(`[bench] admin: seeded ${members} members, ${entries} entries in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const out: AdminPageMeasure[] = [];
    for (const [index, p] of PAGES.entries()) {
      const label = p || (index === 0 ? "home (first load)" : "home");
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(env.standin.adminUrl(shop, p));
      const frame = page.frameLocator("#app-frame");
      await frame.getByRole("heading", { level: 1 }).first().waitFor({ timeout: 120_000 });
      await page.waitForLoadState("networkidle");
      const appFrame = page.frames().find((f) => f.url().startsWith(env.app.url))!;
      const measure = await appFrame.evaluate(
        () =>
          new Promise<{ lcpMs: number | null; serverMs: number; jsBytes: number; lcpElement: string | null }>((resolve) => {
            const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
            const jsBytes = (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
              .filter((r) => r.initiatorType === "script" || r.name.endsWith(".js"))
              .reduce((sum, r) => sum + (r.encodedBodySize || r.transferSize), 0);
            let lcp: number | null = null;
            let lcpElement: string | null = null;
            new PerformanceObserver((list) => {
              const last = list.getEntries().at(-1) as (PerformanceEntry & { element?: Element | null }) | undefined;
              if (last) lcp = last.startTime;
              // Which element it is (the page's text, or something that arrived later).
              if (last) lcpElement = last.element ? `${last.element.tagName.toLowerCase()} "${(last.element.textContent ?? "").trim().slice(0, 60)}"` : null;
            }).observe({ type: "largest-contentful-paint", buffered: true });
            setTimeout(() => resolve({ lcpMs: lcp, serverMs: nav.responseStart - nav.requestStart, jsBytes, lcpElement }), 300);
          }),
      );
      const { lcpElement, ...row } = measure;
      out.push({ page: label, ...row });
      console.log(`[bench] admin ${label}: LCP ${measure.lcpMs?.toFixed(0) ?? "–"} ms (${lcpElement ?? "element gone"}), server ${measure.serverMs.toFixed(0)} ms, JS ${(measure.jsBytes / 1024).toFixed(0)} KiB`);
      await page.close();
    }
    return out;
  } finally {
    await browser.close();
    await env.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchAdmin({ members: Number(process.env.BENCH_MEMBERS ?? 100_000), entries: Number(process.env.BENCH_ENTRIES ?? 1_000_000) }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
