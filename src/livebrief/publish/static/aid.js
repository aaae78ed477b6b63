// The aid chart, drawn from the page's JSON twin.
(function () {
  "use strict";
  var canvas = document.getElementById("aid-chart");
  if (!canvas || typeof Chart === "undefined") { return; }
  fetch("/aid.json").then(function (r) { return r.json(); }).then(function (data) {
    var byMonth = data.totals.by_month || {};
    var months = Object.keys(byMonth).sort();
    new Chart(canvas, {
      type: "bar",
      data: { labels: months, datasets: [{ label: "New pledges (EUR)", data: months.map(function (m) { return byMonth[m].eur; }), backgroundColor: "#0b5cad" }] },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { display: true } } }
    });
    canvas.setAttribute("data-drawn", "yes");
  });
})();
