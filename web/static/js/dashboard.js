// Draws the dashboard's charts from the JSON block the server wrote (no inline script: the
// CSP forbids it). The same numbers are in the tables beside each chart, so the page says
// everything without JavaScript too.
(function () {
  "use strict";
  var block = document.getElementById("dashboard-charts");
  if (!block || typeof window.Chart === "undefined") { return; }
  var charts = JSON.parse(block.textContent);
  var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  charts.forEach(function (spec) {
    var canvas = document.getElementById("chart-" + spec.id);
    if (!canvas) { return; }
    // The value axis is the server's (web/pages/chart_scales.py): a share runs to the whole
    // target or budget, so a bar's length is its share; Chart.js would fit it to the data.
    var ticks = { autoSkip: false };
    if (spec.integer) { ticks.precision = 0; }
    if (spec.percent) { ticks.callback = function (v) { return v + "%"; }; }
    var value = { beginAtZero: true, ticks: ticks };
    if (spec.max !== undefined) { value.min = spec.min; value.max = spec.max; }
    var category = { beginAtZero: true, ticks: { autoSkip: false } };
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: spec.labels, datasets: [{ label: spec.label, data: spec.data,
        backgroundColor: "#0b5cad" }] },
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: reduce ? false : { duration: 300 },
        plugins: { legend: { display: false } },
        scales: spec.horizontal ? { x: value, y: category } : { x: category, y: value }
      }
    });
  });
})();
