// One small line chart per target: its rate by period, and the required level dashed.
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  data.series.forEach(function (series, index) {
    const canvas = document.getElementById("chart-" + index);
    if (!canvas || typeof Chart === "undefined") return;
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: series.code, data: series.values, borderColor: "#0d6efd", backgroundColor: "#0d6efd", spanGaps: true, tension: 0.2 },
          { label: "≥", data: series.required, borderColor: "#dc3545", borderDash: [6, 4], pointRadius: 0, fill: false },
        ],
      },
      options: {
        animation: false,
        plugins: { legend: { display: false } },
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
      },
    });
  });
})();
