// The workbench's small behaviours (no inline script: the CSP forbids it): select every claim of
// the page that may be approved in bulk, confirm a decision that cannot be undone, and on a
// phone bring the open claim into view below the queue. Everything works without it too.
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    if (event.target.id !== "wb-select-all") { return; }
    // Only claims whose checks all pass have a box (and none another reviewer holds).
    document.querySelectorAll("#wb-bulk input[name=claim_ids]").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.hasAttribute("data-ask") && !window.confirm(button.getAttribute("data-ask"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("DOMContentLoaded", function () {
    var detail = document.getElementById("detail");
    if (detail && window.matchMedia("(max-width: 63.99em)").matches) {
      detail.scrollIntoView();
      detail.focus({ preventScroll: true });
    }
  });
})();
