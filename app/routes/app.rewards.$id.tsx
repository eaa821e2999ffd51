// Create (/app/rewards/new) or edit one reward, every type and option.
import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { BlockStack, Card, Checkbox, FormLayout, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { z } from "zod";
import { t } from "../components/admin/i18n";
import { FormErrors, FormSaveBar, PageSkeleton, RouteErrorState, useFormState, useLeavingPage } from "../components/admin/ui";
import { LIMIT_PERIODS, REWARD_TYPES } from "../loyalty/rewards";
import { adminContext } from "../web/admin/admin-context.server";
import { failure, type FormResult, readJson } from "../web/admin/form-result.server";
import { emptyRewardForm, type RewardForm, rewardFormFrom, rewardInputFromForm } from "../web/admin/reward-form";
import { rewardEditor } from "../web/admin/rewards-admin.server";
import { recordAudit } from "../services/staff/audit-log.server";
import { createReward, updateReward } from "../services/rewards/catalog.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  const isNew = params.id === "new";
  const editor = await rewardEditor(db, shop.id, shop.currency, isNew ? null : params.id!);
  if (!isNew && !editor.reward) throw new Response(t("common.notFound"), { status: 404 });
  // The option lists come from the server: the rules module is server-side (it uses node:crypto).
  return { ...editor, isNew, currency: shop.currency, types: REWARD_TYPES, periods: LIMIT_PERIODS };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, staffUserId } = await adminContext(request);
  try {
    const { input } = await readJson(request, z.object({ input: z.unknown() }));
    const reward = params.id === "new" ? await createReward(db, shop.id, input) : await updateReward(db, shop.id, params.id!, input);
    if (!reward) throw new Response(t("common.notFound"), { status: 404 });
    await recordAudit(db, { shopId: shop.id, staffUserId, action: params.id === "new" ? "reward_created" : "reward_updated", details: { rewardId: reward.id, title: reward.title } });
    return redirect("/app/rewards");
  } catch (error) {
    return failure(error);
  }
}

export default function RewardEditorPage() {
  const { reward, tiers, isNew, currency, types, periods } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  const submit = useSubmit();
  const saving = useNavigation().state === "submitting";
  const form = useFormState<RewardForm>(reward ? rewardFormFrom(reward) : emptyRewardForm());
  const leaving = useLeavingPage();
  if (leaving) return <PageSkeleton title={t("rewards.title")} />;
  const f = form.values;
  const set = <K extends keyof RewardForm>(key: K) => (value: RewardForm[K]) => form.setValues({ ...f, [key]: value });
  const errors = result && !result.ok ? result.fieldErrors : {};
  const save = () => submit({ input: rewardInputFromForm(f) } as never, { method: "post", encType: "application/json" });
  const text = (key: keyof RewardForm, label: string, errorKey: string, extra: { type?: "number"; helpText?: string } = {}) => (
    <TextField label={label} value={f[key] as string} onChange={set(key) as (v: string) => void} error={errors[errorKey]} autoComplete="off" {...extra} />
  );

  return (
    <Page
      title={isNew ? t("rewards.newTitle") : t("rewards.editTitle", { title: reward?.title ?? "" })}
      backAction={{ content: t("rewards.title"), url: "/app/rewards" }}
      primaryAction={{ content: t("common.save"), onAction: save, loading: saving, disabled: !form.dirty && !isNew }}
    >
      <FormSaveBar id="reward-save-bar" open={form.dirty} saving={saving} onSave={save} onDiscard={form.reset} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <FormErrors errors={errors} />
            <Card>
              <FormLayout>
                {text("title", t("rewards.form.title"), "title")}
                <Select label={t("rewards.form.type")} options={types.map((v) => ({ value: v, label: t(`rewards.types.${v}`) }))} value={f.type} onChange={set("type") as (v: string) => void} />
                {f.type !== "variable_amount" && text("pointsCost", t("rewards.form.pointsCost"), "pointsCost", { type: "number" })}
                {(f.type === "fixed_amount" || f.type === "store_credit") && text("amount", t("rewards.form.amount", { currency }), "config.amount")}
                {f.type === "percentage" && text("percentage", t("rewards.form.percentage"), "config.percentage", { type: "number" })}
                {f.type === "free_shipping" && text("maxShippingPrice", t("rewards.form.maxShippingPrice", { currency }), "config.maxShippingPrice", { helpText: t("rewards.form.maxShippingPriceHelp") })}
                {f.type === "free_product" && (
                  <FormLayout.Group>
                    {text("variantId", t("rewards.form.variantId"), "config.variantId")}
                    {text("productTitle", t("rewards.form.productTitle"), "config.productTitle")}
                  </FormLayout.Group>
                )}
                {f.type === "variable_amount" && (
                  <>
                    <FormLayout.Group>
                      {text("pointsPerStep", t("rewards.form.pointsPerStep"), "config.pointsPerStep", { type: "number" })}
                      {text("amountPerStep", t("rewards.form.amountPerStep", { currency }), "config.amountPerStep")}
                    </FormLayout.Group>
                    <FormLayout.Group>
                      {text("minPoints", t("rewards.form.minPoints"), "config.minPoints", { type: "number" })}
                      {text("maxPoints", t("rewards.form.maxPoints"), "config.maxPoints", { type: "number" })}
                    </FormLayout.Group>
                  </>
                )}
              </FormLayout>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("rewards.form.conditions")}</Text>
                <FormLayout.Group>
                  {text("minimumSubtotal", t("rewards.form.minimumSubtotal", { currency }), "minimumSubtotal", { helpText: t("rewards.form.optional") })}
                  {text("codeValidityDays", t("rewards.form.codeValidityDays"), "codeValidityDays", { type: "number" })}
                </FormLayout.Group>
                {text("collectionIds", t("rewards.form.collectionIds"), "collectionIds", { helpText: t("rewards.form.collectionIdsHelp") })}
                <FormLayout.Group>
                  {text("limitCount", t("rewards.form.limitCount"), "limit.count", { type: "number", helpText: t("rewards.form.optional") })}
                  <Select label={t("rewards.form.limitPeriod")} options={periods.map((v) => ({ value: v, label: t(`rewards.periods.${v}`) }))} value={f.limitPeriod} onChange={set("limitPeriod") as (v: string) => void} />
                </FormLayout.Group>
                <Select
                  label={t("rewards.form.minimumTier")}
                  options={[{ value: "", label: t("rewards.form.anyTier") }, ...tiers.map((tier) => ({ value: tier.id, label: tier.name }))]}
                  value={f.minimumTierId}
                  onChange={set("minimumTierId")}
                  error={errors.minimumTierId}
                />
                <Text as="h3" variant="headingSm">{t("rewards.form.combinesWith")}</Text>
                <Checkbox label={t("rewards.form.orderDiscounts")} checked={f.orderDiscounts} onChange={set("orderDiscounts")} />
                <Checkbox label={t("rewards.form.productDiscounts")} checked={f.productDiscounts} onChange={set("productDiscounts")} />
                <Checkbox label={t("rewards.form.shippingDiscounts")} checked={f.shippingDiscounts} onChange={set("shippingDiscounts")} />
                <Checkbox label={t("rewards.form.active")} checked={f.active} onChange={set("active")} />
              </FormLayout>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorState;
