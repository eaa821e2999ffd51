// What the routes that check their callers themselves need (webhooks verify Shopify's HMAC, review
// apps their shop's signature, the health check nobody): the database handle, given here so that
// routes import no database code.
import { dbHandle } from "../db.server";
import type { DbHandle } from "../db/client";

export function publicContext(): DbHandle {
  return dbHandle();
}
