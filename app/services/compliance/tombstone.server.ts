// Redaction tombstones: after customers/redact the app keeps no customer id, only
// HMAC-SHA256(shop's privacySalt, customer id), so a late webhook or storefront call can be
// recognised and refused without the id being stored. The salt is per shop, random, and never
// changed (a changed salt would orphan every tombstone), so it is cached once read.
import { createHmac, randomBytes } from "node:crypto";
import type { Db, DbTx } from "../../db/client";
import { AppError } from "../../errors/app-error";

/** A redacted customer: the app will not create or change anything for them again. */
export class CustomerRedactedError extends AppError {
  constructor() {
    super("customer_redacted", "This customer's data was erased at the store's request.", 410);
  }
}

const salts = new Map<string, string>();

/**
 * The shop's salt, or null when it has none (then no tombstone can exist: redaction creates the
 * salt, committed, before it writes one). Only a value read from the database is cached, never
 * one this call wrote, so a rolled-back transaction cannot leave a salt behind in memory.
 * New shops get one at creation (schema default); the migration gives one to existing shops.
 */
export async function privacySaltOf(db: DbTx, shopId: string): Promise<string | null> {
  const known = salts.get(shopId);
  if (known) return known;
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { privacySalt: true } });
  if (shop?.privacySalt) salts.set(shopId, shop.privacySalt);
  return shop?.privacySalt ?? null;
}

/** Gives the shop a salt if it has none. Called outside any transaction (the write commits). */
export async function ensurePrivacySalt(db: Db, shopId: string): Promise<string> {
  const existing = await privacySaltOf(db, shopId);
  if (existing) return existing;
  // Two first users at once: only one write lands (privacySalt still null), both read it back.
  await db.shop.updateMany({ where: { id: shopId, privacySalt: null }, data: { privacySalt: randomBytes(32).toString("hex") } });
  const salt = await privacySaltOf(db, shopId);
  if (!salt) throw new Error(`shop ${shopId} has no privacy salt`);
  return salt;
}

/** Forgets the cached salt of a shop that shop/redact deleted (a re-install gets a new one). */
export const forgetPrivacySalt = (shopId: string) => salts.delete(shopId);

export const customerHash = (salt: string, customerId: string) => createHmac("sha256", salt).update(`customer:${customerId}`).digest("hex");

/** The customer's tombstone key, or null when the shop has no salt (nobody was redacted). */
export async function customerHashOf(db: DbTx, shopId: string, customerId: string): Promise<string | null> {
  const salt = await privacySaltOf(db, shopId);
  return salt ? customerHash(salt, customerId) : null;
}

export async function isRedacted(db: DbTx, shopId: string, customerId: string): Promise<boolean> {
  const hash = await customerHashOf(db, shopId, customerId);
  if (!hash) return false;
  return (await db.redactedCustomer.findUnique({ where: { shopId_customerHash: { shopId, customerHash: hash } }, select: { id: true } })) !== null;
}

/** Needs the salt committed first (ensurePrivacySalt). */
export async function recordTombstone(db: DbTx, shopId: string, customerId: string, now: Date) {
  const hash = await customerHashOf(db, shopId, customerId);
  if (!hash) throw new Error("recordTombstone needs the shop's privacy salt (ensurePrivacySalt first)");
  await db.redactedCustomer.upsert({
    where: { shopId_customerHash: { shopId, customerHash: hash } },
    create: { shopId, customerHash: hash, redactedAt: now },
    update: {},
  });
  return hash;
}
