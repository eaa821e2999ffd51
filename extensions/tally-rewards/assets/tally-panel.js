// Tally Rewards panel, loaded only when the shopper asks for it. It talks only to the storefront
// API behind the app proxy (docs/storefront-api.md): the shopper is whoever Shopify signed in,
// never an id sent from here. Texts come from Liquid (the data-tally-i18n JSON in the root).
const state = { root: null, launcher: null, panel: null, body: null, t: {}, program: null, me: null };

// ---- small helpers -------------------------------------------------------------------------
function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== false && value != null) node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) node.append(child.nodeType ? child : String(child));
  }
  return node;
}
const readTexts = (root) => {
  try { return JSON.parse(root.querySelector("[data-tally-i18n]").textContent); } catch { return {}; }
};
const text = (key, vars) => String(state.t[key] || key).replace(/\{(\w+)\}/g, (m, name) => (vars && name in vars ? vars[name] : m));
const lang = () => (state.root && state.root.closest("[lang]") ? state.root.closest("[lang]").lang : undefined) || undefined;
const number = (n) => new Intl.NumberFormat(lang()).format(n);
const points = (n) => `${number(n)} ${state.program && state.program.currency ? state.program.currency[n === 1 ? "singular" : "plural"] : ""}`.trim();
const day = (iso) => new Intl.DateTimeFormat(lang(), { dateStyle: "medium" }).format(new Date(iso));
// Money arrives in integer minor units; Intl formats the exact decimal string (no float maths).
function money(minor, currency) {
  const nf = new Intl.NumberFormat(lang(), { style: "currency", currency });
  const exp = nf.resolvedOptions().maximumFractionDigits;
  const digits = String(Math.abs(minor)).padStart(exp + 1, "0");
  const decimal = exp ? `${digits.slice(0, -exp)}.${digits.slice(-exp)}` : digits;
  return nf.format(`${minor < 0 ? "-" : ""}${decimal}`);
}
const metricValue = (metric, n) =>
  metric === "spend" && state.program && state.program.earn ? money(n, state.program.earn.currency) : metric === "orders" ? number(n) : points(n);
const errorText = (error) => (state.t[`error_${error.code}`] ? text(`error_${error.code}`) : text("error_generic"));
const uuid = () =>
  crypto.randomUUID ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

async function api(root, path, init) {
  const base = root.getAttribute("data-proxy-base") || "/apps/tally";
  let res;
  try {
    res = await fetch(base + path, { credentials: "same-origin", ...init, headers: { Accept: "application/json", ...(init && init.headers) } });
  } catch {
    throw Object.assign(new Error("network"), { code: "network", transient: true });
  }
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const code = body.error ? body.error.code : "http_" + res.status;
    throw Object.assign(new Error(code), { code, status: res.status, details: body.error && body.error.details, transient: res.status >= 500 || res.status === 429 });
  }
  return body;
}

function progressBar(value, max, label) {
  const pct = max > 0 ? Math.min(100, Math.round((value / max) * 100)) : 100;
  return h("div", { class: "tally-progress", role: "progressbar", "aria-label": label, "aria-valuemin": 0, "aria-valuemax": max, "aria-valuenow": Math.min(value, max) },
    h("span", { style: `width:${pct}%` }));
}

// ---- program sections (guest view, rewards page) -----------------------------------------
// For a member, a social follow gets its button; email sign-up and reviews are text only.
function waysToEarn(program, me) {
  return [h("h3", {}, text("ways_to_earn")),
    h("ul", { class: "tally-list" }, program.waysToEarn.map((w) => h("li", {}, h("span", {}, h("strong", {}, w.title), h("br"), h("span", { class: "tally-muted" }, w.description)),
      me && w.action && w.action.type === "social_follow" ? followButton(w) : null)))];
}
function tiersSection(program) {
  if (!program.tiers || !program.tiers.length) return null;
  return [h("h3", {}, text("tiers")),
    h("ul", { class: "tally-list" }, program.tiers.map((tier) => h("li", {},
      h("span", {}, h("strong", {}, tier.name), h("br"), h("span", { class: "tally-muted" }, text(`threshold_${tier.metric}`, { n: metricValue(tier.metric, tier.threshold) }))),
      tier.perks.length ? h("span", { class: "tally-muted" }, tier.perks.join(" · ")) : null)))];
}
const tierName = (id) => { const tier = (state.program.tiers || []).find((x) => x.id === id); return tier ? tier.name : id; };
const tierRank = (id) => (state.program.tiers || []).findIndex((x) => x.id === id);

