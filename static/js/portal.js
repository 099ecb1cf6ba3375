/* Small helps on every page, no dependency. Served from static/ (CSP: script-src 'self'). */
(function () {
  "use strict";

  /* A table wider than its box scrolls: let the keyboard reach it too, named for screen readers. */
  function scrollBoxes() {
    document.querySelectorAll(".table-responsive").forEach(function (box) {
      var wide = box.scrollWidth > box.clientWidth + 1;
      if (wide && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) {
          var caption = box.querySelector("caption");
          var heading = box.closest("section") && box.closest("section").querySelector("h2, h3");
          box.setAttribute("aria-label", (caption || heading || document.querySelector("h1") || {}).textContent || "");
        }
      } else if (!wide && box.getAttribute("role") === "region" && box.dataset.keep !== "1") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    });
  }

  /* The sticky save bar must never cover the field that has the focus (Tab, a phone's "next"). */
  function keepFocusAboveSaveBar(event) {
    var field = event.target;
    // After the browser's own scrolling to the field, which ignores the bar.
    window.requestAnimationFrame(function () { clearSaveBar(field); });
  }

  function clearSaveBar(field) {
    var bar = document.querySelector(".save-bar");
    if (!bar || !field || field === document.body || bar.contains(field)) return;
    var barTop = bar.getBoundingClientRect().top;
    var box = field.getBoundingClientRect();
    var label = field.closest(".mb-3, fieldset");
    var top = label ? Math.min(label.getBoundingClientRect().top, box.top) : box.top;
    if (box.bottom > barTop - 8) {
      window.scrollBy(0, box.bottom - barTop + 16);
    } else if (top < 0) {
      window.scrollBy(0, top - 16);
    }
  }

  /* The error summary after a failed save: focus on it, and each link puts the focus in its field. */
  function errorSummary() {
    var summary = document.querySelector(".error-summary");
    if (!summary) return;
    summary.setAttribute("tabindex", "-1");
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) return;
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (!target) return;
      var field = target.matches("input, select, textarea") ? target : target.querySelector("input:not([type=hidden]), select, textarea");
      if (!field) return;
      event.preventDefault();
      field.focus();
      (field.closest(".mb-3") || field).scrollIntoView({ block: "center" });
    });
  }

  /* A report sent: input kept on this device for its form (form-keep.js) is of no use any more. */
  function forgetKeptInput() {
    document.querySelectorAll("[data-report-sent]").forEach(function (marker) {
      var prefix = "portal1306:report:" + marker.dataset.reportSent + ":";
      try {
        for (var i = localStorage.length - 1; i >= 0; i--) {
          var name = localStorage.key(i);
          if (name && name.indexOf(prefix) === 0) localStorage.removeItem(name);
        }
      } catch (error) { /* no storage: nothing kept */ }
    });
  }

  /* Date fields stay typed and read as dd/mm/yyyy; a button beside each opens the phone's (or
     the browser's) own calendar and writes the chosen day back as dd/mm/yyyy. */
  function datePickers() {
    var label = document.body.dataset.calendarLabel || "Calendar";
    document.querySelectorAll('input[placeholder="dd/mm/yyyy"]').forEach(function (field) {
      if (field.dataset.picker || field.disabled || field.readOnly) return;
      field.dataset.picker = "1";
      var group = document.createElement("div");
      group.className = "input-group date-group";
      field.parentNode.insertBefore(group, field);
      group.appendChild(field);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-secondary date-button";
      button.setAttribute("aria-label", label);
      button.title = label;
      button.innerHTML = '<svg aria-hidden="true" width="20" height="20" viewBox="0 0 16 16" fill="currentColor">' +
        '<path d="M3.5 0a.5.5 0 0 1 .5.5V1h8V.5a.5.5 0 0 1 1 0V1h1a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H2a2 2 0 0 1-2-2V3a2 2 0 0 1 2-2h1V.5a.5.5 0 0 1 .5-.5zM1 4v10a1 1 0 0 0 1 1h12a1 1 0 0 0 1-1V4H1z"/></svg>';
      var picker = document.createElement("input");
      picker.type = "date";
      picker.tabIndex = -1;
      picker.className = "date-picker";
      picker.setAttribute("aria-hidden", "true");
      group.appendChild(button);
      group.appendChild(picker);
      button.addEventListener("click", function () {
        var m = /^(\d{1,2})[\/.-](\d{1,2})[\/.-](\d{4})$/.exec(field.value.trim());
        picker.value = m ? m[3] + "-" + ("0" + m[2]).slice(-2) + "-" + ("0" + m[1]).slice(-2) : "";
        try { picker.showPicker(); } catch (error) { picker.focus(); picker.click(); }
      });
      picker.addEventListener("change", function () {
        var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(picker.value);
        if (!m) return;
        field.value = m[3] + "/" + m[2] + "/" + m[1];
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.dispatchEvent(new Event("change", { bubbles: true }));
        field.focus();
      });
    });
  }

  document.addEventListener("focusin", keepFocusAboveSaveBar);
  window.addEventListener("resize", scrollBoxes);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { datePickers(); scrollBoxes(); errorSummary(); forgetKeptInput(); });
  } else {
    datePickers();
    scrollBoxes();
    errorSummary();
    forgetKeptInput();
  }
})();
