// What every admin route needs: the authenticated shop row, the Admin API client and the staff
// user (the session token's `sub`), so routes stay a few lines long.
import { db } from "../../db.server";
import { authenticate } from "../../shopify.server";
import { recordInstall } from "../shops.server";

export async function adminContext(request: Request) {
  const { session, admin, sessionToken } = await authenticate.admin(request);
  // The afterAuth hook records the shop on install; a missing row (e.g. a restored session) is
  // recorded here rather than failing the page.
  const shop = (await db.shop.findUnique({ where: { domain: session.shop } })) ?? (await recordInstall(db, session.shop));
  const staffUserId = String(sessionToken?.sub ?? "unknown");
  return { db, shop, admin, session, staffUserId };
}

export type AdminContext = Awaited<ReturnType<typeof adminContext>>;
