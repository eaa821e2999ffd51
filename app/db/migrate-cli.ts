// `npm run db:migrate`: apply pending migrations to the configured database.
import { databaseConfigFromEnv, describeDatabase } from "./config";
import { migrate } from "./migrate";

const config = databaseConfigFromEnv();
const result = await migrate(config);
console.log(
  `${describeDatabase(config)}: applied ${result.applied.length} migration(s)` +
    (result.applied.length ? ` (${result.applied.join(", ")})` : "") +
    `, ${result.alreadyApplied} already applied`,
);
