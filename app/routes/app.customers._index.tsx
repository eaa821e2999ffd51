// Customer lookup: search members by email, name or customer id; pages by cursor.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, IndexTable, InlineStack, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { t } from "../components/admin/i18n";
import { downloadFile, EmptyCard, PageSkeleton, RouteErrorState, useLeavingPage } from "../components/admin/ui";
import { adminContext } from "../web/admin/admin-context.server";
import { searchMembers } from "../services/staff/customer-lookup.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  const url = new URL(request.url);
  const query = url.searchParams.get("q") ?? "";
  return { query, ...(await searchMembers(db, shop.id, query, { cursor: url.searchParams.get("after") })) };
}

export default function CustomersPage() {
  const { query, members, nextCursor } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const [text, setText] = useState(query);
  const [exporting, setExporting] = useState(false);
  const [exportFailed, setExportFailed] = useState(false);
  const exportCsv = async () => {
    setExporting(true);
    setExportFailed(!(await downloadFile("/app/customers.csv", "tally-members.csv")));
    setExporting(false);
  };
  if (useLeavingPage()) return <PageSkeleton title={t("customers.title")} />;

  return (
    <Page title={t("customers.title")} secondaryActions={[{ content: t("common.exportCsv"), loading: exporting, onAction: exportCsv }]}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {exportFailed && <Banner tone="critical">{t("common.exportFailed")}</Banner>}
            <Card>
              <Form method="get" role="search">
                <InlineStack gap="200" blockAlign="end">
                  <div style={{ flex: 1 }}>
                    <TextField label={t("customers.searchLabel")} name="q" value={text} onChange={setText} autoComplete="off" placeholder={t("customers.searchPlaceholder")} />
                  </div>
                  <Button submit>{t("common.search")}</Button>
                </InlineStack>
              </Form>
            </Card>
            {members.length === 0 ? (
              <EmptyCard title={query ? t("customers.noMatchTitle") : t("customers.emptyTitle")} body={query ? t("customers.noMatchBody", { query }) : t("customers.emptyBody")} />
            ) : (
              <Card padding="0">
                <IndexTable
                  resourceName={{ singular: t("customers.singular"), plural: t("customers.plural") }}
                  itemCount={members.length}
                  selectable={false}
                  headings={[{ title: t("customers.col.customer") }, { title: t("customers.col.email") }, { title: t("customers.col.balance") }, { title: t("customers.col.pending") }, { title: t("customers.col.tier") }]}
                >
                  {members.map((m, index) => (
                    <IndexTable.Row id={m.id} key={m.id} position={index}>
                      <IndexTable.Cell>
                        <Button variant="plain" url={`/app/customers/${m.customerId}`}>
                          {m.name || t("customers.customerNumber", { id: m.customerId })}
                        </Button>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{m.email ?? ""}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" numeric>{m.balance}</Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" numeric>{m.pending}</Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{m.tier ? <Badge>{m.tier}</Badge> : ""}</IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </Card>
            )}
            <InlineStack gap="200">
              {params.get("after") && <Button url={`/app/customers?q=${encodeURIComponent(query)}`}>{t("customers.firstPage")}</Button>}
              {nextCursor && <Button url={`/app/customers?q=${encodeURIComponent(query)}&after=${nextCursor}`}>{t("common.next")}</Button>}
            </InlineStack>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const ErrorBoundary = RouteErrorState;
