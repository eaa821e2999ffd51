import { checkHealth } from "../services/health.server";
import { APP_VERSION } from "../version.server";
import { publicContext } from "../web/public-context.server";

export async function loader() {
  const { db, config } = publicContext();
  const health = await checkHealth(db, config.provider, APP_VERSION);
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
