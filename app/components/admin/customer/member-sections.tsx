// The member page's main column: balances and tier, ledger history, redemptions (with voiding an
// unused code), tier changes.
import { Badge, BlockStack, Button, Card, DataTable, InlineGrid, Text } from "@shopify/polaris";
import { useState } from "react";
import type { memberPage } from "../../../web/admin/customers-admin.server";
import { t } from "../i18n";
import { ConfirmModal, formatWhen, WrapCell } from "../ui";
import { ResultBanner, useStaffAction } from "./staff-action";

type MemberPage = NonNullable<Awaited<ReturnType<typeof memberPage>>>;
const when = formatWhen;

function Figure({ label, value }: { label: string; value: number | string }) {
  return (
    <BlockStack gap="100">
      <Text as="h3" variant="headingSm" tone="subdued">{label}</Text>
      <Text as="p" variant="headingLg">{value}</Text>
    </BlockStack>
  );
}

export function BalancesCard({ member }: { member: MemberPage["member"] }) {
  return (
    <Card>
      <InlineGrid columns={{ xs: 2, md: 5 }} gap="400">
        <Figure label={t("customer.balance")} value={member.balance} />
        <Figure label={t("customer.pending")} value={member.pending} />
        <Figure label={t("customer.held")} value={member.held} />
        <Figure label={t("customer.lifetime")} value={member.lifetimeEarned} />
        <Figure label={t("customer.tier")} value={member.tier ?? t("common.none")} />
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
  );
}

export function HistoryCard({ entries }: { entries: MemberPage["entries"] }) {
  return (
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
  );
}

export function RedemptionsCard({ redemptions }: { redemptions: MemberPage["redemptions"] }) {
  const voiding = useStaffAction();
  const [voidId, setVoidId] = useState<string | null>(null);
  return (
    <>
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
    </>
  );
}

export function TierHistoryCard({ tierChanges }: { tierChanges: MemberPage["tierChanges"] }) {
  if (tierChanges.length === 0) return null;
  return (
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
  );
}
