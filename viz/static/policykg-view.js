/* policykg graph page: draws the graph in #graph-data with vis-network, filters it by year
 * and node type, focuses a node found by the search box.
 *
 * Filtering goes through vis DataViews, so what the network draws is exactly what passes the
 * filters; an edge is drawn when both its ends are. Layout: the force layout runs for the
 * bounded number of steps in the options, then physics is switched off and every position is
 * stored, so nodes coming back after a filter return to where they were.
 *
 * Clicking a node opens its properties and evidence in the side panel. Served by the API
 * (data.timeline_url, data.expand_url set), the panel links a Measure to its timeline page
 * (/view/timeline?measure=<its id>) and expands a node's neighbours from the server; a page
 * opened as a file says the command in the tooltip.
 *
 * Edge tooltips are the page's own: vis shows the last edge whose label or line is near the
 * pointer, which on a busy hub is often another edge; the page shows the nearest one.
 *
 * For tests and the curious: window.policykg = {nodes, edges, nodeView, edgeView, network,
 * setYear, setTypeVisible, focusNode, timelineUrl, showDetails, expand, edgeAt, drawn, ready,
 * timings}.
 */
(function () {
  "use strict";

  // Milliseconds since navigation start at each stage, for benchmarks.
  const timings = { script: performance.now() };
  const data = JSON.parse(document.getElementById("graph-data").textContent);
  const status = document.getElementById("status");
  const yearSelect = document.getElementById("year-filter");
  const typeBoxes = Array.from(document.querySelectorAll("#type-filter input[type=checkbox]"));

  const nodes = new vis.DataSet(data.nodes);
  const edges = new vis.DataSet(data.edges);
  const filter = { year: null, hiddenTypes: new Set() };
  let visibleIds = new Set(nodes.getIds());

  function nodePasses(node) {
    if (filter.hiddenTypes.has(node.nodeType)) return false;
    return filter.year === null || (node.years || []).indexOf(filter.year) !== -1;
  }

  timings.data = performance.now();
  const nodeView = new vis.DataView(nodes, { filter: nodePasses });
  const edgeView = new vis.DataView(edges, {
    filter: (edge) => visibleIds.has(edge.from) && visibleIds.has(edge.to),
    // Without `title`: the page draws edge tooltips itself (see edgeAt).
    fields: ["id", "from", "to", "label", "relType", "color", "dashes", "width", "arrows"],
  });
  const network = new vis.Network(
    document.getElementById("graph"), { nodes: nodeView, edges: edgeView }, data.options);

  timings.network = performance.now();
  const api = {
    nodes, edges, nodeView, edgeView, network, timings, ready: false, stabilisedMs: null,
    drawn: () => ({
      nodes: network.body.nodeIndices.length,
      edges: network.body.edgeIndices.length,
    }),
    setYear, setTypeVisible, focusNode, timelineUrl, showDetails, expand, edgeAt,
  };
  window.policykg = api;

  function showCounts(extra) {
    const drawn = api.drawn();
    status.textContent = `${drawn.nodes} of ${nodes.length} nodes, ` +
      `${drawn.edges} of ${edges.length} edges` + (extra ? ` · ${extra}` : "");
  }

  /* The legend counts what is drawn: each type, and each status of the commitments. */
  function updateLegend() {
    const byType = {}, byStatus = {};
    nodeView.forEach((node) => {
      byType[node.nodeType] = (byType[node.nodeType] || 0) + 1;
      if (node.nodeType === "Commitment") {
        const status = node.status || "unknown";
        byStatus[status] = (byStatus[status] || 0) + 1;
      }
    });
    document.querySelectorAll("[data-count-type]").forEach((el) => {
      el.textContent = String(byType[el.dataset.countType] || 0);
    });
    document.querySelectorAll("[data-count-status]").forEach((el) => {
      el.textContent = String(byStatus[el.dataset.countStatus] || 0);
    });
  }

  function refresh() {
    nodeView.refresh();
    visibleIds = new Set(nodeView.getIds());
    edgeView.refresh();
    updateLegend();
    showCounts();
  }

  function setYear(year) {
    filter.year = year === null || year === "" ? null : Number(year);
    yearSelect.value = filter.year === null ? "" : String(filter.year);
    refresh();
    if (api.ready) network.fit({ animation: false });  // the year's nodes fill the view
  }

  function setTypeVisible(type, visible) {
    if (visible) filter.hiddenTypes.delete(type); else filter.hiddenTypes.add(type);
    typeBoxes.forEach((box) => { if (box.value === type) box.checked = visible; });
    refresh();
  }

  /* The node whose id or name is `text`, else one whose name contains it. As in
   * policykg.viz.resolve_node, a shared node wins over the commitments and amounts that
   * repeat its name; then a node the filters show wins over a hidden one. */
  const REPEATS_A_NAME = new Set(["Commitment", "Amount"]);
  function rank(node) {
    return 2 * Number(REPEATS_A_NAME.has(node.nodeType)) + Number(!visibleIds.has(node.id));
  }
  function findNode(text) {
    const query = text.trim();
    if (!query) return null;
    const byId = nodes.get(query);
    if (byId) return byId;
    for (const matches of [
      nodes.get({ filter: (n) => n.name === query }),
      nodes.get({ filter: (n) => (n.name || "").indexOf(query) !== -1 }),
    ]) {
      if (matches.length) return matches.sort((a, b) => rank(a) - rank(b))[0];
    }
    return null;
  }

  function focusNode(text) {
    const node = findNode(text);
    if (!node) {
      showCounts(`no node matches “${text}”`);
      return null;
    }
    if (!visibleIds.has(node.id)) {  // hidden by a filter: clear the filters to show it
      filter.hiddenTypes.clear();
      typeBoxes.forEach((box) => { box.checked = true; });
      setYear(null);
    }
    network.selectNodes([node.id]);
    network.focus(node.id, { scale: Math.max(network.getScale(), 1.2), animation: false });
    showCounts(`focused ${node.name}`);
    return node.id;
  }

  /* The timeline page of a Measure node, or null (not a measure, or the page is a file). */
  function timelineUrl(id) {
    const node = nodes.get(id);
    if (!data.timeline_url || !node || node.nodeType !== "Measure") return null;
    return `${data.timeline_url}?measure=${encodeURIComponent(node.id)}`;
  }
  // --- the side panel --------------------------------------------------------------
  const details = document.getElementById("details");
  const detailsProps = document.getElementById("details-props");
  const expandButton = document.getElementById("details-expand");
  const timelineLink = document.getElementById("details-timeline");
  const detailsNote = document.getElementById("details-note");
  let shown = null;

  function showDetails(id) {
    const node = nodes.get(id);
    if (!node) return null;
    shown = id;
    document.getElementById("details-title").textContent = `${node.nodeType}: ${node.name}`;
    detailsProps.replaceChildren();
    const rows = [["id", node.id], ...Object.entries(node.props || {})
      .filter(([key]) => key !== "id" && key !== "name")];
    if ((node.years || []).length) rows.push(["years", node.years.join(", ")]);
    for (const [key, value] of rows) {
      if (value === null || value === undefined || value === "") continue;
      const dt = document.createElement("dt");
      const dd = document.createElement("dd");
      dt.textContent = key;
      dd.textContent = Array.isArray(value) ? value.join(", ") : String(value);
      detailsProps.append(dt, dd);
    }
    const url = timelineUrl(id);
    timelineLink.hidden = !url;
    if (url) timelineLink.href = url;
    expandButton.disabled = !data.expand_url;
    detailsNote.textContent = data.expand_url ? "" :
      "Expanding needs the served page: policykg serve, then /view?focus=<this id>.";
    details.hidden = false;
    return id;
  }

  /* Add the node's neighbours (from the server) to the page; resolves to how many nodes
   * were new. Edges already drawn between the same nodes with the same type are kept. */
  let added = 0;
  async function expand(id) {
    if (!data.expand_url) return 0;
    const response = await fetch(`${data.expand_url}?node=${encodeURIComponent(id)}`);
    if (!response.ok) {
      detailsNote.textContent = `could not expand: ${response.status}`;
      return 0;
    }
    const more = await response.json();
    const fresh = more.nodes.filter((node) => !nodes.get(node.id));
    nodes.add(fresh);
    const known = new Set(edges.map((e) => `${e.from}|${e.relType}|${e.to}`));
    edges.add(more.edges
      .filter((e) => !known.has(`${e.from}|${e.relType}|${e.to}`))
      .map((e) => ({ ...e, id: `expanded-${added++}` })));
    refresh();
    detailsNote.textContent = `${fresh.length} new nodes`;
    return fresh.length;
  }

  document.getElementById("details-close").addEventListener("click", () => {
    details.hidden = true;
    shown = null;
  });
  expandButton.addEventListener("click", () => { if (shown) expand(shown); });
  network.on("click", (params) => {
    if (params.nodes.length === 1) showDetails(params.nodes[0]);
  });

  // --- edge tooltips: the edge nearest the pointer --------------------------------------
  const container = document.getElementById("graph");
  const edgeTip = document.getElementById("edge-tip");  // outside #graph: vis empties it
  const EDGE_REACH_PX = 6;

  function distanceToSegment(x1, y1, x2, y2, x, y) {
    const dx = x2 - x1, dy = y2 - y1;
    const length = dx * dx + dy * dy;
    const t = length ? Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / length)) : 0;
    return Math.hypot(x1 + t * dx - x, y1 + t * dy - y);
  }

  /* The id of the drawn edge nearest the DOM point (within a few pixels), or null; a node
   * under the pointer wins (its own tooltip shows). */
  function edgeAt(point) {
    if (network.getNodeAt(point) !== undefined) return null;
    const at = network.DOMtoCanvas(point);
    let best = null, bestDistance = Infinity;
    for (const id of network.body.edgeIndices) {
      const edge = network.body.edges[id];
      if (!edge.from || !edge.to) continue;
      const distance = edge.edgeType && edge.edgeType.getDistanceToEdge
        ? edge.edgeType.getDistanceToEdge(edge.from.x, edge.from.y, edge.to.x, edge.to.y,
          at.x, at.y)
        : distanceToSegment(edge.from.x, edge.from.y, edge.to.x, edge.to.y, at.x, at.y);
      if (distance < bestDistance) { best = id; bestDistance = distance; }
    }
    return bestDistance * network.getScale() <= EDGE_REACH_PX ? best : null;
  }

  container.addEventListener("mousemove", (event) => {
    const box = container.getBoundingClientRect();
    const point = { x: event.clientX - box.left, y: event.clientY - box.top };
    const id = edgeAt(point);
    const edge = id === null ? null : edges.get(id);
    if (!edge || !edge.title) { edgeTip.hidden = true; return; }
    edgeTip.textContent = edge.title;
    edgeTip.style.left = `${event.clientX + 12}px`;
    edgeTip.style.top = `${event.clientY + 12}px`;
    edgeTip.hidden = false;
  });
  container.addEventListener("mouseleave", () => { edgeTip.hidden = true; });

  yearSelect.addEventListener("change", () => setYear(yearSelect.value));
  typeBoxes.forEach((box) => box.addEventListener("change", () => setTypeVisible(box.value, box.checked)));
  document.getElementById("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    focusNode(document.getElementById("search").value);
  });
  const names = document.getElementById("node-names");
  const seen = new Set();
  nodes.forEach((node) => {
    if (seen.has(node.name)) return;
    seen.add(node.name);
    const option = document.createElement("option");
    option.value = node.name;
    names.appendChild(option);
  });

  function settle() {
    if (api.ready) return;
    network.setOptions({ physics: { enabled: false } });
    timings.stabilised = performance.now();
    network.storePositions();
    timings.ready = performance.now();
    api.stabilisedMs = timings.ready - timings.script;
    api.ready = true;
    document.body.dataset.ready = "true";
    if (data.focus && nodes.get(data.focus)) network.selectNodes([data.focus]);
    updateLegend();
    showCounts(nodes.length ? "" : "this view is empty");
  }
  network.once("stabilizationIterationsDone", settle);
  if (nodes.length === 0) settle();
})();
