// Staff use-cases for bonus campaigns: create, list, update, end. Invalid input is refused with
// `invalid_campaign` and the field errors, before anything is written; every change is audited.
import type { Db, DbTx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { type CampaignInput, type CampaignStatus, campaignStatus, parseCampaignInput } from "../../loyalty/campaigns";
import { recordAudit } from "../staff/audit-log.server";
import { forgetCampaigns } from "./apply-campaigns.server";
import { addDays, startOfShopDay } from "../../loyalty/shop-day";

export type CampaignView = {
  id: string;
  name: string;
  type: "multiplier" | "fixed_bonus";
  multiplier: string | null;
  bonusPoints: number | null;
  startDay: string;
  endDay: string;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
  tierIds: string[];
  customerTag: string | null;
  collectionIds: string[];
  status: CampaignStatus;
};

type Row = Awaited<ReturnType<DbTx["campaign"]["findFirstOrThrow"]>>;

export function presentCampaign(row: Row, now: Date): CampaignView {
  return {
    id: row.id,
    name: row.name,
    type: row.type === "fixed_bonus" ? "fixed_bonus" : "multiplier",
    multiplier: row.multiplier,
    bonusPoints: row.bonusPoints,
    startDay: row.startDay,
    endDay: row.endDay,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    tierIds: JSON.parse(row.tierIds) as string[],
    customerTag: row.customerTag,
    collectionIds: JSON.parse(row.collectionIds) as string[],
    status: campaignStatus(row, now),
  };
}

export class CampaignValidationError extends AppError {
  constructor(readonly fieldErrors: Record<string, string>) {
    super("invalid_campaign", `Invalid campaign: ${Object.entries(fieldErrors).map(([f, m]) => `${f} ${m}`).join("; ")}`, 422, { fieldErrors });
  }
}

/** Parses and checks the input against the shop (tiers exist, dates not over); returns the row data. */
async function validate(tx: DbTx, shopId: string, input: unknown, now: Date) {
  const parsed = parseCampaignInput(input);
  if (!parsed.ok) throw new CampaignValidationError(parsed.fieldErrors);
  const c: CampaignInput = parsed.value;
  const errors: Record<string, string> = {};
  if (c.tierIds.length) {
    const found = await tx.tier.findMany({ where: { shopId, id: { in: c.tierIds }, archivedAt: null }, select: { id: true } });
    const known = new Set(found.map((t) => t.id));
    const unknown = c.tierIds.filter((id) => !known.has(id));
    if (unknown.length) errors.tierIds = `has tiers this shop does not have: ${unknown.join(", ")}`;
  }
  const shop = await tx.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true } });
  const startsAt = startOfShopDay(c.startDay, shop.timezone);
  const endsAt = startOfShopDay(addDays(c.endDay, 1), shop.timezone);
  if (endsAt <= now) errors.endDay = "is in the past";
  if (Object.keys(errors).length) throw new CampaignValidationError(errors);
  return {
    name: c.name,
    type: c.type,
    multiplier: c.multiplier,
    bonusPoints: c.bonusPoints,
    startDay: c.startDay,
    endDay: c.endDay,
    startsAt,
    endsAt,
    tierIds: JSON.stringify([...new Set(c.tierIds)]),
    collectionIds: JSON.stringify([...new Set(c.collectionIds)]),
    customerTag: c.customerTag,
  };
}

type StaffOpts = { staffUserId: string; now?: Date };

export async function createCampaign(db: Db, shopId: string, input: unknown, opts: StaffOpts): Promise<CampaignView> {
  const now = opts.now ?? new Date();
  const view = await db.$transaction(async (tx) => {
    const data = await validate(tx, shopId, input, now);
    const row = await tx.campaign.create({ data: { shopId, ...data, staffUserId: opts.staffUserId, createdAt: now } });
    await recordAudit(tx, { shopId, staffUserId: opts.staffUserId, action: "campaign_created", details: presentCampaign(row, now), now });
    return presentCampaign(row, now);
  });
  // After commit: an earn must not cache the campaigns as they were before this change.
  forgetCampaigns(shopId);
  return view;
}

async function findCampaign(tx: DbTx, shopId: string, id: string) {
  const row = await tx.campaign.findFirst({ where: { id, shopId } });
  if (!row) throw new AppError("campaign_not_found", "No such campaign.", 404);
  return row;
}

/** Changes a scheduled or running campaign (orders already earned keep what they earned). */
export async function updateCampaign(db: Db, shopId: string, id: string, input: unknown, opts: StaffOpts): Promise<CampaignView> {
  const now = opts.now ?? new Date();
  const view = await db.$transaction(async (tx) => {
    const current = await findCampaign(tx, shopId, id);
    if (campaignStatus(current, now) === "ended") throw new AppError("campaign_ended", "This campaign has ended and can no longer be changed.", 409);
    const data = await validate(tx, shopId, input, now);
    const row = await tx.campaign.update({ where: { id: current.id }, data });
    await recordAudit(tx, { shopId, staffUserId: opts.staffUserId, action: "campaign_updated", details: { before: presentCampaign(current, now), after: presentCampaign(row, now) }, now });
    return presentCampaign(row, now);
  });
  // After commit: an earn must not cache the campaigns as they were before this change.
  forgetCampaigns(shopId);
  return view;
}

/** Ends a campaign now (idempotent: ending an ended campaign changes nothing). */
export async function endCampaign(db: Db, shopId: string, id: string, opts: StaffOpts): Promise<CampaignView> {
  const now = opts.now ?? new Date();
  const view = await db.$transaction(async (tx) => {
    const current = await findCampaign(tx, shopId, id);
    if (campaignStatus(current, now) === "ended") return presentCampaign(current, now);
    const row = await tx.campaign.update({ where: { id: current.id }, data: { endedAt: now } });
    await recordAudit(tx, { shopId, staffUserId: opts.staffUserId, action: "campaign_ended", details: { id: row.id, name: row.name }, now });
    return presentCampaign(row, now);
  });
  // After commit: an earn must not cache the campaigns as they were before this change.
  forgetCampaigns(shopId);
  return view;
}

export async function listCampaigns(db: DbTx, shopId: string, opts: { now?: Date } = {}): Promise<CampaignView[]> {
  const now = opts.now ?? new Date();
  const rows = await db.campaign.findMany({ where: { shopId }, orderBy: [{ startsAt: "desc" }, { id: "asc" }], take: 500 });
  return rows.map((r) => presentCampaign(r, now));
}
