"use strict";
(function () {
  var body = document.body;
  window.addEventListener("error", function (event) {
    body.setAttribute("data-error", String(event.message));
  });
  var names = ["severity", "rule", "repository"];
  var selects = {};
  names.forEach(function (name) {
    selects[name] = document.getElementById("filter-" + name);
  });
  var incidents = Array.prototype.slice.call(document.querySelectorAll(".incident"));
  var shown = document.getElementById("shown");

  function matches(incident, wanted) {
    if (wanted.severity && incident.getAttribute("data-severity") !== wanted.severity) {
      return false;
    }
    var rules = (incident.getAttribute("data-rules") || "").split(" ");
    if (wanted.rule && rules.indexOf(wanted.rule) < 0) {
      return false;
    }
    var repositories = JSON.parse(incident.getAttribute("data-repositories") || "[]");
    return !wanted.repository || repositories.indexOf(wanted.repository) >= 0;
  }

  function apply() {
    var wanted = {};
    names.forEach(function (name) { wanted[name] = selects[name].value; });
    var count = 0;
    incidents.forEach(function (incident) {
      var visible = matches(incident, wanted);
      incident.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = String(count);
    var params = new URLSearchParams();
    names.forEach(function (name) { if (wanted[name]) { params.set(name, wanted[name]); } });
    var hash = params.toString();
    if (window.history && window.history.replaceState && location.protocol !== "about:") {
      try {
        window.history.replaceState(null, "", hash ? "#" + hash : location.pathname + location.search);
      } catch (ignored) { /* file: pages may refuse; the filter still applies */ }
    }
  }

  function fromHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    names.forEach(function (name) {
      var value = params.get(name);
      if (value === null) { return; }
      var known = Array.prototype.some.call(selects[name].options, function (option) {
        return option.value === value;
      });
      selects[name].value = known ? value : "";
    });
  }

  names.forEach(function (name) { selects[name].addEventListener("change", apply); });
  document.getElementById("filter-reset").addEventListener("click", function () {
    names.forEach(function (name) { selects[name].value = ""; });
    apply();
  });
  fromHash();
  apply();
  body.setAttribute("data-ready", "true");
})();
