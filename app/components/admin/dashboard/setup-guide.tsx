// The home page's setup guide: program basics, a first reward, the theme widget.
import { useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, Checkbox, FormLayout, InlineStack, Layout, Page, ProgressBar, Text, TextField } from "@shopify/polaris";
import { type ReactNode, useState } from "react";
import { t } from "../i18n";
import type { FormResult } from "../../../web/admin/form-result.server";
import { FormErrors } from "../ui";

export type SetupGuideProps = {
  guide: { done: boolean; steps: { program: boolean; reward: boolean; widget: boolean } };
  program: { enabled: boolean; singular: string; plural: string; points: number; perAmount: string };
  currency: string;
  widgetUrl: string | null;
};

function Step({ done, title, children }: { done: boolean; title: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">{title}</Text>
          {done && <Badge tone="success">{t("home.guide.done")}</Badge>}
        </InlineStack>
        {children}
      </BlockStack>
    </Card>
  );
}

export function SetupGuide({ guide, program: initial, currency, widgetUrl }: SetupGuideProps) {
  const fetcher = useFetcher();
  const result = fetcher.data as FormResult | undefined;
  const errors = result && !result.ok ? result.fieldErrors : {};
  const [program, setProgram] = useState({ ...initial, points: String(initial.points) });
  const send = (body: Record<string, unknown>) => fetcher.submit(body as never, { method: "post", encType: "application/json" });
  const { steps } = guide;
  const doneCount = Object.values(steps).filter(Boolean).length;
  return (
    <Page title={t("home.guide.title")} secondaryActions={guide.done ? [{ content: t("home.guide.toDashboard"), url: "/app" }] : [{ content: t("home.guide.skip"), onAction: () => send({ intent: "dismiss" }) }]}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingMd">{t("home.guide.welcome")}</Text>
                <Text as="p">{t("home.guide.intro")}</Text>
                <Text as="p" tone="subdued">{t("home.guide.progress", { done: doneCount, total: 3 })}</Text>
                <ProgressBar progress={(doneCount / 3) * 100} size="small" />
              </BlockStack>
            </Card>
            <FormErrors errors={errors} />
            <Step done={steps.program} title={t("home.guide.programStep")}>
              <FormLayout>
                <Text as="p" tone="subdued">{t("home.guide.programHelp")}</Text>
                <FormLayout.Group>
                  <TextField label={t("program.currency.singular")} value={program.singular} onChange={(singular) => setProgram({ ...program, singular })} error={errors["currency.singular"]} autoComplete="off" />
                  <TextField label={t("program.currency.plural")} value={program.plural} onChange={(plural) => setProgram({ ...program, plural })} error={errors["currency.plural"]} autoComplete="off" />
                </FormLayout.Group>
                <FormLayout.Group>
                  <TextField label={t("program.earn.points")} type="number" value={program.points} onChange={(points) => setProgram({ ...program, points })} error={errors["earn.pointsPerUnit.points"]} autoComplete="off" />
                  <TextField label={t("program.earn.perAmount", { currency })} value={program.perAmount} onChange={(perAmount) => setProgram({ ...program, perAmount })} error={errors["earn.pointsPerUnit.perAmount"]} autoComplete="off" />
                </FormLayout.Group>
                <Checkbox label={t("program.status.enabled")} helpText={t("program.status.help")} checked={program.enabled} onChange={(enabled) => setProgram({ ...program, enabled })} />
                <InlineStack>
                  <Button variant="primary" loading={fetcher.state !== "idle"} onClick={() => send({ intent: "program", ...program })}>
                    {steps.program ? t("common.save") : t("home.guide.saveNext")}
                  </Button>
                </InlineStack>
              </FormLayout>
            </Step>
            <Step done={steps.reward} title={t("home.guide.rewardStep")}>
              <BlockStack gap="200">
                <Text as="p" tone="subdued">{t("home.guide.rewardHelp")}</Text>
                <InlineStack gap="200">
                  {!steps.reward && <Button onClick={() => send({ intent: "reward" })}>{t("home.guide.starterReward")}</Button>}
                  <Button url="/app/rewards/new" variant={steps.reward ? "plain" : undefined}>{t("rewards.create")}</Button>
                </InlineStack>
              </BlockStack>
            </Step>
            <Step done={steps.widget} title={t("home.guide.widgetStep")}>
              <BlockStack gap="200">
                <Text as="p" tone="subdued">{t("home.guide.widgetHelp")}</Text>
                <InlineStack gap="200">
                  <Button url={widgetUrl ?? undefined} target="_blank">{t("home.guide.openThemeEditor")}</Button>
                  {!steps.widget && <Button onClick={() => send({ intent: "widget" })}>{t("home.guide.widgetConfirm")}</Button>}
                </InlineStack>
              </BlockStack>
            </Step>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
