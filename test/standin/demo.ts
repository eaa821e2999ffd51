// `npm run demo`: Tally Rewards with no Shopify. Builds and starts the app on the embedded SQLite
// database (or DATABASE_URL), starts the local Shopify stand-in, installs the app on a demo shop,
// seeds a believable program and about 50 customers with order history (through real signed
// webhooks), then prints where to look. Ctrl-C stops everything.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { createDb, type Db } from "../../app/db/client";
import { databaseConfigFromEnv, describeDatabase } from "../../app/db/config";
import { saveTierProgram } from "../../app/services/program/tier-program.server";
import { createReward } from "../../app/services/rewards/catalog.server";
import { publishProgram } from "../../app/services/program/publish-program.server";
import { saveProgramSettings } from "../../app/services/program/settings.server";
import { recordSocialFollow } from "../../app/services/actions/social-follow.server";
import { createCampaign } from "../../app/services/campaigns/campaigns.server";
import { referralLinkOf } from "../../app/services/referrals/referral-link.server";
import { addDays, shopDayOf } from "../../app/loyalty/shop-day";
import { canListen, freePort } from "../support/app-server";
import { buildApp } from "../support/build-app";
import { nodeArgsOfScript } from "../support/npm-script";
import { standinAdmin } from "../support/standin-admin";
import { DEV_API_KEY, DEV_API_SECRET, startStandin } from "./index";

const root = path.resolve(import.meta.dirname, "../..");
const DEMO_SHOP = "bath-bucks-demo.myshopify.com";
const log = (message: string) => console.log(`[demo] ${message}`);
const DEMO_PENDING_DAYS = 14;
const DAY_MS = 86_400_000;

// A small deterministic random source, so every demo has the same believable shop.
let seed = 20261123;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

const FIRST = ["Ada", "Grace", "Alan", "Ines", "Marek", "Sofia", "Yuki", "Omar", "Lena", "Tariq", "Priya", "Noah", "Chloe", "Mateo", "Aiko", "Zara", "Felix", "Nia", "Hugo", "Elif", "Ravi", "Maya", "Jonas", "Lucia", "Kofi"];
const LAST = ["Lovelace", "Hopper", "Turing", "Moreau", "Novak", "Rossi", "Tanaka", "Haddad", "Berg", "Aziz", "Shah", "Walker", "Dubois", "Garcia", "Sato", "Khan", "Weber", "Okafor", "Martin", "Yilmaz"];

// Everything started so far, stopped on Ctrl-C and on any failure (no orphaned app process).
const cleanups: Array<() => Promise<void>> = [];
async function cleanup() {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
}

