// Building blocks every admin page shares: loading skeleton, error and empty states, the
// contextual save bar, and the confirmation dialog for destructive actions.
import { isRouteErrorResponse, useLocation, useNavigation, useRouteError } from "@remix-run/react";
import { SaveBar } from "@shopify/app-bridge-react";
import { Banner, BlockStack, Card, Layout, Modal, Page, SkeletonBodyText, SkeletonDisplayText, SkeletonPage, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { t } from "./i18n";

export function PageSkeleton({ title }: { title?: string }) {
  return (
    <SkeletonPage title={title} primaryAction>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={6} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}

/** True while the router loads another page, so the page can show its skeleton instead. */
export function useLeavingPage(): boolean {
  const navigation = useNavigation();
  const location = useLocation();
  return navigation.state === "loading" && navigation.location.pathname !== location.pathname;
}

/** A route's error state. Authentication responses go to the library's boundary (it adds headers). */
export function RouteErrorState() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && (error.status === 401 || error.status === 302)) return boundary.error(error);
  const message = isRouteErrorResponse(error)
    ? error.status === 404
      ? t("common.notFound")
      : String((error.data as { message?: string } | undefined)?.message ?? error.statusText)
    : t("common.unexpectedError");
  return (
    <Page title={t("common.errorTitle")} backAction={{ content: t("nav.home"), url: "/app" }}>
      <Banner tone="critical" title={t("common.errorTitle")}>
        <p>{message}</p>
      </Banner>
    </Page>
  );
}

export function EmptyCard({ title, body, action }: { title: string; body: string; action?: ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200" inlineAlign="start">
        <Text as="h2" variant="headingMd">
          {title}
        </Text>
        <Text as="p" tone="subdued">
          {body}
        </Text>
        {action}
      </BlockStack>
    </Card>
  );
}

/** Field errors from the server: a banner that lists them (inline messages are set per field). */
export function FormErrors({ errors }: { errors?: Record<string, string> | null }) {
  if (!errors || !Object.keys(errors).length) return null;
  return (
    <Banner tone="critical" title={t("common.fixErrors")}>
      <ul>
        {Object.entries(errors).map(([field, message]) => (
          <li key={field}>
            {field}: {message}
          </li>
        ))}
      </ul>
    </Banner>
  );
}

/**
 * A form's values with dirty tracking. When the server's values change (after a save), the form
 * takes them, so a successful save clears the dirty state; a failed save keeps the input.
 */
export function useFormState<T>(serverValues: T) {
  const serverKey = JSON.stringify(serverValues);
  const [values, setValues] = useState<T>(serverValues);
  useEffect(() => setValues(JSON.parse(serverKey) as T), [serverKey]);
  const dirty = useMemo(() => JSON.stringify(values) !== serverKey, [values, serverKey]);
  const reset = useCallback(() => setValues(JSON.parse(serverKey) as T), [serverKey]);
  return { values, setValues, dirty, reset };
}

/** App Bridge's contextual save bar: shown while the form has unsaved changes. */
export function FormSaveBar({ id, open, saving, onSave, onDiscard }: { id: string; open: boolean; saving: boolean; onSave: () => void; onDiscard: () => void }) {
  return (
    <SaveBar id={id} open={open}>
      <button {...{ variant: "primary" }} onClick={onSave} disabled={saving}>
        {t("common.save")}
      </button>
      <button onClick={onDiscard}>{t("common.discard")}</button>
    </SaveBar>
  );
}

export function ConfirmModal(props: {
  open: boolean;
  title: string;
  body: string;
  confirmLabel: string;
  loading?: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Modal
      open={props.open}
      onClose={props.onClose}
      title={props.title}
      primaryAction={{ content: props.confirmLabel, destructive: true, onAction: props.onConfirm, loading: props.loading }}
      secondaryActions={[{ content: t("common.cancel"), onAction: props.onClose }]}
    >
      <Modal.Section>
        <Text as="p">{props.body}</Text>
      </Modal.Section>
    </Modal>
  );
}

/**
 * Long text in a DataTable cell: Polaris cells do not wrap, so a long reason makes the table scroll
 * sideways (and axe flags the scroll container as not keyboard-focusable). This lets it wrap.
 */
export function WrapCell({ children }: { children: ReactNode }) {
  return <span style={{ display: "block", minWidth: "12rem", whiteSpace: "normal", overflowWrap: "anywhere" }}>{children}</span>;
}

/** A timestamp rendered the same on the server and in the browser (no hydration mismatch). */
export const formatWhen = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/**
 * Downloads a CSV export. Embedded pages authenticate fetches with the session token App Bridge
 * adds, which a plain link (a document load) would not carry, so the file is fetched, then saved.
 */
export async function downloadFile(url: string, filename: string): Promise<boolean> {
  const response = await fetch(url);
  if (!response.ok) return false;
  const href = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement("a"), { href, download: filename });
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(href);
  return true;
}
