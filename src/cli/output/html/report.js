// contentlint audit report: draws the table of diagnostics from the data embedded in the page.
// Article text is only ever put in text nodes (textContent), never parsed as HTML.
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("data").textContent);
  var rules = data.rules, files = data.files, strings = data.strings, rows = data.rows;
  var SEVERITY = ["info", "warning", "error"];
  var FIX = ["display only", "unsafe", "safe"];
  var PAGE = 100;
  var byId = function (id) { return document.getElementById(id); };

  // Row fields, by position (see src/cli/output/html.rs).
  var FILE = 0, LINE = 1, COL = 2, SEV = 3, RULE = 4, MSG = 5, LABEL = 6, HELP = 7,
    EXCERPT = 8, FIXES = 9, NOTES = 10;

  var folderOf = function (path) {
    var cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
    return cut < 0 ? "." : path.slice(0, cut);
  };
  var folders = files.map(function (f) { return folderOf(f[0]); });

  var el = function (tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") node.textContent = attrs[k];
        else if (k === "class") node.className = attrs[k];
        else node.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  };
  var number = function (n) { return n.toLocaleString("en-US"); };

  // The filters' choices, with counts.
  var count = function (key) {
    var counts = {};
    rows.forEach(function (r) { var k = key(r); counts[k] = (counts[k] || 0) + 1; });
    return counts;
  };
  var fill = function (select, counts, label) {
    Object.keys(counts).sort().forEach(function (k) {
      select.appendChild(el("option", { value: k, text: label(k) + " (" + number(counts[k]) + ")" }));
    });
  };
  fill(byId("f-rule"), count(function (r) { return rules[r[RULE]][0]; }), function (k) { return k; });
  fill(byId("f-folder"), count(function (r) { return folders[r[FILE]]; }), function (k) { return k; });

  var state = { rule: "", severity: "", folder: "", fix: "", text: "", file: null, sort: "severity", desc: true, page: 0 };
  var lowered = null;
  var haystack = function (i) {
    if (!lowered) lowered = new Array(rows.length);
    if (lowered[i] === undefined) {
      var r = rows[i];
      lowered[i] = (files[r[FILE]][0] + "\n" + r[MSG] + "\n" + rules[r[RULE]][0]).toLowerCase();
    }
    return lowered[i];
  };
  var keys = {
    severity: function (r) { return r[SEV]; },
    path: function (r) { return files[r[FILE]][0]; },
    line: function (r) { return r[LINE]; },
    rule: function (r) { return rules[r[RULE]][0]; },
    message: function (r) { return r[MSG]; }
  };
  // Ties fall back to path, then position: the order of every other format.
  var byPosition = function (a, b) {
    var pa = files[rows[a][FILE]][0], pb = files[rows[b][FILE]][0];
    if (pa !== pb) return pa < pb ? -1 : 1;
    return rows[a][LINE] - rows[b][LINE] || rows[a][COL] - rows[b][COL] || a - b;
  };

  var shown = [];
  var open = {};
  var apply = function () {
    var text = state.text.trim().toLowerCase();
    shown = [];
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      if (state.rule && rules[r[RULE]][0] !== state.rule) continue;
      if (state.severity !== "" && String(r[SEV]) !== state.severity) continue;
      if (state.folder && folders[r[FILE]] !== state.folder) continue;
      if (state.file !== null && r[FILE] !== state.file) continue;
      if (state.fix) {
        var a = r[FIXES] ? r[FIXES][0] : -1;
        if (state.fix === "none" ? a > 0 : String(a) !== state.fix) continue;
      }
      if (text && haystack(i).indexOf(text) < 0) continue;
      shown.push(i);
    }
    var key = keys[state.sort], sign = state.desc ? -1 : 1;
    shown.sort(function (a, b) {
      var x = key(rows[a]), y = key(rows[b]);
      if (x !== y) return (x < y ? -1 : 1) * sign;
      return byPosition(a, b);
    });
    var last = Math.max(0, Math.ceil(shown.length / PAGE) - 1);
    state.page = Math.min(state.page, last);
    draw();
  };

  var tbody = byId("rows");
  var draw = function () {
    var from = state.page * PAGE, to = Math.min(shown.length, from + PAGE);
    var fragment = document.createDocumentFragment();
    for (var k = from; k < to; k++) fragment.appendChild(rowFor(shown[k]));
    tbody.textContent = "";
    tbody.appendChild(fragment);
    for (var j = from; j < to; j++) if (open[shown[j]]) toggle(shown[j], true);
    var pages = Math.max(1, Math.ceil(shown.length / PAGE));
    byId("shown").textContent = shown.length === rows.length
      ? number(rows.length) + " diagnostics"
      : number(shown.length) + " of " + number(rows.length) + " diagnostics match the filters";
    byId("p-at").textContent = shown.length
      ? "Rows " + number(from + 1) + "–" + number(to) + " of " + number(shown.length) + " (page " + (state.page + 1) + " of " + pages + ")"
      : "No rows";
    byId("p-first").disabled = byId("p-prev").disabled = state.page === 0;
    byId("p-next").disabled = byId("p-last").disabled = state.page >= pages - 1;
    document.querySelectorAll("th[aria-sort]").forEach(function (th) {
      var b = th.querySelector("button");
      th.setAttribute("aria-sort", b.dataset.sort === state.sort ? (state.desc ? "descending" : "ascending") : "none");
    });
  };

  // A path that may break after each `/`.
  var breakable = function (path) {
    var parts = [];
    path.split(/(?<=[\/\\])/).forEach(function (part, n) {
      if (n > 0) parts.push(el("wbr"));
      parts.push(part);
    });
    return parts;
  };

  var rowFor = function (i) {
    var r = rows[i];
    var button = el("button", { type: "button", class: "expand", "aria-expanded": "false",
      "aria-controls": "d" + i, "aria-label": "Show details", text: "▸" });
    button.addEventListener("click", function () { toggle(i); });
    var tr = el("tr", { id: "r" + i, "data-row": String(i), "data-rule": rules[r[RULE]][0] }, [
      el("td", null, [button]),
      el("td", { class: "sev s" + r[SEV], text: SEVERITY[r[SEV]] }),
      el("td", { class: "path mono" }, breakable(files[r[FILE]][0])),
      el("td", { class: "line", text: r[LINE] + ":" + r[COL] }),
      el("td", { class: "rule mono", text: rules[r[RULE]][0] }),
      el("td", { class: "message", text: r[MSG] })
    ]);
    return tr;
  };

  var toggle = function (i, force) {
    var tr = byId("r" + i);
    if (!tr) return;
    var button = tr.querySelector(".expand");
    var existing = byId("d" + i);
    var opening = force === undefined ? !existing : force;
    if (!opening) {
      if (existing) existing.remove();
      delete open[i];
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-label", "Show details");
      return;
    }
    if (!existing) tr.after(details(i));
    open[i] = true;
    button.setAttribute("aria-expanded", "true");
    button.setAttribute("aria-label", "Hide details");
  };

  var details = function (i) {
    var r = rows[i];
    var cell = el("td", { colspan: "6" });
    cell.appendChild(el("p", { class: "summary" }, [
      el("strong", { text: rules[r[RULE]][0] }), " — " + rules[r[RULE]][1] + "."
    ]));
    if (r[EXCERPT] && r[EXCERPT].length) cell.appendChild(excerpt(r[EXCERPT]));
    if (r[LABEL] !== null) cell.appendChild(el("p", { class: "label", text: "At the marked text: " + strings[r[LABEL]] }));
    if (r[HELP] !== null) cell.appendChild(el("p", { class: "help" }, [el("strong", { text: "Help: " }), strings[r[HELP]]]));
    if (r[FIXES]) {
      var f = r[FIXES];
      var how = f[0] === 2 ? "safe: applied by --fix" : f[0] === 1 ? "unsafe: applied by --fix --unsafe-fixes" : "shown only, never applied";
      var fix = el("div", { class: "fix" }, [
        el("p", null, [el("strong", { text: "Fix (" + how + "): " }), f[1] !== null ? strings[f[1]] : ""])
      ]);
      if (f[2] || f[3]) {
        fix.appendChild(el("pre", { class: "before", "aria-label": "before" }, ["− " + f[2]]));
        fix.appendChild(el("pre", { class: "after", "aria-label": "after" }, ["+ " + f[3]]));
      }
      cell.appendChild(fix);
    }
    if (r[NOTES]) {
      var list = el("ul", { class: "notes" });
      r[NOTES].forEach(function (n) {
        var file = files[n[0]];
        var item = el("li", null, [el("span", { class: "mono", text: file[0] + ":" + n[1] + ":" + n[2] }), " — " + n[3] + " "]);
        if (file[1]) {
          var go = el("button", { type: "button", class: "link", text: "show its diagnostics" });
          go.addEventListener("click", function () { showFile(n[0], r[RULE]); });
          item.appendChild(go);
        } else {
          item.appendChild(el("span", { class: "note", text: "(no diagnostics there)" }));
        }
        list.appendChild(item);
      });
      cell.appendChild(list);
    }
    return el("tr", { id: "d" + i, class: "details" }, [cell]);
  };

  var excerpt = function (lines) {
    var pre = el("pre", { class: "excerpt" });
    lines.forEach(function (line, n) {
      if (n > 0) pre.appendChild(document.createTextNode("\n"));
      pre.appendChild(el("span", { class: "ln", text: String(line[0]) }));
      var src = el("span", { class: "src" });
      for (var k = 1; k < line.length; k++) {
        var run = line[k];
        if (typeof run === "string") src.appendChild(document.createTextNode(run));
        else {
          var mark = el("mark", { class: (run[1] === 0 ? "primary" : "secondary") + (run[0] === "" ? " point" : ""), text: run[0] });
          src.appendChild(mark);
        }
      }
      pre.appendChild(src);
    });
    return pre;
  };

  // Shows another file's diagnostics of a rule (cross-article notes), the first one opened.
  var showFile = function (file, rule) {
    state.rule = ""; state.severity = ""; state.folder = ""; state.fix = ""; state.text = "";
    state.file = file; state.page = 0;
    syncControls();
    apply();
    var first = shown.filter(function (i) { return rows[i][RULE] === rule; })[0];
    if (first === undefined) first = shown[0];
    if (first !== undefined) {
      var at = shown.indexOf(first);
      state.page = Math.floor(at / PAGE);
      draw();
      toggle(first, true);
      var target = byId("r" + first);
      target.scrollIntoView({ block: "center" });
      target.querySelector(".expand").focus();
    }
    byId("shown").textContent += " — in " + files[file][0] + " (Clear filters to see all)";
  };

  var syncControls = function () {
    byId("f-rule").value = state.rule;
    byId("f-severity").value = state.severity;
    byId("f-folder").value = state.folder;
    byId("f-fix").value = state.fix;
    byId("f-text").value = state.text;
  };

  var on = function (id, key) {
    byId(id).addEventListener("input", function (e) {
      state[key] = e.target.value; state.file = null; state.page = 0; apply();
    });
  };
  on("f-rule", "rule"); on("f-severity", "severity"); on("f-folder", "folder"); on("f-fix", "fix"); on("f-text", "text");
  byId("f-clear").addEventListener("click", function () {
    state.rule = state.severity = state.folder = state.fix = state.text = ""; state.file = null; state.page = 0;
    syncControls(); apply();
  });
  document.querySelectorAll("th button[data-sort]").forEach(function (b) {
    b.addEventListener("click", function () {
      if (state.sort === b.dataset.sort) state.desc = !state.desc;
      else { state.sort = b.dataset.sort; state.desc = b.dataset.sort === "severity"; }
      state.page = 0; apply();
    });
  });
  var go = function (page) { return function () { state.page = page(); draw(); byId("table").scrollIntoView(); }; };
  var lastPage = function () { return Math.max(0, Math.ceil(shown.length / PAGE) - 1); };
  byId("p-first").addEventListener("click", go(function () { return 0; }));
  byId("p-prev").addEventListener("click", go(function () { return Math.max(0, state.page - 1); }));
  byId("p-next").addEventListener("click", go(function () { return Math.min(lastPage(), state.page + 1); }));
  byId("p-last").addEventListener("click", go(lastPage));

  // The charts' bars filter the table.
  document.querySelectorAll(".chart .control").forEach(function (bar) {
    var pick = function () {
      state.rule = bar.dataset.rule || ""; state.folder = bar.dataset.folder || "";
      state.severity = state.fix = state.text = ""; state.file = null; state.page = 0;
      syncControls(); apply();
      byId("diagnostics").scrollIntoView();
    };
    bar.addEventListener("click", pick);
    bar.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); }
    });
  });

  apply();
  document.documentElement.dataset.readyAt = String(performance.now());
  document.documentElement.dataset.ready = "true";
})();
