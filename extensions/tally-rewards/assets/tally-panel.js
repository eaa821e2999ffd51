// Tally Rewards panel (loaded on interaction). Talks only to the storefront API behind the app
// proxy; the shopper is whoever Shopify signed in, never an id sent from here.
const state = { root: null, launcher: null, panel: null, t: {}, program: null, me: null };

function text(key, fallback) { return state.t[key] || fallback || key; }
function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (v !== false && v != null) node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c != null && c !== false) node.append(c.nodeType ? c : String(c));
  return node;
}
async function api(base, path, init) {
  const res = await fetch(base + path, { credentials: "same-origin", headers: { Accept: "application/json", ...(init && init.headers) }, ...init });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw Object.assign(new Error(body.error ? body.error.message : res.statusText), { code: body.error && body.error.code, status: res.status });
  return body;
}
function readI18n(root) {
  const node = root.querySelector("[data-tally-i18n]");
  try { return node ? JSON.parse(node.textContent) : {}; } catch { return {}; }
}
const unit = (n) => (state.program ? (n === 1 ? state.program.currency.singular : state.program.currency.plural) : "");
const fmt = (n) => new Intl.NumberFormat(document.documentElement.lang || undefined).format(n);
const date = (iso) => new Date(iso).toLocaleDateString(document.documentElement.lang || undefined);

function rewardsList(rewards, balance, signedIn) {
  return h("ul", { class: "tally-list" }, rewards.map((r) => {
    const li = h("li", {}, h("span", {}, r.title, h("br"), h("span", { class: "tally-muted" }, `${fmt(r.pointsCost)} ${unit(r.pointsCost)}`)));
    if (signedIn) {
      const button = h("button", { type: "button", class: "tally-btn", disabled: balance < r.pointsCost, "aria-label": `${text("redeem")}: ${r.title}` }, text("redeem"));
      button.addEventListener("click", () => confirmRedeem(li, r));
      li.append(button);
    }
    return li;
  }));
}

function confirmRedeem(li, reward) {
  const original = [...li.childNodes];
  const yes = h("button", { type: "button", class: "tally-btn tally-btn--primary" }, text("confirm"));
  const no = h("button", { type: "button", class: "tally-btn" }, text("cancel"));
  li.replaceChildren(h("span", {}, `${reward.title}?`), yes, no);
  no.addEventListener("click", () => { li.replaceChildren(...original); original[original.length - 1].focus(); });
  yes.addEventListener("click", async () => {
    yes.disabled = true;
    try {
      const result = await api(state.root.dataset.proxyBase, "/redemptions", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
        body: JSON.stringify({ rewardId: reward.id }),
      });
      showCode(li, result.redemption);
      state.me = await api(state.root.dataset.proxyBase, "/me");
      const balance = state.panel && state.panel.querySelector("[data-tally-balance]");
      if (balance) balance.textContent = `${fmt(state.me.member.balance)} ${unit(state.me.member.balance)}`;
    } catch (error) {
      li.replaceChildren(...original, h("p", { class: "tally-error", role: "alert" }, text(error.code, text("error"))));
    }
  });
  yes.focus();
}

function showCode(container, redemption) {
  const code = redemption.code;
  const copy = h("button", { type: "button", class: "tally-btn" }, text("copy"));
  copy.addEventListener("click", () => navigator.clipboard && navigator.clipboard.writeText(code).then(() => { copy.textContent = text("copied"); }));
  container.replaceChildren(h("div", { role: "status" },
    h("p", {}, text("your_code")), h("span", { class: "tally-code", "data-tally-code": "" }, code), " ", copy, " ",
    h("a", { class: "tally-btn tally-btn--primary", href: `/discount/${encodeURIComponent(code)}?redirect=/cart` }, text("apply")),
    redemption.expiresAt ? h("p", { class: "tally-muted" }, `${text("expires")} ${date(redemption.expiresAt)}`) : null));
}

