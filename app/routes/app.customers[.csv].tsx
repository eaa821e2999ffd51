// GET /app/customers.csv: every member as CSV, streamed page by page by the lookup service.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { adminContext } from "../web/admin/admin-context.server";
import { membersCsv } from "../services/staff/customer-lookup.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  const lines = membersCsv(db, shop.id)[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
  return new Response(body, { headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="tally-members.csv"' } });
}
