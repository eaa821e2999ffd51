// Program settings: currency name, earn rate and rules, sign-up bonus, expiry, pending points,
// birthday reward, referrals and other ways to earn (social, email sign-up, product reviews).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Banner, BlockStack, Layout, Page } from "@shopify/polaris";
import { z } from "zod";
import { t } from "../components/admin/i18n";
import { CurrencySection, EarnSection, ExpirySection, PendingSection, RulesSection, StatusSection } from "../components/admin/program/earning-sections";
import { type Network, toForm, toSettings } from "../components/admin/program/program-form";
import { ActionsSection, BirthdaySection, ReferralsSection } from "../components/admin/program/ways-to-earn-sections";
import { FormErrors, FormSaveBar, PageSkeleton, RouteErrorState, useFormState, useLeavingPage } from "../components/admin/ui";
import { appEnv } from "../config/env.server";
import { rotateReviewSecret } from "../services/actions/product-review.server";
import { adminContext } from "../web/admin/admin-context.server";
import { programExtras } from "../web/admin/earning-admin.server";
import { failure, type FormResult, ok, readJson } from "../web/admin/form-result.server";
import { recordAudit } from "../services/staff/audit-log.server";
import { publishProgram } from "../services/program/publish-program.server";
import { loadProgramSettings, saveProgramSettings } from "../services/program/settings.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  const [settings, extras] = await Promise.all([loadProgramSettings(db, shop.id), programExtras(db, shop, appEnv().appUrl)]);
  return { settings, currency: shop.currency, ...extras };
}

const body = z.union([z.object({ intent: z.literal("rotateReviewSecret") }), z.object({ settings: z.unknown() })]);

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, staffUserId, admin } = await adminContext(request);
  try {
    const input = await readJson(request, body);
    if ("intent" in input) {
      await rotateReviewSecret(db, shop.id);
      await recordAudit(db, { shopId: shop.id, staffUserId, action: "review_secret_rotated", details: {} });
      return ok(t("program.actions.reviews.rotated"));
    }
    const saved = await saveProgramSettings(db, shop.id, input.settings);
    await publishProgram(admin, saved, shop.currency);
    await recordAudit(db, { shopId: shop.id, staffUserId, action: "program_settings_saved", details: saved });
    return ok(t("program.saved"));
  } catch (error) {
    return failure(error);
  }
}

export default function ProgramPage() {
  const { settings, currency, rewards, reviews } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as FormResult | undefined;
  const submit = useSubmit();
  const saving = useNavigation().state === "submitting";
  const form = useFormState(toForm(settings));
  const f = form.values;
  const set = <K extends keyof typeof f>(key: K) => (value: (typeof f)[K]) => form.setValues({ ...f, [key]: value });
  const errors = result && !result.ok ? result.fieldErrors : {};
  const save = () => submit({ settings: toSettings(settings, f) } as never, { method: "post", encType: "application/json" });
  const setSocial = (network: Network, change: Partial<(typeof f.social)[Network]>) => form.setValues({ ...f, social: { ...f.social, [network]: { ...f.social[network], ...change } } });
  const section = { f, set, errors };
  const rewardOptions = [{ value: "", label: t("program.chooseReward") }, ...rewards.map((r) => ({ value: r.id, label: r.title }))];
  if (useLeavingPage()) return <PageSkeleton title={t("program.title")} />;

  return (
    <Page title={t("program.title")} primaryAction={{ content: t("common.save"), onAction: save, loading: saving, disabled: !form.dirty }}>
      <FormSaveBar id="program-save-bar" open={form.dirty} saving={saving} onSave={save} onDiscard={form.reset} />
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <FormErrors errors={errors} />
            {result?.ok && result.message && <Banner tone="success">{result.message}</Banner>}
            <StatusSection {...section} />
            <CurrencySection {...section} />
            <EarnSection {...section} currency={currency} />
            <RulesSection {...section} />
            <ExpirySection {...section} />
            <PendingSection {...section} />
            <BirthdaySection {...section} rewardOptions={rewardOptions} />
            <ReferralsSection {...section} rewardOptions={rewardOptions} />
            <ActionsSection {...section} setSocial={setSocial} reviews={reviews} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorState;
