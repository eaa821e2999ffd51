// Program settings: currency name, earn rate and rules, sign-up bonus, expiry, pending points,
// birthday reward, referrals and other ways to earn (social, email sign-up, product reviews).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useFetcher, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { t } from "../components/admin/i18n";
import { ConfirmModal, FormErrors, FormSaveBar, PageSkeleton, RouteErrorState, useFormState, useLeavingPage } from "../components/admin/ui";
import { appEnv } from "../config/env.server";
import { ACTION_PERIODS, SOCIAL_NETWORKS } from "../loyalty/actions";
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
    pendingDays: String(s.earn.pendingDays),
    birthdayEnabled: s.birthday.enabled,
    birthdayKind: s.birthday.rewardId ? "reward" : "points",
    birthdayPoints: String(s.birthday.points),
    birthdayRewardId: s.birthday.rewardId ?? "",
    birthdayMinDays: String(s.birthday.minDaysBeforeBirthday),
    referralsEnabled: s.referrals.enabled,
    advocatePoints: String(s.referrals.advocatePoints),
    welcomeRewardId: s.referrals.welcomeRewardId ?? "",
    monthlyCap: String(s.referrals.monthlyCap),
    social: Object.fromEntries(
      SOCIAL_NETWORKS.map((n) => {
        const rule = s.actions.socialFollow[n];
        return [n, { enabled: rule?.enabled ?? false, url: rule?.url ?? "", points: String(rule?.points ?? 0) }];
      }),
    ) as Record<Network, { enabled: boolean; url: string; points: string }>,
    emailEnabled: s.actions.emailSignup.enabled,
    emailPoints: String(s.actions.emailSignup.points),
    reviewEnabled: s.actions.productReview.enabled,
    reviewPoints: String(s.actions.productReview.points),
    reviewLimitCount: String(s.actions.productReview.limit.count),
    reviewLimitPeriod: s.actions.productReview.limit.period as string,
  };
}

type Network = (typeof SOCIAL_NETWORKS)[number];

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
      pendingDays: integer(f.pendingDays),
    },
    clawback: f.clawback,
    signupBonus: integer(f.signupBonus),
    pointsExpiry: f.expiryMode === "none" ? { mode: "none" } : { mode: f.expiryMode, months: integer(f.expiryMonths) },
    birthday: {
      enabled: f.birthdayEnabled,
      points: f.birthdayKind === "points" ? integer(f.birthdayPoints) : 0,
      rewardId: f.birthdayKind === "reward" ? f.birthdayRewardId || null : null,
      minDaysBeforeBirthday: integer(f.birthdayMinDays),
    },
    referrals: { enabled: f.referralsEnabled, advocatePoints: integer(f.advocatePoints), welcomeRewardId: f.welcomeRewardId || null, monthlyCap: integer(f.monthlyCap) },
    actions: {
      // A network with nothing entered is left out; its limit (once per member) is kept when set.
      socialFollow: Object.fromEntries(
        SOCIAL_NETWORKS.filter((n) => f.social[n].enabled || f.social[n].url.trim() || !["", "0"].includes(f.social[n].points.trim())).map((n) => [
          n,
          { enabled: f.social[n].enabled, url: f.social[n].url.trim() || null, points: integer(f.social[n].points), limit: base.actions.socialFollow[n]?.limit ?? { count: 1, period: "lifetime" } },
        ]),
      ),
      emailSignup: { enabled: f.emailEnabled, points: integer(f.emailPoints) },
      productReview: { enabled: f.reviewEnabled, points: integer(f.reviewPoints), limit: { count: integer(f.reviewLimitCount), period: f.reviewLimitPeriod } },
    },
  };
}

