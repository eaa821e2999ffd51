// Setting a member's birthday: by the signed-in shopper (POST /proxy/birthday) or by staff.
// Shopify's customer profile has no reliable birthday field in the Admin API, so these are the
// only two sources (ADR 0008).
import type { Db, DbTx } from "../../db/client";
import { AppError } from "../../errors/app-error";
import { type Birthday, changeableFrom, parseBirthday, sameBirthday } from "../../loyalty/birthday";
import { ensureMember } from "../ledger/members.server";
import { recordAudit } from "../staff/audit-log.server";

export type BirthdayView = { month: number; day: number; year: number | null; changeableFrom: string | null };

export type SetBy = { by: "shopper" } | { by: "staff"; staffUserId: string };

export function presentBirthday(row: { month: number; day: number; year: number | null; setAt: Date } | null, now: Date): BirthdayView | null {
  if (!row) return null;
  return { month: row.month, day: row.day, year: row.year, changeableFrom: changeableFrom(row.setAt, now)?.toISOString() ?? null };
}

/**
 * Records the birthday. The shopper may change it at most once per 365 days (409
 * `birthday_locked`); staff may correct it at any time (audited). Either way the change date
 * restarts the "set N days before" rule, so a correction cannot pay out at once.
 */
export async function setBirthday(db: Db, shopId: string, customerId: string, input: unknown, who: SetBy, opts: { now?: Date } = {}): Promise<BirthdayView> {
  const now = opts.now ?? new Date();
  const parsed = parseBirthday(input, now);
  if (!parsed.ok) {
    throw new AppError("invalid_birthday", `Invalid birthday: ${Object.entries(parsed.fieldErrors).map(([f, m]) => `${f} ${m}`).join("; ")}`, 422, { fieldErrors: parsed.fieldErrors });
  }
  const birthday: Birthday = parsed.value;
  return db.$transaction(async (tx) => {
    const member = await ensureMember(tx, shopId, customerId);
    if (member.redactedAt) throw new AppError("customer_not_found", "This customer's data was erased.", 404);
    const current = await tx.memberBirthday.findUnique({ where: { memberId: member.id } });
    if (current && sameBirthday(current, birthday)) return presentBirthday(current, now)!;
    const lockedUntil = current ? changeableFrom(current.setAt, now) : null;
    if (who.by === "shopper" && lockedUntil) {
      throw new AppError("birthday_locked", "Your birthday can be changed once a year.", 409, { changeableFrom: lockedUntil.toISOString() });
    }
    const data = { month: birthday.month, day: birthday.day, year: birthday.year, setAt: now, setBy: who.by, staffUserId: who.by === "staff" ? who.staffUserId : null };
    const row = await tx.memberBirthday.upsert({ where: { memberId: member.id }, create: { shopId, memberId: member.id, ...data }, update: data });
    if (who.by === "staff") {
      await recordAudit(tx, { shopId, staffUserId: who.staffUserId, action: "birthday_set", memberId: member.id, details: { before: current ? { month: current.month, day: current.day, year: current.year } : null, after: birthday }, now });
    }
    return presentBirthday(row, now)!;
  });
}

export async function birthdayOf(db: DbTx, shopId: string, memberId: string, now: Date): Promise<BirthdayView | null> {
  // Plain SQL (an ORM read costs ~1 ms to compile). GET /proxy/me reads the same columns with the member.
  const [row] = await db.$queryRaw<BirthdayRow[]>`
    SELECT month, day, year, "setAt" FROM "MemberBirthday" WHERE "shopId" = ${shopId} AND "memberId" = ${memberId}`;
  return presentRawBirthday(row ?? null, now);
}

type BirthdayRow = { month: number; day: number; year: number | null; setAt: Date };

/** A birthday row as plain SQL returns it (integers may come as bigint, dates as text on SQLite). */
export function presentRawBirthday(row: BirthdayRow | null, now: Date): BirthdayView | null {
  return presentBirthday(row ? { month: Number(row.month), day: Number(row.day), year: row.year === null ? null : Number(row.year), setAt: new Date(row.setAt) } : null, now);
}
