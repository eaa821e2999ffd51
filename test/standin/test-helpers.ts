// Helpers for the stand-in's own tests: a tiny HTTP receiver playing the app, and an Admin
// GraphQL client that talks to the stand-in the way the library does.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type Standin, startStandin, type StandinOptions } from "./index";

export type Received = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string; at: number };

export type Receiver = {
  url: string;
  received: Received[];
  /** Status codes for the next requests, in order; 200 after they run out. */
  answerWith: number[];
  close(): Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const receiver: Omit<Receiver, "url" | "close"> = { received: [], answerWith: [] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      receiver.received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), at: Date.now() });
      const status = receiver.answerWith.shift() ?? 200;
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify({ ok: status < 300, path: req.url }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A stand-in whose app is a receiver; both closed by `close()`. */
export async function standinWithReceiver(options: Partial<StandinOptions> = {}) {
  const receiver = await startReceiver();
  const standin = await startStandin({ appUrl: receiver.url, ...options });
  return {
    standin,
    receiver,
    close: async () => {
      await standin.close();
      await receiver.close();
    },
  };
}

export type GraphqlAnswer = {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers are read loosely in tests
  body: { data?: Record<string, any>; errors?: any; extensions?: any };
};

export async function adminGraphql(standin: Standin, shop: string, token: string, query: string, variables: Record<string, unknown> = {}, version = "2026-10"): Promise<GraphqlAnswer> {
  const res = await fetch(`${standin.url}/admin/api/${version}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Forwarded-Host": shop },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as GraphqlAnswer["body"]) : {} };
}

/** A shop with the app installed, and a GraphQL client bound to it. */
export function installedShop(standin: Standin, input: Parameters<Standin["createShop"]>[0] = {}) {
  const shop = standin.createShop(input);
  const { accessToken } = standin.installApp(shop.domain);
  return { shop, accessToken, gql: (query: string, variables: Record<string, unknown> = {}) => adminGraphql(standin, shop.domain, accessToken, query, variables) };
}
