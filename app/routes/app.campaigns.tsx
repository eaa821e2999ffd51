// Bonus campaigns: active, scheduled and ended; create or edit one (dates, a multiplier or a fixed
// bonus, optionally only some tiers, a Shopify tag or collections); end one now after confirmation.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, DataTable, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { t } from "../components/admin/i18n";
import { ConfirmModal, EmptyCard, FormErrors, PageSkeleton, RouteErrorState, useLeavingPage, WrapCell } from "../components/admin/ui";
import { adminContext } from "../web/admin/admin-context.server";
import { campaignsPage } from "../web/admin/earning-admin.server";
import { failure, type FormResult, ok, readJson } from "../web/admin/form-result.server";
import { type CampaignView, createCampaign, endCampaign, updateCampaign } from "../services/campaigns/campaigns.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  return campaignsPage(db, shop.id);
}

const body = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), campaign: z.unknown() }),
  z.object({ intent: z.literal("update"), id: z.string().min(1), campaign: z.unknown() }),
  z.object({ intent: z.literal("end"), id: z.string().min(1) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, staffUserId } = await adminContext(request);
  try {
    const input = await readJson(request, body);
    if (input.intent === "create") await createCampaign(db, shop.id, input.campaign, { staffUserId });
    else if (input.intent === "update") await updateCampaign(db, shop.id, input.id, input.campaign, { staffUserId });
    else {
      await endCampaign(db, shop.id, input.id, { staffUserId });
      return ok(t("campaigns.ended"));
    }
    return ok(t("campaigns.saved"));
  } catch (error) {
    return failure(error);
  }
}

type Tier = { id: string; name: string };
type CampaignForm = { id: string | null; name: string; type: string; multiplier: string; bonusPoints: string; startDay: string; endDay: string; tierIds: string[]; customerTag: string; collectionIds: string };

const today = () => new Date().toISOString().slice(0, 10);
const emptyForm = (): CampaignForm => ({ id: null, name: "", type: "multiplier", multiplier: "2", bonusPoints: "", startDay: today(), endDay: today(), tierIds: [], customerTag: "", collectionIds: "" });
const toForm = (c: CampaignView): CampaignForm => ({
  id: c.id,
  name: c.name,
  type: c.type,
  multiplier: c.multiplier ?? "2",
  bonusPoints: c.bonusPoints === null ? "" : String(c.bonusPoints),
  startDay: c.startDay,
  endDay: c.endDay,
  tierIds: c.tierIds,
  customerTag: c.customerTag ?? "",
  collectionIds: c.collectionIds.join("\n"),
});
/** Numbers are converted on submit; a half-typed value goes to the server as text and comes back as a field error. */
const toInput = (f: CampaignForm) => ({
  name: f.name,
  type: f.type,
  multiplier: f.type === "multiplier" ? f.multiplier : null,
  bonusPoints: f.type === "fixed_bonus" ? (/^\d+$/.test(f.bonusPoints.trim()) ? Number(f.bonusPoints.trim()) : f.bonusPoints || null) : null,
  startDay: f.startDay,
  endDay: f.endDay,
  tierIds: f.tierIds,
  customerTag: f.customerTag.trim() || null,
  collectionIds: f.collectionIds.split(/[\s,]+/).filter(Boolean),
});

