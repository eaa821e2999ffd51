// The production start: `npm start` with only the three Shopify variables and PORT, serving
// /healthz on SQLite with no other configuration, and on PostgreSQL through DATABASE_URL.
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type AppServer, startAppServer } from "../support/app-server";
import { launchChromium } from "../support/browser";
import { nodeArgsOfScript } from "../support/npm-script";
import { dropSchema, postgresReachable, postgresUrlWithSchema, uniqueSchemaName } from "../support/postgres";

describe("production server", () => {
  const servers: AppServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  it("serves /healthz with 200 on the embedded SQLite database", async () => {
    const app = await startAppServer();
    servers.push(app);
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: "ok", database: { provider: "sqlite", reachable: true } });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("serves /healthz with 200 on PostgreSQL", async (ctx) => {
    if (!(await postgresReachable())) {
      if (process.env.CI === "true") throw new Error("PostgreSQL must be reachable in CI");
      ctx.skip();
    }
    const schema = uniqueSchemaName("e2e");
    const app = await startAppServer({ DATABASE_URL: postgresUrlWithSchema(schema) });
    servers.push(app);
    try {
      const res = await fetch(`${app.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ status: "ok", database: { provider: "postgresql", reachable: true } });
    } finally {
      await app.stop();
      await dropSchema(schema);
    }
  });

  it("keeps an idle kept-alive connection open longer than a proxy in front keeps its own (60 s)", async () => {
    // Node's default closes it after 5 s: a proxy reusing it just then gets a reset (a 502).
    const app = servers[0]!;
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; keepAlive: unknown; reused: boolean }>((resolve, reject) => {
        const req = http.get(`${app.url}/healthz`, { agent }, (res) => {
          res.resume();
          res.once("end", () => resolve({ status: res.statusCode ?? 0, keepAlive: res.headers["keep-alive"], reused: req.reusedSocket }));
        });
        req.once("error", reject);
      });
    try {
      const first = await get();
      expect(first).toMatchObject({ status: 200, keepAlive: "timeout=65", reused: false });
      await new Promise((r) => setTimeout(r, 6_000));
      expect(await get()).toMatchObject({ status: 200, reused: true });
    } finally {
      agent.destroy();
    }
  });

  it("answers every storefront API path it refuses with the API's JSON error, unknown paths too", async () => {
    // Each route file under proxy/, at a URL it matches (params filled in), unsigned; and a path
    // no route serves. docs/storefront-api.md promises { error: { code, message } } for every error.
    const app = servers[0]!;
    const routes = fs
      .readdirSync(path.resolve("app/routes"))
      .filter((f) => f.startsWith("proxy.") && f !== "proxy.$.tsx")
      .map((f) => "/" + f.replace(/\.tsx?$/, "").split(".").map((s) => (s.startsWith("$") ? "x1" : s)).join("/"));
    expect(routes.length).toBeGreaterThanOrEqual(7);
    const refused: Record<string, [number, string]> = {};
    for (const url of [...routes, "/proxy/no-such-endpoint", "/proxy/me/extra", "/proxy/me?shop=x.myshopify.com"]) {
      const res = await fetch(`${app.url}${url}`);
      expect(res.headers.get("content-type"), url).toMatch(/^application\/json/);
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      expect(body.error?.message, url).toEqual(expect.any(String));
      refused[url] = [res.status, body.error?.code ?? ""];
    }
    expect(refused).toMatchObject({
      // No shop parameter: refused before the signature is read.
      "/proxy/me": [400, "invalid_request"],
      "/proxy/me?shop=x.myshopify.com": [400, "invalid_signature"],
      "/proxy/redemptions": [405, "method_not_allowed"],
      "/proxy/redemptions/x1": [405, "method_not_allowed"],
      "/proxy/no-such-endpoint": [404, "not_found"],
      "/proxy/me/extra": [404, "not_found"],
    });
    // A method a route does not serve: the API's 405, not Remix's {"message":"Unexpected Server Error"}.
    for (const [url, method] of [["/proxy/me", "PUT"], ["/proxy/program", "PUT"], ["/proxy/me", "POST"], ["/proxy/birthday", "PUT"], ["/proxy/actions/social_follow", "DELETE"],
      ["/proxy/redemptions", "PUT"], ["/proxy/redemptions/x1", "POST"], ["/proxy/r/ABCD2345", "PUT"]] as const) {
      const res = await fetch(`${app.url}${url}`, { method });
      expect([url, method, res.status, (await res.json()) as unknown]).toEqual([url, method, 405, { error: { code: "method_not_allowed", message: expect.any(String) } }]);
    }
    const deleteUnknown = await fetch(`${app.url}/proxy/no-such-endpoint`, { method: "DELETE" });
    expect([deleteUnknown.status, (await deleteUnknown.json()) as unknown]).toEqual([404, { error: { code: "not_found", message: expect.any(String) } }]);
  });

  it("runs compiled JavaScript: npm start and npm run worker are plain node on files the build wrote", () => {
    for (const script of ["start", "worker"] as const) {
      const args = nodeArgsOfScript(script);
      expect(args.join(" "), script).not.toMatch(/tsx|--import|--loader/);
      const entry = args.at(-1)!;
      expect(entry, script).toMatch(/\.js$/);
      expect(fs.existsSync(entry), `${entry} is built`).toBe(true);
    }
  });

  it("refuses to start in production without the Shopify credentials", async () => {
    await expect(startAppServer({ SHOPIFY_API_SECRET: "" , SHOPIFY_API_KEY: ""})).rejects.toThrow(
      /SHOPIFY_API_KEY, SHOPIFY_API_SECRET/,
    );
  });

  it("refuses to start with the stand-in or the public development secret outside demo mode", async () => {
    await expect(startAppServer({ SHOPIFY_STANDIN_URL: "http://127.0.0.1:9" })).rejects.toThrow(/SHOPIFY_STANDIN_URL is only honoured with TALLY_MODE=demo/);
    await expect(startAppServer({ SHOPIFY_API_SECRET: "tally-rewards-dev-secret" })).rejects.toThrow(/SHOPIFY_API_SECRET is the public development secret/);
  });

  it("renders the landing page in Chromium with no console errors or failed requests", async () => {
    const app = servers[0]!;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on("console", (m) => m.type() === "error" && problems.push(`${m.text()} (${m.location().url})`));
      page.on("requestfailed", (r) => problems.push(`${r.url()} ${r.failure()?.errorText}`));
      const response = await page.goto(app.url);
      expect(response?.status()).toBe(200);
      await expect(page.getByRole("heading", { name: "Tally Rewards" }).textContent()).resolves.toBe("Tally Rewards");
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
