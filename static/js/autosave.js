// Autosave that never loses a change. Each form[data-save-key] (a rating, a red flag, a note,
// the candidate's pad, a written answer) saves itself through htmx; this file keeps what it
// typed or sent in a journal (sessionStorage, one per signed-in person) until the server has
// acknowledged exactly that, so:
// - leaving the page (any link or form, Next included) first sends what is unsaved and waits
//   briefly, saying "Saving…"; what cannot be saved in time goes along to the next page;
// - a failed save says so and is retried with backoff, on this page or the next one; a form
//   that comes back shows the kept text, not the older stored one;
// - closing the tab with anything unsaved asks first.
// A refusal (4xx) is an answer: it is shown, and the change leaves the journal.
(function () {
  "use strict";

  var WAIT_MS = 8000; // the longest a navigation waits for saves under way
  var STORE = "autosave:" + (document.body.dataset.saver || "guest");
  var book = load(); // key -> {url, fields: [[name, value]], label}
  var flying = {}; // key -> requests under way
  var timers = {}; // key -> the pending retry
  var tries = {}; // key -> failures in a row on this page
  var sent = {}; // key -> the fields of the latest save under way
  var waiters = [];
  var refusals = [];
  var navigating = false; // a navigation waits for saves
  var leaving = false; // this page started the navigation under way: no warning then
  var lastWord = "";

  function load() {
    try { return JSON.parse(window.sessionStorage.getItem(STORE) || "{}") || {}; } catch (e) { return {}; }
  }
  function store() {
    try { window.sessionStorage.setItem(STORE, JSON.stringify(book)); } catch (e) { /* private mode: memory only */ }
  }
  function keys() { return Object.keys(book); }
  function fieldsOf(data) {
    var out = [];
    data.forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && typeof value === "string") { out.push([name, value]); }
    });
    return out;
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function saveForm(elt) { return elt && elt.matches && elt.matches("form[data-save-key]") ? elt : null; }
  function formFor(key) {
    var form = document.querySelector('form[data-save-key="' + CSS.escape(key) + '"]');
    return form && document.body.contains(form) ? form : null;
  }
  function remember(form, fields) {
    book[form.dataset.saveKey] = {
      url: form.getAttribute("hx-post"),
      fields: fields,
      label: form.dataset.saveLabel || "change",
    };
    store();
  }
  function forget(key, fields) {
    if (book[key] && same(book[key].fields, fields)) { delete book[key]; store(); }
  }
  // The freshest CSRF token: signing in again (in another tab, say) rotates the cookie, and the
  // one this page was rendered with would then be refused.
  function csrfToken() {
    var cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (cookie) { return decodeURIComponent(cookie[1]); }
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; } catch (e) { return ""; }
  }
  function movedAway(responseUrl, url) {
    // A save answered from another address was redirected (to sign in): it was not made.
    if (!responseUrl) { return false; }
    try { return new URL(responseUrl, location.href).pathname !== new URL(url, location.href).pathname; } catch (e) { return false; }
  }

  // The quiet mark beside a control, and the page's own line for the rest.
  function mark(form, text, failed) {
    var status = form && form.querySelector(".saved");
    if (!status) { return; }
    if (text !== null) { status.textContent = text; }
    status.classList.toggle("failed", failed);
  }
  function region() {
    var el = document.querySelector("[data-save-state]");
    if (el) { return el; }
    var main = document.getElementById("main") || document.body;
    el = document.createElement("p");
    el.className = "save-state";
    el.setAttribute("role", "status");
    el.setAttribute("aria-live", "polite");
    el.setAttribute("data-save-state", "");
    main.insertBefore(el, main.firstChild);
    return el;
  }
  function say(text, kind) {
    var el = region();
    if (el.textContent === text) { return; }
    el.textContent = text;
    el.dataset.kind = text ? kind || "" : "";
  }
  function describe(list) {
    return list.length === 1 ? "your " + book[list[0]].label : list.length + " changes";
  }
  // The page line when no navigation waits: changes that failed (the line stays in view while
  // their own marks may not be; data-save-state="away" leaves those to their marks) or are
  // being sent from another page, else the last one made.
  function changed() {
    if (navigating) { return; }
    var away = keys().filter(function (key) { return !formFor(key); });
    var failing = (region().dataset.saveState === "away" ? away : keys()).filter(function (key) {
      return tries[key] > 0;
    });
    if (failing.length) {
      var what = describe(failing);
      say(what.charAt(0).toUpperCase() + what.slice(1) + (failing.length === 1 ? " is" : " are") +
        " not saved yet: kept, and retried until saved.", "failed");
    } else if (away.length) {
      say("Saving " + describe(away) + "…", "saving");
    } else {
      say(lastWord, lastWord ? "saved" : "");
    }
  }

  // The outcome of every save, whichever way it was sent.
  function outcome(key, fields, status, moved, text) {
    var made = status >= 200 && status < 300 && !moved;
    var signedOut = moved || (status === 403 && /CSRF/.test(text || ""));
    flying[key] = Math.max(0, (flying[key] || 1) - 1);
    if (leaving && !made) { return; } // cut off by this page's own navigation: the journal carries it
    var form = formFor(key);
    var entry = book[key];
    if (made) {
      tries[key] = 0;
      clearTimeout(timers[key]);
      forget(key, fields);
      mark(form, null, false);
      if (!form && entry && !book[key]) { lastWord = "Your " + entry.label + " is saved."; }
    } else if (signedOut || !status || status >= 500 || status === 408 || status === 429) {
      retry(key, signedOut ? "Not saved (signed out: sign in again in another tab)."
        : status ? "Not saved (server error)." : "Not saved (no connection).");
    } else {
      var reason = (text || "Refused").slice(0, 200);
      forget(key, fields);
      refusals.push((entry ? "Your " + entry.label : "A change") + " was not saved: " + reason);
      if (form) { mark(form, reason, true); } else { lastWord = refusals[refusals.length - 1]; }
    }
    changed();
  }
  function retry(key, message) {
    var n = (tries[key] || 0) + 1;
    var delay = Math.min(30, Math.pow(2, n));
    tries[key] = n;
    clearTimeout(timers[key]);
    timers[key] = setTimeout(function () { delete timers[key]; send(key); }, delay * 1000);
    mark(formFor(key), message + " Kept here; retrying in " + delay + " s.", true);
  }
  function send(key) {
    clearTimeout(timers[key]);
    delete timers[key];
    if (!book[key]) { return; }
    var form = formFor(key);
    if (form && window.htmx) { window.htmx.trigger(form, "retry"); } else { replay(key); }
  }
  // A change whose form is not on this page is sent as its form would have sent it.
  function replay(key) {
    var entry = book[key];
    if (!entry || flying[key]) { return; }
    flying[key] = 1;
    sent[key] = entry.fields;
    var body = new URLSearchParams();
    entry.fields.forEach(function (field) { body.append(field[0], field[1]); });
    fetch(entry.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true" },
    }).then(function (response) {
      return response.text().then(function (text) {
        outcome(key, entry.fields, response.status, response.redirected || movedAway(response.url, entry.url), text);
      });
    }, function () { outcome(key, entry.fields, 0, false, ""); });
    changed();
  }

  // htmx's own saves: journaled from the first keystroke, settled by their answer.
  document.addEventListener("input", function (evt) {
    var form = saveForm(evt.target.form);
    if (form) { remember(form, fieldsOf(new FormData(form))); }
  });
  document.addEventListener("htmx:configRequest", function (evt) {
    var token = saveForm(evt.detail.elt) && csrfToken();
    if (!token) { return; }
    evt.detail.headers["X-CSRFToken"] = token;
    if (evt.detail.parameters) { evt.detail.parameters.csrfmiddlewaretoken = token; } // Django reads the form's first
  });
  document.addEventListener("htmx:beforeSend", function (evt) {
    var form = saveForm(evt.detail.elt);
    if (!form) { return; }
    var key = form.dataset.saveKey;
    var config = evt.detail.requestConfig;
    var fields = fieldsOf(config && config.formData ? config.formData : new FormData(form));
    var url = form.getAttribute("hx-post");
    var xhr = evt.detail.xhr;
    remember(form, fields);
    sent[key] = fields;
    flying[key] = (flying[key] || 0) + 1;
    xhr.addEventListener("loadend", function () {
      outcome(key, fields, xhr.status, movedAway(xhr.responseURL, url), xhr.responseText);
    });
  });
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var form = saveForm(evt.detail.elt);
    if (form && movedAway(evt.detail.xhr.responseURL, form.getAttribute("hx-post"))) {
      evt.detail.shouldSwap = false; // a sign-in page is no "Saved"
    }
  });

  // A form on the page shows what the journal keeps for it and sends it; text typed before
  // this script ran is journaled and sent too.
  function restore(form, entry) {
    var values = {};
    entry.fields.forEach(function (field) { (values[field[0]] = values[field[0]] || []).push(field[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !values[el.name] || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values[el.name].indexOf(el.value) !== -1;
      } else if (el.type === "hidden" || el.type === "text" || el.tagName === "TEXTAREA") {
        el.value = values[el.name][0];
      }
    });
    form.dispatchEvent(new CustomEvent("autosave:restored", { bubbles: true }));
  }
  function adopt(root) {
    if (!root || !root.querySelectorAll) { return; }
    var forms = Array.prototype.slice.call(root.querySelectorAll("form[data-save-key]"));
    if (saveForm(root)) { forms.push(root); }
    forms.forEach(function (form) {
      var key = form.dataset.saveKey;
      var early = Array.prototype.some.call(form.querySelectorAll("textarea"), function (el) {
        return el.value !== el.defaultValue;
      });
      if (book[key]) {
        restore(form, book[key]);
      } else if (early) {
        remember(form, fieldsOf(new FormData(form)));
      } else {
        return;
      }
      if (!flying[key]) { send(key); }
    });
  }
  document.addEventListener("htmx:load", function (evt) { adopt(evt.detail.elt); });
  function start() {
    book = load();
    tries = {};
    leaving = false;
    keys().forEach(function (key) { if (!formFor(key)) { replay(key); } });
    changed();
  }
  document.addEventListener("DOMContentLoaded", start);
  window.addEventListener("pageshow", function (evt) { if (evt.persisted) { start(); adopt(document); } });
  window.addEventListener("online", function () { keys().forEach(send); });

  // Wait until everything is saved, or every save under way has answered (what failed goes
  // along in the journal), or WAIT_MS have passed. done(refusals) runs once.
  function settle(done) {
    waiters.push(done);
    if (waiters.length > 1) { return; }
    refusals = [];
    keys().forEach(function (key) {
      if (!flying[key] || !same(sent[key], book[key].fields)) { send(key); }
    });
    var started = Date.now();
    (function check() {
      var busy = Object.keys(flying).some(function (key) { return flying[key] > 0; });
      if (keys().length && !refusals.length && busy && Date.now() - started < WAIT_MS) {
        setTimeout(check, 40);
        return;
      }
      var callbacks = waiters;
      waiters = [];
      callbacks.forEach(function (callback) { callback(refusals); });
    })();
  }
  // Leave by `go()` once saves have settled, showing it on the control that was pressed.
  function leave(control, go) {
    if (navigating) { return; }
    navigating = true;
    control.classList.add("busy");
    control.setAttribute("aria-busy", "true");
    say(keys().length ? "Saving " + describe(keys()) + "…" : "Saving…", "saving");
    settle(function (refused) {
      navigating = false;
      control.classList.remove("busy");
      control.removeAttribute("aria-busy");
      if (refused.length) {
        say(refused.join(" ") + " Press again to leave without it.", "failed");
        return;
      }
      say(keys().length ? "Not saved yet: kept, and retried on the next page." : "Saved.", keys().length ? "failed" : "saved");
      leaving = true;
      go();
    });
  }
  function mustWait() { return navigating || keys().length > 0; }

  document.addEventListener("click", function (evt) {
    var link = evt.target.closest && evt.target.closest("a[href]");
    if (!link || evt.defaultPrevented || evt.button !== 0 || evt.ctrlKey || evt.metaKey || evt.shiftKey || evt.altKey) { return; }
    if ((link.target && link.target !== "_self") || link.hasAttribute("download")) { return; }
    if (link.hash && link.pathname === location.pathname && link.search === location.search) { return; }
    if (!mustWait()) { return; }
    evt.preventDefault();
    leave(link, function () { window.location.assign(link.href); });
  });
  document.addEventListener("submit", function (evt) {
    var form = evt.target;
    if (evt.defaultPrevented || form.method === "dialog" || (form.target && form.target !== "_self")) { return; }
    if (!mustWait()) { return; }
    evt.preventDefault();
    var submitter = evt.submitter;
    leave(submitter || form, function () {
      // The pressed button's name and value go with the form, as a plain submit would send them.
      var carry = null;
      if (submitter && submitter.name) {
        carry = document.createElement("input");
        carry.type = "hidden";
        carry.name = submitter.name;
        carry.value = submitter.value;
        form.appendChild(carry);
      }
      HTMLFormElement.prototype.submit.call(form);
      if (carry) { carry.remove(); }
    });
  });
  ["keydown", "pointerdown"].forEach(function (name) {
    document.addEventListener(name, function () { leaving = false; }, true);
  });
  window.addEventListener("beforeunload", function (evt) {
    if (leaving || !keys().length) { return; }
    evt.preventDefault();
    evt.returnValue = "";
  });

  // For scripts that replace a form themselves (the candidate's pad follows the screen).
  window.autosave = { settle: settle, pending: function () { return keys().length; } };
})();
