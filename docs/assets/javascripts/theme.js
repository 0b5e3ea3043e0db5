/* The theme's script, started once the page has been drawn whole (issue #15, Lighthouse on a phone).

   The theme's bundle ran at the end of the page while part of the page was not yet laid out, so its
   first reads of a size or a scroll position laid out the rest of the page inside its own task,
   and it restyled every element once more for its change to the html element's classes. On a
   phone's CPU those were long tasks of 300-400 ms that blocked the first taps.

   Now the page carries those classes (and the palette the theme will choose) from the start (the
   head script and the script after the header in overrides/main.html), so those writes of the
   theme change nothing; and this script starts the bundle (preloaded by the link it names) after
   the first frame that shows the whole page, then, in a task of its own, hands it the document, as
   the DOMContentLoaded it listens for has passed. Every feature of the theme is there as before,
   a frame later. */
(function () {
  "use strict";
  var link = document.querySelector("link[data-theme-bundle]");
  if (!link) return;

  function mounted() {
    if (window.document$) window.document$.next(document);
  }

  function start() {
    var script = document.createElement("script");
    script.src = link.href;
    // The bundle's components mount in a task of their own, not in the one that ran the bundle.
    script.onload = function () { setTimeout(mounted, 0); };
    script.onerror = function () {
      // No theme script: the page stays as it is with JavaScript off.
      document.documentElement.className = document.documentElement.className
        .replace(/(^| )js-focus-visible( |$)/, " ").replace(/(^| )js( |$)/, " no-js ").trim();
    };
    document.body.appendChild(script);
  }

  function afterFirstFrame() {
    requestAnimationFrame(function () { setTimeout(start, 0); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", afterFirstFrame, { once: true });
  else afterFirstFrame();
})();
