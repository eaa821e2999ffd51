// Operator CLI: `npm run cli -- <command> [args] [--json]`. Uses the same database configuration
// as the app (DATABASE_URL, or the embedded SQLite file), so it sees what a running demo wrote.
import { databaseConfigFromEnv } from "../db/config";
import { createDb } from "../db/client";
import { migrate } from "../db/migrate";
import { commands, type CliContext } from "./commands";

const USAGE = `usage: npm run cli -- <command> [args] [--json]

  balance <shop> <customerId>   balance, pending, lifetime, tier and last entries of a member
  replay <shop>                 check every cached balance against the ledger (exit 1 on mismatch)
  reconcile <shop>              apply earns and reversals the webhooks missed (Admin API)
  revoke-welcome-codes <shop>   delete old per-friend referral welcome codes still unused (Admin API)
  inbox <shop> [--failed]       webhook deliveries and their status
  retry <deliveryId>            put a failed delivery back in the queue
  data-request <shop> <customerId>        export everything stored about a customer (JSON), kept as a data request
  data-requests <shop> [customerId]       stored data requests (Shopify's customers/data_request, staff, CLI)
  data-request-show <shop> <requestId>    print a stored data request's export
  retention <shop> [days]       show or set how long processed webhooks and idempotency records are kept (default 30)
`;

async function main(argv: string[]): Promise<number> {
  const json = argv.includes("--json");
  const failedOnly = argv.includes("--failed");
  const [name, ...args] = argv.filter((a) => !a.startsWith("--"));
  const command = name ? commands[name] : undefined;
  if (!command) {
    process.stderr.write(USAGE);
    return 2;
  }
  const config = databaseConfigFromEnv();
  await migrate(config);
  const handle = createDb(config);
  const context: CliContext = { db: handle.db, provider: config.provider, flags: { failed: failedOnly } };
  try {
    const result = await command(context, args);
    process.stdout.write(json ? `${JSON.stringify(result.data, jsonReplacer, 2)}\n` : `${result.text}\n`);
    return result.exitCode ?? 0;
  } finally {
    await handle.close();
  }
}

function jsonReplacer(_key: string, value: unknown) {
  return typeof value === "bigint" ? value.toString() : value;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: ${message}\n`);
    process.exit(1);
  },
);
