// Progressive enhancement for charts. The static SVG in the page is the chart and needs no
// script. When a chart scrolls into view, this loads the site's own Vega bundle (once) and
// swaps in the interactive view: tooltips on hover and on keyboard focus. If anything fails,
// the static chart simply stays.
(function () {
  "use strict";

  var figures = document.querySelectorAll("figure.chart[data-chart]");
  var self = document.currentScript;
  if (!figures.length || !self || !("IntersectionObserver" in window)) return;
  var bundleUrl = new URL("vega.js", self.src).href;
  var bundle = null;
  // The data marks that carry a tooltip: bars, points and event rules (not axes or labels).
  var FOCUSABLE = [".role-mark > [aria-roledescription='bar']", ".role-mark > [aria-roledescription='point']",
    ".role-mark > [aria-roledescription='circle']", ".role-mark > [aria-roledescription='rule']"].join(",");

  function loadBundle() {
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundleUrl;
        script.onload = function () { resolve(window.vegaEmbed); };
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return bundle;
  }

  // Marks become focusable; focus shows the same tooltip as hovering does.
  function makeKeyboardReachable(holder) {
    var marks = holder.querySelectorAll(FOCUSABLE);
    marks.forEach(function (mark) {
      mark.setAttribute("tabindex", "0");
      mark.addEventListener("focus", function () { pointAt(mark, "pointermove"); });
      mark.addEventListener("blur", function () { pointAt(mark, "pointerout"); });
    });
  }

  function pointAt(mark, type) {
    var box = mark.getBoundingClientRect();
    // Vega listens for pointer events on its SVG; a synthetic one at the mark's centre
    // triggers the same tooltip a mouse would.
    mark.dispatchEvent(new PointerEvent(type, {
      bubbles: true, clientX: box.left + box.width / 2, clientY: box.top + Math.min(box.height / 2, 12),
    }));
  }

  function enhance(figure) {
    var specElement = figure.querySelector("script.chart__spec");
    var staticChart = figure.querySelector(".chart__svg");
    if (!specElement || !staticChart) return;
    var spec = JSON.parse(specElement.textContent);
    loadBundle().then(function (vegaEmbed) {
      var holder = document.createElement("div");
      holder.className = "chart__live";
      holder.setAttribute("role", "group");
      holder.setAttribute("aria-label", staticChart.getAttribute("aria-label") || "");
      staticChart.after(holder);
      return vegaEmbed(holder, spec, {
        renderer: "svg", actions: false, ast: true, defaultStyle: false,
        tooltip: { theme: "custom", disableDefaultStyle: true },
      }).then(function () {
        staticChart.hidden = true;
        figure.classList.add("chart--live");
        makeKeyboardReachable(holder);
      }, function (error) {
        holder.remove();
        console.warn("Interactive chart unavailable; the static chart stays.", error);
      });
    }).catch(function () { /* the static chart stays */ });
  }

  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        observer.unobserve(entry.target);
        enhance(entry.target);
      }
    });
  }, { rootMargin: "100px" });
  figures.forEach(function (figure) { observer.observe(figure); });
})();
