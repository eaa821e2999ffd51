// The shop's program settings: one validated JSON document per shop, defaults until saved.
import type { DbTx } from "../../db/client";
import { defaultProgramSettings, parseProgramSettings, type ProgramSettings } from "../../loyalty/program-settings";

export async function loadProgramSettings(tx: DbTx, shopId: string): Promise<ProgramSettings> {
  const row = await tx.programSettings.findUnique({ where: { shopId }, select: { settings: true } });
  return row ? parseProgramSettings(JSON.parse(row.settings)) : defaultProgramSettings();
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
