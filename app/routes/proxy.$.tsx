// Any other path under the storefront API (/apps/tally/…): the API's JSON 404, whatever the method,
// not the admin's HTML "not found" page. Nothing to verify first: it reveals nothing.
import { AppError, errorResponse } from "../errors/app-error";

const notFound = () => errorResponse(new AppError("not_found", "There is no such storefront API endpoint.", 404));

export const loader = notFound;
export const action = notFound;
