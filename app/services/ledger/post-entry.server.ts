// Writing one ledger entry: the only way points change. Inside the caller's transaction it
//  1. locks the member row (an UPDATE that bumps `version`; the new version is the entry's
//     sequence, so entries of a member are totally ordered),
//  2. treats an existing business key as "already done" (idempotency by construction),
//  3. opens a lot for a credit, or consumes lots first-to-expire then oldest for a debit,
//  4. appends the entry and updates the cached balances in the same transaction.
import { randomUUID } from "node:crypto";
import { Prisma } from "@prisma/client";
import type { Member } from "@prisma/client";
import type { DbTx } from "../../db/client";
import { isPostgres } from "../../db/pg-direct";
import { memberFromRow, type MemberRow } from "./members.server";
import { allocateDebit, type LedgerKind, lifetimeDeltaOf, type Lot } from "../../loyalty/ledger";
import { AppError } from "../../errors/app-error";

export type DebitPolicy = "clamp" | "allow_negative" | "strict";

export type PostEntryInput = {
  shopId: string;
  memberId: string;
  kind: LedgerKind;
  businessKey: string;
  /** Signed change to the spendable balance. */
  points: number;
  pendingDelta?: number;
  heldDelta?: number;
  /** Defaults to the domain rule (app/loyalty/ledger.ts lifetimeDeltaOf). */
  lifetimeDelta?: number;
  /** What to do when a debit exceeds the balance (default strict: refuse). */
  debitPolicy?: DebitPolicy;
  /** A credit opens a lot with these dates. */
  lot?: { expiresAt?: Date | null; availableAt?: Date | null };
  /** A credit that gives back what an earlier debit took puts it back into the same lots. */
  restoreAllocationsOf?: string;
  /**
   * A debit that takes exactly these lots instead of first-to-expire (expiry takes what remains
   * of the lots that expired, which the normal allocation no longer considers open).
   */
  debitLots?: Allocation[];
  source?: { type: string; id: string };
  reason?: string;
  staffUserId?: string;
  details?: Record<string, unknown>;
  now?: Date;
  /** The member row as locked by the caller in this transaction (its version is the sequence). */
  lockedMember?: LockedMember;
  /** The caller already guarantees the business key is new (the unique index still backs it). */
  skipExistingCheck?: boolean;
  /**
   * A write of the caller's own that belongs with this entry (the order's earn record): run only
   * when the entry is written, in the same statement on PostgreSQL (one round trip fewer).
   */
  alongside?: Prisma.Sql;
};

type LockedMember = { id: string; shopId: string; version: number; balance: number; pending: number; held: number; lifetimeEarned: number };

export type MemberBalances = { balance: number; pending: number; held: number; lifetimeEarned: number };

export type PostEntryResult = {
  created: boolean;
  entryId: string;
  /** The balance change actually written (a clamped debit can be smaller than asked). */
  applied: number;
  shortfall: number;
  balances: MemberBalances;
};

export class InsufficientPointsError extends AppError {
  constructor(balance: number, needed: number) {
    super("insufficient_points", `Not enough points: the balance is ${balance}, this needs ${needed}.`, 409, { balance, needed });
  }
}

type Allocation = { lotId: string; points: number };

function assertInteger(name: string, value: number) {
  if (!Number.isSafeInteger(value)) throw new TypeError(`${name} must be an integer, got ${value}`);
}

// The statements every earn, reversal and redemption runs are plain SQL, identical on SQLite and
// PostgreSQL: an ORM statement costs ~1 ms of query compiling (Prisma's WebAssembly compiler),
// several times the statement itself. Ids are generated here (the ORM's cuid() is client-side).

/** Locks the member row for the rest of the transaction and returns it. */
export async function lockMember(tx: DbTx, shopId: string, memberId: string): Promise<Member> {
  const [row] = await tx.$queryRaw<MemberRow[]>`
    UPDATE "Member" SET version = version + 1, "updatedAt" = ${new Date()} WHERE id = ${memberId} AND "shopId" = ${shopId} RETURNING *`;
  if (!row) throw new Error(`member ${memberId} does not belong to shop ${shopId}`);
  return memberFromRow(row);
}

