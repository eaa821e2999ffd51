// Editing the tier program without fear: the input is validated, a what-if preview says who would
// move up or down (now, or on the date a downgrade falls due), and saving applies the same rule
// to every member, page by page, with an audit entry. Tiers removed from the list are archived
// (history and rewards keep pointing at them); members on them move at once.
import { z } from "zod";
import type { Db } from "../../db/client";
import { DOWNGRADE_POLICIES, previewTierChanges, type PreviewMove, type TierDef, TIER_METRICS, TIER_WINDOWS, TierValidationError, validateTiers, windowStart } from "../../loyalty/tiers";
import { recordAudit } from "../staff/audit-log.server";
import { forgetTierProgram, type LoadedTierProgram, loadTierProgram } from "../tiers/program.server";
import { memberTierFields, progressByCustomer } from "../tiers/progress.server";
import { reevaluateMembers, type ReevaluateResult } from "../tiers/reevaluate.server";


const programInputSchema = z.object({
  enabled: z.boolean(),
  metric: z.enum(TIER_METRICS),
  window: z.enum(TIER_WINDOWS),
  downgradePolicy: z.enum(DOWNGRADE_POLICIES).default("end_of_window"),
  graceDays: z.coerce.number().int("Enter a whole number of days.").min(1, "At least 1 day.").max(3650, "At most 3650 days.").default(30),
  tagPrefix: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9:_.-]{0,39}$/, "Use up to 40 letters, digits, colons, dots, dashes or underscores.")
    .default("tally-tier:"),
  tiers: z.array(z.object({ id: z.string().nullable().optional(), name: z.string(), threshold: z.union([z.string(), z.number()]), perks: z.unknown().optional() })),
});

export type TierProgramInput = z.input<typeof programInputSchema>;

type ValidProgram = Omit<z.output<typeof programInputSchema>, "tiers"> & { tiers: ReturnType<typeof validateTiers> };

/** Validates the posted program; unknown tier ids and reward ids are field errors too. */
async function validateProgram(db: Db, shopId: string, input: unknown): Promise<ValidProgram> {
  const parsed = programInputSchema.safeParse(input);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[issue.path.join(".") || "form"] ??= issue.message;
    throw new TierValidationError(errors);
  }
  const tiers = validateTiers(parsed.data.tiers);
  const errors: Record<string, string> = {};
  const known = new Set((await db.tier.findMany({ where: { shopId, archivedAt: null }, select: { id: true } })).map((t) => t.id));
  const rewardIds = tiers.flatMap((t) => (t.perks.entryReward && "rewardId" in t.perks.entryReward ? [t.perks.entryReward.rewardId] : []));
  const rewards = new Set(rewardIds.length ? (await db.reward.findMany({ where: { shopId, id: { in: rewardIds } }, select: { id: true } })).map((r) => r.id) : []);
  tiers.forEach((t, i) => {
    if (t.id && !known.has(t.id)) errors[`tiers.${i}.id`] = "This tier no longer exists; reload the page.";
    const reward = t.perks.entryReward;
    if (reward && "rewardId" in reward && !rewards.has(reward.rewardId)) errors[`tiers.${i}.perks.entryReward`] = "Choose a reward from the catalog.";
  });
  if (Object.keys(errors).length) throw new TierValidationError(errors);
  return { ...parsed.data, tiers };
}

/** The validated program as the rules see it (new tiers get placeholder ids). */
function asLoaded(program: ValidProgram, timezone: string): LoadedTierProgram {
  return {
    enabled: program.enabled,
    tagPrefix: program.tagPrefix,
    rules: { metric: program.metric, window: program.window, downgradePolicy: program.downgradePolicy, graceDays: program.graceDays, timezone },
    tiers: program.tiers.map((t, i): TierDef => ({ ...t, id: t.id ?? `new:${i}` })),
  };
}

export type TierPreview = { up: PreviewMove[]; down: PreviewMove[]; unchanged: number; enabled: boolean };