/** The member of a customer, once the app's worker has enrolled them (customers/create). */
async function memberOf(db: Db, shopId: string, customerId: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const member = await db.member.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
    if (member) return member;
    if (Date.now() > deadline) throw new Error(`customer ${customerId} was not enrolled in 60 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Waits until the app's worker has applied (or failed) every webhook delivery of the shop. */
async function inboxDrained(db: Db, shopDomain: string) {
  const deadline = Date.now() + 120_000;
  while ((await db.webhookDelivery.count({ where: { shopDomain, status: { notIn: ["processed", "failed"] } } })) > 0) {
    if (Date.now() > deadline) throw new Error("the app did not apply the seeded webhooks in 120 s");
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  const requestedPort = process.env.PORT ? Number(process.env.PORT) : undefined;
  const port = requestedPort ?? ((await canListen(3000, "0.0.0.0")) ? 3000 : await freePort());
  const appUrl = `http://localhost:${port}`;
  const apiKey = process.env.SHOPIFY_API_KEY || DEV_API_KEY;
  const apiSecret = process.env.SHOPIFY_API_SECRET || DEV_API_SECRET;

  log("building the app (npm run build)…");
  buildApp(root);

  // The stand-in's shops live beside the app's data, so a second run finds the same Shopify the
  // app remembers (its access token, customers, orders, discount codes), as a real shop would.
  const config = databaseConfigFromEnv();
  const stateFile = path.join(config.provider === "sqlite" ? path.dirname(config.file) : path.resolve(process.env.TALLY_DATA_DIR || "data"), "standin.json");
  const standin = await startStandin({ appUrl, apiKey, apiSecret, host: "127.0.0.1", port: Number(process.env.STANDIN_PORT || 0) || 0, stateFile });
  cleanups.push(() => standin.close());
  log(`Shopify stand-in listening on ${standin.url} (state: ${path.relative(process.cwd(), stateFile) || stateFile})`);

  const app: ChildProcess = spawn(process.execPath, nodeArgsOfScript("start", root), {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      SHOPIFY_API_KEY: apiKey,
      SHOPIFY_API_SECRET: apiSecret,
      SHOPIFY_APP_URL: appUrl,
      SHOPIFY_STANDIN_URL: standin.url,
      TALLY_MODE: "demo",
    },
  });

  let stopping = false;
  cleanups.push(async () => {
    stopping = true;
    if (app.exitCode === null) {
      const exited = new Promise((r) => app.once("exit", r));
      app.kill("SIGTERM");
      await exited;
    }
  });
  const stop = async (code = 0) => {
    if (stopping) return;
    log("stopping…");
    await cleanup();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  app.on("exit", (code) => {
    if (!stopping) {
      log(`the app exited (${code}); stopping the demo`);
      void standin.close().then(() => process.exit(code ?? 1));
    }
  });

  const deadline = Date.now() + 60_000;
  for (;;) {
    const ok = await fetch(`${appUrl}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error("the app did not become healthy in 60 s");
    await new Promise((r) => setTimeout(r, 200));
  }

  const handle = createDb(config);
  let dbOpen = true;
  const closeDb = async () => {
    if (dbOpen) await handle.close();
    dbOpen = false;
  };
  cleanups.push(closeDb);
  // Both sides must tell the same story: a program without the stand-in's shop (a data folder of
  // a demo from before the stand-in kept its state) would show members Shopify does not have, and
  // a stand-in shop without the program (a database reset) would be seeded a second time.
  const seeded = (await handle.db.reward.count({ where: { shop: { domain: DEMO_SHOP } } })) > 0;
  if (seeded && !standin.state.shops.has(DEMO_SHOP)) {
    throw new Error(`the database already holds the demo shop but ${stateFile} is missing (a data folder of an older demo); remove the data folder (or the database) and run the demo again`);
  }
  if (!seeded) standin.state.shops.delete(DEMO_SHOP);

  // The demo shop, installed the way Shopify admin does it: the app is opened with a session
  // token and exchanges it for an offline access token.
  const shop = standin.state.shops.get(DEMO_SHOP) ?? standin.createShop({ domain: DEMO_SHOP, name: "Bath Bucks Soap Co.", currency: "USD" });
  const host = Buffer.from(`admin.shopify.com/store/${DEMO_SHOP.split(".")[0]}`).toString("base64url");
  const install = await fetch(`${appUrl}/app?embedded=1&shop=${DEMO_SHOP}&host=${host}&id_token=${standin.sessionToken(DEMO_SHOP)}`, {
    // The library answers requests that look like bots with 410.
    headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36" },
  });
  if (!install.ok) throw new Error(`installing the app failed: HTTP ${install.status}`);

  const dbShop = await handle.db.shop.findUniqueOrThrow({ where: { domain: DEMO_SHOP } });
  if (!seeded) {
    // Every capability switched on, so a newcomer sees each of them without configuring anything.
    const fiveOff = await createReward(handle.db, dbShop.id, { title: "$5 off your order", type: "fixed_amount", pointsCost: 500, config: { amount: "5.00" } });
    await createReward(handle.db, dbShop.id, { title: "Free shipping", type: "free_shipping", pointsCost: 300, config: { maxShippingPrice: "20.00" } });
    await createReward(handle.db, dbShop.id, { title: "15% off", type: "percentage", pointsCost: 1200, config: { percentage: 15 }, minimumSubtotal: "40.00" });
    const settings = await saveProgramSettings(handle.db, dbShop.id, {
      currency: { singular: "Bath Buck", plural: "Bath Bucks" },
      // Points of an order become spendable 14 days after it (the return window).
      earn: { pointsPerUnit: { points: 1, perAmount: "1.00" }, pendingDays: DEMO_PENDING_DAYS },
      signupBonus: 100,
      pointsExpiry: { mode: "after_months", months: 12 },
      birthday: { enabled: true, points: 200 },
      actions: {
        socialFollow: { instagram: { enabled: true, points: 50, url: "https://www.instagram.com/bathbucks" } },
        emailSignup: { enabled: true, points: 100 },
      },
      referrals: { enabled: true, advocatePoints: 250, welcomeRewardId: fiveOff.id, monthlyCap: 10 },
    });
    // What the app does when a merchant saves: publish the rule for the product-page block.
    await publishProgram(standinAdmin(standin, DEMO_SHOP), settings, dbShop.currency);
    // Through the same service as the admin's VIP tiers page (validated, audited, evaluated).
    await saveTierProgram(
      handle.db,
      dbShop.id,
      {
        enabled: true,
        metric: "points",
        window: "rolling_12_months",
        downgradePolicy: "end_of_window",
        tiers: [
          { name: "Bubble", threshold: 0, perks: { displayPerks: ["Earn 1 Bath Buck per $1"] } },
          { name: "Foam", threshold: 500, perks: { earnMultiplier: "1.25", displayPerks: ["Earn 25% more", "Birthday treat"] } },
          { name: "Lather", threshold: 1500, perks: { earnMultiplier: "1.5", freeShipping: true, entryReward: { points: 200 }, displayPerks: ["Earn 50% more", "Free shipping", "200 Bath Bucks welcome gift"] } },
        ],
      },
      "demo-seed",
    );
    // A bonus campaign running now: double points from two days ago to four days ahead.
    const today = shopDayOf(new Date(), dbShop.timezone);
    await createCampaign(handle.db, dbShop.id, { name: "Double Bath Bucks week", type: "multiplier", multiplier: "2", startDay: addDays(today, -2), endDay: addDays(today, 4) }, { staffUserId: "demo-seed" });
    log("seeded the program: Bath Bucks, 1 per $1 (pending 14 days), 100 on sign-up, birthday, Instagram follow, newsletter, referrals, expiry after 12 months, 3 rewards, 3 tiers, a running double-points week");

    const products = shop.products.filter((p) => !p.giftCard);
    let quiet: string | null = null; // a customer with no orders (their points stay as seeded)
    for (let i = 0; i < 50; i++) {
      const first = FIRST[i % FIRST.length]!;
      const last = pick(LAST);
      const customer = await standin.createCustomer(DEMO_SHOP, { firstName: first, lastName: last, email: `${first}.${last}.${i}@example.com`.toLowerCase() });
      const orders = Math.floor(random() * 4);
      // Past orders, placed after the return window (their points are spendable), and for one
      // customer in five a recent one whose points are still pending.
      const placedAt = [...Array.from({ length: orders }, () => DEMO_PENDING_DAYS + 1 + Math.floor(random() * 90)), ...(i % 5 === 0 ? [2] : [])];
      for (const daysAgo of placedAt) {
        const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({ variantId: pick(products).variants[0]!.id.toString(), quantity: 1 + Math.floor(random() * 2) }));
        const order = await standin.placeOrder(DEMO_SHOP, { customerId: customer.id.toString(), lines, shippingMinor: 500n, processedAt: new Date(Date.now() - daysAgo * DAY_MS) });
        if (random() < 0.08) await standin.refundOrder(DEMO_SHOP, order.id.toString(), { lines: [{ lineItemId: order.lines[0]!.id.toString(), quantity: 1 }] });
        else if (random() < 0.04) await standin.cancelOrder(DEMO_SHOP, order.id.toString(), { refund: true });
      }
      // One customer in four subscribes to the newsletter (the email sign-up action pays once).
      if (i % 4 === 1) await standin.updateCustomer(DEMO_SHOP, customer.id.toString(), { emailMarketingState: "SUBSCRIBED" });
      if (placedAt.length === 0) quiet ??= customer.id.toString();
    }
    await standin.placeOrder(DEMO_SHOP, { email: "guest@example.com", lines: [{ variantId: products[0]!.variants[0]!.id.toString() }] });
    await standin.webhooks.settle();
    log(`seeded 50 customers with ${shop.orders.size} orders; ${standin.webhooks.log.length} webhooks delivered`);
    // A member whose points are about to expire: an Instagram follow almost a year ago (the
    // follow's lot expires 12 months after it), through the action's own use-case at that date.
    // A customer without orders, so no redemption of theirs spends these points first.
    if (quiet) {
      await memberOf(handle.db, dbShop.id, quiet);
      // The app's worker is still applying the seeded webhooks: this write waits for it to finish
      // (SQLite has one writer; a transaction that read first is refused at once, not queued).
      await inboxDrained(handle.db, DEMO_SHOP);
      await recordSocialFollow(handle.db, dbShop.id, quiet, "instagram", { now: new Date(Date.now() - (365 - 10) * DAY_MS) });
    }
  } else {
    log(`the demo shop already has a program and ${shop.customers.size} customers (kept from an earlier run)`);
  }
  const someone = [...shop.customers.values()][0];
  // A member's referral link, printed below (created on first use, as the storefront does).
  const someMember = someone ? await memberOf(handle.db, dbShop.id, someone.id.toString()) : null;
  const referral = someMember ? await referralLinkOf(handle.db, dbShop.id, someMember.id) : null;
  await closeDb();

  console.log(`
  Tally Rewards demo is running (database: ${describeDatabase(config)})

    Shopify admin (stand-in):  ${standin.adminUrl(DEMO_SHOP)}
    Storefront (stand-in):     ${standin.storefrontUrl(DEMO_SHOP)}
    Demo shop:                 ${DEMO_SHOP}
    App:                       ${appUrl}${referral ? `\n    A member's referral link:  ${referral.url}` : ""}

  Try:  npm run cli -- inbox ${DEMO_SHOP}
        npm run cli -- replay ${DEMO_SHOP}${someone ? `\n        npm run cli -- balance ${DEMO_SHOP} ${someone.id}` : ""}
        TALLY_MODE=demo SHOPIFY_STANDIN_URL=${standin.url} npm run cli -- reconcile ${DEMO_SHOP}

  Press Ctrl-C to stop.
`);
}

main().catch(async (error: unknown) => {
  console.error("[demo] failed:", error instanceof Error ? error.message : error);
  await cleanup();
  process.exit(1);
});
