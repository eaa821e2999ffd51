// Home: the setup guide until the program is set up, then the dashboard with a date range.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Dashboard, RANGES } from "../components/admin/dashboard/dashboard";
import { SetupGuide } from "../components/admin/dashboard/setup-guide";
import { t } from "../components/admin/i18n";
import { PageSkeleton, RouteErrorState, useLeavingPage } from "../components/admin/ui";
import { appEnv } from "../config/env.server";
import { adminContext } from "../web/admin/admin-context.server";
import { failure, ok, readJson } from "../web/admin/form-result.server";
import { createStarterReward, GUIDE_DISMISSED, recordSetupStep, setupGuideState, themeEditorLink, WIDGET_CONFIRMED } from "../web/admin/setup-guide.server";
import { publishProgram } from "../services/program/publish-program.server";
import { loadProgramSettings, saveProgramSettings } from "../services/program/settings.server";
import { dashboardFiguresAfterRequests, pendingDaysOf } from "../services/stats/daily-stats.server";
import { addDays, isDay, shopDayOf } from "../loyalty/shop-day";

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
  const now = new Date();
  // Not awaited: the page is sent at once and the figures are streamed into it (single fetch). They
  // start once the browser has fetched the page's assets, and on SQLite their queries queue as
  // background work, behind the requests' own; the banner about days still being computed is
  // part of the page.
  const pendingDays = await pendingDaysOf(db, shop.id, shop.timezone, range.from, range.to, now);
  const dashboard = dashboardFiguresAfterRequests(db, shop.id, range.from, range.to, now);
  return { view: "dashboard" as const, guide, program, currency: shop.currency, widgetUrl: null, dashboard, range, pendingDays };
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

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (useLeavingPage()) return <PageSkeleton title={t("nav.home")} />;
  if (data.view === "guide") return <SetupGuide guide={data.guide} program={data.program} currency={data.currency} widgetUrl={data.widgetUrl} />;
  return <Dashboard figures={data.dashboard} range={data.range} pendingDays={data.pendingDays} plural={data.program.plural} />;
}

export const ErrorBoundary = RouteErrorState;
