// The reward catalog: every reward with its cost, status and redemptions; activate/deactivate.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Badge, Banner, Box, Button, Card, IndexTable, Layout, Page, Text } from "@shopify/polaris";
import { useState } from "react";
import { z } from "zod";
import { t } from "../components/admin/i18n";
import { ConfirmModal, EmptyCard, PageSkeleton, RouteErrorState, useLeavingPage } from "../components/admin/ui";
import { adminContext } from "../web/admin/admin-context.server";
import { failure, type FormResult, ok, readJson } from "../web/admin/form-result.server";
import { rewardsPage } from "../web/admin/rewards-admin.server";
import { recordAudit } from "../services/staff/audit-log.server";
import { setRewardActive } from "../services/rewards/catalog.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  return { rewards: await rewardsPage(db, shop.id, shop.currency), currency: shop.currency };
}

export async function action({ request }: ActionFunctionArgs) {
  const { db, shop, staffUserId } = await adminContext(request);
  try {
    const body = await readJson(request, z.object({ rewardId: z.string(), active: z.boolean() }));
    if (!(await setRewardActive(db, shop.id, body.rewardId, body.active))) return failure(new z.ZodError([{ code: "custom", path: ["rewardId"], message: t("common.notFound") }]));
    await recordAudit(db, { shopId: shop.id, staffUserId, action: body.active ? "reward_activated" : "reward_deactivated", details: { rewardId: body.rewardId } });
    return ok();
  } catch (error) {
    return failure(error);
  }
}

export default function RewardsPage() {
  const { rewards } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const [confirming, setConfirming] = useState<{ id: string; title: string } | null>(null);
  if (useLeavingPage()) return <PageSkeleton title={t("rewards.title")} />;
  const toggle = (rewardId: string, active: boolean) => fetcher.submit({ rewardId, active }, { method: "post", encType: "application/json" });
  // The pending toggle is shown at once; it cannot lie because a failed toggle reverts on revalidation.
  const pending = fetcher.json as { rewardId: string; active: boolean } | undefined;
  const result = fetcher.data as FormResult | undefined;

  return (
    <Page title={t("rewards.title")} primaryAction={{ content: t("rewards.create"), url: "/app/rewards/new" }}>
      <Layout>
        <Layout.Section>
          {result && !result.ok && (
            <Box paddingBlockEnd="400">
              <Banner tone="critical">{Object.values(result.fieldErrors).join(" ")}</Banner>
            </Box>
          )}
          {rewards.length === 0 ? (
            <EmptyCard title={t("rewards.emptyTitle")} body={t("rewards.emptyBody")} action={<Button url="/app/rewards/new">{t("rewards.create")}</Button>} />
          ) : (
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: t("rewards.singular"), plural: t("rewards.plural") }}
                itemCount={rewards.length}
                selectable={false}
                headings={[{ title: t("rewards.col.title") }, { title: t("rewards.col.type") }, { title: t("rewards.col.cost") }, { title: t("rewards.col.redemptions") }, { title: t("rewards.col.status") }, { title: t("rewards.col.actions") }]}
              >
                {rewards.map((r, index) => {
                  const active = pending?.rewardId === r.id ? pending.active : r.active;
                  return (
                    <IndexTable.Row id={r.id} key={r.id} position={index}>
                      <IndexTable.Cell>
                        <Button variant="plain" url={`/app/rewards/${r.id}`}>{r.title}</Button>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{t(`rewards.types.${r.type}`)}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" numeric>{r.pointsCost}</Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" numeric>{r.redemptions}</Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge tone={active ? "success" : undefined}>{active ? t("common.active") : t("common.inactive")}</Badge>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        {active ? (
                          <Button accessibilityLabel={t("rewards.deactivateNamed", { title: r.title })} onClick={() => setConfirming({ id: r.id, title: r.title })}>
                            {t("rewards.deactivate")}
                          </Button>
                        ) : (
                          <Button accessibilityLabel={t("rewards.activateNamed", { title: r.title })} onClick={() => toggle(r.id, true)}>
                            {t("rewards.activate")}
                          </Button>
                        )}
                      </IndexTable.Cell>
                    </IndexTable.Row>
                  );
                })}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
      </Layout>
      <ConfirmModal
        open={confirming !== null}
        title={t("rewards.confirmDeactivateTitle", { title: confirming?.title ?? "" })}
        body={t("rewards.confirmDeactivateBody")}
        confirmLabel={t("rewards.deactivate")}
        onClose={() => setConfirming(null)}
        onConfirm={() => {
          if (confirming) toggle(confirming.id, false);
          setConfirming(null);
        }}
      />
    </Page>
  );
}

export const ErrorBoundary = RouteErrorState;