// ---- rewards and redemption ----------------------------------------------------------------
function rewardItem(reward, me) {
  const balance = me ? me.member.balance : 0;
  const minimum = reward.variable ? reward.variable.minPoints : reward.pointsCost;
  const affordable = me && (me.affordableRewardIds ? me.affordableRewardIds.includes(reward.id) : balance >= minimum);
  const tierOk = !reward.minimumTier || (me && me.member.tier && tierRank(me.member.tier.id) >= tierRank(reward.minimumTier));
  const free = me && me.freeRewardIds && me.freeRewardIds.includes(reward.id) && me.member.tier; // the tier's free-shipping perk
  const li = h("li", { "data-reward": reward.id }, h("span", {},
    h("strong", {}, reward.title), h("br"),
    h("span", { class: "tally-muted" }, free ? text("free_for_tier", { tier: free.name }) : reward.variable ? `${points(reward.variable.minPoints)}–${points(reward.variable.maxPoints)}` : points(reward.pointsCost), reward.valueLabel ? ` · ${reward.valueLabel}` : ""),
    reward.minimumTier ? [h("br"), h("span", { class: "tally-muted" }, text("requires_tier", { tier: tierName(reward.minimumTier) }))] : null,
    me && !affordable && tierOk ? [h("br"), h("span", { class: "tally-muted" }, text("more_needed", { n: points(Math.max(0, minimum - balance)) }))] : null));
  if (me) {
    li.append(h("button", { type: "button", class: "tally-btn", "data-redeem": "", disabled: !affordable || !tierOk, "aria-label": `${text("redeem")}: ${reward.title}`, onclick: () => confirmStep(li, reward) }, text("redeem")));
  }
  return li;
}
const rewardsList = (me) => h("ul", { class: "tally-list", "data-tally-rewards": "" }, state.program.rewards.map((reward) => rewardItem(reward, me)));

function confirmStep(li, reward) {
  const before = [...li.childNodes];
  const key = uuid(); // one key per confirmation: a retry after a network error cannot redeem twice
  const v = reward.variable;
  const amount = v ? h("input", { type: "number", id: `tally-amount-${reward.id}`, min: v.minPoints, max: Math.min(v.maxPoints, state.me.member.balance), step: v.pointsPerStep, value: v.minPoints, inputmode: "numeric" }) : null;
  const yes = h("button", { type: "button", class: "tally-btn tally-btn--primary" }, text("confirm"));
  const no = h("button", { type: "button", class: "tally-btn" }, text("cancel"));
  const message = h("p", { class: "tally-error", role: "alert" });
  const free = state.me && state.me.freeRewardIds && state.me.freeRewardIds.includes(reward.id);
  const question = h("p", {}, text("redeem_confirm", { n: points(free ? 0 : v ? v.minPoints : reward.pointsCost), reward: reward.title }));
  if (amount) amount.addEventListener("input", () => { question.textContent = text("redeem_confirm", { n: points(Number(amount.value) || 0), reward: reward.title }); });
  li.replaceChildren(h("div", { class: "tally-confirm" }, question,
    amount ? h("p", {}, h("label", { for: amount.id }, text("choose_points")), " ", amount) : null,
    h("p", {}, yes, " ", no), message));
  no.addEventListener("click", () => { li.replaceChildren(...before); li.querySelector("button").focus(); });
  yes.addEventListener("click", async () => {
    if (amount && !amount.checkValidity()) { amount.reportValidity(); return; }
    yes.disabled = true;
    message.textContent = "";
    try {
      const result = await api(state.root, "/redemptions", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": key },
        body: JSON.stringify(amount ? { rewardId: reward.id, amount: Number(amount.value) } : { rewardId: reward.id }),
      });
      li.replaceChildren(codeBlock(result.redemption));
      li.querySelector("[data-tally-copy]").focus();
      setBalance(result.balance);
      refreshMember();
    } catch (error) {
      message.textContent = errorText(error);
      yes.disabled = false;
      yes.focus();
    }
  });
  (amount || yes).focus();
}

