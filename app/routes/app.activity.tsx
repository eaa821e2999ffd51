// Activity: the shop's points ledger, the webhook inbox (failed deliveries with their reason and
// a retry button), the staff audit log (filter, CSV export) and customers' data requests (download).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Layout, Page, Select, Tabs, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { t } from "../components/admin/i18n";
import { downloadFile, EmptyCard, formatWhen, PageSkeleton, RouteErrorState, useLeavingPage } from "../components/admin/ui";
import { adminContext } from "../web/admin/admin-context.server";
import { inbox, recentLedger } from "../web/admin/activity-admin.server";
import { failure, type FormResult, ok, readJson } from "../web/admin/form-result.server";
import { auditActions, listAudit, recordAudit } from "../services/staff/audit-log.server";
import { retryDelivery } from "../services/inbox/inbox-queries.server";
import { listDataRequests } from "../services/compliance/data-request.server";

const TABS = ["ledger", "webhooks", "audit", "privacy"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  const url = new URL(request.url);
  const tab = TABS.find((x) => x === url.searchParams.get("tab")) ?? "ledger";
  const filter = { action: url.searchParams.get("action") || undefined, staffUserId: url.searchParams.get("staff") || undefined };
  return {
    tab,
    filter,
    ledger: tab === "ledger" ? await recentLedger(db, shop.id) : [],
    inbox: tab === "webhooks" ? await inbox(db, shop.domain, url.searchParams.get("failed") === "1") : null,
    audit: tab === "audit" ? { ...(await listAudit(db, shop.id, filter)), actions: await auditActions(db, shop.id) } : null,
    // Data requests of every customer, members or not (a non-member has no customer page).
    dataRequests:
      tab === "privacy" ? (await listDataRequests(db, shop.id, { limit: 100 })).map((r) => ({ id: r.id, customerId: r.customerId, source: r.source, createdAt: r.createdAt.toISOString() })) : null,
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, staffUserId } = await adminContext(request);
  try {
    const { deliveryId } = await readJson(request, z.object({ deliveryId: z.string() }));
    const result = await retryDelivery(db, deliveryId, shop.domain);
    if (!result.ok) return failure(new z.ZodError([{ code: "custom", path: ["form"], message: result.reason }]));
    await recordAudit(db, { shopId: shop.id, staffUserId, action: "webhook_retried", details: { deliveryId } });
    return ok(t("activity.retried"));
  } catch (error) {
    return failure(error);
  }
}

function RetryButton({ id, topic }: { id: string; topic: string }) {
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data as FormResult | undefined;
  const shopify = useAppBridge();
  // A toast, because the row itself leaves a "failed only" list once the event is queued again.
  useEffect(() => {
    if (result?.ok && result.message) shopify.toast.show(result.message);
  }, [result, shopify]);
  if (result?.ok) return <Badge tone="info">{t("activity.queued")}</Badge>;
  return (
    <InlineStack gap="100">
      <Button size="slim" accessibilityLabel={t("activity.retryNamed", { topic })} loading={fetcher.state !== "idle"} onClick={() => fetcher.submit({ deliveryId: id }, { method: "post", encType: "application/json" })}>
        {t("common.retry")}
      </Button>
      {result && !result.ok && <Text as="span" tone="critical">{Object.values(result.fieldErrors)[0]}</Text>}
    </InlineStack>
  );
}

