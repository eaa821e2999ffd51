// The operator CLI's commands: each takes the database and its arguments and returns data (for
// --json) and text (for people). Kept apart from main.ts so tests can run them in-process.
import type { Db } from "../db/client";
import type { DatabaseConfig } from "../db/config";
import { createDataRequest, dataRequestFile, listDataRequests } from "../services/compliance/data-request.server";
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, setRetentionDays } from "../services/compliance/retention.server";
import { listDeliveries, retryDelivery } from "../services/inbox/inbox-queries.server";
import { memberSummary } from "../services/members/member-summary.server";
import { replayShop } from "../services/ledger/replay.server";
import type { ReconcileReport } from "../services/reconcile/reconcile-shop.server";

export type CliContext = { db: Db; provider: DatabaseConfig["provider"]; flags: { failed: boolean } };
export type CliResult = { data: unknown; text: string; exitCode?: number };
export type CliCommand = (context: CliContext, args: string[]) => Promise<CliResult>;

export class CliUsageError extends Error {
  override name = "CliUsageError";
}

function need(args: string[], count: number, usage: string): string[] {
  if (args.length < count || args.slice(0, count).some((a) => !a)) throw new CliUsageError(`usage: ${usage}`);
  return args;
}

const inbox: CliCommand = async ({ db, flags }, args) => {
  const [shop] = need(args, 1, "inbox <shop> [--failed]");
  const result = await listDeliveries(db, shop!, { status: flags.failed ? "failed" : undefined, limit: 100 });
  const lines = [
    `${shop}: ${Object.entries(result.counts).map(([s, n]) => `${n} ${s}`).join(", ") || "no deliveries"}`,
    ...result.deliveries.map(
      (d) =>
        `${d.id}  ${d.receivedAt.toISOString()}  ${d.topic.padEnd(22)} ${d.status.padEnd(10)} attempts=${d.attempts}` +
        (d.lastError ? `  ${d.lastError}` : ""),
    ),
  ];
  return { data: result, text: lines.join("\n") };
};

const retry: CliCommand = async ({ db }, args) => {
  const [deliveryId] = need(args, 1, "retry <deliveryId>");
  const result = await retryDelivery(db, deliveryId!);
  return result.ok
    ? { data: { id: deliveryId, status: "received" }, text: `${deliveryId} queued again` }
    : { data: { id: deliveryId, error: result.reason }, text: `${deliveryId}: ${result.reason}`, exitCode: 1 };
};

const balance: CliCommand = async ({ db }, args) => {
  const [shop, customerId] = need(args, 2, "balance <shop> <customerId>");
  const summary = await memberSummary(db, shop!, customerId!);
  if (!summary) return { data: { shop, customerId, error: "not_found" }, text: `no member ${customerId} in ${shop}`, exitCode: 1 };
  const lines = [
    `${summary.email ?? customerId} in ${shop}`,
    `  balance ${summary.balance}, pending ${summary.pending}, held ${summary.held}, lifetime ${summary.lifetimeEarned}` +
      (summary.tier ? `, tier ${summary.tier}` : ""),
    ...(summary.tier
      ? [
          `  tier progress ${summary.tierProgress.value} ${summary.tierProgress.metric} (${summary.tierProgress.window})` +
            (summary.tierProgress.nextTier ? `, ${summary.tierProgress.nextTier.remaining} to ${summary.tierProgress.nextTier.name}` : ", top tier"),
        ]
      : []),
    ...summary.entries.map((e) => `  ${e.createdAt.toISOString()}  ${e.kind.padEnd(15)} ${String(e.points).padStart(7)}  ${e.businessKey}`),
  ];
  return { data: summary, text: lines.join("\n") };
};

const replay: CliCommand = async ({ db }, args) => {
  const [shopDomain] = need(args, 1, "replay <shop>");
  const shop = await db.shop.findUnique({ where: { domain: shopDomain! } });
  if (!shop) return { data: { shop: shopDomain, error: "not_found" }, text: `no shop ${shopDomain}`, exitCode: 1 };
  const report = await replayShop(db, shop.id);
  const ok = report.mismatches.length === 0;
  const text = [
    `${shopDomain}: ${report.members} members, ${report.entries} entries replayed in ${report.ms} ms: ` +
      (ok ? "every cached balance matches the ledger" : `${report.mismatches.length} mismatch(es)`),
    ...report.mismatches.map((m) => `  ${m.customerId} ${m.field}: cached ${m.cached}, ledger ${m.fromLedger}`),
  ].join("\n");
  return { data: { ...report, ok }, text, exitCode: ok ? 0 : 1 };
};

