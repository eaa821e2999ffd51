// The shop's program settings: one validated JSON document per shop, defaults until saved.
import type { DbTx } from "../../db/client";
import { defaultProgramSettings, parseProgramSettings, type ProgramSettings } from "../../loyalty/program-settings";
import { TtlCache } from "../storefront/ttl-cache";

// Every order reads the settings, and merchants rarely change them: they are kept 2 s per process
// (a statement per order fewer). A save in this process forgets them at once; other processes
// (the worker) apply a change to orders from at most 2 s later. Points already earned never change.
export const SETTINGS_CACHE_MS = 2_000;
const recent = new TtlCache<ProgramSettings>(SETTINGS_CACHE_MS);

export async function loadProgramSettings(tx: DbTx, shopId: string): Promise<ProgramSettings> {
  const settings = await recent.get(shopId, async () => {
    const [row] = await tx.$queryRaw<Array<{ settings: string }>>`SELECT settings FROM "ProgramSettings" WHERE "shopId" = ${shopId}`;
    return row ? parseProgramSettings(JSON.parse(row.settings)) : defaultProgramSettings();
  });
  // A copy: callers may adjust what they are given.
  return structuredClone(settings);
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
  recent.delete(shopId);
  return settings;
}
