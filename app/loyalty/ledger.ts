// Pure ledger rules: entry kinds, business keys, lot allocation and replay. The database side is
// app/services/ledger/post-entry.server.ts.

export type LedgerKind =
  | "earn"
  | "reverse"
  | "redeem_hold"
  | "redeem_consume"
  | "redeem_release"
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
  expireLot: (lotId: string) => `expire:lot:${lotId}`,
  adjust: (requestId: string) => `adjust:${requestId}`,
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
export type EntryEffect = { points: number; pendingDelta: number; heldDelta: number; lifetimeDelta: number };

export const emptyBalances = (): Balances => ({ balance: 0, pending: 0, held: 0, lifetimeEarned: 0 });

export function applyEntry(b: Balances, e: EntryEffect): Balances {
  return {
    balance: b.balance + e.points,
    pending: b.pending + e.pendingDelta,
    held: b.held + e.heldDelta,
    lifetimeEarned: b.lifetimeEarned + e.lifetimeDelta,
  };
}

export const replay = (entries: readonly EntryEffect[]): Balances => entries.reduce(applyEntry, emptyBalances());

/** How much of a debit to write under the clawback policy: clamp never goes below zero. */
export function planDebit(b: Balances, requested: number, policy: "clamp" | "allow_negative"): { applied: number; shortfall: number } {
  if (policy === "allow_negative") return { applied: requested, shortfall: 0 };
  const applied = Math.min(requested, Math.max(b.balance, 0));
  return { applied, shortfall: requested - applied };
}
