// The staff and tier write services (app/services/staff, app/services/tiers) are written in
// parallel with the admin. They are loaded through Vite's glob so the admin builds and runs
// before they exist; a missing module is reported to the merchant as "not available yet".
// TODO(lead): once those modules exist, replace the glob with plain imports.
import { AppError } from "../../errors/app-error";
import type { DbTx } from "../../db/client";

export type AdjustPointsInput = { shopId: string; customerId: string; points: number; reason: string; staffUserId: string; requestId: string };
export type TierOverrideInput = { shopId: string; customerId: string; tierId: string | null; until: Date | null; lifetime: boolean; staffUserId: string; reason: string };

type StaffAdjust = {
  adjustPoints(db: DbTx, input: AdjustPointsInput): Promise<unknown>;
  setTierOverride(db: DbTx, input: TierOverrideInput): Promise<unknown>;
};
type TierAdmin = {
  previewTierProgram(db: DbTx, shopId: string, input: unknown): Promise<unknown>;
  saveTierProgram(db: DbTx, shopId: string, input: unknown, staffUserId: string): Promise<unknown>;
};
type CustomerLookup = { membersCsv(db: DbTx, shopId: string): AsyncIterable<string> };
type AuditLog = { recordAudit(tx: DbTx, entry: { shopId: string; staffUserId: string; action: string; memberId?: string | null; details?: unknown }): Promise<unknown> };

const modules = import.meta.glob([
  "../staff/adjust-points.server.ts",
  "../staff/audit-log.server.ts",
  "../staff/customer-lookup.server.ts",
  "../tiers/tier-admin.server.ts",
]);

async function load<T>(path: string): Promise<T> {
  const loader = modules[path];
  if (!loader) throw new AppError("not_available", "This action is not available yet in this version of the app.", 503);
  return (await loader()) as T;
}

export const staffAdjust = () => load<StaffAdjust>("../staff/adjust-points.server.ts");
export const customerLookup = () => load<CustomerLookup>("../staff/customer-lookup.server.ts");
export const tierAdmin = () => load<TierAdmin>("../tiers/tier-admin.server.ts");

/** Records a staff action when the audit module exists; saving never fails because it does not. */
export async function recordStaffAction(db: DbTx, entry: Parameters<AuditLog["recordAudit"]>[1]) {
  if (!modules["../staff/audit-log.server.ts"]) return;
  const audit = await load<AuditLog>("../staff/audit-log.server.ts");
  await audit.recordAudit(db, entry);
}
