// One member: balances, tier, ledger history, redemptions; staff adjust points, set the tier,
// issue a goodwill reward or void an unused code; the member's birthday (staff may correct it)
// and referral results; the customer's data requests (exports to hand over) and a button for a new one.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, Checkbox, DataTable, FormLayout, InlineGrid, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { t } from "../components/admin/i18n";
import { ConfirmModal, downloadFile, EmptyCard, formatWhen, PageSkeleton, RouteErrorState, useLeavingPage, WrapCell } from "../components/admin/ui";
import { adminContext } from "../web/admin/admin-context.server";
import { memberPage } from "../web/admin/customers-admin.server";
import { memberBirthdayAndReferrals } from "../web/admin/earning-admin.server";
import { setBirthday } from "../services/birthday/set-birthday.server";
import { failure, type FormResult, ok, readJson } from "../web/admin/form-result.server";
import { adjustPoints, setTierOverride } from "../services/staff/adjust-points.server";
import { cancelRedemption, redeemReward } from "../services/rewards/redemptions.server";
import { createDataRequest, listDataRequests } from "../services/compliance/data-request.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  const page = await memberPage(db, shop.id, params.customerId!);
  if (!page) throw new Response(t("common.notFound"), { status: 404 });
  const dataRequests = (await listDataRequests(db, shop.id, { customerId: params.customerId!, limit: 20 })).map((r) => ({ id: r.id, source: r.source, createdAt: r.createdAt.toISOString() }));
  return { ...page, ...(await memberBirthdayAndReferrals(db, shop.id, page.member.id)), dataRequests };
}

const actionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("adjust"), points: z.number().int().refine((n) => n !== 0, "must not be zero"), reason: z.string().trim().min(1, "is required"), requestId: z.string().min(8) }),
  z.object({ intent: z.literal("tier"), tierId: z.string().nullable(), until: z.string().date().nullable(), lifetime: z.boolean(), reason: z.string().trim().min(1, "is required") }),
  z.object({ intent: z.literal("issue"), rewardId: z.string().min(1, "choose a reward") }),
  z.object({ intent: z.literal("void"), redemptionId: z.string() }),
  z.object({ intent: z.literal("birthday"), birthday: z.unknown() }),
  z.object({ intent: z.literal("export") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { db, shop, admin, staffUserId } = await adminContext(request);
  const customerId = params.customerId!;
  try {
    const body = await readJson(request, actionSchema);
    const redeemCtx = { db, shopId: shop.id, currency: shop.currency, admin };
    switch (body.intent) {
      case "adjust":
        await adjustPoints(db, { shopId: shop.id, customerId, points: body.points, reason: body.reason, staffUserId, requestId: body.requestId });
        return ok(t("customer.adjusted"));
      case "tier":
        await setTierOverride(db, {
          shopId: shop.id,
          customerId,
          tierId: body.tierId,
          until: body.until && !body.lifetime ? new Date(`${body.until}T23:59:59Z`) : null,
          lifetime: body.lifetime,
          staffUserId,
          reason: body.reason,
        });
        return ok(t("customer.tierSet"));
      case "issue": {
        // The audit entry is written by the service, in the transaction that issues the reward.
        await redeemReward(redeemCtx, { customerId, rewardId: body.rewardId, free: true, issuedBy: "staff", staffUserId });
        return ok(t("customer.issued"));
      }
      case "void": {
        await cancelRedemption(redeemCtx, { redemptionId: body.redemptionId, customerId, staffUserId });
        return ok(t("customer.voided"));
      }
      case "birthday":
        await setBirthday(db, shop.id, customerId, body.birthday, { by: "staff", staffUserId });
        return ok(t("customer.birthday.saved"));
      case "export": {
        await createDataRequest(db, shop.domain, customerId, { source: "staff", staffUserId });
        return ok(t("customer.privacy.exported"));
      }
    }
  } catch (error) {
    return failure(error);
  }
}

/** One staff action's form: its own fetcher, so two forms never overwrite each other's messages. */
function useStaffAction() {
  const fetcher = useFetcher<typeof action>();
  const result = fetcher.data as FormResult | undefined;
  const errors = result && !result.ok ? result.fieldErrors : {};
  const send = (body: Record<string, unknown>) => fetcher.submit(body as never, { method: "post", encType: "application/json" });
  return { send, busy: fetcher.state !== "idle", errors, result, done: fetcher.state === "idle" && result?.ok === true };
}

function ResultBanner({ result }: { result?: FormResult }) {
  if (!result) return null;
  if (result.ok) return result.message ? <Banner tone="success">{result.message}</Banner> : null;
  return result.fieldErrors.form ? <Banner tone="critical">{result.fieldErrors.form}</Banner> : null;
}

const newRequestId = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

export default function CustomerPage() {
  const { member, entries, redemptions, tierChanges, tiers, rewards, birthday, referrals, dataRequests } = useLoaderData<typeof loader>();
  const adjust = useStaffAction();
  const tier = useStaffAction();
  const issue = useStaffAction();
  const voiding = useStaffAction();
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  // One request id per intended adjustment: a double click or retry is applied once.
  const [requestId, setRequestId] = useState(newRequestId);
  const [tierId, setTierId] = useState("");
  const [until, setUntil] = useState("");
  const [lifetime, setLifetime] = useState(false);
  const [tierReason, setTierReason] = useState("");
  const [rewardId, setRewardId] = useState(rewards[0]?.id ?? "");
  const [voidId, setVoidId] = useState<string | null>(null);

  useEffect(() => {
    if (adjust.done) {
      setPoints("");
      setReason("");
      setRequestId(newRequestId());
    }
  }, [adjust.done]);
  if (useLeavingPage()) return <PageSkeleton title={t("customers.title")} />;

  const figure = (label: string, value: number | string) => (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">{label}</Text>
      <Text as="p" variant="headingLg">{value}</Text>
    </BlockStack>
  );
  const when = formatWhen;

  return (
    <Page title={member.name || t("customers.customerNumber", { id: member.customerId })} subtitle={member.email ?? undefined} backAction={{ content: t("customers.title"), url: "/app/customers" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <Card>
              <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
                {figure(t("customer.balance"), member.balance)}
                {figure(t("customer.pending"), member.pending)}
                {figure(t("customer.held"), member.held)}
                {figure(t("customer.lifetime"), member.lifetimeEarned)}
                {figure(t("customer.tier"), member.tier ?? t("common.none"))}
              </InlineGrid>
              {member.tierProgress && (
                <Text as="p" tone="subdued">
                  {t("customer.tierProgress", { value: member.tierProgress.value, metric: t(`tiers.metrics.${member.tierProgress.metric}`), window: t(`tiers.windows.${member.tierProgress.window}`) })}{" "}
                  {member.tierProgress.next ? t("customer.tierNext", { remaining: member.tierProgress.next.remaining, tier: member.tierProgress.next.name }) : t("customer.tierTop")}
                  {member.tierProgress.graceUntil ? ` ${t("customer.tierGrace", { until: member.tierProgress.graceUntil.slice(0, 10) })}` : ""}
                </Text>
              )}
              {member.tierOverride && (
                <Text as="p" tone="subdued">
                  {member.tierOverride.lifetime
                    ? t("customer.overrideLifetime", { tier: member.tierOverride.tier ?? "" })
                    : t("customer.overrideUntil", { tier: member.tierOverride.tier ?? "", until: member.tierOverride.until ?? "" })}
                </Text>
              )}
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">{t("customer.history")}</Text>
                {entries.length === 0 ? (
                  <Text as="p" tone="subdued">{t("customer.noHistory")}</Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "numeric", "text"]}
                    headings={[t("common.date"), t("customer.col.kind"), t("customer.col.points"), t("customer.col.pending"), t("customer.col.source")]}
                    rows={entries.map((e) => [
                      when(e.createdAt),
                      t(`ledger.kinds.${e.kind}`),
                      e.points,
                      e.pendingDelta,
                      <WrapCell key={e.id}>{[e.sourceType && `${e.sourceType} ${e.sourceId ?? ""}`, e.reason, e.staffUserId && t("customer.byStaff", { id: e.staffUserId })].filter(Boolean).join(" · ")}</WrapCell>,
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">{t("customer.redemptions")}</Text>
                {redemptions.length === 0 ? (
                  <Text as="p" tone="subdued">{t("customer.noRedemptions")}</Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "numeric", "text", "text"]}
                    headings={[t("common.date"), t("customer.col.reward"), t("customer.col.code"), t("customer.col.points"), t("customer.col.status"), t("rewards.col.actions")]}
                    rows={redemptions.map((r) => [
                      when(r.createdAt),
                      r.title,
                      r.code ?? "",
                      r.pointsCost,
                      <Badge key="s">{t(`redemptionStatus.${r.status}`)}</Badge>,
                      r.status === "issued" ? (
                        <Button key="v" tone="critical" accessibilityLabel={t("customer.voidNamed", { code: r.code ?? r.id })} onClick={() => setVoidId(r.id)}>
                          {t("customer.void")}
                        </Button>
                      ) : (
                        ""
                      ),
                    ])}
                  />
                )}
                <ResultBanner result={voiding.result} />
              </BlockStack>
            </Card>
            {tierChanges.length > 0 && (
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">{t("customer.tierHistory")}</Text>
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text"]}
                    headings={[t("common.date"), t("customer.col.from"), t("customer.col.to"), t("customer.col.reason")]}
                    rows={tierChanges.map((c) => [when(c.createdAt), c.from ?? t("common.none"), c.to ?? t("common.none"), c.reason])}
                  />
                </BlockStack>
              </Card>
            )}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("customer.adjustHeading")}</Text>
                <TextField label={t("customer.adjustPoints")} type="number" value={points} onChange={setPoints} error={adjust.errors.points} helpText={t("customer.adjustHelp")} autoComplete="off" />
                <TextField label={t("customer.reason")} value={reason} onChange={setReason} error={adjust.errors.reason} autoComplete="off" />
                <ResultBanner result={adjust.result} />
                <Button variant="primary" loading={adjust.busy} onClick={() => adjust.send({ intent: "adjust", points: /^-?\d+$/.test(points.trim()) ? Number(points) : NaN, reason, requestId })}>
                  {t("customer.adjustSubmit")}
                </Button>
              </FormLayout>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("customer.tierHeading")}</Text>
                <Select label={t("customer.tierSelect")} options={[{ value: "", label: t("customer.noOverride") }, ...tiers.map((x) => ({ value: x.id, label: x.name }))]} value={tierId} onChange={setTierId} error={tier.errors.tierId} />
                <Checkbox label={t("customer.lifetimeStatus")} checked={lifetime} onChange={setLifetime} />
                {!lifetime && <TextField label={t("customer.until")} type="date" value={until} onChange={setUntil} error={tier.errors.until} autoComplete="off" />}
                <TextField label={t("customer.reason")} value={tierReason} onChange={setTierReason} error={tier.errors.reason} autoComplete="off" />
                <ResultBanner result={tier.result} />
                <Button loading={tier.busy} onClick={() => tier.send({ intent: "tier", tierId: tierId || null, until: until || null, lifetime, reason: tierReason })}>
                  {t("customer.tierSubmit")}
                </Button>
              </FormLayout>
            </Card>
            <Card>
              <FormLayout>
                <Text as="h2" variant="headingMd">{t("customer.issueHeading")}</Text>
                {rewards.length === 0 ? (
                  <EmptyCard title={t("rewards.emptyTitle")} body={t("customer.issueNoRewards")} />
                ) : (
                  <>
                    <Select label={t("customer.issueReward")} options={rewards.map((r) => ({ value: r.id, label: r.title }))} value={rewardId} onChange={setRewardId} error={issue.errors.rewardId} helpText={t("customer.issueHelp")} />
                    <ResultBanner result={issue.result} />
                    <Button loading={issue.busy} onClick={() => issue.send({ intent: "issue", rewardId })}>
                      {t("customer.issueSubmit")}
                    </Button>
                  </>
                )}
              </FormLayout>
            </Card>
            <BirthdayCard birthday={birthday} />
            {referrals && <ReferralsCard referrals={referrals} />}
            <DataRequestsCard customerId={member.customerId} requests={dataRequests} />
          </BlockStack>
        </Layout.Section>
      </Layout>
      <ConfirmModal
        open={voidId !== null}
        title={t("customer.voidTitle")}
        body={t("customer.voidBody")}
        confirmLabel={t("customer.void")}
        loading={voiding.busy}
        onClose={() => setVoidId(null)}
        onConfirm={() => {
          if (voidId) voiding.send({ intent: "void", redemptionId: voidId });
          setVoidId(null);
        }}
      />
    </Page>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
const asNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim() === "" ? null : text);

function BirthdayCard({ birthday }: { birthday: LoaderData["birthday"] }) {
  const save = useStaffAction();
  const [month, setMonth] = useState(birthday ? String(birthday.month) : "");
  const [day, setDay] = useState(birthday ? String(birthday.day) : "");
  const [year, setYear] = useState(birthday?.year ? String(birthday.year) : "");
  const pad = (n: number) => String(n).padStart(2, "0");
  const shown = birthday ? (birthday.year ? `${birthday.year}-${pad(birthday.month)}-${pad(birthday.day)}` : `${pad(birthday.month)}-${pad(birthday.day)}`) : null;
  return (
    <Card>
      <FormLayout>
        <Text as="h2" variant="headingMd">{t("customer.birthday.heading")}</Text>
        <Text as="p">{shown ? t("customer.birthday.value", { date: shown }) : t("customer.birthday.none")}</Text>
        {birthday?.changeableFrom && <Text as="p" tone="subdued">{t("customer.birthday.lockedUntil", { date: birthday.changeableFrom.slice(0, 10) })}</Text>}
        <FormLayout.Group condensed>
          <TextField label={t("customer.birthday.month")} type="number" value={month} onChange={setMonth} error={save.errors.month} autoComplete="off" />
          <TextField label={t("customer.birthday.day")} type="number" value={day} onChange={setDay} error={save.errors.day} autoComplete="off" />
          <TextField label={t("customer.birthday.year")} type="number" value={year} onChange={setYear} error={save.errors.year} autoComplete="off" />
        </FormLayout.Group>
        <ResultBanner result={save.result} />
        <Button loading={save.busy} onClick={() => save.send({ intent: "birthday", birthday: { month: asNumber(month), day: asNumber(day), year: asNumber(year) } })}>
          {t("customer.birthday.save")}
        </Button>
        <Text as="p" tone="subdued">{t("customer.birthday.help")}</Text>
      </FormLayout>
    </Card>
  );
}

function ReferralsCard({ referrals }: { referrals: NonNullable<LoaderData["referrals"]> }) {
  const rejected = Object.values(referrals.rejected).reduce((a, b) => a + b, 0);
  const rows: Array<[string, number]> = [
    [t("customer.referrals.invited"), referrals.invited],
    [t("customer.referrals.pending"), referrals.pending],
    [t("customer.referrals.rewarded"), referrals.rewarded],
    [t("customer.referrals.cancelled"), referrals.cancelled],
    [t("customer.referrals.rejected"), rejected],
    [t("customer.referrals.pointsEarned"), referrals.pointsEarned],
    [t("customer.referrals.pointsPending"), referrals.pointsPending],
  ];
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">{t("customer.referrals.heading")}</Text>
        <DataTable columnContentTypes={["text", "numeric"]} headings={[t("customer.referrals.figure"), t("customer.referrals.count")]} rows={rows.map(([label, n]) => [label, n.toLocaleString("en")])} />
        {rejected > 0 && (
          <Text as="p" tone="subdued">
            {Object.entries(referrals.rejected).map(([reason, n]) => `${reason}: ${n}`).join(", ")}
          </Text>
        )}
      </BlockStack>
    </Card>
  );
}

function DataRequestsCard({ customerId, requests }: { customerId: string; requests: LoaderData["dataRequests"] }) {
  const exporting = useStaffAction();
  const [failed, setFailed] = useState(false);
  const download = async (id: string, createdAt: string) => setFailed(!(await downloadFile(`/app/data-requests/${id}`, `tally-data-request-${customerId}-${createdAt.slice(0, 10)}.json`)));
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">{t("customer.privacy.heading")}</Text>
        <Text as="p" tone="subdued">{t("customer.privacy.help")}</Text>
        {requests.length === 0 ? (
          <Text as="p">{t("customer.privacy.none")}</Text>
        ) : (
          <BlockStack gap="100">
            {requests.map((r) => (
              <InlineGrid key={r.id} columns={2} gap="200">
                <Button variant="plain" onClick={() => void download(r.id, r.createdAt)}>{t("customer.privacy.download", { date: formatWhen(r.createdAt) })}</Button>
                <Text as="span" tone="subdued">{t(`customer.privacy.sources.${r.source}`)}</Text>
              </InlineGrid>
            ))}
          </BlockStack>
        )}
        {failed && <Banner tone="critical">{t("customer.privacy.downloadFailed")}</Banner>}
        <ResultBanner result={exporting.result} />
        <Button loading={exporting.busy} onClick={() => exporting.send({ intent: "export" })}>{t("customer.privacy.exportNow")}</Button>
      </BlockStack>
    </Card>
  );
}

export const ErrorBoundary = RouteErrorState;
