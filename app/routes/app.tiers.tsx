// VIP tiers: the program (metric, window), the ordered tiers with thresholds and perks, and a
// what-if preview of who moves up or down before anything is saved.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, DataTable, FormLayout, InlineStack, Layout, Modal, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { t } from "../components/admin/i18n";
import { ConfirmModal, EmptyCard, FormErrors, FormSaveBar, PageSkeleton, RouteErrorState, useFormState, useLeavingPage } from "../components/admin/ui";
import { adminContext } from "../web/admin/admin-context.server";
import { failure, type FormResult, ok, readJson } from "../web/admin/form-result.server";
import { previewTierProgram, saveTierProgram } from "../services/program/tier-program.server";
import { membersPerTier, summarizePreview, type TierProgramForm, tierProgramForm } from "../web/admin/tiers-admin.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  const [program, counts] = await Promise.all([tierProgramForm(db, shop.id), membersPerTier(db, shop.id)]);
  return { program, counts, currency: shop.currency };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, staffUserId } = await adminContext(request);
  try {
    const body = await readJson(request, z.object({ intent: z.enum(["preview", "save"]), program: z.unknown() }));
    if (body.intent === "preview") return { ok: true as const, preview: summarizePreview(await previewTierProgram(db, shop.id, body.program)) };
    await saveTierProgram(db, shop.id, body.program, staffUserId);
    return ok(t("tiers.saved"));
  } catch (error) {
    return failure(error);
  }
}

type Tier = TierProgramForm["tiers"][number];
const newTier = (threshold: string): Tier => ({ id: null, name: "", threshold, perks: { earnMultiplier: "1", entryReward: null, freeShipping: false, displayPerks: [] } });

