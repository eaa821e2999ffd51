// Tally Rewards launcher: the only script a page loads before the shopper interacts. On intent
// (hover, focus, touch) it prefetches the panel's module and stylesheet; on activation (click,
// Enter, Space) it opens the panel. A rewards page block gets its content at once.
(function () {
  "use strict";
  // The embed and a rewards page block may both include this script: set up once.
  var html = document.documentElement;
  if (html.hasAttribute("data-tally-launcher-ready")) return;
  html.setAttribute("data-tally-launcher-ready", "");
  var loading = null;

  function stylesheet(href) {
    var found = document.querySelector('link[href="' + href + '"]');
    if (found && found.media !== "print") return Promise.resolve();
    return new Promise(function (done) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      link.onload = link.onerror = function () { done(); };
      document.head.appendChild(link);
    });
  }

  function load(root) {
    if (!loading) {
      loading = Promise.all([import(root.getAttribute("data-panel-src")), stylesheet(root.getAttribute("data-css-src"))])
        .then(function (parts) { return parts[0]; })
        .catch(function (error) { loading = null; throw error; });
    }
    return loading;
  }

  var root = document.getElementById("tally-rewards");
  var button = root && root.querySelector("[data-tally-launcher]");
  if (button) {
    var warm = function () { load(root).catch(function () {}); };
    ["pointerenter", "focus", "touchstart"].forEach(function (type) {
      button.addEventListener(type, warm, { once: true, passive: true });
    });
    var opening = false;
    button.addEventListener("click", function () {
      if (opening) return;
      opening = true;
      load(root)
        .then(function (panel) { panel.toggle(root, button); })
        .catch(function (error) { console.error("Tally Rewards: the panel could not load", error); })
        .then(function () { opening = false; });
    });
  }

  var pages = document.querySelectorAll("[data-tally-page]");
  for (var i = 0; i < pages.length; i++) {
    (function (page) {
      load(page).then(function (panel) { panel.renderPage(page); }).catch(function () {});
    })(pages[i]);
  }
})();
