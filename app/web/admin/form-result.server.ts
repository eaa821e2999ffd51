// Admin forms post JSON; failures come back as field → message so the page shows them inline
// next to the input the merchant typed (nothing is lost: the form keeps its values).
import { data } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "../../errors/app-error";
import { ProgramSettingsError } from "../../loyalty/program-settings";
import { RewardValidationError } from "../../loyalty/rewards";

export type FormResult = { ok: true; message?: string } | { ok: false; fieldErrors: Record<string, string>; message?: string };

export async function readJson<T extends z.ZodTypeAny>(request: Request, schema: T): Promise<z.output<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw new AppError("bad_request", "The form could not be read.", 400);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new z.ZodError(parsed.error.issues);
  return parsed.data;
}

/**
 * Turns an expected failure into field errors; anything else is rethrown (a bug). The answer is
 * HTTP 200 with `ok: false`: the form handles it, and a 4xx would be logged by the browser as a
 * console error on every typo.
 */
export function failure(error: unknown) {
  const fieldErrors = fieldErrorsOf(error);
  if (!fieldErrors) throw error;
  const message = error instanceof AppError ? error.message : undefined;
  return data<FormResult>({ ok: false, fieldErrors, message });
}

function fieldErrorsOf(error: unknown): Record<string, string> | null {
  if (error instanceof ProgramSettingsError || error instanceof RewardValidationError) return error.fieldErrors;
  if (error instanceof z.ZodError) {
    const out: Record<string, string> = {};
    for (const issue of error.issues) out[issue.path.join(".") || "form"] ??= issue.message;
    return out;
  }
  if (error instanceof AppError) {
    // Services that validate several fields at once (campaigns, surprise points) put them in details.
    const nested = error.details?.fieldErrors;
    if (nested && typeof nested === "object") return nested as Record<string, string>;
    const field = typeof error.details?.field === "string" ? error.details.field : "form";
    return { [field]: error.message };
  }
  // Errors from the tiers/staff services carry fieldErrors too (duck-typed: their module may change).
  const maybe = error as { fieldErrors?: unknown };
  if (maybe && typeof maybe.fieldErrors === "object" && maybe.fieldErrors) return maybe.fieldErrors as Record<string, string>;
  return null;
}

export const ok = (message?: string) => data<FormResult>({ ok: true, message });
