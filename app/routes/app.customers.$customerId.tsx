// One member: balances, tier, ledger history, redemptions; staff adjust points, set the tier,
// issue a goodwill reward or void an unused code; the member's birthday (staff may correct it)
// and referral results; the customer's data requests (exports to hand over) and a button for a new one.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Layout, Page } from "@shopify/polaris";
import { z } from "zod";
import { BalancesCard, HistoryCard, RedemptionsCard, TierHistoryCard } from "../components/admin/customer/member-sections";
import { AdjustPointsCard, BirthdayCard, DataRequestsCard, IssueRewardCard, ReferralsCard, TierOverrideCard } from "../components/admin/customer/staff-forms";
import { t } from "../components/admin/i18n";
import { PageSkeleton, RouteErrorState, useLeavingPage } from "../components/admin/ui";
import { adminContext } from "../web/admin/admin-context.server";
import { memberPage } from "../web/admin/customers-admin.server";
import { memberBirthdayAndReferrals } from "../web/admin/earning-admin.server";
import { setBirthday } from "../services/birthday/set-birthday.server";
import { failure, ok, readJson } from "../web/admin/form-result.server";
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

export default function CustomerPage() {
  const { member, entries, redemptions, tierChanges, tiers, rewards, birthday, referrals, dataRequests } = useLoaderData<typeof loader>();
  if (useLeavingPage()) return <PageSkeleton title={t("customers.title")} />;
  return (
    <Page title={member.name || t("customers.customerNumber", { id: member.customerId })} subtitle={member.email ?? undefined} backAction={{ content: t("customers.title"), url: "/app/customers" }}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <BalancesCard member={member} />
            <HistoryCard entries={entries} />
            <RedemptionsCard redemptions={redemptions} />
            <TierHistoryCard tierChanges={tierChanges} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <AdjustPointsCard />
            <TierOverrideCard tiers={tiers} />
            <IssueRewardCard rewards={rewards} />
            <BirthdayCard birthday={birthday} />
            {referrals && <ReferralsCard referrals={referrals} />}
            <DataRequestsCard customerId={member.customerId} requests={dataRequests} />
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorState;
