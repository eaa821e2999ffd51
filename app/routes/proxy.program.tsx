// GET /proxy/program (storefront: /apps/tally/program): the program for guests and members.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorResponse, methodNotAllowed } from "../errors/app-error";
import { programView } from "../services/storefront/program-view.server";
import { handleStorefront } from "../web/storefront/proxy-context.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  handleStorefront(request, async ({ db, shop }) =>
    Response.json(await programView(db, shop.id), { headers: { "Cache-Control": "public, max-age=60" } }),
  );

// POST, PUT, PATCH, DELETE: the API's 405, not Remix's own error body.
export const action = () => errorResponse(methodNotAllowed("GET"));
