// Staff tools against a real database: point adjustments with reasons and staff ids, the audit
// log (filters, paging, CSV), member search, a member's full picture, and the members CSV export
// streamed page by page with correct escaping.
import { describe, expect, it } from "vitest";
import { adjustPoints } from "../../../app/services/staff/adjust-points.server";
import { auditCsv, listAudit, recordAudit } from "../../../app/services/staff/audit-log.server";
import { memberDetail, membersCsv, searchMembers } from "../../../app/services/staff/customer-lookup.server";
import { replayShop } from "../../../app/services/ledger/replay.server";
import { testDb } from "../../support/test-db";
import { bigId, earn, newShop, saveTiers, STAFF } from "../tiers/fixtures";

const OTHER_STAFF = "98765432101";

/** A small RFC 4180 reader, to check that what was written reads back to the same fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") endField();
    else if (c === "\r" && text[i + 1] === "\n") {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  return rows;
}

async function collect(lines: AsyncIterable<string>) {
  let text = "";
  for await (const line of lines) text += line;
  return text;
}

async function memberWith(shopId: string, data: { email?: string; firstName?: string; lastName?: string; balance?: number } = {}) {
  return testDb().member.create({ data: { shopId, customerId: bigId(), ...data } });
}

describe(`staff tools on ${process.env.TEST_DB_PROVIDER}`, () => {
  it("adjusts points with a reason and the staff id on the ledger entry and in the audit log", async () => {
    const shop = await newShop();
    const customer = bigId();
    await earn(shop.id, customer, 5_000n); // 50 points
    const up = await adjustPoints(testDb(), { shopId: shop.id, customerId: customer, points: 25, reason: "Late delivery", staffUserId: STAFF, requestId: "req-1" });
    expect(up).toMatchObject({ created: true, points: 25, balance: 75 });
    const down = await adjustPoints(testDb(), { shopId: shop.id, customerId: customer, points: -75, reason: "Duplicate account", staffUserId: OTHER_STAFF, requestId: "req-2" });
    expect(down.balance).toBe(0);

    const entries = await testDb().ledgerEntry.findMany({ where: { shopId: shop.id, kind: "adjust" }, orderBy: { sequence: "asc" } });
    expect(entries.map((e) => [e.points, e.reason, e.staffUserId, e.businessKey])).toEqual([
      [25, "Late delivery", STAFF, "adjust:req-1"],
      [-75, "Duplicate account", OTHER_STAFF, "adjust:req-2"],
    ]);
    const audit = await listAudit(testDb(), shop.id, { action: "points_adjusted" });
    expect(audit.entries.map((e) => [e.staffUserId, e.customerId, (e.details as { points: number }).points])).toEqual([
      [OTHER_STAFF, customer, -75],
      [STAFF, customer, 25],
    ]);
    expect((await replayShop(testDb(), shop.id)).mismatches).toEqual([]);
  });

  it("requires a reason, refuses debits below zero, and replays a retried request", async () => {
    const shop = await newShop();
    const customer = bigId();
    await earn(shop.id, customer, 1_000n); // 10 points
    const base = { shopId: shop.id, customerId: customer, staffUserId: STAFF };
    await expect(adjustPoints(testDb(), { ...base, points: 5, reason: "  ", requestId: "a" })).rejects.toMatchObject({ code: "reason_required" });
    await expect(adjustPoints(testDb(), { ...base, points: -11, reason: "Too many", requestId: "b" })).rejects.toMatchObject({ code: "insufficient_points" });
    await expect(adjustPoints(testDb(), { ...base, points: 0, reason: "Zero", requestId: "c" })).rejects.toMatchObject({ code: "invalid_request" });
    await expect(adjustPoints(testDb(), { ...base, customerId: bigId(), points: 5, reason: "Who?", requestId: "d" })).rejects.toMatchObject({ code: "member_not_found" });

    const first = await adjustPoints(testDb(), { ...base, points: 5, reason: "Goodwill", requestId: "same" });
    const again = await adjustPoints(testDb(), { ...base, points: 5, reason: "Goodwill", requestId: "same" });
    expect(again).toEqual({ ...first, created: false });
    await expect(adjustPoints(testDb(), { ...base, points: 6, reason: "Goodwill", requestId: "same" })).rejects.toMatchObject({ code: "idempotency_conflict" });
    const member = await testDb().member.findUniqueOrThrow({ where: { shopId_customerId: { shopId: shop.id, customerId: customer } } });
    expect(member.balance).toBe(15);
    expect(member.syncDirty).toBe(true);
    expect(await testDb().staffAuditEntry.count({ where: { shopId: shop.id } })).toBe(1);
  });

  it("filters the audit log by staff, action, member and date, pages it, and exports it as CSV", async () => {
    const shop = await newShop();
    const other = await newShop();
    const m = await memberWith(shop.id);
    const day = (d: number) => new Date(Date.UTC(2026, 5, d, 12));
    for (let d = 1; d <= 6; d++) {
      await recordAudit(testDb(), { shopId: shop.id, staffUserId: d % 2 ? STAFF : OTHER_STAFF, action: d <= 3 ? "points_adjusted" : "tier_override_set", memberId: d === 2 ? m.id : null, details: { n: d, note: 'said "hi", then left' }, now: day(d) });
    }
    await recordAudit(testDb(), { shopId: other.id, staffUserId: STAFF, action: "points_adjusted", now: day(1) });

    const n = (entries: Array<{ details: unknown }>) => entries.map((e) => (e.details as { n: number }).n);
    expect(n((await listAudit(testDb(), shop.id, { staffUserId: STAFF })).entries)).toEqual([5, 3, 1]);
    expect(n((await listAudit(testDb(), shop.id, { action: "tier_override_set" })).entries)).toEqual([6, 5, 4]);
    expect(n((await listAudit(testDb(), shop.id, { memberId: m.id })).entries)).toEqual([2]);
    expect(n((await listAudit(testDb(), shop.id, { from: day(2), to: day(4) })).entries)).toEqual([3, 2]);

    const first = await listAudit(testDb(), shop.id, { limit: 4 });
    const second = await listAudit(testDb(), shop.id, { limit: 4, cursor: first.nextCursor! });
    expect([n(first.entries), n(second.entries), second.nextCursor]).toEqual([[6, 5, 4, 3], [2, 1], null]);

    const rows = parseCsv(await collect(auditCsv(testDb(), shop.id, { staffUserId: OTHER_STAFF })));
    expect(rows[0]).toEqual(["created_at", "staff_user_id", "action", "customer_id", "details"]);
    expect(rows.slice(1).map((r) => [r[1], r[3], JSON.parse(r[4]!).n])).toEqual([
      [OTHER_STAFF, "", 6],
      [OTHER_STAFF, "", 4],
      [OTHER_STAFF, m.customerId, 2],
    ]);
    expect(JSON.parse(rows[1]![4]!).note).toBe('said "hi", then left');
  });

  it("searches members by email or name, case-insensitively, within the shop only", async () => {
    const shop = await newShop();
    const other = await newShop();
    const jane = await memberWith(shop.id, { email: "Jane.Doe@Example.com", firstName: "Jane", lastName: "Doe" });
    const john = await memberWith(shop.id, { email: "john@example.com", firstName: "John", lastName: "Smith" });
    await memberWith(shop.id, { email: "percent%user@example.com", firstName: "Per", lastName: "Cent" });
    await memberWith(other.id, { email: "jane.doe@example.com", firstName: "Jane", lastName: "Doe" });

    const ids = async (q: string) => (await searchMembers(testDb(), shop.id, q)).members.map((m) => m.id);
    expect(await ids("jane.doe@")).toEqual([jane.id]);
    expect(await ids("JANE DOE")).toEqual([jane.id]);
    expect(await ids("smith")).toEqual([john.id]);
    expect(await ids(john.customerId)).toEqual([john.id]);
    expect((await ids("example.com")).length).toBe(3);
    expect((await ids("%")).length).toBe(1); // a literal percent sign, not "anything"
    expect(await ids("nobody")).toEqual([]);

    const page1 = await searchMembers(testDb(), shop.id, "example", { limit: 2 });
    const page2 = await searchMembers(testDb(), shop.id, "example", { limit: 2, cursor: page1.nextCursor });
    expect(page1.members).toHaveLength(2);
    expect(page2).toMatchObject({ members: [expect.anything()], nextCursor: null });
  });

  it("shows a member's full picture: balances, tier and progress, ledger with sources, tier history", async () => {
    const shop = await newShop();
    await saveTiers(shop.id);
    const customer = bigId();
    await earn(shop.id, customer, 60_000n);
    await adjustPoints(testDb(), { shopId: shop.id, customerId: customer, points: 10, reason: "Birthday", staffUserId: STAFF, requestId: "bd" });
    const detail = await memberDetail(testDb(), shop.id, customer);
    expect(detail.member).toMatchObject({ customerId: customer, balance: 610, pending: 0 });
    expect(detail.tier).toMatchObject({ tier: { name: "Silver" }, nextTier: { name: "Gold", remaining: "400" }, progress: { value: "600" }, override: null });
    expect(detail.ledger.map((e) => [e.kind, e.points, e.source?.type, e.staffUserId])).toEqual([
      ["adjust", 10, "staff", STAFF],
      ["earn", 600, "order", null],
    ]);
    expect(detail.tierHistory.map((c) => [c.from, c.to, c.reason])).toEqual([[null, "Silver", "upgrade"]]);
    await expect(memberDetail(testDb(), shop.id, bigId())).rejects.toMatchObject({ code: "member_not_found" });
  });

  it("streams the members CSV page by page with correct escaping", async () => {
    const shop = await newShop();
    await saveTiers(shop.id);
    const tricky = [
      { email: "a@example.com", firstName: "Smith, Jr.", lastName: 'O"Brien' },
      { email: "b@example.com", firstName: "Multi\nline", lastName: "=SUM(A1)" },
      { email: null, firstName: null, lastName: null },
    ];
    const created = [];
    for (const t of tricky) created.push(await memberWith(shop.id, { ...t, email: t.email ?? undefined, firstName: t.firstName ?? undefined, lastName: t.lastName ?? undefined, balance: 7 }));
    for (let i = 0; i < 4; i++) created.push(await memberWith(shop.id, { email: `m${i}@example.com` }));
    await memberWith((await newShop()).id, { email: "elsewhere@example.com" });

    const stream = membersCsv(testDb(), shop.id, { pageSize: 2 });
    const iterator = stream[Symbol.asyncIterator]();
    // Lines come one at a time: the header before any member page is read to the end.
    expect((await iterator.next()).value).toBe("customer_id,email,first_name,last_name,balance,pending,held,lifetime_earned,tier,tier_override_until,member_since\r\n");
    let rest = "";
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest += r.value;
    const rows = parseCsv(rest);
    expect(rows).toHaveLength(7);
    const byCustomer = new Map(rows.map((r) => [r[0], r]));
    expect(byCustomer.get(created[0]!.customerId)!.slice(1, 5)).toEqual(["a@example.com", "Smith, Jr.", 'O"Brien', "7"]);
    expect(byCustomer.get(created[1]!.customerId)!.slice(2, 4)).toEqual(["Multi\nline", "'=SUM(A1)"]);
    expect(byCustomer.get(created[2]!.customerId)!.slice(1, 4)).toEqual(["", "", ""]);
    expect(rows.every((r) => r.length === 11)).toBe(true);
  });
});
