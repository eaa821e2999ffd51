import path from "node:path";
import { describe, expect, it } from "vitest";
import { databaseConfigFromEnv, DatabaseConfigError } from "../../../app/db/config";

describe("databaseConfigFromEnv", () => {
  it("uses an SQLite file under the data folder when DATABASE_URL is unset", () => {
    expect(databaseConfigFromEnv({})).toEqual({ provider: "sqlite", file: path.resolve("data/tally.sqlite") });
    expect(databaseConfigFromEnv({ TALLY_DATA_DIR: "/var/lib/tally" })).toEqual({
      provider: "sqlite",
      file: "/var/lib/tally/tally.sqlite",
    });
  });

  it("accepts a file: URL", () => {
    expect(databaseConfigFromEnv({ DATABASE_URL: "file:./x/y.sqlite" })).toEqual({
      provider: "sqlite",
      file: path.resolve("x/y.sqlite"),
    });
  });

  it("switches to PostgreSQL and takes Prisma's ?schema= out of the connection string", () => {
    const config = databaseConfigFromEnv({ DATABASE_URL: "postgresql://u:p@db:5432/tally?schema=loyalty&sslmode=require" });
    expect(config).toEqual({
      provider: "postgresql",
      connectionString: "postgresql://u:p@db:5432/tally?sslmode=require",
      schema: "loyalty",
    });
    expect(databaseConfigFromEnv({ DATABASE_URL: "postgres://db/tally" })).toMatchObject({ schema: "public" });
  });

  it("rejects other databases and unsafe schema names with a clear error", () => {
    expect(() => databaseConfigFromEnv({ DATABASE_URL: "mysql://db/tally" })).toThrowError(DatabaseConfigError);
    expect(() => databaseConfigFromEnv({ DATABASE_URL: 'postgresql://db/t?schema=a";drop' })).toThrowError(/schema/);
  });
});