export default function ActivityPage() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [staff, setStaff] = useState(data.filter.staffUserId ?? "");
  if (useLeavingPage()) return <PageSkeleton title={t("activity.title")} />;
  const when = formatWhen;
  const selected = TABS.indexOf(data.tab);
  const tabs = TABS.map((id) => ({ id, content: t(`activity.tabs.${id}`), panelID: `${id}-panel` }));
  const csvQuery = new URLSearchParams({ ...(data.filter.action ? { action: data.filter.action } : {}), ...(data.filter.staffUserId ? { staff: data.filter.staffUserId } : {}) });

  return (
    <Page title={t("activity.title")}>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <Tabs tabs={tabs} selected={selected} onSelect={(i) => navigate(`/app/activity?tab=${TABS[i]}`)}>
              <div id={`${data.tab}-panel`} style={{ padding: "16px" }}>
                {data.tab === "ledger" &&
                  (data.ledger.length === 0 ? (
                    <EmptyCard title={t("activity.ledgerEmptyTitle")} body={t("activity.ledgerEmptyBody")} />
                  ) : (
                    <DataTable
                      columnContentTypes={["text", "text", "text", "numeric", "numeric", "text"]}
                      headings={[t("common.date"), t("customers.col.customer"), t("customer.col.kind"), t("customer.col.points"), t("customer.col.pending"), t("customer.col.source")]}
                      rows={data.ledger.map((e) => [
                        when(e.createdAt),
                        e.member.redacted ? t("customers.redactedCustomer") : <Button key="m" variant="plain" url={`/app/customers/${e.member.customerId}`}>{e.member.email ?? e.member.customerId}</Button>,
                        t(`ledger.kinds.${e.kind}`),
                        e.points,
                        e.pendingDelta,
                        [e.sourceType && `${e.sourceType} ${e.sourceId ?? ""}`, e.reason].filter(Boolean).join(" · "),
                      ])}
                    />
                  ))}
                {data.inbox && (
                  <BlockStack gap="300">
                    <InlineStack gap="200">
                      {["received", "processing", "processed", "failed"].map((s) => (
                        <Badge key={s} tone={s === "failed" && data.inbox!.counts[s] ? "critical" : undefined}>
                          {t(`activity.status.${s}`, { count: data.inbox!.counts[s] ?? 0 })}
                        </Badge>
                      ))}
                    </InlineStack>
                    <InlineStack gap="200">
                      <Button onClick={() => navigate("/app/activity?tab=webhooks")} pressed={params.get("failed") !== "1"}>{t("activity.allDeliveries")}</Button>
                      <Button onClick={() => navigate("/app/activity?tab=webhooks&failed=1")} pressed={params.get("failed") === "1"}>{t("activity.failedOnly")}</Button>
                    </InlineStack>
                    {(data.inbox.counts.failed ?? 0) > 0 && <Banner tone="warning">{t("activity.failedBanner", { count: data.inbox.counts.failed ?? 0 })}</Banner>}
                    {data.inbox.deliveries.length === 0 ? (
                      <EmptyCard title={t("activity.inboxEmptyTitle")} body={t("activity.inboxEmptyBody")} />
                    ) : (
                      <DataTable
                        columnContentTypes={["text", "text", "text", "numeric", "text", "text"]}
                        headings={[t("activity.col.received"), t("activity.col.topic"), t("activity.col.status"), t("activity.col.attempts"), t("activity.col.reason"), t("rewards.col.actions")]}
                        rows={data.inbox.deliveries.map((d) => [
                          when(d.receivedAt),
                          d.topic,
                          <Badge key="s" tone={d.status === "failed" ? "critical" : d.status === "processed" ? "success" : undefined}>{t(`activity.statusName.${d.status}`)}</Badge>,
                          d.attempts,
                          d.lastError ?? "",
                          d.status === "failed" ? <RetryButton key="r" id={d.id} topic={d.topic} /> : "",
                        ])}
                      />
                    )}
                  </BlockStack>
                )}
                {data.dataRequests &&
                  (data.dataRequests.length === 0 ? (
                    <EmptyCard title={t("activity.privacyEmptyTitle")} body={t("activity.privacyEmptyBody")} />
                  ) : (
                    <DataTable
                      columnContentTypes={["text", "text", "text", "text"]}
                      headings={[t("common.date"), t("customers.col.customer"), t("activity.col.source"), t("rewards.col.actions")]}
                      rows={data.dataRequests.map((r) => [
                        when(r.createdAt),
                        r.customerId ?? "",
                        t(`customer.privacy.sources.${r.source}`),
                        <Button key="d" size="slim" accessibilityLabel={t("activity.downloadNamed", { id: r.customerId ?? "" })} onClick={() => void downloadFile(`/app/data-requests/${r.id}`, `tally-data-request-${r.customerId ?? "unknown"}-${r.createdAt.slice(0, 10)}.json`)}>
                          {t("activity.download")}
                        </Button>,
                      ])}
                    />
                  ))}
                {data.audit && (
                  <BlockStack gap="300">
                    <Form method="get">
                      <input type="hidden" name="tab" value="audit" />
                      <InlineStack gap="200" blockAlign="end">
                        <Select
                          label={t("activity.filterAction")}
                          name="action"
                          options={[{ value: "", label: t("activity.allActions") }, ...data.audit.actions.map((a) => ({ value: a, label: a }))]}
                          value={data.filter.action ?? ""}
                          onChange={(action) => navigate(`/app/activity?tab=audit&action=${encodeURIComponent(action)}&staff=${encodeURIComponent(staff)}`)}
                        />
                        <TextField label={t("activity.filterStaff")} name="staff" value={staff} onChange={setStaff} autoComplete="off" />
                        <Button submit>{t("activity.filter")}</Button>
                        <Button onClick={() => void downloadFile(`/app/activity/audit.csv?${csvQuery.toString()}`, "tally-audit-log.csv")}>{t("common.exportCsv")}</Button>
                      </InlineStack>
                    </Form>
                    {data.audit.entries.length === 0 ? (
                      <EmptyCard title={t("activity.auditEmptyTitle")} body={t("activity.auditEmptyBody")} />
                    ) : (
                      <DataTable
                        columnContentTypes={["text", "text", "text", "text"]}
                        headings={[t("common.date"), t("activity.col.staff"), t("activity.col.action"), t("activity.col.details")]}
                        rows={data.audit.entries.map((e) => [when(e.createdAt), e.staffUserId, e.action, [e.customerId && t("customers.customerNumber", { id: e.customerId }), JSON.stringify(e.details)].filter(Boolean).join(" · ")])}
                      />
                    )}
                  </BlockStack>
                )}
              </div>
            </Tabs>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorState;