function copyButton(code, label = text("copy")) {
  const button = h("button", { type: "button", class: "tally-btn", "data-tally-copy": "" }, label);
  button.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText(code); } catch {
      const range = document.createRange(); // no clipboard API (not a secure context): select the code
      range.selectNodeContents(button.previousElementSibling);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return;
    }
    button.textContent = text("copied");
  });
  return button;
}
const applyLink = (code) => h("a", { class: "tally-btn tally-btn--primary", href: `/discount/${encodeURIComponent(code)}?redirect=/cart` }, text("apply"));

function codeBlock(redemption) {
  // Shopify did not answer clearly (202): the points are held until the app has confirmed the reward.
  if (redemption.status === "pending") return h("div", { class: "tally-issued", role: "status", tabindex: "-1", "data-tally-copy": "" }, h("p", {}, text("confirming")));
  // Store credit has no code: the value went straight to the customer's account.
  if (!redemption.code) return h("div", { class: "tally-issued", role: "status", tabindex: "-1", "data-tally-copy": "" }, h("p", {}, text("credited", { value: redemption.valueLabel || redemption.title })));
  return h("div", { class: "tally-issued", role: "status" },
    h("p", {}, h("strong", {}, text("your_code")), redemption.valueLabel ? ` · ${redemption.valueLabel}` : ""),
    h("p", {}, h("span", { class: "tally-code", "data-tally-code": "" }, redemption.code), " ", copyButton(redemption.code), " ", applyLink(redemption.code)),
    redemption.expiresAt ? h("p", { class: "tally-muted" }, text("expires", { date: day(redemption.expiresAt) })) : null);
}

function setBalance(balance) {
  const node = state.panel && state.panel.querySelector("[data-tally-balance]");
  if (node) node.textContent = points(balance);
}
// After a redemption: the server's balance, status, unused codes and what is affordable now. Rows in
// a confirmation or showing a new code are left as they are.
async function refreshMember() {
  try {
    state.me = await api(state.root, "/me");
  } catch { return; /* the code is already shown; the rest refreshes on next open */ }
  if (!state.panel) return;
  const status = state.panel.querySelector(".tally-status");
  if (status) status.replaceWith(statusSection(state.me));
  const codes = state.panel.querySelector("[data-tally-codes]");
  if (codes) codes.replaceChildren(...unusedCodes(state.me));
  for (const li of state.panel.querySelectorAll("[data-tally-rewards] > li")) {
    const reward = state.program.rewards.find((r) => r.id === li.getAttribute("data-reward"));
    if (reward && li.querySelector("[data-redeem]") && !li.contains(document.activeElement)) li.replaceWith(rewardItem(reward, state.me));
  }
}

// ---- member and guest views ----------------------------------------------------------------
function statusSection(me) {
  const m = me.member;
  return h("section", { class: "tally-status" },
    h("p", { class: "tally-muted" }, text("balance")),
    h("p", { class: "tally-balance", "data-tally-balance": "" }, points(m.balance)),
    m.pending ? h("div", { class: "tally-pending" },
      h("p", {}, text("pending", { n: points(m.pending) })),
      h("p", { class: "tally-muted" }, text("pending_help")),
      (m.pendingReleases || []).length ? h("ul", { class: "tally-muted" }, m.pendingReleases.map((r) => h("li", {}, text("pending_release", { n: points(r.points), date: day(r.availableAt) })))) : null) : null,
    m.nextExpiry ? h("p", { class: "tally-muted" }, text("expiring", { n: points(m.nextExpiry.points), date: day(m.nextExpiry.at) })) : null,
    m.tier ? h("p", {}, `${text("tier")}: `, h("span", { class: "tally-badge" }, m.tier.name)) : null,
    m.nextTier ? [h("p", { class: "tally-muted" }, text("next_tier", { n: metricValue(m.progress.metric, m.nextTier.remaining), tier: m.nextTier.name })),
      progressBar(m.nextTier.threshold - m.nextTier.remaining, m.nextTier.threshold, text("next_tier", { n: metricValue(m.progress.metric, m.nextTier.remaining), tier: m.nextTier.name }))]
      : m.tier ? h("p", { class: "tally-muted" }, text("top_tier")) : null,
    me.nextReward ? [h("p", { class: "tally-muted" }, text("next_reward", { n: points(me.nextReward.remaining), reward: me.nextReward.title })),
      progressBar(me.nextReward.pointsCost - me.nextReward.remaining, me.nextReward.pointsCost, text("next_reward", { n: points(me.nextReward.remaining), reward: me.nextReward.title }))] : null);
}

