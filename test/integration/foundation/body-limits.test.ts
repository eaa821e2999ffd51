// Routes that read an unauthenticated body read it with their limit, also when served without the
// production server's middleware (remix vite:dev): 413 payload_too_large in the JSON error shape.
import { describe, expect, it } from "vitest";
import { action as reviewsAction } from "../../../app/routes/api.reviews";
import { action as webhookAction } from "../../../app/routes/webhooks.$";
import { BODY_LIMITS, bodyLimitFor } from "../../../app/server/body-limits";

const post = (url: string, bytes: number, headers: Record<string, string> = {}) =>
  new Request(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: " ".repeat(bytes) });

describe(`request body limits in routes on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("knows each route's limit", () => {
    expect(["/webhooks/orders/paid", "/proxy/me", "/apps/tally/me", "/api/reviews", "/app/settings"].map(bodyLimitFor)).toEqual([
      1024 * 1024,
      16 * 1024,
      16 * 1024,
      16 * 1024,
      BODY_LIMITS.default,
    ]);
  });

  it("a review request over 16 KB answers 413; one under it reaches the signature check", async () => {
    const big = await reviewsAction({ request: post("http://localhost/api/reviews", 16 * 1024 + 1), params: {}, context: {} });
    expect([big.status, await big.json()]).toEqual([413, { error: { code: "payload_too_large", message: expect.any(String), details: { limit: 16 * 1024 } } }]);
    const small = await reviewsAction({ request: post("http://localhost/api/reviews", 100), params: {}, context: {} });
    expect(small.status).not.toBe(413);
  });

  it("a webhook over 1 MB answers 413 before its signature is checked", async () => {
    const response = await webhookAction({ request: post("http://localhost/webhooks/orders/paid", 1024 * 1024 + 1), params: {}, context: {} });
    expect([response.status, await response.json()]).toEqual([413, { error: { code: "payload_too_large", message: expect.any(String), details: { limit: 1024 * 1024 } } }]);
  });
});
