// Keeps each member's loyalty state on their Shopify customer: a tier tag (`<prefix><tier slug>`)
// and app-owned metafields in `$app:tally` (balance, tier, progress, next expiry). Members are
// flagged `syncDirty` when their balance or tier changes; this writes only values that differ
// from what was last written (`syncedState`), packs metafields 25 to a call, and on failure
// retries the member later with exponential backoff (syncAttempts, syncNextAttemptAt, syncError).
// Throttling is waited out by adminGraphql.
import type { Db } from "../../db/client";
import { logger } from "../../lib/logger";
import { windowStart } from "../../loyalty/tiers";
import { adminGraphql, type AdminGraphqlClient, ShopifyApiError } from "../../shopify/admin-api.server";
import {
  ADD_CUSTOMER_TAGS,
  type AddCustomerTagsResult,
  REMOVE_CUSTOMER_TAGS,
  type RemoveCustomerTagsResult,
  SET_CUSTOMER_METAFIELDS,
  type SetCustomerMetafieldsResult,
} from "../../shopify/graphql/customer-sync";
import { payload } from "../../shopify/graphql/payload";
import type { PeriodicJob } from "../jobs/background.server";
import { type AdminFor, forEachInstalledShop } from "../jobs/installed-shops.server";
import { issueTierEntryRewards } from "../rewards/tier-entry-rewards.server";
import { TIER_ENTRY_REWARD_SOURCE } from "../ledger/operations.server";
import { loadTierProgram } from "../tiers/program.server";
import { progressByCustomer } from "../tiers/progress.server";
import type { NextExpiry } from "../../loyalty/points-expiry";
import { nextExpiry } from "../expiry/next-expiry.server";
import { loadProgramSettings } from "../program/settings.server";

const log = logger("customer-sync");

export const METAFIELD_NAMESPACE = "$app:tally";
const MAX_METAFIELDS_PER_CALL = 25;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 6 * 3600_000;

type MetafieldValue = { type: string; value: string };
/** What was (or should be) written for one customer. */
export type CustomerSyncState = { tag: string | null; metafields: Record<string, MetafieldValue> };

export const customerGid = (customerId: string) => `gid://shopify/Customer/${customerId}`;

/** Wait before the next attempt after `attempts` failures: 1, 2, 4 … minutes, at most 6 hours. */
export const syncBackoffMs = (attempts: number) => Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);

function parseSynced(json: string | null): CustomerSyncState {
  if (!json) return { tag: null, metafields: {} };
  const state = JSON.parse(json) as Partial<CustomerSyncState>;
  return { tag: state.tag ?? null, metafields: state.metafields ?? {} };
}

type SyncMember = { id: string; customerId: string; version: number; balance: number; tierId: string | null; syncedState: string | null; syncAttempts: number };

/** The state a member should have on Shopify now. */
async function desiredStates(db: Db, shopId: string, members: SyncMember[], now: Date): Promise<Map<string, CustomerSyncState>> {
  const program = await loadTierProgram(db, shopId);
  const since = windowStart(program.rules.window, now, program.rules.timezone);
  const progress = program.enabled ? await progressByCustomer(db, shopId, program.rules.metric, since, members.map((m) => m.customerId)) : new Map<string, bigint>();
  // The same next expiry as GET /proxy/me (by lot, or all points after inactivity), so email
  // tools reminding members read what the widget shows. Nothing to read when expiry is off.
  const rule = (await loadProgramSettings(db, shopId)).pointsExpiry;
  const expiry = new Map<string, NextExpiry>();
  if (rule.mode !== "none") {
    for (const m of members) {
      const next = await nextExpiry(db, shopId, m.id, now, { rule });
      if (next) expiry.set(m.id, next);
    }
  }
  const states = new Map<string, CustomerSyncState>();
  for (const m of members) {
    const tier = program.enabled ? program.tiers.find((t) => t.id === m.tierId) : undefined;
    const value = progress.get(m.customerId) ?? 0n;
    const next = program.enabled ? program.tiers.find((t) => t.threshold > value && (!tier || t.position > tier.position)) : undefined;
    const soon = expiry.get(m.id);
    states.set(m.id, {
      tag: tier ? `${program.tagPrefix}${tier.slug}` : null,
      metafields: {
        balance: { type: "number_integer", value: String(m.balance) },
        tier: { type: "json", value: JSON.stringify(tier ? { name: tier.name, slug: tier.slug, freeShipping: tier.perks.freeShipping, perks: tier.perks.displayPerks } : null) },
        progress: {
          type: "json",
          value: JSON.stringify(
            program.enabled ? { metric: program.rules.metric, value: value.toString(), nextTier: next?.name ?? null, remaining: next ? (next.threshold - value).toString() : null } : null,
          ),
        },
        next_expiry: { type: "json", value: JSON.stringify(soon ? { points: soon.points, at: soon.at.toISOString() } : null) },
      },
    });
  }
  return states;
}