export default function TiersPage() {
  const { program, counts } = useLoaderData<typeof loader>();
  const form = useFormState<TierProgramForm>(program);
  const saver = useFetcher<typeof action>();
  const previewer = useFetcher<typeof action>();
  const [removing, setRemoving] = useState<number | null>(null);
  const [previewOpen, setPreviewOpen] = useState(false);
  if (useLeavingPage()) return <PageSkeleton title={t("tiers.title")} />;
  const p = form.values;
  const setTier = (index: number, change: Partial<Tier>) => form.setValues({ ...p, tiers: p.tiers.map((x, i) => (i === index ? { ...x, ...change } : x)) });
  const saveResult = saver.data as FormResult | undefined;
  const previewResult = previewer.data as ({ ok: true; preview: ReturnType<typeof summarizePreview> } | FormResult) | undefined;
  const errors = { ...(previewResult && !previewResult.ok ? previewResult.fieldErrors : {}), ...(saveResult && !saveResult.ok ? saveResult.fieldErrors : {}) };
  const preview = previewResult && previewResult.ok && "preview" in previewResult ? previewResult.preview : null;
  const send = (fetcher: typeof saver, intent: "preview" | "save") => fetcher.submit({ intent, program: p } as never, { method: "post", encType: "application/json" });
  // Saving always goes through the preview first, so the merchant sees who moves before it happens.
  const reviewAndSave = () => {
    send(previewer, "preview");
    setPreviewOpen(true);
  };

  return (
    <Page title={t("tiers.title")} primaryAction={{ content: t("tiers.reviewSave"), onAction: reviewAndSave, disabled: !form.dirty, loading: saver.state !== "idle" }}>
      <FormSaveBar id="tiers-save-bar" open={form.dirty} saving={saver.state !== "idle"} onSave={reviewAndSave} onDiscard={form.reset} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <FormErrors errors={errors} />
            {saveResult?.ok && saveResult.message && <Banner tone="success">{saveResult.message}</Banner>}
            <Card>
              <FormLayout>
                <Checkbox label={t("tiers.enabled")} checked={p.enabled} onChange={(enabled) => form.setValues({ ...p, enabled })} />
                <FormLayout.Group>
                  <Select label={t("tiers.metric")} options={["points", "spend", "orders"].map((v) => ({ value: v, label: t(`tiers.metrics.${v}`) }))} value={p.metric} onChange={(metric) => form.setValues({ ...p, metric })} />
                  <Select label={t("tiers.window")} options={["lifetime", "calendar_year", "rolling_12_months"].map((v) => ({ value: v, label: t(`tiers.windows.${v}`) }))} value={p.window} onChange={(window) => form.setValues({ ...p, window })} />
                </FormLayout.Group>
              </FormLayout>
            </Card>
            {p.tiers.length === 0 && <EmptyCard title={t("tiers.emptyTitle")} body={t("tiers.emptyBody")} />}
            {p.tiers.map((tier, index) => (
              <Card key={tier.id ?? `new-${index}`}>
                <FormLayout>
                  <InlineStack align="space-between" blockAlign="center">
                    <Text as="h2" variant="headingMd">{tier.name || t("tiers.unnamed", { n: index + 1 })}</Text>
                    <InlineStack gap="200" blockAlign="center">
                      {tier.id && <Text as="span" tone="subdued">{t("tiers.memberCount", { count: counts[tier.id] ?? 0 })}</Text>}
                      <Button tone="critical" variant="plain" accessibilityLabel={t("tiers.removeNamed", { name: tier.name || String(index + 1) })} onClick={() => setRemoving(index)}>
                        {t("tiers.remove")}
                      </Button>
                    </InlineStack>
                  </InlineStack>
                  <FormLayout.Group>
                    <TextField label={t("tiers.name")} value={tier.name} onChange={(name) => setTier(index, { name })} error={errors[`tiers.${index}.name`]} autoComplete="off" />
                    <TextField
                      label={t(`tiers.threshold.${p.metric}`)}
                      value={tier.threshold}
                      onChange={(threshold) => setTier(index, { threshold })}
                      error={errors[`tiers.${index}.threshold`]}
                      helpText={index === 0 ? t("tiers.firstThreshold") : undefined}
                      autoComplete="off"
                    />
                    <TextField label={t("tiers.multiplier")} value={tier.perks.earnMultiplier} onChange={(earnMultiplier) => setTier(index, { perks: { ...tier.perks, earnMultiplier } })} error={errors[`tiers.${index}.perks.earnMultiplier`]} autoComplete="off" />
                  </FormLayout.Group>
                  <FormLayout.Group>
                    <TextField
                      label={t("tiers.entryPoints")}
                      type="number"
                      value={tier.perks.entryReward && "points" in tier.perks.entryReward ? String(tier.perks.entryReward.points) : ""}
                      onChange={(v) => setTier(index, { perks: { ...tier.perks, entryReward: /^\d+$/.test(v) && Number(v) > 0 ? { points: Number(v) } : null } })}
                      helpText={t("tiers.entryPointsHelp")}
                      autoComplete="off"
                    />
                    <TextField
                      label={t("tiers.displayPerks")}
                      value={tier.perks.displayPerks.join("\n")}
                      onChange={(v) => setTier(index, { perks: { ...tier.perks, displayPerks: v.split("\n") } })}
                      multiline={3}
                      helpText={t("tiers.displayPerksHelp")}
                      autoComplete="off"
                    />
                  </FormLayout.Group>
                  <Checkbox label={t("tiers.freeShipping")} checked={tier.perks.freeShipping} onChange={(freeShipping) => setTier(index, { perks: { ...tier.perks, freeShipping } })} />
                </FormLayout>
              </Card>
            ))}
            <InlineStack gap="200">
              <Button onClick={() => form.setValues({ ...p, tiers: [...p.tiers, newTier(p.tiers.length ? "" : "0")] })}>{t("tiers.add")}</Button>
              <Button onClick={() => send(previewer, "preview")} loading={previewer.state !== "idle"} disabled={!p.tiers.length}>
                {t("tiers.preview")}
              </Button>
            </InlineStack>
            {preview && !previewOpen && <PreviewCard preview={preview} />}
          </BlockStack>
        </Layout.Section>
      </Layout>
      <ConfirmModal
        open={removing !== null}
        title={t("tiers.removeTitle")}
        body={t("tiers.removeBody")}
        confirmLabel={t("tiers.remove")}
        onClose={() => setRemoving(null)}
        onConfirm={() => {
          form.setValues({ ...p, tiers: p.tiers.filter((_, i) => i !== removing) });
          setRemoving(null);
        }}
      />
      <Modal
        open={previewOpen}
        onClose={() => setPreviewOpen(false)}
        title={t("tiers.previewTitle")}
        loading={previewer.state !== "idle"}
        primaryAction={{
          content: t("tiers.confirmSave"),
          disabled: !preview,
          onAction: () => {
            send(saver, "save");
            setPreviewOpen(false);
          },
        }}
        secondaryActions={[{ content: t("common.cancel"), onAction: () => setPreviewOpen(false) }]}
      >
        <Modal.Section>{preview ? <PreviewCard preview={preview} /> : <FormErrors errors={errors} />}</Modal.Section>
      </Modal>
    </Page>
  );
}

function PreviewCard({ preview }: { preview: ReturnType<typeof summarizePreview> }) {
  const rows = [...preview.upList.map((m) => [t("tiers.up"), m.who, m.from, m.to, m.when]), ...preview.downList.map((m) => [t("tiers.down"), m.who, m.from, m.to, m.when])];
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">{t("tiers.previewSummary", { up: preview.up, down: preview.down, unchanged: preview.unchanged })}</Text>
        {rows.length > 0 && <DataTable columnContentTypes={["text", "text", "text", "text", "text"]} headings={[t("tiers.move"), t("customers.col.customer"), t("customer.col.from"), t("customer.col.to"), t("tiers.when")]} rows={rows} />}
      </BlockStack>
    </Card>
  );
}

export const ErrorBoundary = RouteErrorState;
