/* The theme's search, as readers use it (issue #15). Loaded before the theme's own script.

   1. Search on every way of entering text, not only on key presses. The theme searches when a
      key is released (keyup). Text pasted, dropped, chosen from an input method's candidates or
      sent by a phone keyboard as `input` events alone (the input methods of several scripts do this) releases no
      key, so nothing was searched. Each such change is passed on to the theme as the key
      release it listens for.
   2. The search index and the search worker (a quarter of the first view of a page in a language with a large font) are
      fetched when the reader turns to search (the search box gets focus, the search toggle
      changes, or the address asks for a search), not on every page load. The theme asks for the
      index at once: its request is held until then, and its search waits for the index as it
      always does. The theme's worker starts when the theme first writes to it, which it does
      once the index is there. */
(function () {
  "use strict";
  function relay(event) {
    var box = event.target;
    if (!box || !box.classList || !box.classList.contains("md-search__input")) return;
    if (event.type === "input" && event.isComposing) return; // wait for the composed text
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
  document.addEventListener("input", relay, true);
  document.addEventListener("compositionend", relay, true);

  var INDEX = /\/search\/search_index\.json(\?|$)/;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var wanted = /[?&]q=/.test(location.search);
  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (go) { go(); });
  }
  XMLHttpRequest.prototype.open = function (method, url) {
    this.__searchIndex = INDEX.test(String(url));
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var request = this;
    var args = arguments;
    if (!request.__searchIndex || wanted) return send.apply(request, args);
    held.push(function () { send.apply(request, args); });
  };
  var Worker = window.Worker;
  window.Worker = function (url, options) {
    if (!/\/workers\/search\./.test(String(url))) return new Worker(url, options);
    var stand = new EventTarget();
    var real = null;
    stand.postMessage = function (message) {
      if (!real) {
        real = new Worker(url, options);
        ["message", "messageerror", "error"].forEach(function (kind) {
          real.addEventListener(kind, function (event) {
            stand.dispatchEvent(kind === "error" ? new Event("error") : new MessageEvent(kind, { data: event.data }));
          });
        });
      }
      real.postMessage(message);
    };
    stand.terminate = function () { if (real) real.terminate(); };
    return stand;
  };
  document.addEventListener("focusin", function (event) {
    var box = event.target;
    if (box && box.classList && box.classList.contains("md-search__input")) want();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") want();
  }, true);
})();
