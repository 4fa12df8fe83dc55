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

  // Autosave that never drops a change silently: a failed save says so and is retried with
  // backoff; a refusal (4xx) shows the server's reason and is not retried.
  var pending = 0;
  function statusOf(elt) {
    var box = elt.closest("[data-autosave]");
    return box ? box.querySelector(".saved") : null;
  }
  function retryLater(elt, message) {
    var tries = parseInt(elt.dataset.tries || "0", 10) + 1;
    elt.dataset.tries = String(tries);
    var delay = Math.min(30, Math.pow(2, tries));
    var status = statusOf(elt);
    if (status) {
      status.textContent = message + " — retrying in " + delay + "s";
      status.classList.add("failed");
    }
    if (elt.dataset.retrying) { return; }
    elt.dataset.retrying = "1";
    pending += 1;
    setTimeout(function () {
      delete elt.dataset.retrying;
      pending -= 1;
      htmx.trigger(elt, "retry");
    }, delay * 1000);
  }
  document.addEventListener("htmx:sendError", function (evt) {
    retryLater(evt.detail.elt, "Not saved: no connection");
  });
  document.addEventListener("htmx:responseError", function (evt) {
    var xhr = evt.detail.xhr;
    if (xhr.status >= 500 || xhr.status === 429) {
      retryLater(evt.detail.elt, "Not saved: server error");
      return;
    }
    var status = statusOf(evt.detail.elt);
    if (status) {
      status.textContent = (xhr.responseText || "Refused").slice(0, 200);
      status.classList.add("failed");
    }
  });
  document.addEventListener("htmx:afterRequest", function (evt) {
    if (!evt.detail.successful) { return; }
    delete evt.detail.elt.dataset.tries;
    var status = statusOf(evt.detail.elt);
    if (status) { status.classList.remove("failed"); }
  });
  // htmx swaps in the server's fresh row, so the keyboard focus is put back where it was.
  var focusedRow = null;
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var row = evt.detail.elt.closest(".criterion");
    if (row && row.contains(document.activeElement)) { focusedRow = row.id; }
  });
  document.addEventListener("htmx:afterSettle", function () {
    var lost = !document.activeElement || document.activeElement === document.body;
    if (focusedRow && lost) {
      var row = document.getElementById(focusedRow);
      if (row) { row.focus(); }
    }
    focusedRow = null;
  });
  // Progress marks follow the ratings on the page, without asking the server again.
  function setMark(el, rated) {
    el.dataset.rated = String(rated);
    el.textContent = rated + "/" + el.dataset.total;
    el.classList.toggle("done", rated >= parseInt(el.dataset.total, 10));
  }
  function updateProgress() {
    var current = document.getElementById("progress-current");
    var total = document.getElementById("progress-total");
    if (!current || !total) { return; }
    var rated = document.querySelectorAll('#criteria .criterion button[aria-pressed="true"]').length;
    var delta = rated - parseInt(current.dataset.rated, 10);
    if (delta !== 0) {
      setMark(current, rated);
      setMark(total, parseInt(total.dataset.rated, 10) + delta);
    }
  }
  window.addEventListener("beforeunload", function (evt) {
    if (pending > 0) { evt.preventDefault(); evt.returnValue = ""; }
  });

  // A level button marks itself chosen at once; the hidden field carries the choice, so a retry
  // resends exactly what was clicked. A refusal puts the previous choice back.
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest && evt.target.closest(".rating-form button.level");
    if (!button || button.disabled) { return; }
    var form = button.form;
    var previous = form.querySelector('button.level[aria-pressed="true"]');
    form.dataset.previous = previous ? previous.dataset.points : "";
    form.elements.points.value = button.dataset.points;
    form.querySelectorAll("button.level").forEach(function (b) {
      b.setAttribute("aria-pressed", b === button ? "true" : "false");
    });
    updateProgress();
  }, true);
  document.addEventListener("htmx:responseError", function (evt) {
    var form = evt.detail.elt;
    if (!form.classList || !form.classList.contains("rating-form") || evt.detail.xhr.status >= 500) { return; }
    form.querySelectorAll("button.level").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.points === form.dataset.previous ? "true" : "false");
    });
    updateProgress();
  });

  // Console keyboard: digits rate the focused criterion, N marks it not assessed, arrows move.
  document.addEventListener("keydown", function (evt) {
    var row = document.activeElement && document.activeElement.closest(".criterion");
    if (!row || evt.ctrlKey || evt.metaKey || evt.altKey) { return; }
    if (/^[0-9]$/.test(evt.key) || evt.key === "n" || evt.key === "N") {
      var value = /^[0-9]$/.test(evt.key) ? evt.key : "na";
      var button = row.querySelector('button[data-points="' + value + '"]');
      if (button && !button.disabled) { evt.preventDefault(); row.focus(); button.click(); }
    } else if (evt.key === "ArrowDown" || evt.key === "ArrowUp") {
      var rows = Array.prototype.slice.call(document.querySelectorAll(".criterion"));
      var next = rows[rows.indexOf(row) + (evt.key === "ArrowDown" ? 1 : -1)];
      if (next) { evt.preventDefault(); next.focus(); }
    }
  });

  // Behaviour once written as inline handlers, which the Content-Security-Policy refuses.
  // <select data-autosubmit>: submit its form on change (a plain button stays for no-JS).
  document.addEventListener("change", function (evt) {
    var el = evt.target;
    if (el.matches && el.matches("select[data-autosubmit]") && el.form) { el.form.requestSubmit(); }
  });
  // <form data-confirm="question">: ask before submitting.
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      evt.preventDefault();
      evt.stopImmediatePropagation();
    }
  }, true);
  // <input data-select-on-click>: select the whole value, e.g. a link to copy.
  document.addEventListener("click", function (evt) {
    var el = evt.target;
    if (el.matches && el.matches("input[data-select-on-click]")) { el.select(); }
  });
})();
