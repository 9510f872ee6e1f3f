// Reviewer decisions (harness/report/section_decisions.py): the form's rows become a decisions file
// (specs/schemas/decisions.schema.json) downloaded through a Blob; no server, no network.
(function () {
  var button = document.getElementById("decision-download");
  if (!button) return;
  button.addEventListener("click", function () {
    var by = document.getElementById("decision-by").value.trim();
    var status = document.getElementById("decision-status");
    var section = document.getElementById("decisions");
    var now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
    var out = [];
    section.querySelectorAll("tr.decision-row").forEach(function (row) {
      var outcome = row.querySelector("select.decision-outcome").value;
      if (!outcome) return;
      var note = row.querySelector("input.decision-note").value;
      // a decision kept as it was keeps who made it and when
      var same = row.getAttribute("data-outcome") === outcome && row.getAttribute("data-note") === note;
      out.push({target: row.getAttribute("data-target"), check: row.getAttribute("data-check"), outcome: outcome,
                note: note, by: same ? row.getAttribute("data-by") : by, at: same ? row.getAttribute("data-at") : now,
                fingerprint: row.getAttribute("data-fingerprint")});
    });
    if (!by) { status.textContent = status.getAttribute("data-no-by"); document.getElementById("decision-by").focus(); return; }
    if (!out.length) { status.textContent = status.getAttribute("data-none"); return; }
    var data = {schema: "harness-decisions/1", department: section.getAttribute("data-folder"), decisions: out};
    var blob = new Blob([JSON.stringify(data, null, 1) + "\n"], {type: "application/json"});
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = section.getAttribute("data-folder") + ".json";
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
    status.textContent = status.getAttribute("data-done") + out.length;
  });
})();
