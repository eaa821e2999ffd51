// Surprise points: staff grant the same points, with a reason, to every member of a segment (a
// VIP tier, or customers with a Shopify tag). Validation only; the run is app/services/surprise.
import { z } from "zod";

export const surpriseInputSchema = z
  .object({
    segment: z.discriminatedUnion("type", [
      z.object({ type: z.literal("tier"), tierId: z.string().trim().min(1, "is required") }),
      z.object({ type: z.literal("tag"), tag: z.string().trim().min(1, "is required").max(255) }),
    ]),
    points: z.number({ message: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(1_000_000, "must be at most 1,000,000"),
    reason: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
  })
  .strict();

export type SurpriseInput = z.output<typeof surpriseInputSchema>;

export function parseSurpriseInput(input: unknown): { ok: true; value: SurpriseInput } | { ok: false; fieldErrors: Record<string, string> } {
  const result = surpriseInputSchema.safeParse(input ?? {});
  if (result.success) return { ok: true, value: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) fieldErrors[issue.path.join(".") || "(root)"] ??= issue.message;
  return { ok: false, fieldErrors };
}
