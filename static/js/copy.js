// <button data-copy="#input-id">: copies the input's value, says so, then reverts its label.
(function () {
  "use strict";
  document.addEventListener("click", function (evt) {
    var button = evt.target.closest ? evt.target.closest("button[data-copy]") : null;
    if (!button) { return; }
    var input = document.querySelector(button.dataset.copy);
    if (!input) { return; }
    evt.preventDefault();
    var label = button.dataset.label || button.textContent;
    button.dataset.label = label;
    function done(text) {
      button.textContent = text;
      setTimeout(function () { button.textContent = label; }, 2000);
    }
    input.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(function () { done("Copied"); },
        function () { done(document.execCommand("copy") ? "Copied" : "Press Ctrl+C"); });
    } else {
      done(document.execCommand("copy") ? "Copied" : "Press Ctrl+C");
    }
  });
  document.querySelectorAll("button[data-copy]").forEach(function (b) { b.hidden = false; });
})();
