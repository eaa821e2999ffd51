// What GET /proxy/me reads of one member: the member with its birthday, its last 20 codes and its
// last 20 history entries. Plain SQL, no ORM query building per request.
//
// PostgreSQL reads all three in one statement (the codes and history as JSON arrays beside the
// member's columns): one round trip, one pooled connection and one statement for PostgreSQL to
// execute per request, instead of a member lookup followed by two lookups on two more connections.
// On the bench machine that cut the CPU per request of the app and of PostgreSQL alike
// (docs/benchmarks.md). SQLite runs in-process with no round trips, so it keeps three statements.
import { Prisma } from "@prisma/client";
import type { DbTx } from "../../db/client";
import { isPostgres } from "../../db/pg-direct";

export type MemberRow = {
  id: string;
  customerId: string;
  balance: number;
  pending: number;
  held: number;
  lifetimeEarned: number;
  tierId: string | null;
  tierGraceUntil: Date | null;
  tierOverrideId: string | null;
  tierOverrideUntil: Date | null;
  tierOverrideLifetime: boolean | number;
};
export type BirthdayColumns = { birthdayMonth: number | null; birthdayDay: number | null; birthdayYear: number | null; birthdaySetAt: Date | null };
export type RedemptionRow = { id: string; rewardId: string; status: string; code: string | null; pointsCost: number; expiresAt: Date | null; createdAt: Date; snapshot: string };
export type EntryRow = { id: string; kind: string; points: number; reason: string | null; createdAt: Date };

export type MemberRows = { member: (MemberRow & BirthdayColumns) | undefined; redemptions: RedemptionRow[]; entries: EntryRow[] };

const memberSelect = (shopId: string, customerId: string) => Prisma.sql`
  SELECT m.id, m."customerId", m.balance, m.pending, m.held, m."lifetimeEarned", m."tierId", m."tierGraceUntil", m."tierOverrideId", m."tierOverrideUntil", m."tierOverrideLifetime",
    b.month AS "birthdayMonth", b.day AS "birthdayDay", b.year AS "birthdayYear", b."setAt" AS "birthdaySetAt"
  FROM "Member" m LEFT JOIN "MemberBirthday" b ON b."memberId" = m.id AND b."shopId" = m."shopId"
  WHERE m."shopId" = ${shopId} AND m."customerId" = ${customerId}`;

// `memberId`: a value, or the member's id column in the PostgreSQL statement.
const redemptionsSelect = (shopId: string, memberId: string | Prisma.Sql) => Prisma.sql`
  SELECT id, "rewardId", status, code, "pointsCost", "expiresAt", "createdAt", snapshot FROM "Redemption"
  WHERE "shopId" = ${shopId} AND "memberId" = ${memberId} AND status IN ('issued', 'consumed', 'expired', 'released')
  ORDER BY "createdAt" DESC LIMIT 20`;

const entriesSelect = (memberId: string | Prisma.Sql) => Prisma.sql`
  SELECT id, kind, points, reason, "createdAt", sequence FROM "LedgerEntry"
  WHERE "memberId" = ${memberId} AND kind <> 'redeem_consume' ORDER BY sequence DESC LIMIT 20`;

export async function readMemberRows(db: DbTx, shopId: string, customerId: string): Promise<MemberRows> {
  if (isPostgres(db)) return readInOneStatement(db, shopId, customerId);
  const [member] = await db.$queryRaw<Array<MemberRow & BirthdayColumns>>(memberSelect(shopId, customerId));
  if (!member) return { member, redemptions: [], entries: [] };
  const [redemptions, entries] = await Promise.all([
    db.$queryRaw<RedemptionRow[]>(redemptionsSelect(shopId, member.id)),
    db.$queryRaw<EntryRow[]>(entriesSelect(member.id)),
  ]);
  return { member, redemptions, entries };
}

// Timestamps inside json_agg come as ISO text without a zone ("2026-12-04T14:11:44.05"): the
// columns are timestamp(3) holding UTC, as Prisma writes them.
type JsonRow<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };
const utc = (text: string) => new Date(`${text}Z`);

async function readInOneStatement(db: DbTx, shopId: string, customerId: string): Promise<MemberRows> {
  const memberId = Prisma.raw("m.id");
  const [row] = await db.$queryRaw<Array<MemberRow & BirthdayColumns & { redemptions: JsonRow<RedemptionRow>[]; entries: JsonRow<EntryRow>[] }>>`
    WITH m AS (${memberSelect(shopId, customerId)})
    SELECT m.*,
      (SELECT coalesce(json_agg(r ORDER BY r."createdAt" DESC), '[]'::json) FROM (${redemptionsSelect(shopId, memberId)}) r) AS redemptions,
      (SELECT coalesce(json_agg(e ORDER BY e.sequence DESC), '[]'::json) FROM (${entriesSelect(memberId)}) e) AS entries
    FROM m`;
  if (!row) return { member: undefined, redemptions: [], entries: [] };
  const { redemptions, entries, ...member } = row;
  return {
    member,
    redemptions: redemptions.map((r) => ({ ...r, expiresAt: r.expiresAt === null ? null : utc(r.expiresAt), createdAt: utc(r.createdAt) })),
    entries: entries.map((e) => ({ ...e, createdAt: utc(e.createdAt) })),
  };
}
