/* Charts of the governance dashboard (Chart.js). Each <canvas data-chart='{...}'> carries
   its labels and values; the table beside it holds the same numbers for screen readers. */
(function () {
  "use strict";
  function draw() {
    if (typeof Chart === "undefined") { return; }
    var palette = ["#0b5fa5", "#2e8540", "#e0a100", "#b00020", "#6c4f9c", "#4a7d4a"];
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var spec = JSON.parse(canvas.getAttribute("data-chart"));
      new Chart(canvas, {
        type: spec.type || "bar",
        data: { labels: spec.labels, datasets: [{ label: spec.title, data: spec.values,
                backgroundColor: spec.colors || palette }] },
        options: { responsive: true, animation: false, plugins: { legend: { display: spec.type === "doughnut" } },
                   scales: spec.type === "doughnut" ? {} : { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
      canvas.setAttribute("data-drawn", "yes");
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
