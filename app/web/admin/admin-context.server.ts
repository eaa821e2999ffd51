// What every admin route needs: the authenticated shop row, the Admin API client and the staff
// user, so routes stay a few lines long.
import type { Session } from "@shopify/shopify-api";
import { db } from "../../db.server";
import { AppError, errorResponse } from "../../errors/app-error";
import { authenticate } from "../../shopify.server";
import { recordInstall } from "../../services/shops/shops.server";

/**
 * The staff member acting: the `sub` of the session token the library verified, or the online
 * session's user. Nothing else: without one the request cannot act as staff (403), so no audit
 * entry, adjustment or tier override is ever written by a made-up user.
 */
export function staffUserIdOf(sessionToken: { sub?: unknown } | undefined, session: Pick<Session, "onlineAccessInfo">): string | null {
  const sub = sessionToken?.sub;
  if (typeof sub === "string" && /^[0-9]{1,20}$/.test(sub)) return sub;
  const user = session.onlineAccessInfo?.associated_user?.id;
  return typeof user === "number" && Number.isSafeInteger(user) && user > 0 ? String(user) : null;
}

export async function adminContext(request: Request) {
  const { session, admin, sessionToken } = await authenticate.admin(request);
  const staffUserId = staffUserIdOf(sessionToken, session);
  if (!staffUserId) throw errorResponse(new AppError("forbidden", "Only a signed-in staff member can do this.", 403));
  // The afterAuth hook records the shop on install; a missing row (e.g. a restored session) is
  // recorded here rather than failing the page.
  const shop = (await db.shop.findUnique({ where: { domain: session.shop } })) ?? (await recordInstall(db, session.shop));
  return { db, shop, admin, session, staffUserId };
}

export type AdminContext = Awaited<ReturnType<typeof adminContext>>;
