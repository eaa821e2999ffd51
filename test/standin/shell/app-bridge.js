// App Bridge stand-in, loaded by the embedded app instead of https://cdn.shopify.com/shopifycloud/app-bridge.js
// when it runs inside the local Shopify stand-in. It defines the `shopify` global and the ui-*
// elements the app uses, with the behaviour the app relies on: session tokens on the app's own
// fetches, toasts, the contextual save bar, modals, the resource picker and navigation.
(function () {
  "use strict";
  if (window.shopify && window.shopify.__standin) return;
  var STANDIN = "__STANDIN_URL__";
  var script = document.currentScript;
  var params = new URLSearchParams(location.search);
  // Shop and host from the URL, remembered for the tab; like Shopify's App Bridge it must work in
  // a cross-site frame whose storage the browser blocks (every access throws a SecurityError).
  var remembered = function (key, value) {
    try {
      if (value) sessionStorage.setItem(key, value);
      return value || sessionStorage.getItem(key) || "";
    } catch {
      return value || "";
    }
  };
  var shop = remembered("tally-standin:shop", params.get("shop"));
  var host = remembered("tally-standin:host", params.get("host"));

  var cached = null;
  function idToken() {
    if (cached && Date.now() - cached.at < 30000) return Promise.resolve(cached.token);
    return nativeFetch(STANDIN + "/admin/session-token?shop=" + encodeURIComponent(shop))
      .then(function (r) { return r.json(); })
      .then(function (body) { cached = { token: body.token, at: Date.now() }; return body.token; });
  }

  // The library's bounce page: get a session token and reload with it.
  var reload = params.get("shopify-reload");
  if (reload) {
    var target = new URL(reload, location.href);
    shop = shop || target.searchParams.get("shop") || "";
    idToken().then(function (token) {
      target.searchParams.set("id_token", token);
      location.replace(target.href);
    });
  }

  // Like the real App Bridge: the app's own requests carry a fresh session token.
  var nativeFetch = window.fetch.bind(window);
  window.fetch = function (input, init) {
    var url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, location.href);
    if (url.origin !== location.origin) return nativeFetch(input, init);
    return idToken().then(function (token) {
      var headers = new Headers((init && init.headers) || (input instanceof Request ? input.headers : undefined));
      if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + token);
      return nativeFetch(input, Object.assign({}, init, { headers: headers }));
    });
  };

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  var toastRegion = null;
  function toast(message, options) {
    if (!toastRegion) {
      toastRegion = el("div", { role: "status", "aria-live": "polite", "data-standin": "toasts", style: "position:fixed;bottom:24px;left:50%;transform:translateX(-50%);z-index:10000;display:grid;gap:8px" });
      document.body.appendChild(toastRegion);
    }
    var isError = options && options.isError;
    var item = el("div", { "data-standin-toast": isError ? "error" : "info", style: "background:" + (isError ? "#8e1f0b" : "#303030") + ";color:#fff;padding:10px 16px;border-radius:10px;font:14px system-ui" }, message);
    toastRegion.appendChild(item);
    setTimeout(function () { item.remove(); }, (options && options.duration) || 5000);
    return "toast-" + Date.now();
  }

  // <ui-save-bar>: a bar with the app's own Save/Discard buttons, shown while there are changes.
  function defineOnce(name, ctor) { if (!customElements.get(name)) customElements.define(name, ctor); }
  defineOnce("ui-save-bar", class extends HTMLElement {
    connectedCallback() { if (!this.hasAttribute("data-shown")) this.style.display = "none"; }
    show() {
      this.setAttribute("data-shown", "");
      this.setAttribute("role", "region");
      this.setAttribute("aria-label", "Unsaved changes");
      this.style.cssText = "display:flex;gap:8px;align-items:center;position:fixed;top:0;left:0;right:0;z-index:9999;background:#1a1a1a;color:#fff;padding:8px 16px;font:14px system-ui";
      if (!this.querySelector("[data-standin-label]")) this.prepend(el("span", { "data-standin-label": "", style: "flex:1" }, "Unsaved changes"));
      this.dispatchEvent(new Event("show"));
    }
    hide() { this.removeAttribute("data-shown"); this.style.display = "none"; this.dispatchEvent(new Event("hide")); }
    toggle() { if (this.hasAttribute("data-shown")) this.hide(); else this.show(); }
    get showing() { return this.hasAttribute("data-shown"); }
  });
  defineOnce("ui-modal", class extends HTMLElement {
    connectedCallback() { if (!this.hasAttribute("data-shown")) this.style.display = "none"; }
    show() {
      this.setAttribute("data-shown", "");
      this.setAttribute("role", "dialog");
      this.setAttribute("aria-modal", "true");
      this.style.cssText = "display:block;position:fixed;inset:10% 20%;z-index:9998;background:#fff;border-radius:12px;box-shadow:0 10px 40px rgba(0,0,0,.3);padding:16px;overflow:auto";
      this.dispatchEvent(new Event("show"));
      return Promise.resolve();
    }
    hide() { this.removeAttribute("data-shown"); this.style.display = "none"; this.dispatchEvent(new Event("hide")); return Promise.resolve(); }
    toggle() { return this.hasAttribute("data-shown") ? this.hide() : this.show(); }
  });
  // <ui-title-bar title="…">: Shopify draws it above the frame; here a heading at the top of the
  // page (its buttons stay usable), and the shell's tab title follows it.
  defineOnce("ui-title-bar", class extends HTMLElement {
    static get observedAttributes() { return ["title"]; }
    connectedCallback() { this.render(); }
    attributeChangedCallback() { this.render(); }
    render() {
      var title = this.getAttribute("title") || "";
      var heading = this.querySelector("h2[data-standin-title]");
      if (!heading) {
        heading = el("h2", { "data-standin-title": "", style: "font:600 20px system-ui;margin:12px 16px" });
        this.prepend(heading);
      }
      heading.textContent = title;
      this.style.display = "block";
      if (title) window.parent.postMessage({ type: "tally-standin:title", title: title }, "*");
    }
  });
  defineOnce("ui-nav-menu", class extends HTMLElement {
    connectedCallback() {
      this.style.display = "none";
      var report = () => {
        // Shopify shows the rel="home" link as the app's own entry rather than an item; the shell
        // lists it first, flagged, so the home page stays reachable by its label.
        var links = Array.prototype.map.call(this.querySelectorAll("a"), function (a) { return { label: a.textContent, href: a.getAttribute("href"), home: a.getAttribute("rel") === "home" }; });
        links.sort(function (x, y) { return Number(y.home) - Number(x.home); });
        window.parent.postMessage({ type: "tally-standin:nav", links: links }, "*");
      };
      report();
      new MutationObserver(report).observe(this, { childList: true, subtree: true, characterData: true });
    }
  });

  function byId(id) { return document.getElementById(id); }

  function resourcePicker(options) {
    var type = (options && options.type) || "product";
    return nativeFetch(STANDIN + "/admin/resources?shop=" + encodeURIComponent(shop) + "&type=" + type)
      .then(function (r) { return r.json(); })
      .then(function (items) {
        return new Promise(function (resolve) {
          var dialog = el("div", { role: "dialog", "aria-modal": "true", "aria-label": "Select " + type + "s", "data-standin": "resource-picker", style: "position:fixed;inset:10% 25%;z-index:10001;background:#fff;border-radius:12px;box-shadow:0 10px 40px rgba(0,0,0,.3);padding:16px;overflow:auto;font:14px system-ui" });
          dialog.appendChild(el("h2", {}, "Select " + type + "s"));
          var list = el("div", {});
          items.forEach(function (item) {
            var label = el("label", { style: "display:block;padding:4px" });
            var input = el("input", { type: options && options.multiple ? "checkbox" : "radio", name: "pick", value: item.id });
            label.appendChild(input);
            label.appendChild(document.createTextNode(" " + item.title));
            list.appendChild(label);
          });
          dialog.appendChild(list);
          var add = el("button", { type: "button" }, "Select");
          var cancel = el("button", { type: "button" }, "Cancel");
          add.addEventListener("click", function () {
            var chosen = Array.prototype.filter.call(list.querySelectorAll("input"), function (i) { return i.checked; }).map(function (i) {
              return items.find(function (it) { return it.id === i.value; });
            });
            dialog.remove();
            resolve(Object.assign(chosen, { selection: chosen }));
          });
          cancel.addEventListener("click", function () { dialog.remove(); resolve(undefined); });
          dialog.appendChild(add);
          dialog.appendChild(cancel);
          document.body.appendChild(dialog);
          (list.querySelector("input") || add).focus();
        });
      });
  }

  window.shopify = {
    __standin: true,
    config: { apiKey: (script && script.getAttribute("data-api-key")) || "", shop: shop, host: host, locale: params.get("locale") || "en" },
    environment: { embedded: true, mobile: false, pos: false },
    idToken: idToken,
    toast: { show: toast, hide: function () {} },
    loading: function (isLoading) {
      // A thin bar at the top while the app says it is loading, as the admin shows.
      var bar = document.querySelector("[data-standin-loading]");
      if (isLoading === false) { if (bar) bar.remove(); return; }
      if (!bar) document.body.appendChild(el("div", { "data-standin-loading": "", role: "progressbar", "aria-label": "Loading", style: "position:fixed;top:0;left:0;right:0;height:3px;background:#2c6ecb;z-index:10002" }));
    },
    user: function () { return Promise.resolve({ id: 42, name: "Stand-in Staff", accountAccess: "Account owner" }); },
    saveBar: {
      show: function (id) { var b = byId(id); if (b && b.show) b.show(); return Promise.resolve(); },
      hide: function (id) { var b = byId(id); if (b && b.hide) b.hide(); return Promise.resolve(); },
      toggle: function (id) { var b = byId(id); if (b && b.toggle) b.toggle(); return Promise.resolve(); },
      leaveConfirmation: function () { return Promise.resolve(); },
    },
    modal: {
      show: function (id) { var m = byId(id); return m && m.show ? m.show() : Promise.resolve(); },
      hide: function (id) { var m = byId(id); return m && m.hide ? m.hide() : Promise.resolve(); },
      toggle: function (id) { var m = byId(id); return m && m.toggle ? m.toggle() : Promise.resolve(); },
    },
    resourcePicker: resourcePicker,
  };

  // The shell's navigation: load the page with a fresh session token, as Shopify admin does.
  window.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type !== "tally-standin:navigate") return;
    idToken().then(function (token) {
      var url = new URL(data.href, location.href);
      url.searchParams.set("embedded", "1");
      url.searchParams.set("shop", shop);
      if (host) url.searchParams.set("host", host);
      url.searchParams.set("id_token", token);
      location.assign(url.href);
    });
  });
})();