function memberView(me, program) {
  const m = me.member;
  const next = me.nextReward;
  const issued = me.redemptions.filter((r) => r.status === "issued");
  return [
    h("section", {}, h("div", { class: "tally-muted" }, text("balance")), h("div", { class: "tally-balance", "data-tally-balance": "" }, `${fmt(m.balance)} ${unit(m.balance)}`),
      m.pending ? h("p", { class: "tally-muted" }, `${fmt(m.pending)} ${text("pending")}`) : null,
      m.tier ? h("p", {}, `${text("tier")}: `, h("strong", {}, m.tier.name)) : null),
    next ? h("section", {}, h("p", { class: "tally-muted" }, `${text("next_reward")}: ${next.title} (${fmt(next.remaining)} ${unit(next.remaining)})`),
      h("div", { class: "tally-progress", role: "progressbar", "aria-valuemin": 0, "aria-valuemax": next.pointsCost, "aria-valuenow": next.pointsCost - next.remaining, "aria-label": text("next_reward") },
        h("span", { style: `width:${Math.round(((next.pointsCost - next.remaining) / next.pointsCost) * 100)}%` }))) : null,
    h("h3", {}, text("rewards")), rewardsList(program.rewards, m.balance, true),
    issued.length ? [h("h3", {}, text("codes")), h("ul", { class: "tally-list" }, issued.map((r) => h("li", {}, h("span", {}, r.title, h("br"), h("span", { class: "tally-code" }, r.code)), r.expiresAt ? h("span", { class: "tally-muted" }, `${text("expires")} ${date(r.expiresAt)}`) : null)))] : null,
    me.history.length ? [h("h3", {}, text("history")), h("ul", { class: "tally-list" }, me.history.slice(0, 5).map((e) => h("li", {}, h("span", {}, e.description), h("span", {}, `${e.points > 0 ? "+" : ""}${fmt(e.points)}`))))] : null,
  ];
}

function guestView(root, program) {
  return [
    h("p", {}, text("guest_intro")),
    h("h3", {}, text("ways_to_earn")), h("ul", { class: "tally-list" }, program.waysToEarn.map((w) => h("li", {}, h("span", {}, w.title), h("span", { class: "tally-muted" }, w.description)))),
    h("h3", {}, text("rewards")), rewardsList(program.rewards, 0, false),
    h("p", {}, h("a", { class: "tally-btn tally-btn--primary", href: root.dataset.registerUrl }, text("join")), " ", h("a", { class: "tally-btn", href: root.dataset.loginUrl }, text("sign_in"))),
  ];
}

function trapFocus(event) {
  if (event.key === "Escape") { close(); return; }
  if (event.key !== "Tab") return;
  const focusable = [...state.panel.querySelectorAll("a[href],button:not([disabled]),[tabindex]:not([tabindex='-1'])")];
  if (!focusable.length) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
  else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
}

function close() {
  if (!state.panel) return;
  state.panel.remove();
  state.panel = null;
  state.launcher.setAttribute("aria-expanded", "false");
  state.launcher.focus();
}

export async function open(root, launcher) {
  if (state.panel) { close(); return; }
  state.root = root;
  state.launcher = launcher;
  state.t = readI18n(root);
  const title = root.dataset.title || text("title", "Rewards");
  const body = h("div", { "aria-live": "polite", "aria-busy": "true" }, h("p", { class: "tally-muted" }, "…"));
  const closeButton = h("button", { type: "button", class: "tally-close", "aria-label": text("close") }, "×");
  closeButton.addEventListener("click", close);
  state.panel = h("div", { class: "tally-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "tally-panel-title", tabindex: "-1" },
    h("header", {}, h("h2", { id: "tally-panel-title" }, title), closeButton), body);
  state.panel.addEventListener("keydown", trapFocus);
  root.append(state.panel);
  launcher.setAttribute("aria-expanded", "true");
  closeButton.focus();
  const base = root.dataset.proxyBase;
  try {
    state.program = state.program || (await api(base, "/program"));
    if (root.dataset.signedIn === "true") {
      state.me = await api(base, "/me");
      body.replaceChildren(...memberView(state.me, state.program).flat().filter(Boolean));
    } else {
      body.replaceChildren(...guestView(root, state.program).flat().filter(Boolean));
    }
  } catch (error) {
    body.replaceChildren(h("p", { class: "tally-error", role: "alert" }, text(error.code, text("error"))));
  }
  body.setAttribute("aria-busy", "false");
}

export async function renderPage(root) {
  state.t = readI18n(root);
  const target = root.querySelector("[data-tally-program]");
  try {
    state.program = await api(root.dataset.proxyBase, "/program");
    target.replaceChildren(h("h3", {}, text("ways_to_earn")),
      h("ul", { class: "tally-list" }, state.program.waysToEarn.map((w) => h("li", {}, h("span", {}, w.title), h("span", { class: "tally-muted" }, w.description)))),
      h("h3", {}, text("rewards")), rewardsList(state.program.rewards, 0, false),
      ...(state.program.tiers.length ? [h("h3", {}, text("tiers", "VIP")), h("ul", { class: "tally-list" }, state.program.tiers.map((t) => h("li", {}, h("strong", {}, t.name), h("span", { class: "tally-muted" }, t.perks.join(" · ")))))] : []));
  } catch (error) {
    target.replaceChildren(h("p", { class: "tally-error" }, text(error.code, text("error"))));
  }
}
