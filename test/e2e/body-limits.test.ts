// Request body limits on the built app (`npm start`): bodies are counted while they stream in and
// refused with 413 past their route's limit, so memory stays flat whatever an unauthenticated
// caller sends (issue 21, item 7: a 200 MB webhook body raised the process from 180 to 775 MB).
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppServer, startAppServer } from "../support/app-server";

const MB = 1024 * 1024;

/** The process's resident memory in bytes (Linux). */
function rss(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}

type Sent = { status: number; body: string; sentBytes: number; peakRss: number };

/**
 * POSTs `total` bytes in 64 KB chunks (chunked, or with a Content-Length when `declare`), stopping
 * as soon as the answer arrives, and samples the server's RSS meanwhile.
 */
function streamPost(app: AppServer, path: string, total: number, options: { declare?: boolean; headers?: Record<string, string> } = {}): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let peakRss = rss(app.pid);
    let answered = false;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rss(app.pid))), 20);
    const req = http.request(`${app.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(options.declare ? { "content-length": String(total) } : {}), ...options.headers },
    });
    req.on("response", (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => {
        clearInterval(sampler);
        peakRss = Math.max(peakRss, rss(app.pid));
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, sentBytes, peakRss });
      });
    });
    req.on("error", (error) => {
      clearInterval(sampler);
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const write = () => {
      while (!answered && sentBytes < total) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - sentBytes));
        sentBytes += piece.length;
        if (!req.write(piece)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

describe("request body limits (production server)", () => {
  let app: AppServer;
  beforeAll(async () => {
    app = await startAppServer();
  });
  afterAll(async () => {
    await app?.stop();
  });

  const tooLarge = (limit: number) => ({ error: { code: "payload_too_large", message: expect.stringContaining(String(limit)), details: { limit } } });

  it("refuses a 200 MB webhook body streamed without Content-Length with 413, memory flat", async () => {
    // Warm the path first so that the measure is the body's, not the first request's.
    await streamPost(app, "/webhooks/orders/paid", 1024);
    const before = rss(app.pid);
    const sent = await streamPost(app, "/webhooks/orders/paid", 200 * MB);
    expect(sent.status).toBe(413);
    expect(JSON.parse(sent.body)).toEqual(tooLarge(MB));
    expect(sent.sentBytes).toBeLessThan(200 * MB);
    console.log(`[body-limits] 200 MB webhook: RSS ${(before / MB).toFixed(0)} → peak ${(sent.peakRss / MB).toFixed(0)} MB, ${(sent.sentBytes / MB).toFixed(1)} MB sent before the 413`);
    expect(sent.peakRss - before).toBeLessThan(50 * MB);
  });

  it("four 200 MB webhook bodies at once: all 413, memory flat (the old code peaked at 1.7 GB)", async () => {
    const before = rss(app.pid);
    const sent = await Promise.all([1, 2, 3, 4].map(() => streamPost(app, "/webhooks/orders/paid", 200 * MB)));
    expect(sent.map((s) => s.status)).toEqual([413, 413, 413, 413]);
    const peak = Math.max(...sent.map((s) => s.peakRss));
    console.log(`[body-limits] 4 × 200 MB webhooks: RSS ${(before / MB).toFixed(0)} → peak ${(peak / MB).toFixed(0)} MB`);
    expect(peak - before).toBeLessThan(50 * MB);
  });

  it("refuses a webhook body announced above 1 MB before reading it", async () => {
    const before = rss(app.pid);
    const sent = await streamPost(app, "/webhooks/orders/paid", 200 * MB, { declare: true });
    expect(sent.status).toBe(413);
    expect(JSON.parse(sent.body)).toEqual(tooLarge(MB));
    expect(sent.peakRss - before).toBeLessThan(50 * MB);
  });

  it("refuses a 1 MB storefront body (/proxy/me) with 413; a small one reaches the route", async () => {
    const before = rss(app.pid);
    const sent = await streamPost(app, "/proxy/me", MB);
    expect(sent.status).toBe(413);
    expect(JSON.parse(sent.body)).toEqual(tooLarge(16 * 1024));
    expect(sent.peakRss - before).toBeLessThan(50 * MB);
    // Under the limit the route answers: unsigned, with a shop, the signature is refused (400).
    const small = await streamPost(app, "/proxy/redemptions?shop=bath-house.myshopify.com", 1024);
    expect([small.status, JSON.parse(small.body).error.code]).toEqual([400, "invalid_signature"]);
  });

  it("limits review requests to 16 KB and admin posts to 512 KB", async () => {
    const review = await streamPost(app, "/api/reviews", 17 * 1024);
    expect([review.status, JSON.parse(review.body)]).toEqual([413, tooLarge(16 * 1024)]);
    const admin = await streamPost(app, "/app/settings", 600 * 1024);
    expect([admin.status, JSON.parse(admin.body)]).toEqual([413, tooLarge(512 * 1024)]);
  });

  it("passes a webhook body under the limit to the signature check, byte for byte", async () => {
    // 900 KB of unsigned body: read whole, then refused by the HMAC check (401), not by size.
    const sent = await streamPost(app, "/webhooks/orders/paid", 900 * 1024, { headers: { "x-shopify-hmac-sha256": "AAAA" } });
    expect(sent.status).toBe(401);
  });
});
