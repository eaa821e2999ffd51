// Surprise points: staff give the same points, with a reason, to every member of a VIP tier or
// every customer with a Shopify tag. The confirm dialog says how it is applied; a background job
// processes the run in batches, and the list shows each run's progress (granted / total).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, FormLayout, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { t } from "../components/admin/i18n";
import { ConfirmModal, EmptyCard, FormErrors, formatWhen, PageSkeleton, RouteErrorState, useLeavingPage, WrapCell } from "../components/admin/ui";
import { adminContext } from "../web/admin/admin-context.server";
import { surprisePage } from "../web/admin/earning-admin.server";
import { failure, type FormResult, readJson } from "../web/admin/form-result.server";
import { startSurpriseRun } from "../services/surprise/surprise-run.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  return surprisePage(db, shop.id);
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, staffUserId } = await adminContext(request);
  try {
    const run = await startSurpriseRun(db, shop.id, await readJson(request, z.object({ run: z.unknown() }).transform((b) => b.run)), staffUserId);
    return { ok: true as const, message: t("surprise.started", { total: run.total }) };
  } catch (error) {
    return failure(error);
  }
}

type Form = { segmentType: string; tierId: string; tag: string; points: string; reason: string };
const emptyForm: Form = { segmentType: "tier", tierId: "", tag: "", points: "", reason: "" };

const toInput = (f: Form) => ({
  segment: f.segmentType === "tier" ? { type: "tier", tierId: f.tierId } : { type: "tag", tag: f.tag },
  // A half-typed number goes to the server as text and comes back as a field error.
  points: /^\d+$/.test(f.points.trim()) ? Number(f.points.trim()) : f.points,
  reason: f.reason,
});

const statusTone = { pending: "info", running: "attention", completed: "success", failed: "warning" } as const;

/** While a run is in progress the list refreshes itself every few seconds. */
function useRefreshWhile(active: boolean, everyMs = 3000) {
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => state === "idle" && revalidate(), everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, revalidate, state]);
}

export default function SurprisePage() {
  const { runs, tiers } = useLoaderData<typeof loader>();
  const starter = useFetcher<typeof action>();
  const [f, setF] = useState<Form>({ ...emptyForm, segmentType: tiers.length ? "tier" : "tag" });
  const [confirming, setConfirming] = useState(false);
  const result = starter.data as FormResult | undefined;
  const errors = result && !result.ok ? result.fieldErrors : {};
  // A started run clears the form (the run is listed below).
  useEffect(() => {
    if (starter.state === "idle" && result?.ok) setF((current) => ({ ...emptyForm, segmentType: current.segmentType }));
  }, [starter.state, result]);
  useRefreshWhile(runs.some((r) => r.status === "pending" || r.status === "running"));
  if (useLeavingPage()) return <PageSkeleton title={t("surprise.title")} />;
  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => setF({ ...f, [key]: value });
  const segmentName = f.segmentType === "tier" ? (tiers.find((tier) => tier.id === f.tierId)?.name ?? "") : f.tag.trim();
  const confirmBody = t(f.segmentType === "tier" ? "surprise.confirmBodyTier" : "surprise.confirmBodyTag", { segment: segmentName, points: f.points.trim(), reason: f.reason.trim() });
  const known = ["segment.tierId", "segment.tag", "segment.type", "points", "reason"];
  const otherErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => !known.includes(k)));

  return (
    <Page title={t("surprise.title")}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {result?.ok && result.message && <Banner tone="success">{result.message}</Banner>}
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">
                  {t("surprise.heading")}
                </Text>
                <FormErrors errors={otherErrors} />
                <FormLayout.Group>
                  <Select
                    label={t("surprise.segmentType")}
                    options={["tier", "tag"].map((v) => ({ value: v, label: t(`surprise.segmentTypes.${v}`) }))}
                    value={f.segmentType}
                    onChange={set("segmentType")}
                    error={errors["segment.type"]}
                  />
                  {f.segmentType === "tier" ? (
                    <Select
                      label={t("surprise.tier")}
                      options={[{ value: "", label: t("surprise.chooseTier") }, ...tiers.map((tier) => ({ value: tier.id, label: tier.name }))]}
                      value={f.tierId}
                      onChange={set("tierId")}
                      error={errors["segment.tierId"]}
                      helpText={tiers.length ? undefined : t("surprise.noTiers")}
                    />
                  ) : (
                    <TextField label={t("surprise.tag")} value={f.tag} onChange={set("tag")} error={errors["segment.tag"]} autoComplete="off" />
                  )}
                </FormLayout.Group>
                <FormLayout.Group>
                  <TextField label={t("surprise.points")} type="number" value={f.points} onChange={set("points")} error={errors.points} autoComplete="off" />
                  <TextField label={t("surprise.reason")} value={f.reason} onChange={set("reason")} error={errors.reason} helpText={t("surprise.reasonHelp")} autoComplete="off" />
                </FormLayout.Group>
                <Button variant="primary" onClick={() => setConfirming(true)} loading={starter.state !== "idle"}>
                  {t("surprise.start")}
                </Button>
              </FormLayout>
            </Card>
            {runs.length === 0 ? (
              <EmptyCard title={t("surprise.emptyTitle")} body={t("surprise.emptyBody")} />
            ) : (
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    {t("surprise.runsHeading")}
                  </Text>
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "text", "text", "numeric"]}
                    headings={[t("surprise.col.started"), t("surprise.col.segment"), t("surprise.col.points"), t("surprise.col.reason"), t("surprise.col.status"), t("surprise.col.progress")]}
                    rows={runs.map((r) => [
                      formatWhen(r.createdAt),
                      t(r.segmentLabel.type === "tier" ? "surprise.segmentTier" : "surprise.segmentTag", { name: r.segmentLabel.value }),
                      r.points.toLocaleString("en"),
                      <WrapCell key={`${r.id}-reason`}>{r.reason}</WrapCell>,
                      <Badge key={r.id} tone={statusTone[r.status as keyof typeof statusTone] ?? "info"}>
                        {t(`surprise.statuses.${r.status}`)}
                      </Badge>,
                      t("surprise.progress", { granted: r.granted.toLocaleString("en"), total: r.total.toLocaleString("en") }),
                    ])}
                  />
                </BlockStack>
              </Card>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
      <ConfirmModal
        open={confirming}
        title={t("surprise.confirmTitle", { points: f.points.trim() })}
        body={confirmBody}
        confirmLabel={t("surprise.confirm")}
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          starter.submit({ run: toInput(f) } as never, { method: "post", encType: "application/json" });
          setConfirming(false);
        }}
      />
    </Page>
  );
}

export const ErrorBoundary = RouteErrorState;