export async function postEntry(tx: DbTx, input: PostEntryInput): Promise<PostEntryResult> {
  const now = input.now ?? new Date();
  for (const [name, value] of Object.entries({ points: input.points, pendingDelta: input.pendingDelta ?? 0, heldDelta: input.heldDelta ?? 0 })) {
    assertInteger(name, value);
  }
  const member = input.lockedMember?.id === input.memberId ? input.lockedMember : await lockMember(tx, input.shopId, input.memberId);
  const existing = input.skipExistingCheck
    ? null
    : ((
        await tx.$queryRaw<Array<{ id: string; points: number }>>`
          SELECT id, points FROM "LedgerEntry" WHERE "shopId" = ${input.shopId} AND "businessKey" = ${input.businessKey}`
      )[0] ?? null);
  const current: MemberBalances = {
    balance: member.balance,
    pending: member.pending,
    held: member.held,
    lifetimeEarned: member.lifetimeEarned,
  };
  if (existing) return { created: false, entryId: existing.id, applied: existing.points, shortfall: 0, balances: current };

  let applied = input.points;
  let shortfall = 0;
  let allocations: Allocation[] = [];
  if (input.points < 0) {
    const wanted = -input.points;
    const policy = input.debitPolicy ?? "strict";
    const available = Math.max(current.balance, 0);
    if (wanted > available) {
      if (policy === "strict") throw new InsufficientPointsError(current.balance, wanted);
      if (policy === "clamp") {
        shortfall = wanted - available;
        applied = -available;
      }
    }
    allocations = input.debitLots ? await consumeGivenLots(tx, input.memberId, input.debitLots, -applied) : await consumeLots(tx, input.memberId, -applied, now);
  }

  // The domain's rule (earns, bonuses, positive adjustments count; reversals take back), unless the
  // caller says otherwise (a clamped reversal still takes its full amount off).
  const lifetimeDelta = lifetimeDeltaOf({ kind: input.kind, points: applied, pendingDelta: 0, heldDelta: 0, lifetimeDelta: input.lifetimeDelta });
  const details = { ...input.details, ...(allocations.length ? { allocations } : {}), ...(shortfall ? { shortfall } : {}) };
  const entry = { id: randomUUID() };
  const insertEntry = Prisma.sql`
    INSERT INTO "LedgerEntry" (id, "shopId", "memberId", kind, points, "pendingDelta", "heldDelta", "lifetimeDelta", "businessKey", "sourceType", "sourceId", reason, "staffUserId", details, sequence, "createdAt")
    VALUES (${entry.id}, ${input.shopId}, ${input.memberId}, ${input.kind}, ${applied}, ${input.pendingDelta ?? 0}, ${input.heldDelta ?? 0}, ${lifetimeDelta}, ${input.businessKey},
      ${input.source?.type ?? null}, ${input.source?.id ?? null}, ${input.reason ?? null}, ${input.staffUserId ?? null}, ${JSON.stringify(details)}, ${member.version}, ${now})`;
  // A credit first pays off a negative balance (allowed by the clawback policy); only the rest
  // is spendable and goes into lots, so open lots always sum to the positive balance.
  const spendable = applied > 0 ? Math.min(applied, Math.max(0, current.balance + applied)) : 0;
  const newLot = spendable > 0 && !input.restoreAllocationsOf ? openLotSql(input, entry.id, spendable, now) : null;
  const balances: MemberBalances = {
    balance: current.balance + applied,
    pending: current.pending + (input.pendingDelta ?? 0),
    held: current.held + (input.heldDelta ?? 0),
    lifetimeEarned: current.lifetimeEarned + lifetimeDelta,
  };
  // syncDirty: the balance metafield on the Shopify customer follows (app/services/sync).
  const updateMember = Prisma.sql`
    UPDATE "Member" SET balance = ${balances.balance}, pending = ${balances.pending}, held = ${balances.held}, "lifetimeEarned" = ${balances.lifetimeEarned},
      "syncDirty" = ${true}, "updatedAt" = ${now} WHERE id = ${input.memberId}`;

  if (isPostgres(tx) && !input.restoreAllocationsOf) {
    // One round trip instead of three: every earn, reversal and redemption comes through here.
    const lot = newLot ? Prisma.sql`, lot AS (${newLot})` : Prisma.empty;
    const alongside = input.alongside ? Prisma.sql`, alongside AS (${input.alongside})` : Prisma.empty;
    await tx.$executeRaw`WITH entry AS (${insertEntry})${lot}${alongside} ${updateMember}`;
  } else {
    if (input.alongside) await tx.$executeRaw(input.alongside);
    await tx.$executeRaw(insertEntry);
    if (newLot) await tx.$executeRaw(newLot);
    else if (spendable > 0) await restoreLots(tx, input.shopId, input.restoreAllocationsOf!, spendable, input, entry.id, now);
    await tx.$executeRaw(updateMember);
  }
  return { created: true, entryId: entry.id, applied, shortfall, balances };
}