type Work = { member: SyncMember; synced: CustomerSyncState; desired: CustomerSyncState; changedKeys: string[]; error: string | null; metafieldsDone: boolean; tagDone: boolean };

export type SyncResult = { examined: number; written: number; unchanged: number; failed: number; calls: number };

/**
 * Writes what changed for up to `batchSize` dirty members whose retry time has come. A member
 * that changed again while this ran stays dirty (its version moved), so nothing is lost.
 */
export async function syncDirtyMembers(db: Db, shopId: string, admin: AdminGraphqlClient, opts: { now?: Date; batchSize?: number; sleep?: (ms: number) => Promise<unknown> } = {}): Promise<SyncResult> {
  const now = opts.now ?? new Date();
  const members = await db.member.findMany({
    where: { shopId, syncDirty: true, redactedAt: null, OR: [{ syncNextAttemptAt: null }, { syncNextAttemptAt: { lte: now } }] },
    orderBy: { id: "asc" },
    take: opts.batchSize ?? 200,
    select: { id: true, customerId: true, version: true, balance: true, tierId: true, syncedState: true, syncAttempts: true },
  });
  const result: SyncResult = { examined: members.length, written: 0, unchanged: 0, failed: 0, calls: 0 };
  if (!members.length) return result;
  const desired = await desiredStates(db, shopId, members, now);
  const work: Work[] = members.map((member) => {
    const synced = parseSynced(member.syncedState);
    const want = desired.get(member.id)!;
    const changedKeys = Object.keys(want.metafields).filter((k) => synced.metafields[k]?.value !== want.metafields[k]!.value || synced.metafields[k]?.type !== want.metafields[k]!.type);
    return { member, synced, desired: want, changedKeys, error: null, metafieldsDone: changedKeys.length === 0, tagDone: false };
  });
  const call = async <T>(query: string, variables: Record<string, unknown>) => {
    result.calls++;
    return adminGraphql<T>(admin, query, variables, { sleep: opts.sleep });
  };

  // Throttling that outlasts adminGraphql's retries ends the run; what is left is retried later.
  let stopped: string | null = null;
  const fail = (w: Work, error: unknown) => {
    w.error = errorText(error);
    if (error instanceof ShopifyApiError && error.code === "throttled") stopped = w.error;
  };

  // Metafields: whole members per call (atomic per member), at most 25 values per call.
  const groups: Work[][] = [];
  for (const w of work.filter((x) => x.changedKeys.length)) {
    const last = groups[groups.length - 1];
    const size = last?.reduce((n, x) => n + x.changedKeys.length, 0) ?? MAX_METAFIELDS_PER_CALL;
    if (last && size + w.changedKeys.length <= MAX_METAFIELDS_PER_CALL) last.push(w);
    else groups.push([w]);
  }
  const writeMetafields = async (group: Work[]) => {
    const metafields = group.flatMap((w) => w.changedKeys.map((key) => ({ ownerId: customerGid(w.member.customerId), namespace: METAFIELD_NAMESPACE, key, ...w.desired.metafields[key]! })));
    const data = await call<SetCustomerMetafieldsResult>(SET_CUSTOMER_METAFIELDS, { metafields });
    return payload(data.metafieldsSet, "metafieldsSet").userErrors;
  };
  for (const group of groups) {
    if (stopped) break;
    try {
      const errors = await writeMetafields(group);
      if (!errors.length) {
        for (const w of group) w.metafieldsDone = true;
        continue;
      }
      // The call is atomic: write each member alone, so one bad customer does not hold back the rest.
      for (const w of group) {
        const own = group.length === 1 ? errors : await writeMetafields([w]);
        if (own.length) w.error = `metafieldsSet: ${own.map((e) => e.message).join("; ")}`;
        else w.metafieldsDone = true;
      }
    } catch (error) {
      for (const w of group) fail(w, error);
    }
  }
  // Tags: remove the old tier tag, add the new one.
  for (const w of work) {
    if (stopped || w.error || !w.metafieldsDone) continue;
    const id = customerGid(w.member.customerId);
    try {
      if (w.synced.tag && w.synced.tag !== w.desired.tag) {
        const removed = await call<RemoveCustomerTagsResult>(REMOVE_CUSTOMER_TAGS, { id, tags: [w.synced.tag] });
        const { userErrors } = payload(removed.tagsRemove, "tagsRemove");
        if (userErrors.length) throw new Error(`tagsRemove: ${userErrors.map((e) => e.message).join("; ")}`);
      }
      if (w.desired.tag && w.synced.tag !== w.desired.tag) {
        const added = await call<AddCustomerTagsResult>(ADD_CUSTOMER_TAGS, { id, tags: [w.desired.tag] });
        const { userErrors } = payload(added.tagsAdd, "tagsAdd");
        if (userErrors.length) throw new Error(`tagsAdd: ${userErrors.map((e) => e.message).join("; ")}`);
      }
      w.tagDone = true;
    } catch (error) {
      fail(w, error);
    }
  }

  for (const w of work) {
    if (!w.tagDone) {
      result.failed++;
      const attempts = w.member.syncAttempts + 1;
      await db.member.update({
        where: { id: w.member.id },
        data: { syncAttempts: attempts, syncError: (w.error ?? stopped ?? "not attempted").slice(0, 500), syncNextAttemptAt: new Date(now.getTime() + syncBackoffMs(attempts)) },
      });
      continue;
    }
    if (w.changedKeys.length || w.synced.tag !== w.desired.tag) result.written++;
    else result.unchanged++;
    const done = { syncedState: JSON.stringify(w.desired), syncAttempts: 0, syncError: null, syncNextAttemptAt: null };
    // Clean only if nothing changed meanwhile (every ledger write and tier evaluation bumps version).
    const cleaned = await db.member.updateMany({ where: { id: w.member.id, version: w.member.version }, data: { ...done, syncDirty: false } });
    if (cleaned.count === 0) await db.member.update({ where: { id: w.member.id }, data: done });
  }
  return result;
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Every minute, for each installed shop with work, through its offline session: entry rewards
 * owed as catalog rewards are issued, then dirty members are synced.
 */
export function customerSyncJob(db: Db, adminFor: AdminFor, opts: { batchSize?: number } = {}): PeriodicJob {
  return {
    name: "customer-sync",
    everyMs: 60_000,
    run: async () => {
      const now = new Date();
      await forEachInstalledShop(
        db,
        "customer-sync",
        async (shop) => {
          const admin = await adminFor(shop.domain);
          const entry = await issueTierEntryRewards(db, shop.id, admin, { now });
          for (const error of entry.errors) log.error(`${shop.domain} tier entry reward`, error);
          await syncDirtyMembers(db, shop.id, admin, { now, batchSize: opts.batchSize });
        },
        {
          OR: [
            { members: { some: { syncDirty: true, OR: [{ syncNextAttemptAt: null }, { syncNextAttemptAt: { lte: now } }] } } },
            { entries: { some: { sourceType: TIER_ENTRY_REWARD_SOURCE, createdAt: { gte: new Date(now.getTime() - 30 * 86_400_000) } } } },
          ],
        },
      );
    },
  };
}
