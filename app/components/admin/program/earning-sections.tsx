// The program page's sections about earning: status, currency name, earn rate and rules, sign-up
// bonus and clawback, expiry, pending points.
import { BlockStack, Card, Checkbox, FormLayout, Select, Text, TextField } from "@shopify/polaris";
import { t } from "../i18n";
import { expiryExplanation, type SectionProps } from "./program-form";

export function StatusSection({ f, set }: SectionProps) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">{t("program.status.heading")}</Text>
        <Checkbox label={t("program.status.enabled")} helpText={t("program.status.help")} checked={f.enabled} onChange={set("enabled")} />
      </BlockStack>
    </Card>
  );
}

export function CurrencySection({ f, set, errors }: SectionProps) {
  return (
    <Card>
      <FormLayout>
        <Text as="h2" variant="headingMd">{t("program.currency.heading")}</Text>
        <FormLayout.Group>
          <TextField label={t("program.currency.singular")} value={f.singular} onChange={set("singular")} error={errors["currency.singular"]} autoComplete="off" />
          <TextField label={t("program.currency.plural")} value={f.plural} onChange={set("plural")} error={errors["currency.plural"]} autoComplete="off" />
        </FormLayout.Group>
      </FormLayout>
    </Card>
  );
}

export function EarnSection({ f, set, errors, currency }: SectionProps & { currency: string }) {
  return (
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
  );
}

export function RulesSection({ f, set, errors }: SectionProps) {
  return (
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
  );
}

export function ExpirySection({ f, set, errors }: SectionProps) {
  return (
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
  );
}

export function PendingSection({ f, set, errors }: SectionProps) {
  return (
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
  );
}
