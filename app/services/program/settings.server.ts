// The shop's program settings: one validated JSON document per shop, defaults until saved.
import type { DbTx } from "../../db/client";
import { defaultProgramSettings, parseProgramSettings, parseStoredProgramSettings, type ProgramSettings } from "../../loyalty/program-settings";
import { TtlCache } from "../../lib/ttl-cache";

// Parsed settings by their stored JSON text: every order reads them, and they rarely change.
const parsed = new Map<string, ProgramSettings>();

export type VersionedSettings = { version: number | null; settings: ProgramSettings };

/** The settings with their version (null: never saved, the defaults). */
export async function loadVersionedSettings(tx: DbTx, shopId: string): Promise<VersionedSettings> {
  // Plain SQL: this runs for every order, and an ORM statement costs ~1 ms of query compiling.
  const [row] = await tx.$queryRaw<Array<{ settings: string; version: number }>>`SELECT settings, version FROM "ProgramSettings" WHERE "shopId" = ${shopId}`;
  if (!row) return { version: null, settings: defaultProgramSettings() };
  let settings = parsed.get(row.settings);
  if (!settings) {
    settings = parseStoredProgramSettings(JSON.parse(row.settings));
    if (parsed.size >= 1000) parsed.clear();
    parsed.set(row.settings, settings);
  }
  // A copy: callers may adjust what they are given.
  return { version: Number(row.version), settings: structuredClone(settings) };
}

export async function loadProgramSettings(tx: DbTx, shopId: string): Promise<ProgramSettings> {
  return (await loadVersionedSettings(tx, shopId)).settings;
}

// What the storefront shows (expiry rule, referrals on or off) may be a few seconds old, like its
// rewards and tiers: a busy storefront then does not read the settings on every request. A save in
// this process shows at once; in another, within the TTL. Callers must not change what they get.
const forStorefront = new TtlCache<ProgramSettings>(5_000);

export function storefrontProgramSettings(db: DbTx, shopId: string): Promise<ProgramSettings> {
  return forStorefront.get(shopId, () => loadProgramSettings(db, shopId));
}

// The earn path keeps each shop's settings per process and checks the version against the one
// read with the order lock (no extra statement): a save in any process applies to the next order.
const keptForEarning = new Map<string, VersionedSettings>();

export async function settingsForEarning(tx: DbTx, shopId: string): Promise<VersionedSettings> {
  const kept = keptForEarning.get(shopId);
  if (kept) return { version: kept.version, settings: structuredClone(kept.settings) };
  const loaded = await loadVersionedSettings(tx, shopId);
  keepForEarning(shopId, loaded);
  return loaded;
}

export function keepForEarning(shopId: string, loaded: VersionedSettings) {
  if (keptForEarning.size >= 10_000) keptForEarning.clear();
  keptForEarning.set(shopId, { version: loaded.version, settings: structuredClone(loaded.settings) });
}

/** Validates and stores new settings. Points already earned keep the snapshot they were earned with. */
export async function saveProgramSettings(tx: DbTx, shopId: string, input: unknown): Promise<ProgramSettings> {
  // Validated against the shop's currency: "0.50" per point is refused for a yen shop here, not
  // when an order tries to earn.
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
  const settings = parseProgramSettings(input, { shopCurrency: shop.currency });
  const json = JSON.stringify(settings);
  await tx.programSettings.upsert({
    where: { shopId },
    create: { shopId, settings: json },
    update: { settings: json, version: { increment: 1 } },
  });
  keptForEarning.delete(shopId);
  forStorefront.delete(shopId);
  return settings;
}