export default function CampaignsPage() {
  const { groups, tiers, count } = useLoaderData<typeof loader>();
  const saver = useFetcher<typeof action>();
  const ender = useFetcher<typeof action>();
  const [form, setForm] = useState<CampaignForm | null>(null);
  const [ending, setEnding] = useState<CampaignView | null>(null);
  const saved = saver.data as FormResult | undefined;
  const endResult = ender.data as FormResult | undefined;
  // A successful save closes the form (the list is revalidated); a failed one keeps the input.
  useEffect(() => {
    if (saver.state === "idle" && saved?.ok) setForm(null);
  }, [saver.state, saved]);
  if (useLeavingPage()) return <PageSkeleton title={t("campaigns.title")} />;
  const errors = form && saved && !saved.ok ? saved.fieldErrors : {};
  const submitForm = () => {
    if (!form) return;
    const payload = form.id ? { intent: "update", id: form.id, campaign: toInput(form) } : { intent: "create", campaign: toInput(form) };
    saver.submit(payload as never, { method: "post", encType: "application/json" });
  };

  return (
    <Page title={t("campaigns.title")} primaryAction={{ content: t("campaigns.new"), onAction: () => setForm(emptyForm()), disabled: form !== null }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {saved?.ok && saved.message && !form && <Banner tone="success">{saved.message}</Banner>}
            {endResult?.ok && endResult.message && <Banner tone="success">{endResult.message}</Banner>}
            {endResult && !endResult.ok && <FormErrors errors={endResult.fieldErrors} />}
            {form && <CampaignFormCard form={form} tiers={tiers} errors={errors} saving={saver.state !== "idle"} onChange={setForm} onSubmit={submitForm} onClose={() => setForm(null)} />}
            {count === 0 && !form && <EmptyCard title={t("campaigns.emptyTitle")} body={t("campaigns.emptyBody")} action={<Button onClick={() => setForm(emptyForm())}>{t("campaigns.new")}</Button>} />}
            {count > 0 &&
              (["active", "scheduled", "ended"] as const).map((status) => (
                <CampaignList key={status} status={status} campaigns={groups[status]} tiers={tiers} onEdit={(c) => setForm(toForm(c))} onEnd={setEnding} />
              ))}
          </BlockStack>
        </Layout.Section>
      </Layout>
      <ConfirmModal
        open={ending !== null}
        title={t("campaigns.endTitle")}
        body={t("campaigns.endBody", { name: ending?.name ?? "" })}
        confirmLabel={t("campaigns.end")}
        onClose={() => setEnding(null)}
        onConfirm={() => {
          if (ending) ender.submit({ intent: "end", id: ending.id }, { method: "post", encType: "application/json" });
          setEnding(null);
        }}
      />
    </Page>
  );
}

function CampaignList(props: { status: "active" | "scheduled" | "ended"; campaigns: CampaignView[]; tiers: Tier[]; onEdit: (c: CampaignView) => void; onEnd: (c: CampaignView) => void }) {
  const names = new Map(props.tiers.map((tier) => [tier.id, tier.name]));
  const limits = (c: CampaignView) => {
    const parts = [
      c.tierIds.length ? t("campaigns.limitTiers", { names: c.tierIds.map((id) => names.get(id) ?? id).join(", ") }) : null,
      c.customerTag ? t("campaigns.limitTag", { tag: c.customerTag }) : null,
      c.collectionIds.length ? t("campaigns.limitCollections", { count: c.collectionIds.length }) : null,
    ].filter(Boolean);
    return parts.length ? parts.join("; ") : t("campaigns.everyone");
  };
  const rows = props.campaigns.map((c) => [
    <WrapCell key={`${c.id}-name`}>{c.name}</WrapCell>,
    t("campaigns.dates", { start: c.startDay, end: c.endedAt && c.endedAt < c.endsAt ? c.endedAt.slice(0, 10) : c.endDay }),
    c.type === "multiplier" ? t("campaigns.bonusMultiplier", { multiplier: c.multiplier ?? "" }) : t("campaigns.bonusFixed", { points: c.bonusPoints ?? 0 }),
    <WrapCell key={`${c.id}-limits`}>{limits(c)}</WrapCell>,
    props.status === "ended" ? (
      ""
    ) : (
      <InlineStack gap="200" key={c.id}>
        <Button variant="plain" accessibilityLabel={t("campaigns.editNamed", { name: c.name })} onClick={() => props.onEdit(c)}>
          {t("campaigns.edit")}
        </Button>
        <Button variant="plain" tone="critical" accessibilityLabel={t("campaigns.endNamed", { name: c.name })} onClick={() => props.onEnd(c)}>
          {t("campaigns.end")}
        </Button>
      </InlineStack>
    ),
  ]);
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {t(`campaigns.groups.${props.status}`)} ({props.campaigns.length})
        </Text>
        {rows.length ? (
          <DataTable
            columnContentTypes={["text", "text", "text", "text", "text"]}
            headings={[t("campaigns.col.name"), t("campaigns.col.dates"), t("campaigns.col.bonus"), t("campaigns.col.limits"), t("campaigns.col.actions")]}
            rows={rows}
          />
        ) : (
          <Text as="p" tone="subdued">
            {t("campaigns.noneInGroup")}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

function CampaignFormCard(props: { form: CampaignForm; tiers: Tier[]; errors: Record<string, string>; saving: boolean; onChange: (f: CampaignForm) => void; onSubmit: () => void; onClose: () => void }) {
  const { form: f, errors } = props;
  const set = <K extends keyof CampaignForm>(key: K) => (value: CampaignForm[K]) => props.onChange({ ...f, [key]: value });
  const toggleTier = (id: string, on: boolean) => props.onChange({ ...f, tierIds: on ? [...f.tierIds, id] : f.tierIds.filter((x) => x !== id) });
  const generalErrors = Object.fromEntries(Object.entries(errors).filter(([k]) => !["name", "type", "multiplier", "bonusPoints", "startDay", "endDay", "tierIds", "customerTag", "collectionIds"].includes(k)));
  return (
    <Card>
      <FormLayout>
        <Text as="h2" variant="headingMd">
          {f.id ? t("campaigns.formEdit", { name: f.name }) : t("campaigns.formNew")}
        </Text>
        <FormErrors errors={generalErrors} />
        <TextField label={t("campaigns.name")} value={f.name} onChange={set("name")} error={errors.name} autoComplete="off" />
        <FormLayout.Group>
          <Select label={t("campaigns.type")} options={["multiplier", "fixed_bonus"].map((v) => ({ value: v, label: t(`campaigns.types.${v}`) }))} value={f.type} onChange={set("type")} error={errors.type} />
          {f.type === "multiplier" ? (
            <TextField label={t("campaigns.multiplier")} value={f.multiplier} onChange={set("multiplier")} error={errors.multiplier} helpText={t("campaigns.multiplierHelp")} autoComplete="off" />
          ) : (
            <TextField label={t("campaigns.bonusPoints")} type="number" value={f.bonusPoints} onChange={set("bonusPoints")} error={errors.bonusPoints} autoComplete="off" />
          )}
        </FormLayout.Group>
        <FormLayout.Group>
          <TextField label={t("campaigns.startDay")} type="date" value={f.startDay} onChange={set("startDay")} error={errors.startDay} helpText={t("campaigns.daysHelp")} autoComplete="off" />
          <TextField label={t("campaigns.endDay")} type="date" value={f.endDay} onChange={set("endDay")} error={errors.endDay} autoComplete="off" />
        </FormLayout.Group>
        {props.tiers.length > 0 && (
          <BlockStack gap="100">
            <Text as="p">{t("campaigns.tiers")}</Text>
            <InlineStack gap="400">
              {props.tiers.map((tier) => (
                <Checkbox key={tier.id} label={tier.name} checked={f.tierIds.includes(tier.id)} onChange={(on) => toggleTier(tier.id, on)} />
              ))}
            </InlineStack>
            {errors.tierIds && <Text as="p" tone="critical">{errors.tierIds}</Text>}
          </BlockStack>
        )}
        <FormLayout.Group>
          <TextField label={t("campaigns.tag")} value={f.customerTag} onChange={set("customerTag")} error={errors.customerTag} helpText={t("campaigns.tagHelp")} autoComplete="off" />
          <TextField label={t("campaigns.collections")} value={f.collectionIds} onChange={set("collectionIds")} error={errors.collectionIds} helpText={t("campaigns.collectionsHelp")} multiline={2} autoComplete="off" />
        </FormLayout.Group>
        <InlineStack gap="200">
          <Button variant="primary" onClick={props.onSubmit} loading={props.saving}>
            {f.id ? t("campaigns.save") : t("campaigns.create")}
          </Button>
          <Button onClick={props.onClose}>{t("campaigns.closeForm")}</Button>
        </InlineStack>
      </FormLayout>
    </Card>
  );
}

export const ErrorBoundary = RouteErrorState;
