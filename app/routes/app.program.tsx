// Program settings: currency name, earn rate and rules, sign-up bonus, expiry, program on/off.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { BlockStack, Card, Checkbox, FormLayout, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { z } from "zod";
import { t } from "../components/admin/i18n";
import { FormErrors, FormSaveBar, PageSkeleton, RouteErrorState, useFormState, useLeavingPage } from "../components/admin/ui";
import { adminContext } from "../services/admin/admin-context.server";
import { failure, type FormResult, ok, readJson } from "../services/admin/form-result.server";
import { recordAudit } from "../services/staff/audit-log.server";
import { publishProgram } from "../services/program/publish-program.server";
import { loadProgramSettings, saveProgramSettings } from "../services/program/settings.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  return { settings: await loadProgramSettings(db, shop.id), currency: shop.currency };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, staffUserId, admin } = await adminContext(request);
  try {
    const saved = await saveProgramSettings(db, shop.id, await readJson(request, z.object({ settings: z.unknown() }).transform((b) => b.settings)));
    await publishProgram(admin, saved, shop.currency);
    await recordAudit(db, { shopId: shop.id, staffUserId, action: "program_settings_saved", details: saved });
    return ok(t("program.saved"));
  } catch (error) {
    return failure(error);
  }
}

type Settings = Awaited<ReturnType<typeof loader>>["settings"];

/** The form edits text; numbers are converted on save so a half-typed value is never lost. */
function toForm(s: Settings) {
  return {
    enabled: s.enabled,
    singular: s.currency.singular,
    plural: s.currency.plural,
    points: String(s.earn.pointsPerUnit.points),
    perAmount: s.earn.pointsPerUnit.perAmount,
    includeShipping: s.earn.basis.includeShipping,
    includeTaxes: s.earn.basis.includeTaxes,
    rounding: s.earn.rounding as string,
    minimumOrder: s.earn.minimumOrder ?? "",
    earnOn: s.earn.earnOn as string,
    posRate: s.earn.channelRates.pos ?? "",
    clawback: s.clawback as string,
    signupBonus: String(s.signupBonus),
    expiryMode: s.pointsExpiry.mode as string,
    expiryMonths: "months" in s.pointsExpiry ? String(s.pointsExpiry.months) : "12",
  };
}

const integer = (text: string) => (/^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text);

function toSettings(base: Settings, f: ReturnType<typeof toForm>) {
  return {
    ...base,
    enabled: f.enabled,
    currency: { singular: f.singular, plural: f.plural },
    earn: {
      ...base.earn,
      pointsPerUnit: { points: integer(f.points), perAmount: f.perAmount },
      basis: { includeShipping: f.includeShipping, includeTaxes: f.includeTaxes },
      rounding: f.rounding,
      minimumOrder: f.minimumOrder.trim() || null,
      earnOn: f.earnOn,
      channelRates: { pos: f.posRate.trim() || null },
    },
    clawback: f.clawback,
    signupBonus: integer(f.signupBonus),
    pointsExpiry: f.expiryMode === "none" ? { mode: "none" } : { mode: f.expiryMode, months: integer(f.expiryMonths) },
  };
}

