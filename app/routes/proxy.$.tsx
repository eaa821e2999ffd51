// Any other path under the storefront API (/apps/tally/…): the API's JSON 404, whatever the method,
// not the admin's HTML "not found" page. Nothing to verify first: it reveals nothing.
const notFound = () => Response.json({ error: { code: "not_found", message: "There is no such storefront API endpoint." } }, { status: 404 });

export const loader = notFound;
export const action = notFound;
