/* The report form on a weak connection: what the officer types is kept in this browser
   (localStorage, per report and version) until the portal confirms the save. A save that does
   not reach the portal says so and offers to send again; reopening the form offers input that
   was never saved. Without JavaScript or storage the form posts as usual. Pages that show a
   report already sent forget its kept input (portal.js). */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !window.localStorage) return;
  var prefix = "portal1306:report:" + form.dataset.report + ":";
  var key = prefix + "v" + form.dataset.version;
  var echoed = form.dataset.bound === "1";  // the page shows what was just posted, not what is saved
  var notSent = document.getElementById("not-sent");
  var kept = document.getElementById("kept-input");
  var lastSubmitter = null;

  function fields() {
    var values = {};
    new FormData(form).forEach(function (value, name) {
      if (name === "csrfmiddlewaretoken" || typeof value !== "string") return;
      (values[name] = values[name] || []).push(value);
    });
    return values;
  }

  function same(a, b) {
    var names = Object.keys(a).concat(Object.keys(b));
    return names.every(function (name) {
      return name === "version" || (a[name] || [""]).join("\u0000") === (b[name] || [""]).join("\u0000");
    });
  }

  function keep() {
    try {
      localStorage.setItem(key, JSON.stringify({at: new Date().toISOString(), values: fields()}));
    } catch (error) { /* storage full or refused: the form still posts */ }
  }

  function forget() {
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var name = localStorage.key(i);
      if (name && name.indexOf(prefix) === 0) localStorage.removeItem(name);
    }
  }

  function restore(values) {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "csrfmiddlewaretoken" || !(element.name in values)) return;
      var wanted = values[element.name];
      if (element.type === "radio" || element.type === "checkbox") {
        element.checked = wanted.indexOf(element.value) !== -1;
      } else if (element.type !== "file") {
        element.value = wanted[0];
      }
    });
  }

  /* Input kept from an earlier visit: what the portal now holds (the page's own values) was
     saved, so it is forgotten; anything else is offered back. */
  function offerKept() {
    var found = null, now = fields();
    for (var i = localStorage.length - 1; i >= 0; i--) {
      var name = localStorage.key(i), entry = null;
      if (!name || name.indexOf(prefix) !== 0) continue;
      try { entry = JSON.parse(localStorage.getItem(name)); } catch (error) { entry = null; }
      if (!entry || !entry.values || same(entry.values, now)) {
        if (!echoed) localStorage.removeItem(name);
      } else if (!found || entry.at > found.at) {
        found = entry;
      }
    }
    if (!found) return;
    kept.querySelector("[data-kept-at]").textContent = new Date(found.at).toLocaleString("vi-VN");
    kept.hidden = false;
    kept.querySelector("[data-kept-restore]").addEventListener("click", function () {
      restore(found.values);
      keep();
      kept.hidden = true;
      var first = form.querySelector("input:not([type=hidden]), textarea");
      if (first) first.focus();
    });
    kept.querySelector("[data-kept-discard]").addEventListener("click", function () {
      forget();
      kept.hidden = true;
    });
  }

  /* The browser knows it has no connection: say so at once rather than leaving the page for
     an error screen; the input stays here and on the device. A connection that drops while the
     page is on its way shows the browser's error page: coming back, the form offers the input. */
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  form.addEventListener("submit", function (event) {
    lastSubmitter = event.submitter || lastSubmitter;
    keep();
    if (navigator.onLine === false) {
      event.preventDefault();
      notSent.hidden = false;
      notSent.focus();
    }
  });
  notSent.querySelector("[data-send-again]").addEventListener("click", function () {
    var submitter = lastSubmitter || form.querySelector("button[name=action]");
    if (navigator.onLine === false) {
      notSent.focus();
      return;
    }
    notSent.hidden = true;
    if (form.requestSubmit) form.requestSubmit(submitter); else submitter.click();
  });
  offerKept();
})();
