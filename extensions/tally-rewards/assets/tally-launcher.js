// Tally Rewards launcher: the only script loaded before interaction. It loads the panel module
// when the shopper shows intent (hover, focus, click) and opens it.
(function () {
  "use strict";
  var loading = null;
  function load(root) {
    if (!loading) loading = import(root.getAttribute("data-panel-src"));
    return loading;
  }
  function setup(root) {
    var button = root.querySelector("[data-tally-launcher]");
    if (button) {
      var warm = function () { load(root); };
      button.addEventListener("pointerenter", warm, { once: true });
      button.addEventListener("focus", warm, { once: true });
      button.addEventListener("click", function () {
        load(root).then(function (panel) { panel.open(root, button); });
      });
    }
  }
  var launcher = document.getElementById("tally-rewards");
  if (launcher) setup(launcher);
  // A rewards page block renders its program at once (it is the page's content, not a widget).
  var page = document.querySelector("[data-tally-page]");
  if (page) load(page).then(function (panel) { panel.renderPage(page); });
})();
