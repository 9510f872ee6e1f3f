// Sorting and filtering of report tables, without a server or network.
(function () {
  function cellValue(row, idx) {
    var c = row.children[idx];
    if (!c) return "";
    var v = c.getAttribute("data-value");
    return v !== null ? v : c.textContent.trim();
  }
  function compare(a, b) {
    var na = parseFloat(a), nb = parseFloat(b);
    if (!isNaN(na) && !isNaN(nb)) return na - nb;
    if (!isNaN(na)) return -1;
    if (!isNaN(nb)) return 1;
    return a.localeCompare(b, "zh-CN");
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var heads = table.querySelectorAll("th[data-sort]");
    heads.forEach(function (th) {
      th.tabIndex = 0;
      var sort = function () {
        var idx = Array.prototype.indexOf.call(th.parentElement.children, th);
        var asc = th.getAttribute("aria-sort") !== "ascending";
        heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var a = cellValue(r1, idx), b = cellValue(r2, idx);
          if (a === "" || b === "") return a === b ? 0 : (a === "" ? 1 : -1);  // blanks last, both ways
          var c = compare(a, b);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });
  var filters = document.querySelectorAll("[data-filter-for]");
  function applyFilters(tableId) {
    var table = document.getElementById(tableId);
    if (!table) return;
    var controls = document.querySelectorAll('[data-filter-for="' + tableId + '"]');
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var ok = true;
      controls.forEach(function (ctl) {
        var key = ctl.getAttribute("data-filter-key");
        var v = ctl.value.trim().toLowerCase();
        if (!v) return;
        var have = key === "text" ? row.textContent.toLowerCase() : (row.getAttribute("data-" + key) || "").toLowerCase();
        if (key === "text" ? have.indexOf(v) < 0 : have !== v) ok = false;
      });
      row.hidden = !ok;
      if (ok) shown++;
    });
    var counter = document.querySelector('[data-count-for="' + tableId + '"]');
    if (counter) counter.textContent = String(shown);
  }
  // A link to evidence inside a folded page or group opens the folds around it (Chromium also does on its own).
  function openTo() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    for (var e = el; e; e = e.parentElement) { if (e.tagName === "DETAILS") e.open = true; }
    if (el) el.scrollIntoView();
  }
  window.addEventListener("hashchange", openTo);
  if (location.hash) openTo();
  filters.forEach(function (ctl) {
    var ev = ctl.tagName === "SELECT" ? "change" : "input";
    ctl.addEventListener(ev, function () { applyFilters(ctl.getAttribute("data-filter-for")); });
  });
})();
