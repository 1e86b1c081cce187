/* policykg graph page: draws the graph in #graph-data with vis-network, filters it by year
 * and node type, focuses a node found by the search box.
 *
 * Filtering goes through vis DataViews, so what the network draws is exactly what passes the
 * filters; an edge is drawn when both its ends are. Layout: the force layout runs for the
 * bounded number of steps in the options, then physics is switched off and every position is
 * stored, so nodes coming back after a filter return to where they were.
 *
 * Served by the API (data.timeline_url set), clicking a Measure opens its timeline page
 * (/view/timeline?measure=<its id>); a page opened as a file says the command in the tooltip.
 *
 * For tests and the curious: window.policykg = {nodes, edges, nodeView, edgeView, network,
 * setYear, setTypeVisible, focusNode, timelineUrl, drawn, ready, timings}.
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
    setYear, setTypeVisible, focusNode, timelineUrl,
  };
  window.policykg = api;

  function showCounts(extra) {
    const drawn = api.drawn();
    status.textContent = `${drawn.nodes} of ${nodes.length} nodes, ` +
      `${drawn.edges} of ${edges.length} edges` + (extra ? ` · ${extra}` : "");
  }

  function refresh() {
    nodeView.refresh();
    visibleIds = new Set(nodeView.getIds());
    edgeView.refresh();
    showCounts();
  }

  function setYear(year) {
    filter.year = year === null || year === "" ? null : Number(year);
    yearSelect.value = filter.year === null ? "" : String(filter.year);
    refresh();
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
  network.on("click", (params) => {
    const url = params.nodes.length === 1 ? timelineUrl(params.nodes[0]) : null;
    if (url) window.location.assign(url);
  });

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
    showCounts(nodes.length ? "" : "this view is empty");
  }
  network.once("stabilizationIterationsDone", settle);
  if (nodes.length === 0) settle();
})();
