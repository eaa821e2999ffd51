import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "../../../app/config/env.server";

describe("parseEnv", () => {
  it("gives a development app local defaults so it runs with no configuration", () => {
    const env = parseEnv({});
    expect(env.port).toBe(3000);
    expect(env.appUrl).toBe("http://localhost:3000");
    expect(env.apiKey).toBeTruthy();
    expect(env.worker).toBe(true);
  });

  it("honours PORT and trims a trailing slash from the app URL", () => {
    const env = parseEnv({ PORT: "4123", SHOPIFY_APP_URL: "https://tally.example.com/" });
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
    expect(parseEnv({ SCOPES: "read_orders, write_discounts" }).scopes).toEqual(["read_orders", "write_discounts"]);
  });
});