function unusedCodes(me) {
  const issued = me.redemptions.filter((r) => r.status === "issued" && r.code);
  if (!issued.length) return [];
  return [h("h3", {}, text("codes")), h("ul", { class: "tally-list" }, issued.map((r) => h("li", {}, h("div", {},
    h("strong", {}, r.title), r.valueLabel ? h("span", { class: "tally-muted" }, ` · ${r.valueLabel}`) : null,
    h("p", {}, h("span", { class: "tally-code" }, r.code), " ", copyButton(r.code), " ", applyLink(r.code)),
    r.expiresAt ? h("p", { class: "tally-muted" }, text("expires", { date: day(r.expiresAt) })) : null))))];
}

function historySection(me) {
  return [h("h3", {}, text("history")), me.history.length
    ? h("ul", { class: "tally-list" }, me.history.slice(0, 5).map((e) => h("li", {},
      h("span", {}, e.description, h("br"), h("span", { class: "tally-muted" }, day(e.createdAt))),
      h("span", { class: e.points < 0 ? "tally-minus" : "tally-plus" }, `${e.points > 0 ? "+" : ""}${number(e.points)}`))))
    : h("p", { class: "tally-muted" }, text("no_history"))];
}

// ---- earning actions: social follows, birthday, referral link -------------------------------
const wayOf = (type) => state.program.waysToEarn.find((w) => w.action && w.action.type === type);

// Click-based (the network cannot tell us who followed): a real link to the network, opened by the
// browser itself in a new tab (no popup blocker), and the click posted at the same time. Any
// answer but an error other than limit_reached means the points are (or were already) given.
function followButton(w) {
  const { network, url } = w.action;
  const attrs = { class: "tally-btn", "data-tally-follow": network, "aria-label": `${text("follow")}: ${w.title}` };
  const node = url ? h("a", { ...attrs, href: url, target: "_blank", rel: "noopener" }, text("follow")) : h("button", { ...attrs, type: "button" }, text("follow"));
  const message = h("span", { class: "tally-error", role: "alert" });
  let busy = false;
  node.addEventListener("click", async () => {
    if (busy) return;
    busy = true;
    message.textContent = "";
    try {
      const result = await api(state.root, "/actions/social_follow", { method: "POST", keepalive: true, headers: { "Content-Type": "application/json" }, body: JSON.stringify({ network }) });
      setBalance(result.balance);
      refreshMember();
    } catch (error) {
      if (error.code !== "limit_reached") { message.textContent = errorText(error); busy = false; return; }
    }
    const done = h("span", { class: "tally-done", tabindex: "-1", "data-tally-done": network }, text("done"));
    const hadFocus = wrap.contains(document.activeElement);
    wrap.replaceWith(done);
    if (hadFocus) done.focus();
  });
  const wrap = h("span", { class: "tally-follow" }, node, message);
  return wrap;
}

const monthName = (m) => new Intl.DateTimeFormat(lang(), { month: "long", timeZone: "UTC" }).format(Date.UTC(2000, m - 1, 1));
const birthdayText = (b) =>
  new Intl.DateTimeFormat(lang(), { month: "long", day: "numeric", year: b.year ? "numeric" : undefined, timeZone: "UTC" }).format(Date.UTC(b.year || 2000, b.month - 1, b.day));

function birthdaySection(me) {
  const way = wayOf("birthday");
  if (!way && !me.member.birthday) return null;
  const box = h("section", { class: "tally-extra", "data-tally-birthday": "" });
  const show = (b, editing) => {
    box.replaceChildren(h("h3", {}, text("birthday")),
      way ? h("p", { class: "tally-muted" }, way.points > 0 ? text("birthday_reward", { n: points(way.points) }) : text("birthday_gift")) : null,
      b && !editing ? savedBirthday(b, show) : birthdayForm(b, show));
  };
  show(me.member.birthday, false);
  return box;
}

