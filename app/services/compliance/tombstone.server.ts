// Redaction tombstones: after customers/redact the app keeps no customer id, only
// HMAC-SHA256(shop's privacySalt, customer id), so a late webhook or storefront call can be
// recognised and refused without the id being stored. The salt is per shop, random, created on
// first use and never changed (a changed salt would orphan every tombstone), so it is cached.
import { createHmac, randomBytes } from "node:crypto";
import type { DbTx } from "../../db/client";
import { AppError } from "../../errors/app-error";

/** A redacted customer: the app will not create or change anything for them again. */
export class CustomerRedactedError extends AppError {
  constructor() {
    super("customer_redacted", "This customer's data was erased at the store's request.", 410);
  }
}

const salts = new Map<string, string>();

export async function privacySaltOf(db: DbTx, shopId: string): Promise<string> {
  const known = salts.get(shopId);
  if (known) return known;
  let shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { privacySalt: true } });
  if (!shop.privacySalt) {
    // Two first users at once: only one write lands (privacySalt still null), both read it back.
    await db.shop.updateMany({ where: { id: shopId, privacySalt: null }, data: { privacySalt: randomBytes(32).toString("hex") } });
    shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { privacySalt: true } });
  }
  salts.set(shopId, shop.privacySalt!);
  return shop.privacySalt!;
}

/** Forgets the cached salt of a shop that shop/redact deleted (a re-install gets a new one). */
export const forgetPrivacySalt = (shopId: string) => salts.delete(shopId);

export const customerHash = (salt: string, customerId: string) => createHmac("sha256", salt).update(`customer:${customerId}`).digest("hex");

export async function customerHashOf(db: DbTx, shopId: string, customerId: string) {
  return customerHash(await privacySaltOf(db, shopId), customerId);
}

export async function isRedacted(db: DbTx, shopId: string, customerId: string): Promise<boolean> {
  const hash = await customerHashOf(db, shopId, customerId);
  return (await db.redactedCustomer.findUnique({ where: { shopId_customerHash: { shopId, customerHash: hash } }, select: { id: true } })) !== null;
}

export async function recordTombstone(db: DbTx, shopId: string, customerId: string, now: Date) {
  const hash = await customerHashOf(db, shopId, customerId);
  await db.redactedCustomer.upsert({
    where: { shopId_customerHash: { shopId, customerHash: hash } },
    create: { shopId, customerHash: hash, redactedAt: now },
    update: {},
  });
  return hash;
}
