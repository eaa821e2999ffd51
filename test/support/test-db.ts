// The database the current integration test file runs on (set up by test/support/db-setup.ts).
import { databaseConfigFromEnv } from "../../app/db/config";
import { dbHandle } from "../../app/db.server";

export const testDb = () => dbHandle().db;
export const testDbConfig = () => databaseConfigFromEnv();
export const testProvider = () => testDbConfig().provider;