function savedBirthday(b, show) {
  return h("div", {},
    h("p", { tabindex: "-1", "data-tally-birthday-saved": "" }, h("strong", {}, birthdayText(b))),
    b.changeableFrom ? h("p", { class: "tally-muted" }, text("birthday_locked_until", { date: day(b.changeableFrom) }))
      : h("p", {}, h("button", { type: "button", class: "tally-btn", onclick: () => { show(b, true); state.panel.querySelector("#tally-bd-month").focus(); } }, text("change"))));
}

// Month and day as selects (no typing, no format to guess), the year optional. The API's field
// errors are shown next to their field; any other refusal (birthday_locked, network) below.
function birthdayForm(current, show) {
  const fields = {};
  const field = (name, label, control) => {
    const error = h("span", { class: "tally-error", id: `tally-bd-${name}-error` });
    fields[name] = { control, error };
    Object.assign(control, { id: `tally-bd-${name}`, name });
    control.setAttribute("aria-describedby", error.id);
    return h("p", { class: "tally-field" }, h("label", { for: control.id }, label), control, error);
  };
  const options = (from, to, selected, label) =>
    [h("option", { value: "" }, "—"), Array.from({ length: to - from + 1 }, (_, i) => h("option", { value: from + i, selected: selected === from + i }, label(from + i)))];
  const month = h("select", { required: true, autocomplete: "bday-month" }, options(1, 12, current && current.month, monthName));
  const dayOf = h("select", { required: true, autocomplete: "bday-day" }, options(1, 31, current && current.day, number));
  const year = h("input", { type: "number", inputmode: "numeric", autocomplete: "bday-year", min: 1900, max: new Date().getFullYear(), value: current && current.year });
  const save = h("button", { type: "submit", class: "tally-btn tally-btn--primary" }, text("save"));
  const message = h("p", { class: "tally-error", role: "alert" });
  const form = h("form", { class: "tally-birthday" },
    field("month", text("month"), month), field("day", text("day"), dayOf), field("year", text("year"), year), h("p", {}, save), message);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const f of Object.values(fields)) { f.error.textContent = ""; f.control.removeAttribute("aria-invalid"); }
    message.textContent = "";
    save.disabled = true;
    try {
      const body = { month: Number(month.value), day: Number(dayOf.value), ...(year.value ? { year: Number(year.value) } : {}) };
      // Setting the same date twice is not a change, so a retry is safe without a key.
      const result = await api(state.root, "/birthday", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
      state.me.member.birthday = result.birthday;
      show(result.birthday, false);
      state.panel.querySelector("[data-tally-birthday-saved]").focus();
    } catch (error) {
      save.disabled = false;
      const invalid = error.code === "invalid_birthday" && error.details && error.details.fieldErrors ? Object.keys(error.details.fieldErrors).filter((k) => fields[k]) : [];
      for (const name of invalid) {
        fields[name].error.textContent = text("error_invalid_birthday");
        fields[name].control.setAttribute("aria-invalid", "true");
      }
      if (invalid.length) fields[invalid[0]].control.focus();
      else { message.textContent = errorText(error); save.focus(); }
    }
  });
  return form;
}

function referralSection(me) {
  const ref = me.member.referral;
  if (!ref) return null;
  const way = wayOf("referral");
  return h("section", { class: "tally-extra", "data-tally-referral": "" }, h("h3", {}, text("refer")),
    way ? h("p", {}, text("refer_advocate", { n: points(way.points) })) : null,
    h("p", {}, text("refer_friend")),
    h("p", {}, h("span", { class: "tally-code tally-link", "data-tally-link": "" }, ref.url), " ", copyButton(ref.url, text("copy_link"))));
}

function memberView(me) {
  return [statusSection(me), h("h3", {}, text("rewards")), rewardsList(me), h("div", { "data-tally-codes": "" }, unusedCodes(me)), historySection(me),
    waysToEarn(state.program, me), birthdaySection(me), referralSection(me)];
}

function guestView(root) {
  return [h("p", {}, text("intro")),
    h("p", {}, h("a", { class: "tally-btn tally-btn--primary", href: root.getAttribute("data-register-url") }, text("join")), " ",
      h("a", { class: "tally-btn", href: root.getAttribute("data-login-url") }, text("sign_in"))),
    waysToEarn(state.program), h("h3", {}, text("rewards")), rewardsList(null), tiersSection(state.program)];
}

