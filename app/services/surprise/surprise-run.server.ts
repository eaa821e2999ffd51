// Surprise points runs: staff start a run (validated, audited, one row), then it is processed in
// pages of members by id. Each page's grants and the run's progress (cursor, counters) commit in
// one transaction, and every grant has the business key surprise:<runId>:<memberId>, so a run that
// crashes mid-way and is resumed from its cursor grants nobody twice. A background job resumes
// runs that are pending or whose process stopped (no progress for a while).
import type { Prisma } from "@prisma/client";
import type { Db } from "../../db/client";
import { logger } from "../../lib/logger";
import { AppError } from "../../errors/app-error";
import { parseSurpriseInput } from "../../loyalty/surprise";
import type { PeriodicJob } from "../jobs/background.server";
import { grantSurprise } from "../ledger/operations.server";
import { normalizeTags, tagsOf } from "../members/customer-tags.server";
import { recordAudit } from "../staff/audit-log.server";

const log = logger("surprise-points");

export type SurpriseRunView = {
  id: string;
  segment: { type: "tier"; tierId: string } | { type: "tag"; tag: string };
  points: number;
  reason: string;
  staffUserId: string;
  status: string;
  total: number;
  processed: number;
  granted: number;
  lastError: string | null;
  createdAt: string;
  completedAt: string | null;
};

type RunRow = Awaited<ReturnType<Db["surprisePointsRun"]["findFirstOrThrow"]>>;

export function presentRun(r: RunRow): SurpriseRunView {
  return {
    id: r.id,
    segment: r.segmentType === "tier" ? { type: "tier", tierId: r.segmentValue } : { type: "tag", tag: r.segmentValue },
    points: r.points,
    reason: r.reason,
    staffUserId: r.staffUserId,
    status: r.status,
    total: r.total,
    processed: r.processed,
    granted: r.granted,
    lastError: r.lastError,
    createdAt: r.createdAt.toISOString(),
    completedAt: r.completedAt?.toISOString() ?? null,
  };
}

/** Members of the segment (tags are narrowed by the query and checked exactly after it). */
function segmentWhere(shopId: string, run: Pick<RunRow, "segmentType" | "segmentValue">): Prisma.MemberWhereInput {
  const base = { shopId, redactedAt: null };
  return run.segmentType === "tier" ? { ...base, tierId: run.segmentValue } : { ...base, shopifyTags: { contains: JSON.stringify(run.segmentValue) } };
}

const inSegment = (run: Pick<RunRow, "segmentType" | "segmentValue">, m: { tierId: string | null; shopifyTags: string | null }) =>
  run.segmentType === "tier" ? m.tierId === run.segmentValue : tagsOf(m.shopifyTags).includes(run.segmentValue);

export async function startSurpriseRun(db: Db, shopId: string, input: unknown, staffUserId: string, opts: { now?: Date } = {}): Promise<SurpriseRunView> {
  const now = opts.now ?? new Date();
  const parsed = parseSurpriseInput(input);
  if (!parsed.ok) throw new AppError("invalid_surprise_points", `Invalid surprise points: ${Object.entries(parsed.fieldErrors).map(([f, m]) => `${f} ${m}`).join("; ")}`, 422, { fieldErrors: parsed.fieldErrors });
  const { segment, points, reason } = parsed.value;
  return db.$transaction(async (tx) => {
    if (segment.type === "tier" && !(await tx.tier.findFirst({ where: { id: segment.tierId, shopId, archivedAt: null }, select: { id: true } }))) {
      throw new AppError("invalid_surprise_points", "Invalid surprise points: segment.tierId is not a tier of this shop", 422, { fieldErrors: { "segment.tierId": "is not a tier of this shop" } });
    }
    const value = segment.type === "tier" ? segment.tierId : normalizeTags([segment.tag])[0]!;
    const row = { segmentType: segment.type, segmentValue: value };
    const total = await tx.member.count({ where: segmentWhere(shopId, row) });
    const run = await tx.surprisePointsRun.create({ data: { shopId, ...row, points, reason, staffUserId, total, createdAt: now } });
    await recordAudit(tx, { shopId, staffUserId, action: "surprise_points_started", details: { runId: run.id, segment, points, reason, total }, now });
    return presentRun(run);
  });
}

