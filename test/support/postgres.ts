// PostgreSQL for tests: the server the machine runs (127.0.0.1:5432, trust auth, database `test`),
// one fresh schema per test file so parallel runs never collide.
import net from "node:net";
import pg from "pg";

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL || "postgresql://postgres@127.0.0.1:5432/test";

export function postgresReachable(url = TEST_POSTGRES_URL, timeoutMs = 1500): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export function uniqueSchemaName(prefix = "t"): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
}

export function postgresUrlWithSchema(schema: string, url = TEST_POSTGRES_URL): string {
  const u = new URL(url);
  u.searchParams.set("schema", schema);
  return u.toString();
}

export async function dropSchema(schema: string, url = TEST_POSTGRES_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
