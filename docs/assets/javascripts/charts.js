// Charts without a chart library. The static SVG in the page is the chart and needs no script;
// its marks carry their values in aria-labels ("Period: 2024; Value: 197; ..."). This script
// shows a mark's values on hover, on tap, and from the keyboard (focus the chart, then the arrow
// keys, Home and End), and hides them on Escape, on blur, on a tap elsewhere and on scroll
// (WCAG 1.4.13). The site's own Vega bundle loads only when a reader presses "Explore".
(function () {
  "use strict";

  var figures = document.querySelectorAll("figure.chart[data-chart]");
  var self = document.currentScript;
  if (!figures.length || !self || !document.body.classList) return;
  var bundleUrl = new URL("vega.js", self.src).href;
  var MARKS = ".role-mark [role='graphics-symbol'][aria-label]";
  var tip = document.createElement("div");
  tip.className = "chart-tip";
  tip.setAttribute("role", "status");
  tip.hidden = true;
  document.body.appendChild(tip);
  var shown = null;
  var byKeys = false; // whether the value shown was asked for from the keyboard
  var bundle = null;

  // "Period: 2024; Value: 197" -> [["Period", "2024"], ["Value", "197"]]
  function fields(label) {
    return label.split("; ").map(function (part) {
      var at = part.indexOf(": ");
      return at < 0 ? ["", part] : [part.slice(0, at), part.slice(at + 2)];
    });
  }

  function show(mark, x, y, keys) {
    hide();
    byKeys = !!keys;
    var list = document.createElement("dl");
    fields(mark.getAttribute("aria-label")).forEach(function (pair) {
      var term = document.createElement("dt");
      var value = document.createElement("dd");
      term.textContent = pair[0];
      value.textContent = pair[1];
      list.append(term, value);
    });
    tip.replaceChildren(list);
    tip.hidden = false;
    mark.classList.add("chart-mark--current");
    shown = mark;
    var box = mark.getBoundingClientRect();
    var px = x === undefined ? box.left + box.width / 2 : x;
    var top = (y === undefined ? box.top : y) - tip.offsetHeight - 10;
    if (top < 4) top = (y === undefined ? box.bottom : y) + 14;
    tip.style.left = Math.max(4, Math.min(px - tip.offsetWidth / 2, window.innerWidth - tip.offsetWidth - 4)) + "px";
    tip.style.top = top + "px";
  }

  function hide() {
    if (shown) shown.classList.remove("chart-mark--current");
    shown = null;
    tip.hidden = true;
  }

  // The marks of one chart in reading order: panel by panel, then along the category axis
  // (left to right, or top to bottom where the bars are horizontal).
  function ordered(holder) {
    var panels = {};
    holder.querySelectorAll(MARKS).forEach(function (mark) {
      var group = mark.closest(".role-mark");
      var panel = (/concat_(\d+)/.exec(group.getAttribute("class")) || [0, 0])[1];
      var box = mark.getBoundingClientRect();
      (panels[panel] = panels[panel] || []).push({ mark: mark, x: box.left + box.width / 2, y: box.top + box.height / 2, left: box.left });
    });
    var out = [];
    Object.keys(panels).sort(function (a, b) { return a - b; }).forEach(function (key) {
      var items = panels[key];
      var lefts = items.map(function (i) { return Math.round(i.left); });
      var horizontal = items.length > 1 && lefts.every(function (l) { return Math.abs(l - lefts[0]) <= 1; });
      items.sort(function (a, b) { return horizontal ? a.y - b.y || a.x - b.x : a.x - b.x || a.y - b.y; });
      items.forEach(function (i) { out.push(i.mark); });
    });
    return out;
  }

  function attach(holder) {
    var at = -1;
    holder.addEventListener("pointermove", function (event) {
      if (event.pointerType !== "mouse") return;
      var mark = event.target.closest(MARKS);
      if (mark && mark !== shown) show(mark, event.clientX, event.clientY);
      if (!mark && shown) hide();
    });
    holder.addEventListener("pointerleave", function (event) { if (event.pointerType === "mouse") hide(); });
    holder.addEventListener("click", function (event) {
      var mark = event.target.closest(MARKS);
      if (mark) show(mark, event.clientX || undefined, event.clientY || undefined);
    });
    holder.addEventListener("focus", function () {
      if (!holder.matches(":focus-visible")) return; // a tap or a click shows the mark it touched
      var marks = ordered(holder);
      if (marks.length) show(marks[(at = at < 0 ? 0 : Math.min(at, marks.length - 1))], undefined, undefined, true);
    });
    holder.addEventListener("blur", hide);
    holder.addEventListener("keydown", function (event) {
      var marks = ordered(holder);
      var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (event.key === "Escape") { hide(); return; }
      if (event.key === "Home") at = 0;
      else if (event.key === "End") at = marks.length - 1;
      else if (step) at = Math.max(0, Math.min(marks.length - 1, at + step));
      else return;
      event.preventDefault();
      if (marks[at]) show(marks[at], undefined, undefined, true);
    });
  }

  document.addEventListener("keydown", function (event) { if (event.key === "Escape") hide(); });
  document.addEventListener("pointerdown", function (event) {
    if (shown && !event.target.closest(MARKS)) hide();
  });
  // Scrolling hides a value shown by the pointer; one shown from the keyboard follows its mark
  // (focusing a chart scrolls it into view).
  window.addEventListener("scroll", function () {
    if (shown && byKeys && document.activeElement.contains(shown)) show(shown, undefined, undefined, true);
    else hide();
  }, { passive: true });
  window.addEventListener("resize", hide);

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

  // "Explore": the full Vega view of the layout on screen, with the same values on hover, tap
  // and keys. If the bundle fails, the static chart simply stays.
  function explore(figure, button) {
    var statics = figure.querySelectorAll(".chart__svg");
    var visible = Array.prototype.filter.call(statics, function (s) { return s.offsetParent !== null; })[0] || statics[0];
    var phone = visible.classList.contains("chart__svg--phone");
    var specElement = figure.querySelector(phone ? "script.chart__spec--phone" : "script.chart__spec:not(.chart__spec--phone)");
    if (!specElement) return;
    button.disabled = true;
    loadBundle().then(function (vegaEmbed) {
      var holder = document.createElement("div");
      holder.className = "chart__live";
      holder.setAttribute("role", "img");
      holder.setAttribute("tabindex", "0");
      holder.setAttribute("aria-label", visible.getAttribute("aria-label") || "");
      visible.after(holder);
      return vegaEmbed(holder, JSON.parse(specElement.textContent), {
        renderer: "svg", actions: false, ast: true, defaultStyle: false, tooltip: false,
      }).then(function () {
        hide();
        statics.forEach(function (s) { s.hidden = true; });
        figure.classList.add("chart--live");
        attach(holder);
        button.parentNode.hidden = true;
        holder.focus();
      }, function (error) {
        holder.remove();
        button.disabled = false;
        console.warn("Interactive chart unavailable; the static chart stays.", error);
      });
    }).catch(function () { button.disabled = false; });
  }

  figures.forEach(function (figure) {
    figure.querySelectorAll(".chart__svg").forEach(attach);
    var button = figure.querySelector("button.chart__explore");
    if (button) {
      button.parentNode.hidden = false;
      button.addEventListener("click", function () { explore(figure, button); });
    }
  });
})();
