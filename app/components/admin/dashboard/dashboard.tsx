// The home page's dashboard. The page (range picker, figure names and what they mean, chart
// titles) renders at once; the figures are streamed from the loader and fill in when they
// arrive, with skeletons meanwhile: at 100,000 members the figures take most of a second.
import { Await, useNavigate } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, Card, InlineGrid, InlineStack, Layout, Page, Select, SkeletonBodyText, SkeletonDisplayText, Text, TextField } from "@shopify/polaris";
import { type ReactNode, Suspense, useEffect, useState } from "react";
import { formatDecimal } from "../../../loyalty/money";
import type { DashboardFigures } from "../../../services/stats/daily-stats.server";
import { BarChart, RankedBars, Sparkline } from "../charts";
import { t } from "../i18n";
import { EmptyCard } from "../ui";

export const RANGES = ["7", "30", "90"] as const;

export type DashboardRange = { from: string; to: string; days: string };

function Figure({ label, value, help }: { label: string; value: string | number | null; help: string | null }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">{label}</Text>
        {value === null ? <SkeletonDisplayText size="medium" /> : <Text as="p" variant="headingXl">{value}</Text>}
        {help === null ? <SkeletonBodyText lines={1} /> : <Text as="p" variant="bodySm" tone="subdued">{help}</Text>}
      </BlockStack>
    </Card>
  );
}

function ChartCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">{title}</Text>
        {children ?? <SkeletonBodyText lines={6} />}
      </BlockStack>
    </Card>
  );
}

/** The figures and charts; without `d` (still on their way) the same layout with skeletons. */
function Figures({ d, plural }: { d?: DashboardFigures; plural: string }) {
  const money = (minor: string | null) => (minor === null || !d ? "—" : `${formatDecimal(BigInt(minor), d.currency)} ${d.currency}`);
  const pct = (v: number | null) => (v === null ? "—" : `${v}%`);
  // Help texts that hold no figure show at once; the others wait for theirs.
  const later = <T,>(f: (d: DashboardFigures) => T): T | null => (d ? f(d) : null);
  const enrollmentRate = later((d) => (d.customersSeen ? `${Math.round((d.members / Math.max(d.customersSeen, d.members)) * 1000) / 10}%` : "—"));
  return (
    <>
      {d && d.members === 0 && d.pointsIssued === 0 && <EmptyCard title={t("home.dashboard.emptyTitle")} body={t("home.dashboard.emptyBody")} />}
      <InlineGrid columns={{ xs: 1, sm: 2, md: 3 }} gap="400">
        <Figure label={t("home.fig.members")} value={later((d) => d.members)} help={t("home.help.members")} />
        <Figure label={t("home.fig.enrollment")} value={enrollmentRate} help={t("home.help.enrollment")} />
        <Figure label={t("home.fig.active")} value={later((d) => d.activeMembers)} help={t("home.help.active")} />
        <Figure label={t("home.fig.issued", { plural })} value={later((d) => d.pointsIssued)} help={t("home.help.issued")} />
        <Figure label={t("home.fig.redeemed", { plural })} value={later((d) => d.pointsRedeemed)} help={t("home.help.redeemed")} />
        <Figure label={t("home.fig.expired", { plural })} value={later((d) => d.pointsExpired)} help={later((d) => t("home.help.expired", { reversed: d.pointsReversed }))} />
        <Figure label={t("home.fig.outstanding", { plural })} value={later((d) => d.pointsOutstanding)} help={later((d) => t("home.help.outstanding", { pending: d.pointsPending }))} />
        <Figure label={t("home.fig.redemptionRate")} value={later((d) => pct(d.redemptionRatePct))} help={t("home.help.redemptionRate")} />
        <Figure
          label={t("home.fig.liability")}
          value={later((d) => money(d.liabilityMinor))}
          help={later((d) => (d.liabilityBasis ? t("home.help.liability", { points: d.liabilityBasis.points, amount: money(d.liabilityBasis.minor) }) : t("home.help.liabilityNone")))}
        />
        <Figure label={t("home.fig.rewardRevenue")} value={later((d) => money(d.rewardOrderRevenueMinor))} help={later((d) => t("home.help.rewardRevenue", { orders: d.rewardOrders }))} />
        <Figure label={t("home.fig.repeat")} value={later((d) => pct(d.repeatRatePct))} help={t("home.help.repeat")} />
        <Figure
          label={t("home.fig.aov")}
          value={later((d) => `${money(d.memberAovMinor)} / ${money(d.guestAovMinor)}`)}
          help={later((d) => t("home.help.aov", { members: d.memberOrders, guests: d.guestOrders }))}
        />
      </InlineGrid>
      <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
        <ChartCard title={t("home.chart.issued", { plural })}>
          {later((d) => <BarChart title={t("home.chart.issued", { plural })} points={d.series.map((s) => ({ label: s.day, value: s.issued }))} />)}
        </ChartCard>
        <ChartCard title={t("home.chart.enrolled")}>
          {later((d) => <Sparkline title={t("home.chart.enrolled")} points={d.series.map((s) => ({ label: s.day, value: s.enrolled }))} height={140} />)}
        </ChartCard>
        <ChartCard title={t("home.chart.redeemed", { plural })}>
          {later((d) => <BarChart title={t("home.chart.redeemed", { plural })} points={d.series.map((s) => ({ label: s.day, value: s.redeemed }))} />)}
        </ChartCard>
        <ChartCard title={t("home.chart.perReward")}>
          {later((d) =>
            d.redemptionsPerReward.length ? (
              <RankedBars title={t("home.chart.perReward")} points={d.redemptionsPerReward.map((r) => ({ label: r.title, value: r.count }))} />
            ) : (
              <Box>
                <Text as="p" tone="subdued">{t("home.chart.noRedemptions")}</Text>
              </Box>
            ),
          )}
        </ChartCard>
      </InlineGrid>
    </>
  );
}

function FiguresFailed() {
  return (
    <Banner tone="critical" title={t("common.errorTitle")}>
      <p>{t("home.dashboard.figuresFailed")}</p>
    </Banner>
  );
}

/**
 * The figures, once they arrive. The server renders their skeleton and the Suspense boundary is
 * made only after hydration: a boundary still waiting for streamed data when an update reaches it
 * (a navigation, a parent's state) makes React throw "received an update before it finished
 * hydrating" (error 421) and re-render the page on the client. The data still streams: the
 * promise resolves from the same response.
 */
function StreamedFigures({ figures, plural }: { figures: Promise<DashboardFigures>; plural: string }) {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  if (!hydrated) return <Figures plural={plural} />;
  return (
    <Suspense fallback={<Figures plural={plural} />}>
      <Await resolve={figures} errorElement={<FiguresFailed />}>
        {(d) => <Figures d={d as DashboardFigures} plural={plural} />}
      </Await>
    </Suspense>
  );
}

export function Dashboard({ figures, range, pendingDays, plural }: { figures: Promise<DashboardFigures>; range: DashboardRange; pendingDays: number; plural: string }) {
  const navigate = useNavigate();
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
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
            {pendingDays > 0 && (
              <Banner tone="info" title={t("home.dashboard.pendingTitle")}>
                <p>{t("home.dashboard.pendingBody", { days: pendingDays })}</p>
              </Banner>
            )}
            <StreamedFigures figures={figures} plural={plural} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
