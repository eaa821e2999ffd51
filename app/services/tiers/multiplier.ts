// The earn multiplier of a member's VIP tier (the order earn path applies it).
import type { LoadedTierProgram } from "./program.server";

/** The earn multiplier a tier gives (undefined when it is 1 or the tier is gone). */
export function tierMultiplierOf(program: LoadedTierProgram | null, tierId: string | null): string | undefined {
  const multiplier = program?.tiers.find((t) => t.id === tierId)?.perks.earnMultiplier.trim();
  return multiplier && !/^1(\.0*)?$/.test(multiplier) ? multiplier : undefined;
}
