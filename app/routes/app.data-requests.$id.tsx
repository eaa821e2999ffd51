// GET /app/data-requests/<id>: a stored customer data export (customers/data_request, or one staff
// made on the customer page) as a JSON file, for the merchant to hand over. Only the signed-in
// shop's own exports; anything else is 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { adminContext } from "../web/admin/admin-context.server";
import { dataRequestFile } from "../services/compliance/data-request.server";
import { AppError, errorResponse } from "../errors/app-error";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { db, shop } = await adminContext(request);
  const file = await dataRequestFile(db, shop.id, params.id ?? "");
  if (!file) return errorResponse(new AppError("not_found", "No such data request in this shop.", 404));
  return new Response(file.body, {
    headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${file.filename}"`, "Cache-Control": "no-store" },
  });
}
