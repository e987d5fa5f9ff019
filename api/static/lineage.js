// Lineage explorer: the node-link JSON of /api/lineage in Cytoscape.js, laid out on a timeline.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("config").textContent);
  var ui = config.ui, lang = config.lang;
  var COLORS = { supersedes: "#c0392b", amends: "#8e44ad", ratifies: "#16a085", guided_by: "#2f6fbf",
                 reaffirms: "#d68910", implements: "#27ae60", cites: "#7f8c8d", discusses: "#a0522d" };
  var SHAPES = { instrument: "round-rectangle", ratifying_act: "diamond", work: "hexagon", research_work: "hexagon" };
  var pairSel = document.getElementById("pair"), layoutSel = document.getElementById("layout");
  var cy = null, data = null;
  if (config.pair) pairSel.value = config.pair;

  function year(n) {
    var d = n.date || (n.year ? String(n.year) : "");
    if (!d) return null;
    var m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(d);
    if (!m) return null;
    return +m[1] + ((+m[2] || 1) - 1) / 12 + ((+m[3] || 1) - 1) / 365;
  }
  function lane(n) {
    var c = n["class"] || n.kind;
    if (c === "ratifying_act") return 2;
    if (c === "work" || c === "research_work" || c === "cited_work") return 0;
    return 1;
  }
  // x: date of signature (undated instruments in a column on the left); y: a lane per kind,
  // nodes that would overlap in a lane stacked below one another
  function timelinePositions(nodes, width) {
    var ys = nodes.map(year).filter(function (y) { return y !== null; });
    var lo = Math.min.apply(null, ys.length ? ys : [2000]), hi = Math.max.apply(null, ys.length ? ys : [2001]);
    var span = Math.max(1, hi - lo), usable = Math.max(900, width - 260), pos = {};
    var laneTop = [0, 260, 700], lastX = [{}, {}, {}];
    var undated = 0;
    nodes.slice().sort(function (a, b) { return (year(a) || 0) - (year(b) || 0); }).forEach(function (n) {
      var y = year(n), l = lane(n), x;
      if (y === null) { pos[n.id] = { x: 0, y: laneTop[1] + 90 * undated++ }; return; }
      x = 200 + (y - lo) / span * usable;
      var row = 0;
      while (lastX[l][row] !== undefined && x - lastX[l][row] < 170) row++;
      lastX[l][row] = x;
      pos[n.id] = { x: x, y: laneTop[l] + row * 70 };
    });
    return pos;
  }
  function checkedRelations() {
    var out = {};
    document.querySelectorAll("#relations input").forEach(function (i) { out[i.value] = i.checked; });
    return out;
  }
  function applyFilters() {
    if (!cy) return;
    var on = checkedRelations(), shown = 0;
    cy.edges().forEach(function (e) {
      var vis = on[e.data("relation")] !== false;
      e.style("display", vis ? "element" : "none");
      if (vis) shown++;
    });
    document.getElementById("summary").textContent =
      cy.nodes().length + " nodes · " + shown + " / " + cy.edges().length + " edges" + (data.graph && data.graph.title ? " · " + data.graph.title : "");
  }
  function runLayout() {
    if (!cy) return;
    if (layoutSel.value === "timeline") {
      var pos = timelinePositions(data.nodes, document.getElementById("cy").clientWidth);
      cy.layout({ name: "preset", positions: function (n) { return pos[n.id()]; }, fit: true, padding: 40 }).run();
    } else {
      cy.layout({ name: "cose", animate: false, fit: true, padding: 40, randomize: false, nodeRepulsion: function () { return 12000; } }).run();
    }
  }
  function esc(s) { return String(s == null ? "" : s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
  function details(n) {
    var d = n.data(), rows = [];
    function row(k, v) { if (v !== null && v !== undefined && v !== "") rows.push("<dt>" + esc(k) + "</dt><dd>" + esc(v) + "</dd>"); }
    row("", d.kind_label || d.kind);
    row("date", d.date || d.year);
    row("in force", d.in_force === true ? "yes" : d.in_force === false ? "no" : "");
    row("", d.in_force_reason);
    row(ui.parties, (d.parties || []).join("–"));
    row("id", d.identifier || d.short_id);
    var rels = n.connectedEdges().map(function (e) {
      var other = e.source().id() === n.id() ? e.target() : e.source();
      var dir = e.source().id() === n.id() ? "→" : "←";
      return dir + " " + (config.relations[e.data("relation")] || e.data("relation")) + ": " + (other.data("label") || other.id());
    });
    var html = "<h3 id='detail-title'>" + esc(d.title || d.label) + "</h3><dl>" + rows.join("") + "</dl>";
    if (rels.length) html += "<h3>" + esc(ui.relations) + "</h3><ul class='plain small'>" + rels.map(function (r) { return "<li>" + esc(r) + "</li>"; }).join("") + "</ul>";
    if (d.page) html += "<p><a id='detail-link' href='" + esc(d.page) + "?lang=" + lang + "'>" + esc(ui.open) + " →</a></p>";
    document.getElementById("details").innerHTML = html;
  }
  function draw() {
    var els = [];
    data.nodes.forEach(function (n) {
      els.push({ group: "nodes", data: Object.assign({}, n, { id: n.id, label: n.label || n.id, shape: SHAPES[n["class"] || n.kind] || "ellipse",
        color: n.in_force === true ? "#1d4e89" : n.in_force === false ? "#8a96a3" : (n.reference_only ? "#b58b3a" : "#4f6d8f"),
        w: n.focus ? 5 : 0 }) });
    });
    data.links.forEach(function (l, i) {
      els.push({ group: "edges", data: { id: "e" + i, source: l.source, target: l.target, relation: l.relation,
        label: config.relations[l.relation] || l.relation_label || l.relation, color: COLORS[l.relation] || "#999" } });
    });
    if (cy) cy.destroy();
    cy = cytoscape({
      container: document.getElementById("cy"), elements: els, minZoom: 0.15, maxZoom: 3,
      style: [
        { selector: "node", style: { "shape": "data(shape)", "background-color": "data(color)", "label": "data(label)",
          "color": "#1c2430", "font-size": 11, "text-wrap": "wrap", "text-max-width": 150, "text-valign": "bottom",
          "text-margin-y": 4, "width": 22, "height": 22, "border-width": "data(w)", "border-color": "#f2b134",
          "font-family": "DejaVu Sans, Noto Sans, sans-serif" } },
        { selector: "node:selected", style: { "border-width": 4, "border-color": "#f2b134" } },
        { selector: "edge", style: { "width": 2, "line-color": "data(color)", "target-arrow-color": "data(color)",
          "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 1.1, "opacity": 0.85 } },
        { selector: "edge:selected", style: { "label": "data(label)", "font-size": 10, "width": 3 } },
      ],
    });
    cy.on("tap", "node", function (ev) { details(ev.target); });
    window.kgCy = cy;
    runLayout();
    applyFilters();
    document.getElementById("cy").dataset.ready = String(cy.nodes().length);
  }
  function load() {
    var p = new URLSearchParams({ lang: lang });
    if (config.instrument && !pairSel.value) { p.set("view", "lineage"); p.set("instrument", config.instrument); }
    else if (pairSel.value) { p.set("view", "timeline"); p.set("pair", pairSel.value); }
    else p.set("view", "overview");
    document.getElementById("cy").dataset.ready = "";
    return fetch("/api/lineage?" + p.toString()).then(function (r) {
      if (!r.ok) return r.json().then(function (j) { throw new Error(j.detail || r.statusText); });
      return r.json();
    }).then(function (j) { data = j; draw(); }).catch(function (e) {
      document.getElementById("summary").textContent = String(e.message || e);
    });
  }
  pairSel.addEventListener("change", function () { config.instrument = ""; load(); });
  layoutSel.addEventListener("change", runLayout);
  document.getElementById("relations").addEventListener("change", applyFilters);
  load();
})();
