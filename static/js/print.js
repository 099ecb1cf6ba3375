// The print link of the print view (no inline script: the Content-Security-Policy forbids it).
document.querySelectorAll("[data-print]").forEach(function (link) {
  link.addEventListener("click", function (event) { event.preventDefault(); window.print(); });
});
