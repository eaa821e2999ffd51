// The daily birthday job of a shop: members whose birthday is celebrated today (shop-local day;
// 29 February on the 28th in common years) get the program's birthday reward, once per year
// (business key birthday:<member>:<year>). Points are a ledger bonus; a catalog reward is issued
// through Shopify as a free redemption, once per key (an idempotency record). The last few days
// are looked at again, so a day the job did not run (or Shopify failed) is caught up.
import type { Db } from "../../db/client";
import { logger } from "../../lib/logger";
import { birthdayDayIn, birthdayPaysOn, birthdaysCelebratedOn } from "../../loyalty/birthday";
import { businessKeys } from "../../loyalty/ledger";
import type { AdminGraphqlClient } from "../../shopify/admin-api.server";
import type { PeriodicJob } from "../jobs/background.server";
import { type AdminFor, forEachInstalledShop } from "../jobs/installed-shops.server";
import { grantBirthday } from "../ledger/operations.server";
import { loadProgramSettings } from "../program/settings.server";
import { withIdempotency } from "../rewards/idempotency.server";
import { redeemReward } from "../rewards/redemptions.server";
import { addDays, shopDayOf } from "../../loyalty/shop-day";

const log = logger("birthdays");

/** Staff id recorded on redemptions the birthday reward issued. */
export const BIRTHDAY_SYSTEM_USER = "system:birthday";
const CATCH_UP_DAYS = 3;
const SCOPE = "birthday";

export type BirthdayRunResult = { granted: number; skipped: number; failed: number; errors: string[] };

export async function runBirthdays(db: Db, shopId: string, now: Date, opts: { admin?: () => Promise<AdminGraphqlClient>; pageSize?: number } = {}): Promise<BirthdayRunResult> {
  const result: BirthdayRunResult = { granted: 0, skipped: 0, failed: 0, errors: [] };
  const settings = await loadProgramSettings(db, shopId);
  const rule = settings.birthday;
  if (!settings.enabled || !rule.enabled || (rule.points <= 0 && !rule.rewardId)) return result;
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true, currency: true } });
  const today = shopDayOf(now, shop.timezone);
  // Admin API access only when a reward has to be issued through Shopify.
  let admin: AdminGraphqlClient | undefined;
  for (let back = CATCH_UP_DAYS - 1; back >= 0; back--) {
    const day = addDays(today, -back);
    const year = Number(day.slice(0, 4));
    let after = "";
    for (;;) {
      const rows = await db.memberBirthday.findMany({
        where: { shopId, id: { gt: after }, OR: birthdaysCelebratedOn(day), member: { redactedAt: null } },
        orderBy: { id: "asc" },
        take: opts.pageSize ?? 200,
        include: { member: { select: { customerId: true } } },
      });
      if (!rows.length) break;
      after = rows.at(-1)!.id;
      for (const b of rows) {
        // The day it is celebrated this year must be this day, and it must have been set early enough.
        if (birthdayDayIn(b, year) !== day || !birthdayPaysOn(b, b.setAt, day, rule.minDaysBeforeBirthday, shop.timezone)) {
          result.skipped++;
          continue;
        }
        const key = businessKeys.birthday(b.memberId, year);
        try {
          if (rule.points > 0) {
            const posted = await db.$transaction((tx) =>
              grantBirthday(tx, { shopId, memberId: b.memberId, year, day, points: rule.points, now }),
            );
            if (posted.created) result.granted++;
          } else if (rule.rewardId) {
            if (!opts.admin) throw new Error("a birthday reward needs Admin API access");
            admin ??= await opts.admin();
            const client = admin;
            const rewardId = rule.rewardId;
            const answer = await withIdempotency(db, { shopId, scope: SCOPE, key, request: { rewardId }, now }, async () => {
              const redemption = await redeemReward(
                { db, shopId, currency: shop.currency, admin: client, now },
                { customerId: b.member.customerId, rewardId, free: true, issuedBy: "staff", staffUserId: BIRTHDAY_SYSTEM_USER },
              );
              return { status: 200, body: { redemptionId: redemption.id } };
            });
            if (!answer.replayed) result.granted++;
          }
        } catch (error) {
          result.failed++;
          result.errors.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }
  return result;
}

/** Runs every hour; each shop is handled once per shop-local day (per app instance). */
export function birthdayJob(db: Db, adminFor: AdminFor, opts: { now?: () => Date } = {}): PeriodicJob {
  const lastDay = new Map<string, string>();
  return {
    name: "birthdays",
    everyMs: 60 * 60_000,
    run: async () => {
      const now = opts.now?.() ?? new Date();
      await forEachInstalledShop(
        db,
        "birthdays",
        async (shop) => {
          const day = shopDayOf(now, shop.timezone);
          if (lastDay.get(shop.id) === day) return;
          const r = await runBirthdays(db, shop.id, now, { admin: () => adminFor(shop.domain) });
          if (r.failed) log.error(shop.domain, r.errors.slice(0, 5).join("; "));
          lastDay.set(shop.id, day);
        },
        { birthdays: { some: {} } },
      );
    },
  };
}
