// GET /proxy/me (storefront: /apps/tally/me): the signed-in shopper's balance, codes and history.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { errorResponse, methodNotAllowed } from "../errors/app-error";
import { memberView } from "../services/storefront/member-view.server";
import { handleStorefront } from "../web/storefront/proxy-context.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  handleStorefront(
    request,
    async ({ db, shop, customerId }) => Response.json(await memberView(db, shop.id, customerId!), { headers: { "Cache-Control": "private, no-store" } }),
    { signedIn: true },
  );

// POST, PUT, PATCH, DELETE: the API's 405, not Remix's own error body.
export const action = () => errorResponse(methodNotAllowed("GET"));
