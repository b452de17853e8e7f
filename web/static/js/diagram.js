// A claim on its process diagram (bpmn-js viewer): the steps done and the flows taken in green,
// where it waits now in yellow. The page says the same in words; this only draws it.
(function () {
  "use strict";

  function start() {
    var box = document.getElementById("claim-diagram");
    if (!box || !window.BpmnJS) { return; }
    var folded = box.closest("details");
    if (folded && !folded.open) {  // drawn when first unfolded: a closed box has no size to fit
      folded.addEventListener("toggle", function unfolded() {
        folded.removeEventListener("toggle", unfolded);
        draw(box);
      });
      return;
    }
    draw(box);
  }

  function draw(box) {
    var done = JSON.parse(box.getAttribute("data-done"));
    var current = JSON.parse(box.getAttribute("data-current"));
    var taken = {};
    JSON.parse(box.getAttribute("data-steps")).forEach(function (pair) {
      taken[pair[0] + "\u0000" + pair[1]] = true;
    });
    var viewer = new window.BpmnJS({ container: box });
    fetch(box.getAttribute("data-src"), { credentials: "same-origin" }).then(function (answer) {
      if (!answer.ok) { throw new Error(String(answer.status)); }
      return answer.text();
    }).then(function (xml) {
      return viewer.importXML(xml);
    }).then(function () {
      var canvas = viewer.get("canvas");
      viewer.get("elementRegistry").forEach(function (element) {
        if (current.indexOf(element.id) >= 0) {
          canvas.addMarker(element.id, "current");
        } else if (done.indexOf(element.id) >= 0) {
          canvas.addMarker(element.id, "done");
        } else if (element.type === "bpmn:SequenceFlow" && element.source && element.target &&
                   taken[element.source.id + "\u0000" + element.target.id]) {
          canvas.addMarker(element.id, "done");
        }
      });
      canvas.zoom("fit-viewport");
      box.setAttribute("data-ready", "true");
    }).catch(function () {
      box.textContent = box.getAttribute("data-error");
    });
  }

  document.addEventListener("DOMContentLoaded", start);
})();
