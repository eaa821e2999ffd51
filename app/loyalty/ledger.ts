// Pure ledger rules: entry kinds, business keys, lot allocation and replay. The database side is
// app/services/ledger/post-entry.server.ts.

export type LedgerKind =
  | "earn"
  | "reverse"
  | "redeem_hold"
  | "redeem_consume"
  | "redeem_release"
  /** Points returned by a release taken again: an order used the code after all. */
  | "redeem_reclaim"
  | "expire"
  | "adjust"
  | "bonus"
  | "pending_release";

/** Business keys: unique per shop; writing the same key twice is a no-op. */
export const businessKeys = {
  earn: (orderId: string) => `earn:order:${orderId}`,
  /** Keyed by the cumulative total reversed, so recomputing the same state writes nothing. */
  reverseOrder: (orderId: string, cumulativeTotal: number) => `reverse:order:${orderId}:${cumulativeTotal}`,
  signup: (customerId: string) => `signup:${customerId}`,
  redeemHold: (redemptionId: string) => `redeem:${redemptionId}:hold`,
  redeemConsume: (redemptionId: string) => `redeem:${redemptionId}:consume`,
  redeemRelease: (redemptionId: string) => `redeem:${redemptionId}:release`,
  redeemReclaim: (redemptionId: string) => `redeem:${redemptionId}:reclaim`,
  /** A lot expires once; points a released hold put back into it afterwards expire under :<n>. */
  expireLot: (lotId: string, nth = 1) => (nth <= 1 ? `expire:lot:${lotId}` : `expire:lot:${lotId}:${nth}`),
  adjust: (requestId: string) => `adjust:${requestId}`,
  pendingRelease: (entryId: string) => `pending_release:${entryId}`,
  /** One per stretch of inactivity: new activity moves the date, and with it the key. */
  expireInactive: (memberId: string, lastActivity: Date) => `expire:inactive:${memberId}:${lastActivity.toISOString()}`,
  /** Once per member per (shop-local) year. */
  birthday: (memberId: string, year: number) => `birthday:${memberId}:${year}`,
  surprise: (runId: string, memberId: string) => `surprise:${runId}:${memberId}`,
  /** The advocate's reward for a referral, and its take-back when the friend's order goes. */
  referralReward: (referralId: string) => `referral:${referralId}`,
  referralCancel: (referralId: string) => `referral:${referralId}:cancel`,
  /** The n-th grant of an action in its period (period label, or "lifetime" without a limit). */
  action: (sourceId: string, memberId: string, periodLabel: string, nth: number) => `action:${sourceId}:${memberId}:${periodLabel}:${nth}`,
  /** Actions granted once per customer or per review, whatever the period. */
  emailSignup: (customerId: string) => `action:email_signup:${customerId}`,
  productReview: (reviewId: string) => `action:product_review:${reviewId}`,
  /** A tier's entry reward: once per member and tier. */
  tierEntry: (memberId: string, tierId: string) => `tier-entry:${memberId}:${tierId}`,
};

export type Lot = {
  id: string;
  points: number;
  remaining: number;
  availableAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
  seq: number;
};

export type Allocation = { lotId: string; points: number };

/**
 * Which lots a debit consumes: open lots (remaining, available, not expired) first-to-expire
 * (lots without expiry last), then oldest. Returns what could not be covered as `shortfall`.
 */
export function allocateDebit(lots: readonly Lot[], points: number, now: Date): { allocations: Allocation[]; shortfall: number } {
  if (!Number.isSafeInteger(points) || points < 0) throw new RangeError(`a debit is a whole number of points ≥ 0, got ${points}`);
  const open = lots
    .filter((l) => l.remaining > 0 && (!l.availableAt || l.availableAt <= now) && (!l.expiresAt || l.expiresAt > now))
    .sort((a, b) => {
      const ea = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
      const eb = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
      if (ea !== eb) return ea < eb ? -1 : 1;
      const ca = a.createdAt.getTime();
      const cb = b.createdAt.getTime();
      return ca !== cb ? ca - cb : a.seq - b.seq;
    });
  const allocations: Allocation[] = [];
  let left = points;
  for (const lot of open) {
    if (left <= 0) break;
    const take = Math.min(lot.remaining, left);
    allocations.push({ lotId: lot.id, points: take });
    left -= take;
  }
  return { allocations, shortfall: left };
}

export type Balances = { balance: number; pending: number; held: number; lifetimeEarned: number };

/**
 * What one ledger entry does to a member's balances: `points` to the spendable balance (signed,
 * what was actually applied), `pendingDelta` to points not yet available, `heldDelta` to points
 * held by issued rewards.
 *
 * Lifetime earned (tier progress) counts what the member has earned and kept: positive earn,
 * bonus, adjust and pending_release points (a pending release is an earn becoming spendable; the
 * pending earn itself has points 0), minus reversals (a refunded order must not keep counting).
 * Redemptions and expiry do not change it: the points were earned. `lifetimeDelta` overrides the
 * rule, e.g. a clamped reversal whose `points` is less than what the order takes back still takes
 * the full amount off lifetime earned (ADR 0004).
 */
export type EntryEffect = { kind: LedgerKind; points: number; pendingDelta: number; heldDelta: number; lifetimeDelta?: number };

const LIFETIME_CREDITS: ReadonlySet<LedgerKind> = new Set(["earn", "bonus", "adjust", "pending_release"]);

export function lifetimeDeltaOf(e: EntryEffect): number {
  if (e.lifetimeDelta !== undefined) return e.lifetimeDelta;
  if (LIFETIME_CREDITS.has(e.kind)) return e.points > 0 ? e.points : 0;
  if (e.kind === "reverse") return e.points < 0 ? e.points : 0;
  return 0;
}

export const emptyBalances = (): Balances => ({ balance: 0, pending: 0, held: 0, lifetimeEarned: 0 });

export function applyEntry(b: Balances, e: EntryEffect): Balances {
  return {
    balance: b.balance + e.points,
    pending: b.pending + e.pendingDelta,
    held: b.held + e.heldDelta,
    lifetimeEarned: b.lifetimeEarned + lifetimeDeltaOf(e),
  };
}

/** The balances a member's entries add up to; the cached balances must always equal this. */
export const replay = (entries: readonly EntryEffect[]): Balances => entries.reduce(applyEntry, emptyBalances());

/**
 * How much of a debit to write under the clawback policy. `clamp` never takes the balance below
 * zero (a negative balance stays where it is) and reports the rest as the shortfall;
 * `allow_negative` applies it all.
 */
export function planDebit(b: Balances, requested: number, policy: "clamp" | "allow_negative"): { applied: number; shortfall: number } {
  if (requested <= 0) return { applied: 0, shortfall: 0 };
  if (policy === "allow_negative") return { applied: requested, shortfall: 0 };
  const applied = Math.min(requested, Math.max(b.balance, 0));
  return { applied, shortfall: requested - applied };
}