export type ProcessOptions = {
  now?: Date;
  pageSize?: number;
  /** Called after each committed page (progress reporting; tests use it to crash mid-run). */
  afterPage?: (run: SurpriseRunView) => void | Promise<void>;
};

/**
 * Processes a run from its cursor to the end. Resuming a completed run does nothing. An error
 * leaves the committed pages and the cursor in place (status failed, with the error), so calling
 * this again continues where it stopped.
 */
export async function processSurpriseRun(db: Db, shopId: string, runId: string, opts: ProcessOptions = {}): Promise<SurpriseRunView> {
  const pageSize = opts.pageSize ?? 200;
  let run = await db.surprisePointsRun.findFirst({ where: { id: runId, shopId } });
  if (!run) throw new AppError("surprise_run_not_found", "No such surprise points run.", 404);
  if (run.status === "completed") return presentRun(run);
  const now = () => opts.now ?? new Date();
  run = await db.surprisePointsRun.update({ where: { id: run.id }, data: { status: "running", lastError: null, startedAt: run.startedAt ?? now() } });
  try {
    for (;;) {
      const current: RunRow = run;
      const page = await db.member.findMany({
        where: { ...segmentWhere(shopId, current), ...(current.cursor ? { id: { gt: current.cursor } } : {}) },
        orderBy: { id: "asc" },
        take: pageSize,
        select: { id: true, tierId: true, shopifyTags: true },
      });
      if (!page.length) break;
      run = await db.$transaction(async (tx) => {
        let granted = 0;
        for (const m of page) {
          if (!inSegment(current, m)) continue;
          const posted = await grantSurprise(tx, { shopId, memberId: m.id, runId: current.id, points: current.points, reason: current.reason, staffUserId: current.staffUserId, now: now() });
          if (posted.created) granted++;
        }
        return tx.surprisePointsRun.update({
          where: { id: current.id },
          data: { cursor: page.at(-1)!.id, processed: { increment: page.length }, granted: { increment: granted } },
        });
      });
      await opts.afterPage?.(presentRun(run));
      if (page.length < pageSize) break;
    }
    run = await db.surprisePointsRun.update({ where: { id: run.id }, data: { status: "completed", completedAt: now() } });
    return presentRun(run);
  } catch (error) {
    await db.surprisePointsRun.update({ where: { id: run.id }, data: { status: "failed", lastError: error instanceof Error ? error.message : String(error) } });
    throw error;
  }
}

export async function listSurpriseRuns(db: Db, shopId: string): Promise<SurpriseRunView[]> {
  return (await db.surprisePointsRun.findMany({ where: { shopId }, orderBy: { createdAt: "desc" }, take: 100 })).map(presentRun);
}

/** A run with no progress for this long is taken to have stopped with its process. */
const STALLED_AFTER_MS = 5 * 60_000;

/**
 * Every minute: runs that are pending, failed, or stalled are (re)started. A run is claimed by
 * bumping its row only if nobody changed it since it was read, so two instances never both take it.
 */
export function surpriseRunsJob(db: Db, opts: { now?: () => Date } = {}): PeriodicJob {
  return {
    name: "surprise-points",
    everyMs: 60_000,
    run: async () => {
      const now = opts.now?.() ?? new Date();
      const runs = await db.surprisePointsRun.findMany({
        where: { OR: [{ status: "pending" }, { status: { in: ["running", "failed"] }, updatedAt: { lt: new Date(now.getTime() - STALLED_AFTER_MS) } }] },
        orderBy: { createdAt: "asc" },
        take: 10,
      });
      for (const r of runs) {
        const { count } = await db.surprisePointsRun.updateMany({ where: { id: r.id, updatedAt: r.updatedAt }, data: { status: "running" } });
        if (count !== 1) continue;
        try {
          await processSurpriseRun(db, r.shopId, r.id);
        } catch (error) {
          log.error(`run ${r.id}`, error);
        }
      }
    },
  };
}
