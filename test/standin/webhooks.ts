// Webhook delivery like Shopify's: POST to the URI the app declares in shopify.app.toml, headers
// and base64 HMAC-SHA256 of the raw body with the app secret, 5 s timeout, retries on any non-2xx
// (on a compressed schedule), at-least-once. Tests can pause, shuffle and duplicate deliveries.
import { createHmac, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ADMIN_API_VERSION } from "./admin-schema";
import { toShopifyJson } from "./payloads";

/** One POST to the app: `attempt` is 1 for the first try, 2 for the first retry, … */
export type DeliveryAttempt = { attempt: number; at: Date; status: number | null; error?: string };
export type DeliveryRecord = {
  webhookId: string;
  eventId: string;
  shop: string;
  topic: string;
  /** When the event happened; the same on every retry (X-Shopify-Triggered-At). */
  triggeredAt: Date;
  body: string;
  attempts: DeliveryAttempt[];
  state: "queued" | "delivered" | "retrying" | "failed";
};

export function hmacBase64(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

/** topic → uri from the app's shopify.app.toml (topics and compliance_topics). */
export function readSubscriptions(tomlPath = path.resolve(import.meta.dirname, "../../shopify.app.toml")): Map<string, string> {
  const toml = fs.readFileSync(tomlPath, "utf8");
  const subscriptions = new Map<string, string>();
  for (const block of toml.split("[[webhooks.subscriptions]]").slice(1)) {
    const uri = /uri\s*=\s*"([^"]+)"/.exec(block)?.[1];
    const topics = [...block.matchAll(/(?:compliance_)?topics\s*=\s*\[([^\]]*)\]/g)].flatMap((m) => [...m[1]!.matchAll(/"([^"]+)"/g)].map((t) => t[1]!));
    if (uri) for (const topic of topics) subscriptions.set(topic, uri);
  }
  return subscriptions;
}

export class WebhookSender {
  readonly log: DeliveryRecord[] = [];
  private paused = false;
  private queue: DeliveryRecord[] = [];
  private inFlight = new Set<Promise<void>>();
  private timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly options: {
      appUrl: string;
      apiSecret: string;
      subscriptions: Map<string, string>;
      retryDelaysMs: number[];
      timeoutMs?: number;
      now?: () => Date;
    },
  ) {}

  subscribed(topic: string): boolean {
    return this.options.subscriptions.has(topic);
  }

  /** Sends a webhook (or queues it while paused). Payload objects are serialised Shopify-style. */
  deliver(shop: string, topic: string, payload: unknown, opts: { webhookId?: string; duplicate?: boolean } = {}): DeliveryRecord | undefined {
    if (!this.subscribed(topic)) return undefined;
    const record: DeliveryRecord = {
      webhookId: opts.webhookId ?? randomUUID(),
      eventId: randomUUID(),
      shop,
      topic,
      triggeredAt: this.options.now?.() ?? new Date(),
      body: typeof payload === "string" ? payload : toShopifyJson(payload),
      attempts: [],
      state: "queued",
    };
    // A duplicate is a second, independent delivery of the same event (same webhook id).
    const copies = opts.duplicate ? [record, { ...record, attempts: [] }] : [record];
    for (const copy of copies) {
      this.log.push(copy);
      if (this.paused) this.queue.push(copy);
      else this.track(this.attempt(copy, 0));
    }
    return record;
  }

  pause() {
    this.paused = true;
  }

  async resume(opts: { shuffle?: boolean } = {}) {
    this.paused = false;
    const queued = this.queue.splice(0);
    if (opts.shuffle) {
      for (let i = queued.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [queued[i], queued[j]] = [queued[j]!, queued[i]!];
      }
    }
    // One after another in the (possibly shuffled) order, as Shopify's order is not guaranteed.
    for (const record of queued) await this.attempt(record, 0);
    await this.settle();
  }

  /** Resolves when nothing is in flight or waiting for a retry. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  close() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private track(p: Promise<void>) {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async attempt(record: DeliveryRecord, retry: number): Promise<void> {
    const uri = this.options.subscriptions.get(record.topic)!;
    const url = new URL(uri, this.options.appUrl.endsWith("/") ? this.options.appUrl : `${this.options.appUrl}/`).href;
    const at = new Date();
    let status: number | null = null;
    let error: string | undefined;
    try {
      const response = await fetch(url, {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000),
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": record.topic,
          "X-Shopify-Hmac-Sha256": hmacBase64(record.body, this.options.apiSecret),
          "X-Shopify-Shop-Domain": record.shop,
          "X-Shopify-Webhook-Id": record.webhookId,
          "X-Shopify-Event-Id": record.eventId,
          "X-Shopify-Triggered-At": record.triggeredAt.toISOString(),
          "X-Shopify-API-Version": ADMIN_API_VERSION,
        },
        body: record.body,
      });
      status = response.status;
      await response.arrayBuffer().catch(() => undefined);
    } catch (e) {
      error = (e as Error).message;
    }
    record.attempts.push({ attempt: retry + 1, at, status, ...(error ? { error } : {}) });
    if (status !== null && status >= 200 && status < 300) {
      record.state = "delivered";
      return;
    }
    const delay = this.options.retryDelaysMs[retry];
    if (delay === undefined) {
      if (record.state !== "delivered") record.state = "failed";
      return;
    }
    record.state = "retrying";
    this.track(
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          void this.attempt(record, retry + 1).finally(resolve);
        }, delay);
        this.timers.add(timer);
      }),
    );
  }
}
