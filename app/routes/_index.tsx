// The app's public landing page. Shopify opens the app at /app; a bare visit explains what this is.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return null;
}

export default function Landing() {
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }}>
      <h1>Tally Rewards</h1>
      <p>Points, rewards and VIP tiers for Shopify stores. Install the app from the Shopify App Store to open it in your admin.</p>
    </main>
  );
}
