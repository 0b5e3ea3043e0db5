/* Search on every way of entering text, not only on key presses.
   The theme searches when a key is released (keyup). Text pasted, dropped, chosen from an
   input method's candidates or sent by a phone keyboard as `input` events alone (the input
   methods of several scripts do this) releases no key, so nothing was searched. Each such change is passed on to
   the theme as the key release it listens for. */
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
})();