/** The plain-language sentence under the expiry choice. */
function expiryExplanation(mode: string, months: string, plural: string) {
  if (mode === "none") return t("program.expiry.explainNone", { plural });
  return t(mode === "after_months" ? "program.expiry.explainAfter" : "program.expiry.explainInactivity", { plural, months: months || "N" });
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
  const rotator = useFetcher<typeof action>();
  const [rotating, setRotating] = useState(false);
  const rotated = rotator.data as FormResult | undefined;
  const setSocial = (network: Network, change: Partial<(typeof f.social)[Network]>) => form.setValues({ ...f, social: { ...f.social, [network]: { ...f.social[network], ...change } } });
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
              </FormLayout>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("program.expiry.heading")}</Text>
                <FormLayout.Group>
                  <Select
                    label={t("program.rules.expiry")}
                    options={["none", "after_months", "inactivity"].map((v) => ({ value: v, label: t(`program.rules.expiryOptions.${v}`) }))}
                    value={f.expiryMode}
                    onChange={set("expiryMode")}
                    error={errors["pointsExpiry.mode"]}
                  />
                  {f.expiryMode !== "none" && (
                    <TextField label={t("program.rules.expiryMonths")} type="number" value={f.expiryMonths} onChange={set("expiryMonths")} error={errors["pointsExpiry.months"]} autoComplete="off" />
                  )}
                </FormLayout.Group>
                <Text as="p" tone="subdued">{expiryExplanation(f.expiryMode, f.expiryMonths, f.plural)}</Text>
              </FormLayout>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("program.pending.heading")}</Text>
                <TextField
                  label={t("program.pending.days")}
                  type="number"
                  value={f.pendingDays}
                  onChange={set("pendingDays")}
                  error={errors["earn.pendingDays"]}
                  helpText={f.pendingDays.trim() === "0" ? t("program.pending.helpNone") : t("program.pending.help", { days: f.pendingDays, plural: f.plural })}
                  autoComplete="off"
                />
              </FormLayout>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("program.birthday.heading")}</Text>
                <Checkbox label={t("program.birthday.enabled")} checked={f.birthdayEnabled} onChange={set("birthdayEnabled")} />
                <FormLayout.Group>
                  <Select
                    label={t("program.birthday.kind")}
                    options={["points", "reward"].map((v) => ({ value: v, label: t(`program.birthday.kinds.${v}`) }))}
                    value={f.birthdayKind}
                    onChange={set("birthdayKind")}
                  />
                  {f.birthdayKind === "points" ? (
                    <TextField label={t("program.birthday.points")} type="number" value={f.birthdayPoints} onChange={set("birthdayPoints")} error={errors["birthday.points"]} autoComplete="off" />
                  ) : (
                    <Select label={t("program.birthday.reward")} options={rewardOptions} value={f.birthdayRewardId} onChange={set("birthdayRewardId")} error={errors["birthday.rewardId"] ?? errors["birthday.points"]} />
                  )}
                </FormLayout.Group>
                <TextField
                  label={t("program.birthday.minDays")}
                  type="number"
                  value={f.birthdayMinDays}
                  onChange={set("birthdayMinDays")}
                  error={errors["birthday.minDaysBeforeBirthday"]}
                  helpText={t("program.birthday.minDaysHelp")}
                  autoComplete="off"
                />
              </FormLayout>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("program.referrals.heading")}</Text>
                <Checkbox label={t("program.referrals.enabled")} checked={f.referralsEnabled} onChange={set("referralsEnabled")} />
                <FormLayout.Group>
                  <TextField label={t("program.referrals.advocatePoints")} type="number" value={f.advocatePoints} onChange={set("advocatePoints")} error={errors["referrals.advocatePoints"]} autoComplete="off" />
                  <Select
                    label={t("program.referrals.welcomeReward")}
                    options={rewardOptions}
                    value={f.welcomeRewardId}
                    onChange={set("welcomeRewardId")}
                    error={errors["referrals.welcomeRewardId"]}
                    helpText={t("program.referrals.welcomeRewardHelp")}
                  />
                  <TextField label={t("program.referrals.monthlyCap")} type="number" value={f.monthlyCap} onChange={set("monthlyCap")} error={errors["referrals.monthlyCap"]} autoComplete="off" />
                </FormLayout.Group>
                <Text as="p" tone="subdued">
                  {f.pendingDays.trim() === "0" ? t("program.referrals.returnWindowNone") : t("program.referrals.returnWindow", { days: f.pendingDays })}
                </Text>
              </FormLayout>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("program.actions.heading")}</Text>
                <Text as="h3" variant="headingSm">{t("program.actions.social.heading")}</Text>
                {SOCIAL_NETWORKS.map((n) => (
                  <BlockStack key={n} gap="200">
                    <InlineStack gap="200" blockAlign="center">
                      <Checkbox label={t("program.actions.social.enabled", { network: t(`program.actions.social.networks.${n}`) })} checked={f.social[n].enabled} onChange={(enabled) => setSocial(n, { enabled })} />
                      <Badge tone="warning">{t("program.actions.social.unverifiable")}</Badge>
                    </InlineStack>
                    {(f.social[n].enabled || f.social[n].url) && (
                      <FormLayout.Group>
                        <TextField
                          label={t("program.actions.social.url", { network: t(`program.actions.social.networks.${n}`) })}
                          value={f.social[n].url}
                          onChange={(url) => setSocial(n, { url })}
                          error={errors[`actions.socialFollow.${n}.url`]}
                          autoComplete="off"
                        />
                        <TextField
                          label={t("program.actions.social.points", { network: t(`program.actions.social.networks.${n}`) })}
                          type="number"
                          value={f.social[n].points}
                          onChange={(points) => setSocial(n, { points })}
                          error={errors[`actions.socialFollow.${n}.points`]}
                          autoComplete="off"
                        />
                      </FormLayout.Group>
                    )}
                  </BlockStack>
                ))}
                <Text as="h3" variant="headingSm">{t("program.actions.email.heading")}</Text>
                <FormLayout.Group>
                  <Checkbox label={t("program.actions.email.enabled")} helpText={t("program.actions.email.help")} checked={f.emailEnabled} onChange={set("emailEnabled")} />
                  <TextField label={t("program.actions.email.points")} type="number" value={f.emailPoints} onChange={set("emailPoints")} error={errors["actions.emailSignup.points"]} autoComplete="off" />
                </FormLayout.Group>
                <Text as="h3" variant="headingSm">{t("program.actions.reviews.heading")}</Text>
                <Checkbox label={t("program.actions.reviews.enabled")} checked={f.reviewEnabled} onChange={set("reviewEnabled")} />
                <FormLayout.Group>
                  <TextField label={t("program.actions.reviews.points")} type="number" value={f.reviewPoints} onChange={set("reviewPoints")} error={errors["actions.productReview.points"]} autoComplete="off" />
                  <TextField label={t("program.actions.reviews.limitCount")} type="number" value={f.reviewLimitCount} onChange={set("reviewLimitCount")} error={errors["actions.productReview.limit.count"]} autoComplete="off" />
                  <Select
                    label={t("program.actions.reviews.limitPeriod")}
                    options={ACTION_PERIODS.map((v) => ({ value: v, label: t(`program.actions.periods.${v}`) }))}
                    value={f.reviewLimitPeriod}
                    onChange={set("reviewLimitPeriod")}
                  />
                </FormLayout.Group>
                <TextField label={t("program.actions.reviews.endpoint")} value={reviews.endpoint} readOnly helpText={t("program.actions.reviews.endpointHelp", { shop: reviews.shopDomain })} autoComplete="off" />
                <InlineStack gap="200" blockAlign="end" wrap={false}>
                  <div style={{ flexGrow: 1 }}>
                    <TextField
                      label={t("program.actions.reviews.secret")}
                      value={reviews.secret ?? ""}
                      placeholder={t("program.actions.reviews.noSecret")}
                      readOnly
                      monospaced
                      autoComplete="off"
                      error={rotated && !rotated.ok ? Object.values(rotated.fieldErrors).join(" ") : undefined}
                    />
                  </div>
                  <Button onClick={() => setRotating(true)} loading={rotator.state !== "idle"}>
                    {reviews.secret ? t("program.actions.reviews.rotate") : t("program.actions.reviews.create")}
                  </Button>
                </InlineStack>
                {rotated?.ok && rotated.message && <Banner tone="success">{rotated.message}</Banner>}
              </FormLayout>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <ConfirmModal
        open={rotating}
        title={t("program.actions.reviews.rotateTitle")}
        body={t("program.actions.reviews.rotateBody")}
        confirmLabel={t("program.actions.reviews.rotate")}
        onClose={() => setRotating(false)}
        onConfirm={() => {
          rotator.submit({ intent: "rotateReviewSecret" }, { method: "post", encType: "application/json" });
          setRotating(false);
        }}
      />
    </Page>
  );
}

export const ErrorBoundary = RouteErrorState;
