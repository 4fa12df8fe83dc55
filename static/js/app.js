// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";

  function pad(n) { return String(n).padStart(2, "0"); }
  function fmt(seconds) {
    var s = Math.abs(Math.floor(seconds));
    return (seconds < 0 ? "-" : "") + pad(Math.floor(s / 60)) + ":" + pad(s % 60);
  }

  // <span class="timer" data-since="ISO" data-budget="seconds">: counts up, marks itself over budget.
  // With data-until="ISO" (the session has ended) it shows the time up to then and stays there.
  function tick() {
    document.querySelectorAll(".timer[data-since]").forEach(function (el) {
      var since = Date.parse(el.dataset.since);
      var until = el.dataset.until ? Date.parse(el.dataset.until) : Date.now();
      if (isNaN(since) || isNaN(until)) { return; }
      var elapsed = (until - since) / 1000;
      var budget = parseFloat(el.dataset.budget || "0");
      el.textContent = fmt(elapsed) + (budget ? " / " + fmt(budget) : "");
      el.classList.toggle("over", budget > 0 && elapsed > budget);
    });
  }
  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);

  // Live pages: a stream (htmx's SSE extension, sse-connect) pushes every change. While it is
  // open, the polls of [data-live-poll] elements pause; while it is down they run, asking with
  // the version they hold (data-etag), so an unchanged page is answered 304 and kept.
  function setLive(evt, open) {
    var source = evt.target;
    if (source && source.dataset) {
      if (open) { source.dataset.liveOpen = "1"; } else { delete source.dataset.liveOpen; }
    }
  }
  document.addEventListener("htmx:sseOpen", function (evt) { setLive(evt, true); });
  document.addEventListener("htmx:sseError", function (evt) { setLive(evt, false); });
  document.addEventListener("htmx:sseClose", function (evt) { setLive(evt, false); });
  document.addEventListener("htmx:configRequest", function (evt) {
    var elt = evt.detail.elt;
    if (elt.dataset && elt.dataset.etag) { evt.detail.headers["If-None-Match"] = elt.dataset.etag; }
  });
  document.addEventListener("htmx:beforeRequest", function (evt) {
    var elt = evt.detail.elt;
    if (!elt.hasAttribute || !elt.hasAttribute("data-live-poll")) { return; }
    var source = elt.closest("[sse-connect]");
    var polled = !evt.detail.requestConfig || !evt.detail.requestConfig.triggeringEvent;
    if (polled && source && source.dataset.liveOpen === "1") { evt.preventDefault(); }
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
  function showChoice(form, points) {
    form.querySelectorAll("button.level").forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.points === points ? "true" : "false");
    });
    var box = form.querySelector(".descriptor");
    var chosen = form.querySelector('button.level[aria-pressed="true"]');
    if (box) { box.dataset.chosen = chosen ? chosen.dataset.descriptor || "" : ""; box.textContent = box.dataset.chosen; }
    updateProgress();
  }
  document.addEventListener("htmx:responseError", function (evt) {
    var form = evt.detail.elt;
    var status = evt.detail.xhr.status;
    if (!form.classList || !form.classList.contains("rating-form") || status >= 500 || status === 408 || status === 429) { return; }
    showChoice(form, form.dataset.previous);
  });
  // A rating kept from before a reload or a failed save shows as chosen (autosave.js).
  document.addEventListener("autosave:restored", function (evt) {
    var form = evt.target;
    if (form.classList.contains("rating-form")) { showChoice(form, form.elements.points.value); }
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

  // The descriptor under a criterion's level buttons: the pointed-at or focused level while
  // there is one, otherwise the chosen level, so the choice stays readable without hovering.
  function descriptorOf(button) {
    var form = button.closest("form");
    return form ? form.querySelector(".descriptor") : null;
  }
  function showDescriptor(evt) {
    var button = evt.target.closest && evt.target.closest("button.level");
    var box = button && descriptorOf(button);
    if (box) { box.textContent = button.dataset.descriptor || ""; }
  }
  function restoreDescriptor(evt) {
    var button = evt.target.closest && evt.target.closest("button.level");
    var box = button && descriptorOf(button);
    if (box) { box.textContent = box.dataset.chosen || ""; }
  }
  document.addEventListener("mouseover", showDescriptor);
  document.addEventListener("focusin", showDescriptor);
  document.addEventListener("mouseout", restoreDescriptor);
  document.addEventListener("focusout", restoreDescriptor);
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest && evt.target.closest(".rating-form button.level");
    var box = button && descriptorOf(button);
    if (box && !button.disabled) { box.dataset.chosen = button.dataset.descriptor || ""; box.textContent = box.dataset.chosen; }
  });

  // The candidate screen: the stage is replaced as the interviewer moves on, and a live region
  // that stays in place reads out the new question (its data-announce), once per change. Once
  // read it is emptied again, so the page never says the same thing twice ("the interview is
  // over" in the heading and again in the region).
  function watchStage() {
    var announcer = document.getElementById("screen-announcer");
    if (!announcer) { return; }
    var stage = document.getElementById("stage");
    var last = stage ? stage.dataset.announce : "";
    var clear = null;
    new MutationObserver(function () {
      var now = document.getElementById("stage");
      var text = now ? now.dataset.announce || "" : "";
      if (text && text !== last) {
        announcer.textContent = text;
        clearTimeout(clear);
        clear = setTimeout(function () { announcer.textContent = ""; }, 4000);
      }
      last = text;
    }).observe(announcer.parentNode, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-announce"] });
  }
  document.addEventListener("DOMContentLoaded", watchStage);

  // The header's menus (<details class="nav-menu"> and the user menu) close on a click elsewhere
  // and on Escape, which returns focus to the menu's summary.
  function openMenus() { return document.querySelectorAll("details.nav-menu[open], details.user-menu[open]"); }
  document.addEventListener("click", function (evt) {
    openMenus().forEach(function (menu) { if (!menu.contains(evt.target)) { menu.open = false; } });
  });
  document.addEventListener("keydown", function (evt) {
    if (evt.key !== "Escape") { return; }
    openMenus().forEach(function (menu) {
      var inside = menu.contains(document.activeElement);
      menu.open = false;
      if (inside) { menu.querySelector("summary").focus(); }
    });
  });

  // <details data-remember="key"> keeps its open or closed state across questions and visits.
  function rememberDetails() {
    document.querySelectorAll("details[data-remember]").forEach(function (el) {
      var key = "details:" + el.dataset.remember;
      try {
        var saved = window.localStorage.getItem(key);
        if (saved !== null) { el.open = saved === "1"; }
      } catch (e) { return; }
      el.addEventListener("toggle", function () {
        try { window.localStorage.setItem(key, el.open ? "1" : "0"); } catch (e) { /* private mode */ }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", rememberDetails);

  // <textarea maxlength data-counter="id">: "n / max characters", announced only near the limit.
  // It always tells the text in the box: typed, restored by autosave or by the browser (Back),
  // refused, or longer than the limit (the limit is remembered from the first count).
  function count(el) {
    if (!el.dataset || !el.dataset.counter) { return; }
    var out = document.getElementById(el.dataset.counter);
    if (!el.dataset.max && el.getAttribute("maxlength")) { el.dataset.max = el.getAttribute("maxlength"); }
    var max = parseInt(el.dataset.max, 10);
    if (!out) { return; }
    var length = el.value.length;
    if (!max) { out.textContent = length + " characters"; return; }
    out.textContent = length + " / " + max + " characters" +
      (length > max ? ": " + (length - max) + " too many, shorten it to save" : "");
    out.classList.toggle("error", length >= max * 0.95);
  }
  function countAll(root) {
    if (root && root.querySelectorAll) { root.querySelectorAll("textarea[data-counter]").forEach(count); }
  }
  document.addEventListener("input", function (evt) { count(evt.target); });
  document.addEventListener("autosave:restored", function (evt) { countAll(evt.target); });
  document.addEventListener("htmx:load", function (evt) { countAll(evt.detail.elt); });
  document.addEventListener("htmx:afterRequest", function (evt) { countAll(evt.detail.elt); });
  document.addEventListener("DOMContentLoaded", function () { countAll(document); });
  window.addEventListener("pageshow", function () { countAll(document); });

  // <form data-fresh="id">: a sent form shown again from history (Back after submitting) is a
  // stale copy, maybe with stale errors: the page asks its address again instead. Each copy the
  // server renders carries a new id, so only a second showing of the same copy reloads.
  function freshForms() {
    document.querySelectorAll("form[data-fresh]").forEach(function (form) {
      var key = "fresh:" + form.dataset.fresh;
      try {
        if (window.sessionStorage.getItem(key)) { window.location.replace(window.location.href); }
        window.sessionStorage.setItem(key, "1");
      } catch (e) { /* private mode: no memory of copies */ }
    });
  }
  document.addEventListener("DOMContentLoaded", freshForms);
  window.addEventListener("pageshow", function (evt) { if (evt.persisted) { freshForms(); } });

  // A read-only link field selects itself on focus, ready to copy.
  document.addEventListener("focusin", function (evt) {
    if (evt.target.matches && evt.target.matches("input[data-select-on-focus]")) { evt.target.select(); }
  });

  // The rubric editor: a row typed in but not saved is never lost silently by publishing.
  // The first press of Publish names the unsaved rows; a second press publishes without them.
  function editorRow(el) { return el.closest && el.closest("#criteria form.criterion, #red-flags form.criterion"); }
  document.addEventListener("input", function (evt) {
    var row = editorRow(evt.target);
    if (row) { row.dataset.dirty = "1"; }
  });
  document.addEventListener("htmx:afterRequest", function (evt) {
    var row = editorRow(evt.detail.elt);
    if (row && evt.detail.successful) { delete row.dataset.dirty; }
  });
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (!form.matches || !form.matches("form[data-publish]")) { return; }
    var dirty = Array.prototype.slice.call(document.querySelectorAll("form.criterion[data-dirty]"));
    var warning = form.querySelector("[data-unsaved-warning]");
    if (!dirty.length || form.dataset.warned) { return; }
    evt.preventDefault();
    form.dataset.warned = "1";
    var names = dirty.map(function (row) {
      var title = row.querySelector("input[name$='-title'], input[name=title]");
      return title && title.value ? "“" + title.value + "”" : "a new row";
    });
    warning.textContent = "Not saved yet: " + names.join(", ") + ". Save " +
      (dirty.length === 1 ? "it" : "them") + " first, or press Publish again to publish without " +
      (dirty.length === 1 ? "that change." : "those changes.");
    warning.hidden = false;
    dirty[0].scrollIntoView({ block: "center" });
  }, true);

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
