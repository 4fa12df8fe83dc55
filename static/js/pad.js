// The shared pad: the candidate's screen keeps its pad on the question shown, and the console
// keeps the candidate's pad up to date. Without this file the pad still saves with its button
// and the console shows the pad as it was when the page loaded.
(function () {
  "use strict";

  // Live pad refresh (console): the fragment polls itself (hx-trigger in _pad_live.html).
  // An answer whose ETag is the version on the page changed nothing, so it is not swapped
  // and the reader's scroll position stays.
  document.addEventListener("htmx:beforeSwap", function (evt) {
    var elt = evt.detail.elt;
    if (!elt.matches || !elt.matches("[data-live-pad]")) { return; }
    var etag = evt.detail.xhr.getResponseHeader("ETag");
    if (evt.detail.xhr.status === 304 || (etag && etag === elt.dataset.version)) {
      evt.detail.shouldSwap = false;
    }
  });

  // Candidate screen: the pad lives outside the polled stage, so typing is never replaced.
  // When the stage shows another question (or the interview ends), what is typed is saved
  // first (autosave.js waits briefly, and keeps what it cannot save), then the pad of the
  // question on screen is loaded.
  function loadPad() {
    var pad = document.querySelector("[data-pad-screen]");
    if (pad) { htmx.ajax("GET", pad.dataset.url, { target: pad, swap: "outerHTML" }); }
  }
  document.addEventListener("htmx:afterSettle", function (evt) {
    var stage = evt.detail.elt;
    if (!stage || stage.id !== "stage") { return; }
    var pad = document.querySelector("[data-pad-screen]");
    if (!pad) { return; }
    var position = stage.dataset.status === "live" ? stage.dataset.position : "";
    if (pad.dataset.position === position && pad.dataset.status === stage.dataset.status) { return; }
    pad.dataset.position = position;
    pad.dataset.status = stage.dataset.status;
    if (window.autosave) { window.autosave.settle(loadPad); } else { loadPad(); }
  });
})();