/** Who would move if this program were saved now. Reads members a page at a time. */
export async function previewTierProgram(db: Db, shopId: string, input: unknown, opts: { now?: Date; pageSize?: number } = {}): Promise<TierPreview> {
  const now = opts.now ?? new Date();
  const [program, shop, allTiers] = await Promise.all([
    validateProgram(db, shopId, input),
    db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true } }),
    db.tier.findMany({ where: { shopId }, select: { id: true, name: true, position: true } }),
  ]);
  const next = asLoaded(program, shop.timezone);
  const preview: TierPreview = { up: [], down: [], unchanged: 0, enabled: next.enabled };
  if (!next.enabled) return preview;
  const oldPosition = new Map(allTiers.map((t) => [t.id, t.position]));
  const oldNames = new Map(allTiers.map((t) => [t.id, t.name]));
  const since = windowStart(next.rules.window, now, next.rules.timezone);
  const pageSize = opts.pageSize ?? 1000;
  let cursor: string | undefined;
  for (;;) {
    const page = await db.member.findMany({
      where: { shopId, redactedAt: null },
      orderBy: { id: "asc" },
      take: pageSize,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { ...memberTierFields, email: true },
    });
    if (!page.length) break;
    cursor = page[page.length - 1]!.id;
    const progress = await progressByCustomer(db, shopId, next.rules.metric, since, page.map((m) => m.customerId));
    const byMember = new Map(page.map((m) => [m.id, progress.get(m.customerId) ?? 0n]));
    const members = page.map((m) => ({ memberId: m.id, customerId: m.customerId, email: m.email, state: m, currentPosition: m.tierId ? oldPosition.get(m.tierId) : undefined }));
    const part = previewTierChanges(members, next.tiers, byMember, next.rules, now, oldNames);
    preview.up.push(...part.up);
    preview.down.push(...part.down);
    preview.unchanged += part.unchanged;
    if (page.length < pageSize) break;
  }
  return preview;
}

export type SaveTierProgramResult = { tierIds: string[]; evaluation: ReevaluateResult };

/** Saves rules and tiers in one transaction, then re-evaluates every member (program_change). */
export async function saveTierProgram(db: Db, shopId: string, input: unknown, staffUserId: string, opts: { now?: Date; pageSize?: number } = {}): Promise<SaveTierProgramResult> {
  const now = opts.now ?? new Date();
  const program = await validateProgram(db, shopId, input);
  const tierIds = await db.$transaction(async (tx) => {
    const rules = { enabled: program.enabled, metric: program.metric, window: program.window, downgradePolicy: program.downgradePolicy, graceDays: program.graceDays, tagPrefix: program.tagPrefix };
    await tx.tierProgram.upsert({ where: { shopId }, create: { shopId, ...rules }, update: rules });
    const ids: string[] = [];
    for (const t of program.tiers) {
      const data = { name: t.name, slug: t.slug, threshold: t.threshold, position: t.position, perks: JSON.stringify(t.perks) };
      if (t.id) {
        await tx.tier.update({ where: { id: t.id }, data });
        ids.push(t.id);
      } else {
        ids.push((await tx.tier.create({ data: { shopId, ...data }, select: { id: true } })).id);
      }
    }
    await tx.tier.updateMany({ where: { shopId, archivedAt: null, id: { notIn: ids } }, data: { archivedAt: now } });
    await recordAudit(tx, {
      shopId,
      staffUserId,
      action: "tiers_saved",
      details: { ...rules, tiers: program.tiers.map((t, i) => ({ id: ids[i], name: t.name, threshold: t.threshold.toString(), perks: t.perks })) },
      now,
    });
    return ids;
  });
  forgetTierProgram(shopId);
  const evaluation = await reevaluateMembers(db, shopId, await loadTierProgram(db, shopId), { now, reason: "program_change", pageSize: opts.pageSize });
  return { tierIds, evaluation };
}
