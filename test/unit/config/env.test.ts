import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../../app/config/env.server";

describe("parseEnv", () => {
  it("gives the demo local defaults so it runs with no other configuration", () => {
    const env = parseEnv({ TALLY_MODE: "demo" });
    expect(env.port).toBe(3000);
    expect(env.appUrl).toBe("http://localhost:3000");
    expect(env.apiKey).toBeTruthy();
    expect(env.worker).toBe(true);
    expect(env.demo).toBe(true);
  });

  it("honours PORT and trims a trailing slash from the app URL", () => {
    const env = parseEnv({ TALLY_MODE: "demo", PORT: "4123", SHOPIFY_APP_URL: "https://tally.example.com/" });
    expect(env.port).toBe(4123);
    expect(env.appUrl).toBe("https://tally.example.com");
  });

  it("refuses to start production without the Shopify credentials and names each one", () => {
    expect(() => parseEnv({ NODE_ENV: "production", SHOPIFY_API_KEY: "k" })).toThrowError(
      /SHOPIFY_API_SECRET, SHOPIFY_APP_URL/,
    );
  });

  it("starts production when the three required variables are set", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      SHOPIFY_API_KEY: "key",
      SHOPIFY_API_SECRET: "secret",
      SHOPIFY_APP_URL: "https://app.example.com",
    });
    expect(env.apiSecret).toBe("secret");
  });

  // Issue 21 item 9: any NODE_ENV but production used the public development secret, and the
  // stand-in URL (which receives access tokens and the client secret) was honoured everywhere.
  it.each([undefined, "development", "test", "production"])("never uses the public development secret outside demo mode (NODE_ENV=%s)", (nodeEnv) => {
    const base = { ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}), SHOPIFY_APP_URL: "https://app.example.com" };
    expect(() => parseEnv(base)).toThrowError(/SHOPIFY_API_KEY, SHOPIFY_API_SECRET.*TALLY_MODE=demo/);
    expect(() => parseEnv({ ...base, SHOPIFY_API_KEY: "key" })).toThrowError(/: SHOPIFY_API_SECRET /);
    // Set explicitly, the public value is refused too.
    expect(() => parseEnv({ ...base, SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "tally-rewards-dev-secret" })).toThrowError(/SHOPIFY_API_SECRET is the public development secret/);
    expect(parseEnv({ ...base, SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "s3cret" }).apiSecret).toBe("s3cret");
  });

  it.each([undefined, "development", "test", "production"])("refuses SHOPIFY_STANDIN_URL outside demo mode (NODE_ENV=%s)", (nodeEnv) => {
    const real = { ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}), SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "s3cret", SHOPIFY_APP_URL: "https://app.example.com" };
    expect(() => parseEnv({ ...real, SHOPIFY_STANDIN_URL: "http://127.0.0.1:9999" })).toThrowError(/SHOPIFY_STANDIN_URL .*TALLY_MODE=demo/);
    expect(parseEnv({ ...real, TALLY_MODE: "demo", SHOPIFY_STANDIN_URL: "http://127.0.0.1:9999/" }).standinUrl).toBe("http://127.0.0.1:9999");
    expect(parseEnv(real).standinUrl).toBeUndefined();
  });

  it("accepts only the documented demo mode value", () => {
    expect(() => parseEnv({ TALLY_MODE: "dev" })).toThrowError(/TALLY_MODE/);
    expect(parseEnv({ TALLY_MODE: "demo", NODE_ENV: "production" }).apiSecret).toBe("tally-rewards-dev-secret");
  });

  it.each([
    [{ PORT: "eighty" }, /PORT/],
    [{ PORT: "70000" }, /PORT/],
    [{ SHOPIFY_APP_URL: "not a url" }, /SHOPIFY_APP_URL/],
    [{ TALLY_WORKER: "maybe" }, /TALLY_WORKER/],
  ])("names the malformed variable in %o", (raw, message) => {
    expect(() => parseEnv(raw)).toThrowError(EnvError);
    expect(() => parseEnv(raw)).toThrowError(message);
  });

  it("splits SCOPES into a list", () => {
    expect(parseEnv({ TALLY_MODE: "demo", SCOPES: "read_orders, write_discounts" }).scopes).toEqual(["read_orders", "write_discounts"]);
  });
});
