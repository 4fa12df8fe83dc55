// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  function pad(n) { return String(n).padStart(2, "0"); }
  function fmt(seconds) {
    var s = Math.abs(Math.floor(seconds));
    return (seconds < 0 ? "-" : "") + pad(Math.floor(s / 60)) + ":" + pad(s % 60);
  }
  // <span class="timer" data-since="ISO" data-budget="seconds">: counts up, marks itself over budget.
  function tick() {
    document.querySelectorAll(".timer[data-since]").forEach(function (el) {
      var since = Date.parse(el.dataset.since);
      if (isNaN(since)) { return; }
      var elapsed = (Date.now() - since) / 1000;
      var budget = parseFloat(el.dataset.budget || "0");
      el.textContent = fmt(elapsed) + (budget ? " / " + fmt(budget) : "");
      el.classList.toggle("over", budget > 0 && elapsed > budget);
    });
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);
})();
