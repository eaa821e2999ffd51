// The program page's other ways to earn: birthday, referrals, social follows, email sign-up and
// product reviews (with the review provider's endpoint and signing secret).
import { useFetcher } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { ACTION_PERIODS, SOCIAL_NETWORKS } from "../../../loyalty/actions";
import type { FormResult } from "../../../web/admin/form-result.server";
import { t } from "../i18n";
import { ConfirmModal } from "../ui";
import type { Network, ProgramForm, SectionProps } from "./program-form";

type RewardOption = { value: string; label: string };

export function BirthdaySection({ f, set, errors, rewardOptions }: SectionProps & { rewardOptions: RewardOption[] }) {
  return (
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
  );
}

export function ReferralsSection({ f, set, errors, rewardOptions }: SectionProps & { rewardOptions: RewardOption[] }) {
  return (
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
  );
}

export function ActionsSection({ f, set, errors, setSocial, reviews }: SectionProps & {
  setSocial: (network: Network, change: Partial<ProgramForm["social"][Network]>) => void;
  reviews: { endpoint: string; shopDomain: string; secret: string | null };
}) {
  return (
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
        <ReviewSecret secret={reviews.secret} />
      </FormLayout>
    </Card>
  );
}

/** The review provider's signing secret, created or rotated after a confirmation. */
function ReviewSecret({ secret }: { secret: string | null }) {
  const rotator = useFetcher();
  const [rotating, setRotating] = useState(false);
  const rotated = rotator.data as FormResult | undefined;
  return (
    <>
      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <div style={{ flexGrow: 1 }}>
          <TextField
            label={t("program.actions.reviews.secret")}
            value={secret ?? ""}
            placeholder={t("program.actions.reviews.noSecret")}
            readOnly
            monospaced
            autoComplete="off"
            error={rotated && !rotated.ok ? Object.values(rotated.fieldErrors).join(" ") : undefined}
          />
        </div>
        <Button onClick={() => setRotating(true)} loading={rotator.state !== "idle"}>
          {secret ? t("program.actions.reviews.rotate") : t("program.actions.reviews.create")}
        </Button>
      </InlineStack>
      {rotated?.ok && rotated.message && <Banner tone="success">{rotated.message}</Banner>}
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
    </>
  );
}
