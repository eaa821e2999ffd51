// GET /app/activity/audit.csv: the staff audit log (with the page's filters) as a streamed CSV.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { adminContext } from "../web/admin/admin-context.server";
import { auditCsv } from "../services/staff/audit-log.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  const url = new URL(request.url);
  const lines = auditCsv(db, shop.id, { action: url.searchParams.get("action") || undefined, staffUserId: url.searchParams.get("staff") || undefined })[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="tally-audit-log.csv"' } });
}
