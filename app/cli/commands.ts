// The operator CLI's commands: each takes the database and its arguments and returns data (for
// --json) and text (for people). Kept apart from main.ts so tests can run them in-process.
import type { Db } from "../db/client";
import type { DatabaseConfig } from "../db/config";
import { listDeliveries, retryDelivery } from "../services/inbox/inbox-queries.server";

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

export const commands: Record<string, CliCommand> = { inbox, retry };