function openLotSql(input: PostEntryInput, entryId: string, points: number, now: Date) {
  return Prisma.sql`
    INSERT INTO "PointLot" (id, "shopId", "memberId", "entryId", points, remaining, "expiresAt", "availableAt", "createdAt")
    VALUES (${randomUUID()}, ${input.shopId}, ${input.memberId}, ${entryId}, ${points}, ${points}, ${input.lot?.expiresAt ?? null}, ${input.lot?.availableAt ?? null}, ${now})`;
}

async function consumeLots(tx: DbTx, memberId: string, points: number, now: Date): Promise<Allocation[]> {
  if (points <= 0) return [];
  const rows = await tx.pointLot.findMany({ where: { memberId, remaining: { gt: 0 } } });
  const lots: Lot[] = rows.map((r, i) => ({
    id: r.id,
    points: r.points,
    remaining: r.remaining,
    availableAt: r.availableAt,
    expiresAt: r.expiresAt,
    createdAt: r.createdAt,
    seq: i,
  }));
  const { allocations } = allocateDebit(lots, points, now);
  for (const a of allocations) {
    await tx.pointLot.update({ where: { id: a.lotId }, data: { remaining: { decrement: a.points } } });
  }
  return allocations;
}

async function consumeGivenLots(tx: DbTx, memberId: string, lots: Allocation[], points: number): Promise<Allocation[]> {
  const out: Allocation[] = [];
  let left = points;
  for (const a of lots) {
    if (left <= 0) break;
    const take = Math.min(a.points, left);
    if (take <= 0) continue;
    const { count } = await tx.pointLot.updateMany({ where: { id: a.lotId, memberId, remaining: { gte: take } }, data: { remaining: { decrement: take } } });
    if (count !== 1) throw new Error(`lot ${a.lotId} of member ${memberId} does not hold ${take} points`);
    out.push({ lotId: a.lotId, points: take });
    left -= take;
  }
  return out;
}

/** Gives points back to the lots an earlier debit consumed (keeping their expiry dates). */
async function restoreLots(tx: DbTx, shopId: string, debitKey: string, points: number, input: PostEntryInput, entryId: string, now: Date) {
  const debit = await tx.ledgerEntry.findUnique({ where: { shopId_businessKey: { shopId, businessKey: debitKey } }, select: { details: true } });
  const allocations = ((debit ? JSON.parse(debit.details) : {}) as { allocations?: Allocation[] }).allocations ?? [];
  let left = points;
  for (const a of allocations) {
    if (left <= 0) break;
    const back = Math.min(a.points, left);
    await tx.pointLot.update({ where: { id: a.lotId }, data: { remaining: { increment: back } } });
    left -= back;
  }
  // Whatever the debit took beyond its lots (a negative balance) comes back as a fresh lot.
  if (left > 0) await tx.$executeRaw(openLotSql(input, entryId, left, now));
}
