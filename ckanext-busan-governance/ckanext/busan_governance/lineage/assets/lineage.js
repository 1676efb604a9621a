/* Draws the lineage graph of a dataset (계보) with cytoscape.js from the JSON that
   lineage_show returned, embedded in the page. Labels are the datasets' own (Korean) titles. */
(function () {
  "use strict";
  function draw() {
    var holder = document.getElementById("busan-lineage-graph");
    var data = document.getElementById("busan-lineage-data");
    if (!holder || !data || typeof cytoscape === "undefined") { return; }
    var graph = JSON.parse(data.textContent);
    var elements = graph.nodes.map(function (n) {
      return { data: { id: n.id, label: n.label + (n.withdrawn ? " (" + holder.dataset.withdrawnLabel + ")" : ""),
                       kind: n.kind, center: n.center ? "yes" : "no", withdrawn: n.withdrawn ? "yes" : "no",
                       href: n.kind === "dataset" && n.name ? "/dataset/" + encodeURIComponent(n.name) : null } };
    }).concat(graph.edges.map(function (e, i) {
      return { data: { id: "e" + i, source: e.source, target: e.target, relation: e.relation } };
    }));
    var cy = cytoscape({
      container: holder,
      elements: elements,
      layout: { name: "breadthfirst", directed: true, spacingFactor: 1.1, padding: 20 },
      style: [
        { selector: "node", style: { "label": "data(label)", "text-wrap": "wrap", "text-max-width": 160,
            "font-family": "'Noto Sans KR', 'Nanum Gothic', sans-serif", "font-size": 12,
            "text-valign": "bottom", "text-margin-y": 6, "background-color": "#0b5fa5", "width": 28, "height": 28 } },
        { selector: "node[kind = 'source_system']", style: { "shape": "round-rectangle", "background-color": "#6c4f9c" } },
        { selector: "node[kind = 'harvest_job']", style: { "shape": "diamond", "background-color": "#9c6b1f" } },
        { selector: "node[kind = 'resource']", style: { "shape": "rectangle", "background-color": "#4a7d4a", "width": 20, "height": 20 } },
        { selector: "node[center = 'yes']", style: { "border-width": 4, "border-color": "#ffb000" } },
        { selector: "node[withdrawn = 'yes']", style: { "background-color": "#b00020" } },
        { selector: "edge", style: { "curve-style": "bezier", "target-arrow-shape": "triangle", "width": 2,
            "line-color": "#8a9bb0", "target-arrow-color": "#8a9bb0" } }
      ]
    });
    cy.on("tap", "node", function (evt) {
      var href = evt.target.data("href");
      if (href) { window.location.href = href; }
    });
    holder.setAttribute("data-rendered", cy.nodes().length);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
