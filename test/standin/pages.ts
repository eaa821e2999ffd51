// HTML of the stand-in's own pages: the admin shell around the embedded app, an orders page for
// refunds and cancellations, and the storefront (theme blocks rendered by ./storefront/render.ts).
import { decimal } from "./payloads";
import type { DiscountApplication } from "./checkout";
import type { CustomerRecord, ShopRecord } from "./state";
import { renderStorefrontBlocks } from "./storefront/render";

export type StorefrontCart = { lines: Array<{ variantId: string; quantity: number }>; code: string | null; message: string | null };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function adminShellPage(input: { shop: ShopRecord; appSrc: string; storefrontUrl: string; ordersUrl: string }): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>${esc(input.shop.name)} · Tally Rewards · Shopify admin (stand-in)</title>
<style>
  body{margin:0;font:14px/1.4 system-ui,sans-serif;background:#f1f1f1;display:grid;grid-template:48px 1fr/220px 1fr;height:100vh}
  header{grid-column:1/3;background:#1a1a1a;color:#fff;display:flex;align-items:center;gap:16px;padding:0 16px}
  header a{color:#d4d4d4} nav{background:#ebebeb;padding:12px;overflow:auto} nav a{display:block;padding:6px 8px;color:#303030;text-decoration:none;border-radius:8px}
  nav a:hover,nav a[aria-current=page]{background:#fff} iframe{border:0;width:100%;height:100%;background:#f1f1f1}
  main{min-width:0}
</style></head>
<body>
<header><strong>${esc(input.shop.name)}</strong><span>${esc(input.shop.domain)}</span><span style="flex:1"></span>
<a href="${esc(input.storefrontUrl)}" target="_blank">View storefront</a><a href="${esc(input.ordersUrl)}">Orders</a></header>
<nav aria-label="App navigation"><strong style="display:block;padding:6px 8px">Tally Rewards</strong><div id="app-nav"></div></nav>
<main><iframe id="app-frame" title="Tally Rewards" src="${esc(input.appSrc)}"></iframe></main>
<script>
  // The embedded app's App Bridge (stand-in) reports its ui-nav-menu links; the shell lists them.
  const frame = document.getElementById("app-frame");
  const nav = document.getElementById("app-nav");
  window.addEventListener("message", (event) => {
    const data = event.data || {};
    if (data.type === "tally-standin:nav") {
      nav.innerHTML = "";
      for (const link of data.links) {
        const a = document.createElement("a");
        a.href = "#"; a.textContent = link.label;
        if (link.home) a.dataset.home = "";
        a.addEventListener("click", (e) => {
          e.preventDefault();
          for (const other of nav.querySelectorAll("a")) other.removeAttribute("aria-current");
          a.setAttribute("aria-current", "page");
          frame.contentWindow.postMessage({ type: "tally-standin:navigate", href: link.href }, "*");
        });
        nav.appendChild(a);
      }
    }
    if (data.type === "tally-standin:title") document.title = data.title + " · Shopify admin (stand-in)";
  });
</script>
</body></html>`;
}

export function ordersPage(shop: ShopRecord): string {
  const rows = [...shop.orders.values()]
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((o) => {
      const customer = o.customerId !== null ? shop.customers.get(o.customerId) : undefined;
      const total = o.lines.reduce((s, l) => s + l.priceMinor * BigInt(l.quantity) - l.discountMinor, 0n) + o.shippingPriceMinor - o.shippingDiscountMinor;
      const actions = o.cancelledAt
        ? "cancelled"
        : `<form method="post" action="orders/${o.id}/refund" style="display:inline"><button>Refund 1 of first item</button></form>
           <form method="post" action="orders/${o.id}/cancel" style="display:inline"><button>Cancel and refund</button></form>`;
      return `<tr><td>${esc(o.name)}</td><td>${esc(customer?.email ?? "guest")}</td><td>${decimal(total, o.currency)} ${o.currency}</td><td>${o.financialStatus}</td><td>${esc(o.discountCodes.map((d) => d.code).join(", "))}</td><td>${actions}</td></tr>`;
    })
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Orders · ${esc(shop.name)}</title>
<style>body{font:14px system-ui;margin:24px}table{border-collapse:collapse}td,th{padding:6px 10px;border-bottom:1px solid #ddd;text-align:left}</style></head>
<body><h1>Orders</h1><p><a href="./apps/tally">Back to Tally Rewards</a></p>
<table><thead><tr><th>Order</th><th>Customer</th><th>Total</th><th>Status</th><th>Codes</th><th>Actions</th></tr></thead><tbody>${rows || '<tr><td colspan="6">No orders yet</td></tr>'}</tbody></table></body></html>`;
}

type RenderInput = {
  shop: ShopRecord;
  customer: CustomerRecord | null;
  cart: StorefrontCart;
  path: string;
  proxyBase: string;
  appUrl: string;
  apiKey: string;
  preview?: DiscountApplication | null;
  locale?: string;
  /** false renders the page without the app embed (the widget's performance baseline). */
  embed?: boolean;
};

export async function storefrontPage(input: RenderInput): Promise<string> {
  const { shop, customer, cart } = input;
  const money = (minor: bigint) => `${decimal(minor, shop.currency)} ${shop.currency}`;
  const switcher = `<form method="get" action="/storefront" class="as"><input type="hidden" name="shop" value="${esc(shop.domain)}">
    <label>Viewing as <select name="as" onchange="this.form.submit()"><option value="guest">Guest</option>${[...shop.customers.values()]
      .slice(0, 60)
      .map((c) => `<option value="${c.id}" ${customer?.id === c.id ? "selected" : ""}>${esc([c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || String(c.id))}</option>`)
      .join("")}</select></label><noscript><button>Switch</button></noscript></form>`;
  const header = `<header class="site"><a href="/storefront?shop=${encodeURIComponent(shop.domain)}" class="logo">${esc(shop.name)}</a>
    <nav><a href="/pages/rewards">Rewards</a> <a href="/cart">Cart (${cart.lines.reduce((s, l) => s + l.quantity, 0)})</a></nav>${switcher}</header>`;
  let main: string;
  if (input.path === "/cart") {
    const lines = cart.lines.map((l) => {
      const product = shop.products.find((p) => p.variants.some((v) => v.id === BigInt(l.variantId)))!;
      const variant = product.variants.find((v) => v.id === BigInt(l.variantId))!;
      return { title: product.title, quantity: l.quantity, total: variant.priceMinor * BigInt(l.quantity) };
    });
    const subtotal = lines.reduce((s, l) => s + l.total, 0n);
    const discount = input.preview?.ok ? input.preview.amountMinor : 0n;
    main = `<h1>Cart</h1>${cart.message ? `<p role="status" class="message">${esc(cart.message)}</p>` : ""}
      <table>${lines.map((l) => `<tr><td>${esc(l.title)} × ${l.quantity}</td><td>${money(l.total)}</td></tr>`).join("") || "<tr><td>Your cart is empty</td></tr>"}</table>
      <form method="post" action="/checkout" class="checkout">
        <label>Discount code <input name="code" value="${esc(cart.code ?? "")}" autocomplete="off"></label>
        ${input.preview && !input.preview.ok ? `<p role="alert" class="error">${esc(input.preview.message)}</p>` : ""}
        ${input.preview?.ok ? `<p class="discount">Discount ${esc(input.preview.discount.code)}: −${money(discount)}</p>` : ""}
        <p>Subtotal ${money(subtotal)} · Shipping ${money(500n)} · Total <strong data-total>${money(subtotal - discount + 500n)}</strong></p>
        <button name="action" value="apply">Apply</button> <button name="action" value="place" ${lines.length ? "" : "disabled"}>Place order</button>
      </form>`;
  } else if (productOf(input)) {
    const p = productOf(input)!;
    main = `<h1>${esc(p.title)}</h1>${p.variants
      .map((v) => `<form method="post" action="/cart/add"><input type="hidden" name="id" value="${v.id}"><span>${esc(v.title)} · ${money(v.priceMinor)}</span> <button>Add to cart</button></form>`)
      .join("")}`;
  } else {
    main = `<h1>${esc(shop.name)}</h1><ul class="products">${shop.products
      .filter((p) => !p.adHoc)
      .map(
        (p) => `<li><h2><a href="/products/${esc(p.handle)}">${esc(p.title)}</a></h2>${p.variants
          .map(
            (v) => `<form method="post" action="/cart/add"><input type="hidden" name="id" value="${v.id}"><span>${esc(v.title)} · ${money(v.priceMinor)}</span> <button>Add to cart</button></form>`,
          )
          .join("")}</li>`,
      )
      .join("")}</ul>`;
  }
  const blocks = await renderExtensionBlocks(input);
  if (input.embed === false) blocks.body = "";
  const lang = input.locale ?? "en";
  return `<!doctype html><html lang="${esc(lang)}"${lang === "ar" ? ' dir="rtl"' : ""}><head><meta charset="utf-8"><link rel="icon" href="data:,"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(shop.name)}</title>
<style>body{font:16px/1.5 Georgia,serif;margin:0;color:#222}header.site{display:flex;gap:24px;align-items:center;padding:16px 24px;border-bottom:1px solid #eee}
.logo{font-weight:bold;text-decoration:none;color:#222}main{padding:24px;max-width:960px;margin:auto}.products{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:16px;list-style:none;padding:0}
.products li{border:1px solid #eee;padding:12px}.products h2{font-size:18px}.error{color:#b00020}</style></head>
<body>${header}<main>${main}${blocks.section}</main>${blocks.body}</body></html>`;
}

/** The theme app extension's blocks, rendered as a theme would (./storefront/render.ts). */
async function renderExtensionBlocks(input: RenderInput): Promise<{ section: string; body: string }> {
  return renderStorefrontBlocks({
    shop: { domain: input.shop.domain, name: input.shop.name, currency: input.shop.currency },
    customer: input.customer
      ? { id: input.customer.id.toString(), email: input.customer.email ?? "", firstName: input.customer.firstName ?? "", lastName: input.customer.lastName ?? "" }
      : null,
    page: input.path === "/pages/rewards" ? "rewards" : input.path === "/cart" ? "cart" : productOf(input) ? "product" : "home",
    assetBaseUrl: "/extensions/assets",
    locale: input.locale ?? "en",
    product: (() => {
      const p = productOf(input);
      return p ? { id: p.id.toString(), title: p.title, handle: p.handle, variants: p.variants.map((v) => ({ id: v.id.toString(), title: v.title, priceMinor: Number(v.priceMinor) })) } : undefined;
    })(),
    appMetafields: appMetafieldsOf(input.shop),
  });
}

/** The product of a /products/<handle> page. */
function productOf(input: RenderInput) {
  const handle = /^\/products\/([^/]+)$/.exec(input.path)?.[1];
  return handle ? input.shop.products.find((p) => p.handle === handle) : undefined;
}

/** The app's installation metafields for the renderer: namespace → key → value (json parsed). */
function appMetafieldsOf(shop: ShopRecord) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const m of shop.appMetafields.values()) {
    (out[m.namespace] ??= {})[m.key] = m.type === "json" ? (JSON.parse(m.value) as unknown) : m.value;
  }
  return out;
}
