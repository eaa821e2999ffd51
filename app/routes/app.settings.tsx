// Settings: the storefront widget's look (theme editor), the Shopify customer tag prefix and the
// VIP downgrade policy.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { z } from "zod";
import { t } from "../components/admin/i18n";
import { FormErrors, FormSaveBar, PageSkeleton, RouteErrorState, useFormState, useLeavingPage } from "../components/admin/ui";
import { appEnv } from "../config/env.server";
import { adminContext } from "../web/admin/admin-context.server";
import { failure, type FormResult, ok, readJson } from "../web/admin/form-result.server";
import { themeEditorLink } from "../web/admin/setup-guide.server";
import { saveTierProgram } from "../services/program/tier-program.server";
import { tierProgramForm } from "../web/admin/tiers-admin.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  const program = await tierProgramForm(db, shop.id);
  return { settings: { tagPrefix: program.tagPrefix, downgradePolicy: program.downgradePolicy, graceDays: String(program.graceDays) }, widgetUrl: themeEditorLink(shop.domain, appEnv().apiKey) };
}

const schema = z.object({
  tagPrefix: z.string().trim().min(1, "is required").max(40).regex(/^[^,]+$/, "must not contain a comma"),
  downgradePolicy: z.enum(["never", "end_of_window", "grace_period"]),
  graceDays: z.coerce.number().int().min(1).max(365),
});

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, staffUserId } = await adminContext(request);
  try {
    const settings = await readJson(request, schema);
    // The tier program is saved whole, so tiers are sent back unchanged with the new settings.
    const program = await tierProgramForm(db, shop.id);
    await saveTierProgram(db, shop.id, { ...program, ...settings }, staffUserId);
    return ok(t("settings.saved"));
  } catch (error) {
    return failure(error);
  }
}

export default function SettingsPage() {
  const { settings, widgetUrl } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  const submit = useSubmit();
  const saving = useNavigation().state === "submitting";
  const form = useFormState(settings);
  if (useLeavingPage()) return <PageSkeleton title={t("settings.title")} />;
  const f = form.values;
  const errors = result && !result.ok ? result.fieldErrors : {};
  const save = () => submit(f, { method: "post", encType: "application/json" });

  return (
    <Page title={t("settings.title")} primaryAction={{ content: t("common.save"), onAction: save, loading: saving, disabled: !form.dirty }}>
      <FormSaveBar id="settings-save-bar" open={form.dirty} saving={saving} onSave={save} onDiscard={form.reset} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <FormErrors errors={errors} />
            {result?.ok && result.message && <Banner tone="success">{result.message}</Banner>}
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("settings.widget.heading")}</Text>
                <Text as="p" tone="subdued">{t("settings.widget.body")}</Text>
                <div>
                  <Button url={widgetUrl} target="_blank">{t("home.guide.openThemeEditor")}</Button>
                </div>
              </BlockStack>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("settings.sync.heading")}</Text>
                <TextField label={t("settings.sync.tagPrefix")} value={f.tagPrefix} onChange={(tagPrefix) => form.setValues({ ...f, tagPrefix })} error={errors.tagPrefix} helpText={t("settings.sync.tagPrefixHelp", { example: `${f.tagPrefix}gold` })} autoComplete="off" />
              </FormLayout>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("settings.downgrade.heading")}</Text>
                <Select
                  label={t("settings.downgrade.policy")}
                  options={["never", "end_of_window", "grace_period"].map((v) => ({ value: v, label: t(`settings.downgrade.options.${v}`) }))}
                  value={f.downgradePolicy}
                  onChange={(downgradePolicy) => form.setValues({ ...f, downgradePolicy })}
                  error={errors.downgradePolicy}
                />
                {f.downgradePolicy === "grace_period" && (
                  <TextField label={t("settings.downgrade.graceDays")} type="number" value={f.graceDays} onChange={(graceDays) => form.setValues({ ...f, graceDays })} error={errors.graceDays} autoComplete="off" />
                )}
              </FormLayout>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorState;