export default function ProgramPage() {
  const { settings, currency } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  const submit = useSubmit();
  const saving = useNavigation().state === "submitting";
  const form = useFormState(toForm(settings));
  const f = form.values;
  const set = <K extends keyof typeof f>(key: K) => (value: (typeof f)[K]) => form.setValues({ ...f, [key]: value });
  const errors = result && !result.ok ? result.fieldErrors : {};
  const save = () => submit({ settings: toSettings(settings, f) } as never, { method: "post", encType: "application/json" });
  if (useLeavingPage()) return <PageSkeleton title={t("program.title")} />;

  return (
    <Page title={t("program.title")} primaryAction={{ content: t("common.save"), onAction: save, loading: saving, disabled: !form.dirty }}>
      <FormSaveBar id="program-save-bar" open={form.dirty} saving={saving} onSave={save} onDiscard={form.reset} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <FormErrors errors={errors} />
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">{t("program.status.heading")}</Text>
                <Checkbox label={t("program.status.enabled")} helpText={t("program.status.help")} checked={f.enabled} onChange={set("enabled")} />
              </BlockStack>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("program.currency.heading")}</Text>
                <FormLayout.Group>
                  <TextField label={t("program.currency.singular")} value={f.singular} onChange={set("singular")} error={errors["currency.singular"]} autoComplete="off" />
                  <TextField label={t("program.currency.plural")} value={f.plural} onChange={set("plural")} error={errors["currency.plural"]} autoComplete="off" />
                </FormLayout.Group>
              </FormLayout>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("program.earn.heading")}</Text>
                <FormLayout.Group>
                  <TextField label={t("program.earn.points")} type="number" value={f.points} onChange={set("points")} error={errors["earn.pointsPerUnit.points"]} autoComplete="off" />
                  <TextField
                    label={t("program.earn.perAmount", { currency })}
                    value={f.perAmount}
                    onChange={set("perAmount")}
                    error={errors["earn.pointsPerUnit.perAmount"]}
                    helpText={t("program.earn.rateHelp", { points: f.points, plural: f.plural, amount: f.perAmount, currency })}
                    autoComplete="off"
                  />
                </FormLayout.Group>
                <Checkbox label={t("program.earn.includeShipping")} checked={f.includeShipping} onChange={set("includeShipping")} />
                <Checkbox label={t("program.earn.includeTaxes")} checked={f.includeTaxes} onChange={set("includeTaxes")} />
                <FormLayout.Group>
                  <Select
                    label={t("program.earn.rounding")}
                    options={["down", "nearest", "up"].map((v) => ({ value: v, label: t(`program.earn.roundingOptions.${v}`) }))}
                    value={f.rounding}
                    onChange={set("rounding")}
                  />
                  <Select
                    label={t("program.earn.earnOn")}
                    options={["paid", "fulfilled"].map((v) => ({ value: v, label: t(`program.earn.earnOnOptions.${v}`) }))}
                    value={f.earnOn}
                    onChange={set("earnOn")}
                  />
                </FormLayout.Group>
                <FormLayout.Group>
                  <TextField label={t("program.earn.minimumOrder", { currency })} value={f.minimumOrder} onChange={set("minimumOrder")} error={errors["earn.minimumOrder"]} helpText={t("program.earn.minimumOrderHelp")} autoComplete="off" />
                  <TextField label={t("program.earn.posRate")} value={f.posRate} onChange={set("posRate")} error={errors["earn.channelRates.pos"]} helpText={t("program.earn.posRateHelp")} autoComplete="off" />
                </FormLayout.Group>
              </FormLayout>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("program.rules.heading")}</Text>
                <TextField label={t("program.rules.signupBonus")} type="number" value={f.signupBonus} onChange={set("signupBonus")} error={errors.signupBonus} autoComplete="off" />
                <Select
                  label={t("program.rules.clawback")}
                  options={["clamp", "allow_negative"].map((v) => ({ value: v, label: t(`program.rules.clawbackOptions.${v}`) }))}
                  value={f.clawback}
                  onChange={set("clawback")}
                />
                <FormLayout.Group>
                  <Select
                    label={t("program.rules.expiry")}
                    options={["none", "after_months", "inactivity"].map((v) => ({ value: v, label: t(`program.rules.expiryOptions.${v}`) }))}
                    value={f.expiryMode}
                    onChange={set("expiryMode")}
                  />
                  {f.expiryMode !== "none" && (
                    <TextField label={t("program.rules.expiryMonths")} type="number" value={f.expiryMonths} onChange={set("expiryMonths")} error={errors["pointsExpiry.months"]} autoComplete="off" />
                  )}
                </FormLayout.Group>
              </FormLayout>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorState;
