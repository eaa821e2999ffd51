// The member page's staff forms: adjust points, set a tier override, issue a goodwill reward,
// the birthday (staff may correct it), referral results and the customer's data requests.
import { Banner, BlockStack, Button, Card, Checkbox, DataTable, FormLayout, InlineGrid, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { memberPage } from "../../../web/admin/customers-admin.server";
import type { memberBirthdayAndReferrals } from "../../../web/admin/earning-admin.server";
import { t } from "../i18n";
import { downloadFile, EmptyCard, formatWhen } from "../ui";
import { newRequestId, ResultBanner, useStaffAction } from "./staff-action";

type MemberPage = NonNullable<Awaited<ReturnType<typeof memberPage>>>;
type Extras = Awaited<ReturnType<typeof memberBirthdayAndReferrals>>;

export function AdjustPointsCard() {
  const adjust = useStaffAction();
  const [points, setPoints] = useState("");
  const [reason, setReason] = useState("");
  // One request id per intended adjustment: a double click or retry is applied once.
  const [requestId, setRequestId] = useState(newRequestId);
  useEffect(() => {
    if (adjust.done) {
      setPoints("");
      setReason("");
      setRequestId(newRequestId());
    }
  }, [adjust.done]);
  return (
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
  );
}

export function TierOverrideCard({ tiers }: { tiers: MemberPage["tiers"] }) {
  const tier = useStaffAction();
  const [tierId, setTierId] = useState("");
  const [until, setUntil] = useState("");
  const [lifetime, setLifetime] = useState(false);
  const [tierReason, setTierReason] = useState("");
  return (
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
  );
}

export function IssueRewardCard({ rewards }: { rewards: MemberPage["rewards"] }) {
  const issue = useStaffAction();
  const [rewardId, setRewardId] = useState(rewards[0]?.id ?? "");
  return (
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
  );
}

const asNumber = (text: string) => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim() === "" ? null : text);

export function BirthdayCard({ birthday }: { birthday: Extras["birthday"] }) {
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

export function ReferralsCard({ referrals }: { referrals: NonNullable<Extras["referrals"]> }) {
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

export function DataRequestsCard({ customerId, requests }: { customerId: string; requests: Array<{ id: string; source: string; createdAt: string }> }) {
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
