// Small behaviours with no inline script (the CSP forbids it): confirmation of destructive
// actions and select-all in queues. Everything works without JavaScript too.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var message = form.getAttribute("data-confirm");
    if (button && button.hasAttribute("data-no-confirm")) { return; }  // e.g. a preview
    if (button && button.hasAttribute("data-confirm")) {
      // The button asks only for the decisions listed (e.g. reject), not for approve.
      var only = (button.getAttribute("data-confirm-values") || "").split(",");
      var chosen = form.querySelector("input[name=decision]:checked");
      message = chosen && only.indexOf(chosen.value) >= 0 ? button.getAttribute("data-confirm") : null;
    }
    if (message && !window.confirm(message)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
