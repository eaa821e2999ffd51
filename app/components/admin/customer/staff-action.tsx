// Staff actions on the member page (each form posts its own intent to the page's action).
import { useFetcher } from "@remix-run/react";
import { Banner } from "@shopify/polaris";
import type { FormResult } from "../../../web/admin/form-result.server";

/** One staff action's form: its own fetcher, so two forms never overwrite each other's messages. */
export function useStaffAction() {
  const fetcher = useFetcher();
  const result = fetcher.data as FormResult | undefined;
  const errors = result && !result.ok ? result.fieldErrors : {};
  const send = (body: Record<string, unknown>) => fetcher.submit(body as never, { method: "post", encType: "application/json" });
  return { send, busy: fetcher.state !== "idle", errors, result, done: fetcher.state === "idle" && result?.ok === true };
}

export function ResultBanner({ result }: { result?: FormResult }) {
  if (!result) return null;
  if (result.ok) return result.message ? <Banner tone="success">{result.message}</Banner> : null;
  return result.fieldErrors.form ? <Banner tone="critical">{result.fieldErrors.form}</Banner> : null;
}

export const newRequestId = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);