// ---- the dialog ----------------------------------------------------------------------------
const FOCUSABLE = "a[href],button:not([disabled]),input:not([disabled]),select,textarea,[tabindex]:not([tabindex='-1'])";
function onKeydown(event) {
  if (event.key === "Escape") { event.preventDefault(); close(); return; }
  if (event.key !== "Tab") return;
  const focusable = [...state.panel.querySelectorAll(FOCUSABLE)];
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (!first) { event.preventDefault(); return; }
  if (event.shiftKey && (document.activeElement === first || document.activeElement === state.panel)) { event.preventDefault(); last.focus(); }
  else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
}
// Focus that leaves the open dialog some other way (a click behind it) is brought back.
function onFocusIn(event) {
  if (state.panel && !state.panel.contains(event.target)) state.panel.querySelector(".tally-close").focus();
}

export function close() {
  if (!state.panel) return;
  state.panel.remove();
  state.panel = null;
  document.removeEventListener("focusin", onFocusIn);
  state.launcher.setAttribute("aria-expanded", "false");
  state.launcher.focus();
}

async function fill(root, body) {
  try {
    state.program = state.program || (await api(root, "/program"));
    if (state.program.enabled === false) { body.replaceChildren(h("p", {}, text("paused"))); return; }
    if (root.getAttribute("data-signed-in") === "true") {
      try {
        state.me = await api(root, "/me");
      } catch (error) {
        if (error.code !== "not_signed_in") throw error;
        state.me = null;
      }
    } else state.me = null;
    body.replaceChildren(...(state.me ? memberView(state.me) : guestView(root)).flat(Infinity).filter(Boolean));
  } catch (error) {
    body.replaceChildren(h("p", { class: "tally-error", role: "alert" }, errorText(error)));
  } finally {
    body.setAttribute("aria-busy", "false");
  }
}

export async function open(root, launcher) {
  if (state.panel) return;
  state.root = root;
  state.launcher = launcher;
  state.t = readTexts(root);
  const title = root.getAttribute("data-title") || text("title");
  const body = h("div", { class: "tally-body", "aria-live": "polite", "aria-busy": "true" }, h("p", { class: "tally-muted" }, text("loading")));
  state.panel = h("div", { class: "tally-panel", role: "dialog", "aria-modal": "true", "aria-labelledby": "tally-panel-title", tabindex: "-1", dir: root.getAttribute("dir") || null },
    h("header", {}, h("h2", { id: "tally-panel-title" }, title), h("button", { type: "button", class: "tally-close", "aria-label": text("close"), onclick: close }, "×")),
    body);
  state.panel.addEventListener("keydown", onKeydown);
  root.append(state.panel);
  launcher.setAttribute("aria-expanded", "true");
  document.addEventListener("focusin", onFocusIn);
  state.panel.querySelector(".tally-close").focus();
  await fill(root, body);
}

export function toggle(root, launcher) {
  return state.panel ? close() : open(root, launcher);
}

/** The rewards page block: program sections, and the member's status with a button to the panel. */
export async function renderPage(root) {
  state.root = root;
  state.t = readTexts(root);
  const target = root.querySelector("[data-tally-program]");
  const memberTarget = root.querySelector("[data-tally-member]");
  try {
    state.program = state.program || (await api(root, "/program"));
    if (state.program.enabled === false) { target.replaceChildren(h("p", {}, text("paused"))); return; }
    target.replaceChildren(...[waysToEarn(state.program), h("h3", {}, text("rewards")), rewardsList(null), tiersSection(state.program)].flat(Infinity).filter(Boolean));
    if (memberTarget) {
      const me = await api(root, "/me");
      const button = h("button", { type: "button", class: "tally-btn tally-btn--primary", "aria-haspopup": "dialog", "aria-expanded": "false" }, text("open"));
      button.addEventListener("click", () => toggle(root, button));
      memberTarget.replaceChildren(statusSection(me), button);
    }
  } catch (error) {
    (memberTarget && state.program ? memberTarget : target).replaceChildren(h("p", { class: "tally-error" }, errorText(error)));
  }
}
