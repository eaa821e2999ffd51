// Home: the setup guide until the program is set up, then the dashboard with a date range.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, Banner, BlockStack, Box, Button, Card, Checkbox, FormLayout, InlineGrid, InlineStack, Layout, Page, ProgressBar, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { BarChart, RankedBars, Sparkline } from "../components/admin/charts";
import { t } from "../components/admin/i18n";
import { EmptyCard, FormErrors, PageSkeleton, RouteErrorState, useLeavingPage } from "../components/admin/ui";
import { appEnv } from "../config/env.server";
import { formatDecimal } from "../loyalty/money";
import { adminContext } from "../web/admin/admin-context.server";
import { failure, type FormResult, ok, readJson } from "../web/admin/form-result.server";
import { createStarterReward, GUIDE_DISMISSED, recordSetupStep, setupGuideState, themeEditorLink, WIDGET_CONFIRMED } from "../web/admin/setup-guide.server";
import { publishProgram } from "../services/program/publish-program.server";
import { loadProgramSettings, saveProgramSettings } from "../services/program/settings.server";
import { dashboardFigures } from "../services/stats/daily-stats.server";
import { addDays, isDay, shopDayOf } from "../loyalty/shop-day";

const RANGES = ["7", "30", "90"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  const url = new URL(request.url);
  const guide = await setupGuideState(db, shop.id);
  const settings = await loadProgramSettings(db, shop.id);
  const program = { enabled: settings.enabled, singular: settings.currency.singular, plural: settings.currency.plural, points: settings.earn.pointsPerUnit.points, perAmount: settings.earn.pointsPerUnit.perAmount };
  const showGuide = !guide.done || url.searchParams.get("guide") === "1";
  if (showGuide) return { view: "guide" as const, guide, program, currency: shop.currency, widgetUrl: themeEditorLink(shop.domain, appEnv().apiKey), dashboard: null, range: null };
  const today = shopDayOf(new Date(), shop.timezone);
  const from = url.searchParams.get("from");
  const to = url.searchParams.get("to");
  const custom = from && to && isDay(from) && isDay(to) && from <= to && to <= addDays(from, 366);
  const days = RANGES.find((r) => r === url.searchParams.get("days")) ?? "30";
  const range = custom ? { from, to, days: "custom" } : { from: addDays(today, 1 - Number(days)), to: today, days };
  const dashboard = await dashboardFigures(db, shop.id, range.from, range.to, new Date(), { fill: "background" });
  return { view: "dashboard" as const, guide, program, currency: shop.currency, widgetUrl: null, dashboard, range };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("program"), enabled: z.boolean(), singular: z.string(), plural: z.string(), points: z.union([z.number(), z.string()]), perAmount: z.string() }),
  z.object({ intent: z.literal("reward") }),
  z.object({ intent: z.literal("widget") }),
  z.object({ intent: z.literal("dismiss") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, staffUserId, admin } = await adminContext(request);
  try {
    const body = await readJson(request, actionSchema);
    if (body.intent === "program") {
      const current = await loadProgramSettings(db, shop.id);
      const saved = await saveProgramSettings(db, shop.id, {
        ...current,
        enabled: body.enabled,
        currency: { singular: body.singular, plural: body.plural },
        earn: { ...current.earn, pointsPerUnit: { points: typeof body.points === "string" && /^\d+$/.test(body.points) ? Number(body.points) : body.points, perAmount: body.perAmount } },
      });
      await publishProgram(admin, saved, shop.currency);
    } else if (body.intent === "reward") await createStarterReward(db, shop.id, shop.currency);
    else await recordSetupStep(db, shop.id, staffUserId, body.intent === "widget" ? WIDGET_CONFIRMED : GUIDE_DISMISSED);
    return ok();
  } catch (error) {
    return failure(error);
  }
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function SetupGuide({ data }: { data: Data }) {
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data as FormResult | undefined;
  const errors = result && !result.ok ? result.fieldErrors : {};
  const [program, setProgram] = useState({ ...data.program, points: String(data.program.points) });
  const send = (body: Record<string, unknown>) => fetcher.submit(body as never, { method: "post", encType: "application/json" });
  const { steps } = data.guide;
  const doneCount = Object.values(steps).filter(Boolean).length;
  const step = (done: boolean, title: string, body: React.ReactNode) => (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">{title}</Text>
          {done && <Badge tone="success">{t("home.guide.done")}</Badge>}
        </InlineStack>
        {body}
      </BlockStack>
    </Card>
  );
  return (
    <Page title={t("home.guide.title")} secondaryActions={data.guide.done ? [{ content: t("home.guide.toDashboard"), url: "/app" }] : [{ content: t("home.guide.skip"), onAction: () => send({ intent: "dismiss" }) }]}>
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
            {step(
              steps.program,
              t("home.guide.programStep"),
              <FormLayout>
                <Text as="p" tone="subdued">{t("home.guide.programHelp")}</Text>
                <FormLayout.Group>
                  <TextField label={t("program.currency.singular")} value={program.singular} onChange={(singular) => setProgram({ ...program, singular })} error={errors["currency.singular"]} autoComplete="off" />
                  <TextField label={t("program.currency.plural")} value={program.plural} onChange={(plural) => setProgram({ ...program, plural })} error={errors["currency.plural"]} autoComplete="off" />
                </FormLayout.Group>
                <FormLayout.Group>
                  <TextField label={t("program.earn.points")} type="number" value={program.points} onChange={(points) => setProgram({ ...program, points })} error={errors["earn.pointsPerUnit.points"]} autoComplete="off" />
                  <TextField label={t("program.earn.perAmount", { currency: data.currency })} value={program.perAmount} onChange={(perAmount) => setProgram({ ...program, perAmount })} error={errors["earn.pointsPerUnit.perAmount"]} autoComplete="off" />
                </FormLayout.Group>
                <Checkbox label={t("program.status.enabled")} helpText={t("program.status.help")} checked={program.enabled} onChange={(enabled) => setProgram({ ...program, enabled })} />
                <InlineStack>
                  <Button variant="primary" loading={fetcher.state !== "idle"} onClick={() => send({ intent: "program", ...program })}>
                    {steps.program ? t("common.save") : t("home.guide.saveNext")}
                  </Button>
                </InlineStack>
              </FormLayout>,
            )}
            {step(
              steps.reward,
              t("home.guide.rewardStep"),
              <BlockStack gap="200">
                <Text as="p" tone="subdued">{t("home.guide.rewardHelp")}</Text>
                <InlineStack gap="200">
                  {!steps.reward && <Button onClick={() => send({ intent: "reward" })}>{t("home.guide.starterReward")}</Button>}
                  <Button url="/app/rewards/new" variant={steps.reward ? "plain" : undefined}>{t("rewards.create")}</Button>
                </InlineStack>
              </BlockStack>,
            )}
            {step(
              steps.widget,
              t("home.guide.widgetStep"),
              <BlockStack gap="200">
                <Text as="p" tone="subdued">{t("home.guide.widgetHelp")}</Text>
                <InlineStack gap="200">
                  <Button url={data.widgetUrl ?? undefined} target="_blank">{t("home.guide.openThemeEditor")}</Button>
                  {!steps.widget && <Button onClick={() => send({ intent: "widget" })}>{t("home.guide.widgetConfirm")}</Button>}
                </InlineStack>
              </BlockStack>,
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Figure({ label, value, help }: { label: string; value: string | number; help: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">{label}</Text>
        <Text as="p" variant="headingXl">{value}</Text>
        <Text as="p" variant="bodySm" tone="subdued">{help}</Text>
      </BlockStack>
    </Card>
  );
}

function Dashboard({ data }: { data: Data }) {
  const navigate = useNavigate();
  const d = data.dashboard!;
  const range = data.range!;
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const money = (minor: string | null) => (minor === null ? "—" : `${formatDecimal(BigInt(minor), d.currency)} ${d.currency}`);
  const pct = (v: number | null) => (v === null ? "—" : `${v}%`);
  const enrollmentRate = d.customersSeen ? `${Math.round((d.members / Math.max(d.customersSeen, d.members)) * 1000) / 10}%` : "—";
  const plural = data.program.plural;
  const empty = d.members === 0 && d.pointsIssued === 0;
  return (
    <Page title={t("home.dashboard.title")} secondaryActions={[{ content: t("home.dashboard.openGuide"), url: "/app?guide=1" }]}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <InlineStack gap="300" blockAlign="end" wrap>
                <Select
                  label={t("home.dashboard.range")}
                  options={[...RANGES.map((r) => ({ value: r, label: t("home.dashboard.lastDays", { days: r }) })), { value: "custom", label: t("home.dashboard.custom") }]}
                  value={range.days}
                  onChange={(days) => days !== "custom" && navigate(`/app?days=${days}`)}
                />
                <TextField label={t("home.dashboard.from")} type="date" value={from} onChange={setFrom} autoComplete="off" />
                <TextField label={t("home.dashboard.to")} type="date" value={to} onChange={setTo} autoComplete="off" />
                <Button onClick={() => navigate(`/app?from=${from}&to=${to}`)}>{t("home.dashboard.apply")}</Button>
              </InlineStack>
            </Card>
            {d.pendingDays > 0 && (
              <Banner tone="info" title={t("home.dashboard.pendingTitle")}>
                <p>{t("home.dashboard.pendingBody", { days: d.pendingDays })}</p>
              </Banner>
            )}
            {empty && <EmptyCard title={t("home.dashboard.emptyTitle")} body={t("home.dashboard.emptyBody")} />}
            <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
              <Figure label={t("home.fig.members")} value={d.members} help={t("home.help.members")} />
              <Figure label={t("home.fig.enrollment")} value={enrollmentRate} help={t("home.help.enrollment")} />
              <Figure label={t("home.fig.active")} value={d.activeMembers} help={t("home.help.active")} />
              <Figure label={t("home.fig.issued", { plural })} value={d.pointsIssued} help={t("home.help.issued")} />
              <Figure label={t("home.fig.redeemed", { plural })} value={d.pointsRedeemed} help={t("home.help.redeemed")} />
              <Figure label={t("home.fig.expired", { plural })} value={d.pointsExpired} help={t("home.help.expired", { reversed: d.pointsReversed })} />
              <Figure label={t("home.fig.outstanding", { plural })} value={d.pointsOutstanding} help={t("home.help.outstanding", { pending: d.pointsPending })} />
              <Figure label={t("home.fig.redemptionRate")} value={pct(d.redemptionRatePct)} help={t("home.help.redemptionRate")} />
              <Figure
                label={t("home.fig.liability")}
                value={money(d.liabilityMinor)}
                help={d.liabilityBasis ? t("home.help.liability", { points: d.liabilityBasis.points, amount: money(d.liabilityBasis.minor) }) : t("home.help.liabilityNone")}
              />
              <Figure label={t("home.fig.rewardRevenue")} value={money(d.rewardOrderRevenueMinor)} help={t("home.help.rewardRevenue", { orders: d.rewardOrders })} />
              <Figure label={t("home.fig.repeat")} value={pct(d.repeatRatePct)} help={t("home.help.repeat")} />
              <Figure label={t("home.fig.aov")} value={`${money(d.memberAovMinor)} / ${money(d.guestAovMinor)}`} help={t("home.help.aov", { members: d.memberOrders, guests: d.guestOrders })} />
            </InlineGrid>
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">{t("home.chart.issued", { plural })}</Text>
                  <BarChart title={t("home.chart.issued", { plural })} points={d.series.map((s) => ({ label: s.day, value: s.issued }))} />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">{t("home.chart.enrolled")}</Text>
                  <Sparkline title={t("home.chart.enrolled")} points={d.series.map((s) => ({ label: s.day, value: s.enrolled }))} height={140} />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">{t("home.chart.redeemed", { plural })}</Text>
                  <BarChart title={t("home.chart.redeemed", { plural })} points={d.series.map((s) => ({ label: s.day, value: s.redeemed }))} />
                </BlockStack>
              </Card>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">{t("home.chart.perReward")}</Text>
                  {d.redemptionsPerReward.length ? (
                    <RankedBars title={t("home.chart.perReward")} points={d.redemptionsPerReward.map((r) => ({ label: r.title, value: r.count }))} />
                  ) : (
                    <Box>
                      <Text as="p" tone="subdued">{t("home.chart.noRedemptions")}</Text>
                    </Box>
                  )}
                </BlockStack>
              </Card>
            </InlineGrid>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (useLeavingPage()) return <PageSkeleton title={t("nav.home")} />;
  return data.view === "guide" ? <SetupGuide data={data} /> : <Dashboard data={data} />;
}

export const ErrorBoundary = RouteErrorState;