const reconcile: CliCommand = async ({ db }, args) => {
  const [shopDomain] = need(args, 1, "reconcile <shop>");
  // Loaded lazily: it configures the Shopify library (only this command talks to Shopify).
  const { unauthenticated } = await import("../shopify.server");
  const { reconcileShop } = await import("../services/reconcile/reconcile-shop.server");
  const { admin } = await unauthenticated.admin(shopDomain!);
  const report: ReconcileReport = await reconcileShop(db, shopDomain!, admin);
  const text =
    `${shopDomain}: ${report.ordersSeen} orders updated since ${report.since}, ${report.ordersFetched} needed work: ` +
    `${report.earned} earned (+${report.pointsEarned}), ${report.refundsApplied} refunds and ${report.cancellations} cancellations applied (-${report.pointsReversed})`;
  return { data: report, text };
};

const revokeWelcomeCodes: CliCommand = async ({ db }, args) => {
  const [shopDomain] = need(args, 1, "revoke-welcome-codes <shop>");
  const { unauthenticated } = await import("../shopify.server");
  const { revokeOldWelcomeCodes } = await import("../services/referrals/revoke-old-codes.server");
  const { admin } = await unauthenticated.admin(shopDomain!);
  const report = await revokeOldWelcomeCodes(db, shopDomain!, admin);
  const failures = report.failed.map((f) => `\n  ${f.code}: ${f.error}`).join("");
  return { data: report, text: `${shopDomain}: ${report.revoked} old per-friend welcome codes deleted in Shopify, ${report.failed.length} failed${failures}`, exitCode: report.failed.length ? 1 : 0 };
};

// Privacy (docs/privacy.md). An export is for handing over, so it is printed as JSON either way.
const dataRequest: CliCommand = async ({ db }, args) => {
  const [shopDomain, customerId] = need(args, 2, "data-request <shop> <customerId>");
  if (!/^\d{1,20}$/.test(customerId!)) throw new CliUsageError("customerId must be a Shopify customer id (digits)");
  if (!(await db.shop.findUnique({ where: { domain: shopDomain! }, select: { id: true } }))) {
    return { data: { shop: shopDomain, error: "not_found" }, text: `no shop ${shopDomain}`, exitCode: 1 };
  }
  const request = await createDataRequest(db, shopDomain!, customerId!, { source: "cli" });
  const file = JSON.stringify(request.data, jsonReplacer, 2);
  return { data: request.data, text: file };
};

const dataRequests: CliCommand = async ({ db }, args) => {
  const [shopDomain, customerId] = need(args, 1, "data-requests <shop> [customerId]");
  const shop = await db.shop.findUnique({ where: { domain: shopDomain! }, select: { id: true } });
  if (!shop) return { data: { shop: shopDomain, error: "not_found" }, text: `no shop ${shopDomain}`, exitCode: 1 };
  const rows = await listDataRequests(db, shop.id, { customerId: customerId || undefined, limit: 500 });
  const text = rows.length
    ? rows.map((r) => `${r.id}  ${r.createdAt.toISOString()}  customer ${r.customerId ?? "?"}  (${r.source})`).join("\n")
    : `${shopDomain}: no stored data requests`;
  return { data: rows, text };
};

const dataRequestShow: CliCommand = async ({ db }, args) => {
  const [shopDomain, requestId] = need(args, 2, "data-request-show <shop> <requestId>");
  const shop = await db.shop.findUnique({ where: { domain: shopDomain! }, select: { id: true } });
  const file = shop ? await dataRequestFile(db, shop.id, requestId!) : null;
  if (!file) return { data: { shop: shopDomain, requestId, error: "not_found" }, text: `no data request ${requestId} in ${shopDomain}`, exitCode: 1 };
  const data = JSON.parse(file.body) as unknown;
  return { data, text: JSON.stringify(data, null, 2) };
};

const retention: CliCommand = async ({ db }, args) => {
  const [shopDomain, days] = need(args, 1, "retention <shop> [days]");
  if (days !== undefined) {
    const n = /^\d+$/.test(days) ? Number(days) : NaN;
    if (!Number.isInteger(n) || n < MIN_RETENTION_DAYS || n > MAX_RETENTION_DAYS) throw new CliUsageError(`days must be a whole number from ${MIN_RETENTION_DAYS} to ${MAX_RETENTION_DAYS}`);
    if (!(await setRetentionDays(db, shopDomain!, n))) return { data: { shop: shopDomain, error: "not_found" }, text: `no shop ${shopDomain}`, exitCode: 1 };
  }
  const shop = await db.shop.findUnique({ where: { domain: shopDomain! }, select: { dataRetentionDays: true } });
  if (!shop) return { data: { shop: shopDomain, error: "not_found" }, text: `no shop ${shopDomain}`, exitCode: 1 };
  return { data: { shop: shopDomain, retentionDays: shop.dataRetentionDays }, text: `${shopDomain}: processed webhooks and shoppers' idempotency records are kept ${shop.dataRetentionDays} days` };
};

function jsonReplacer(_key: string, value: unknown) {
  return typeof value === "bigint" ? value.toString() : value;
}

export const commands: Record<string, CliCommand> = {
  balance,
  replay,
  reconcile,
  inbox,
  retry,
  "data-request": dataRequest,
  "data-requests": dataRequests,
  "data-request-show": dataRequestShow,
  retention,
  "revoke-welcome-codes": revokeWelcomeCodes,
};
