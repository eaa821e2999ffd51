// The shop's program settings: one validated JSON document per shop, defaults until saved.
import type { DbTx } from "../../db/client";
import { defaultProgramSettings, parseProgramSettings, type ProgramSettings } from "../../loyalty/program-settings";

// Parsed settings by their stored JSON text: every order reads them, and they rarely change.
const parsed = new Map<string, ProgramSettings>();

export async function loadProgramSettings(tx: DbTx, shopId: string): Promise<ProgramSettings> {
  // Plain SQL: this runs for every order, and an ORM statement costs ~1 ms of query compiling.
  const [row] = await tx.$queryRaw<Array<{ settings: string }>>`SELECT settings FROM "ProgramSettings" WHERE "shopId" = ${shopId}`;
  if (!row) return defaultProgramSettings();
  let settings = parsed.get(row.settings);
  if (!settings) {
    settings = parseProgramSettings(JSON.parse(row.settings));
    if (parsed.size >= 1000) parsed.clear();
    parsed.set(row.settings, settings);
  }
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
  return settings;
}
