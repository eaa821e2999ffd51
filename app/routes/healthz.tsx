import { dbHandle } from "../db.server";
import { checkHealth } from "../services/health.server";
import { APP_VERSION } from "../version.server";

export async function loader() {
  const { db, config } = dbHandle();
  const health = await checkHealth(db, config.provider, APP_VERSION);
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
