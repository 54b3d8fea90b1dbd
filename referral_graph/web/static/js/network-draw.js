// Drawing the network with Cytoscape and fcose: colour and shape per kind, size by ties,
// labels that keep a readable size at any zoom and never overlap, exports with a legend.

// Okabe–Ito and Tol colours with a shape each: no two kinds look alike, in colour or in grey.
export const KINDS = {
  shelter: ["#E69F00", "round-rectangle"], ngo: ["#56B4E9", "ellipse"], government_agency: ["#0072B2", "rectangle"],
  human_rights_commission: ["#009E73", "diamond"], task_force_secretariat: ["#000000", "octagon"],
  international: ["#CC79A7", "hexagon"], foreign_government: ["#882255", "triangle"], academic: ["#F0E442", "star"],
  union: ["#44AA99", "vee"], media: ["#DDCC77", "rhomboid"], consultancy: ["#AA4499", "pentagon"],
  project: ["#D55E00", "concave-hexagon"], not_stated: ["#BBBBBB", "round-diamond"],
};
// Line styles as well as colours, so a tie's kind reads in black and white.
export const EDGES = {
  agreement: ["#0072B2", "solid", null], collaboration: ["#009E73", "dashed", [9, 5]],
  activity: ["#6B6B6B", "dotted", [2, 4]], referral: ["#D55E00", "dashed", [12, 4, 2, 4]],
};
const LABEL_PX = 12; // on-screen label size while zoomed out

let loading = null;
// The graph code (about 180 KiB) arrives after the list: the page is useful before it.
export function loadCytoscape() {
  if (globalThis.cytoscape) return Promise.resolve(globalThis.cytoscape);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement("script");
      s.src = "/static/vendor/network.js";
      s.onload = () => resolve(globalThis.cytoscape);
      s.onerror = () => reject(new Error("cytoscape not installed: run make serve"));
      document.head.append(s);
    });
  }
  return loading;
}

export function draw(container, net, onPick) {
  const cytoscape = globalThis.cytoscape;
  const degree = {};
  for (const e of net.edges) for (const n of [e.source, e.target]) degree[n] = (degree[n] || 0) + 1;
  const touch = matchMedia("(pointer: coarse)").matches;
  const cy = cytoscape({
    container,
    elements: [
      ...net.nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind, seed: n.seed ? 1 : 0, deg: degree[n.id] || 0 } })),
      ...net.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, kind: e.kinds[0], w: e.strength } })),
    ],
    // On a phone a swipe scrolls the page: the drawing does not grab it (zoom with the buttons).
    userPanningEnabled: !touch, userZoomingEnabled: !touch, boxSelectionEnabled: false, autoungrabify: touch,
    minZoom: 0.2, maxZoom: 4, wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        label: "data(label)", "font-size": LABEL_PX, "text-wrap": "ellipsis", "text-max-width": 120,
        "text-valign": "bottom", "text-margin-y": 3, color: "#1b1b1f",
        "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 1,
        width: (n) => 16 + 7 * Math.sqrt(n.data("deg")), height: (n) => 16 + 7 * Math.sqrt(n.data("deg")),
        shape: (n) => (KINDS[n.data("kind")] || KINDS.not_stated)[1],
        "background-color": (n) => (KINDS[n.data("kind")] || KINDS.not_stated)[0],
        "border-width": 1, "border-color": "#333" } },
      { selector: "node[seed = 1]", style: { "border-width": 4, "border-color": "#1b1b1f" } },
      { selector: "node.nolabel", style: { label: "" } },
      { selector: "edge", style: { width: (e) => 1 + 4 * e.data("w"), "curve-style": "bezier",
        "line-color": (e) => (EDGES[e.data("kind")] || EDGES.activity)[0],
        "line-style": (e) => ((EDGES[e.data("kind")] || EDGES.activity)[2] ? "dashed" : "solid"),
        "line-dash-pattern": (e) => (EDGES[e.data("kind")] || EDGES.activity)[2] || [1, 0] } },
      { selector: ".faded", style: { opacity: 0.2 } },
      { selector: "node.match", style: { "border-width": 4, "border-color": "#7a0177", "border-style": "double" } },
      { selector: "node:selected", style: { "overlay-color": "#ffbf47", "overlay-opacity": 0.45, "overlay-padding": 7 } },
    ],
    layout: { name: "fcose", quality: "proof", randomize: true, animate: false, nodeDimensionsIncludeLabels: true,
      packComponents: true, nodeRepulsion: 9000, idealEdgeLength: 80, nodeSeparation: 90, tilingPaddingVertical: 20,
      tilingPaddingHorizontal: 20, padding: 20 },
  });
  cy.on("tap", "node", (ev) => onPick(ev.target.id()));
  let timer = null;
  const relabel = () => { clearTimeout(timer); timer = setTimeout(() => placeLabels(cy), 60); };
  cy.on("zoom", () => { scaleLabels(cy); relabel(); });
  cy.on("pan", relabel);
  cy.ready(() => { scaleLabels(cy); placeLabels(cy); });
  return cy;
}

// Labels keep LABEL_PX on screen while zoomed out and grow when zoomed in.
function scaleLabels(cy) {
  const size = LABEL_PX / Math.min(1, cy.zoom());
  cy.style().selector("node").style({ "font-size": size, "text-max-width": 120 / Math.min(1, cy.zoom()) }).update();
}

const overlaps = (a, b) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;

// Greedy: members and the best-connected organizations keep their labels; a label that would
// cover another label (or another node) is hidden until zooming in makes room.
export function placeLabels(cy) {
  const nodes = cy.nodes().sort((a, b) => (b.data("seed") - a.data("seed")) || (b.data("deg") - a.data("deg")) || (a.id() < b.id() ? -1 : 1));
  cy.batch(() => nodes.removeClass("nolabel"));
  const shapes = nodes.map((n) => n.boundingBox({ includeLabels: false }));
  const kept = [];
  cy.batch(() => nodes.forEach((n, i) => {
    const full = n.boundingBox({ includeLabels: true, includeOverlays: false });
    const own = shapes[i];
    const label = { x1: full.x1, x2: full.x2, y1: own.y2, y2: full.y2 };
    const hit = kept.some((k) => overlaps(k, label)) || shapes.some((s, j) => j !== i && overlaps(s, label));
    if (hit && !n.selected()) n.addClass("nolabel"); else kept.push(label);
  }));
}

const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

function legendSvg(kinds, edgeNames, memberText, x, y) {
  const rows = [];
  let yy = y;
  for (const [kind, label] of kinds) {
    const [fill] = KINDS[kind] || KINDS.not_stated;
    rows.push(`<rect x="${x}" y="${yy}" width="14" height="14" fill="${fill}" stroke="#333"/><text x="${x + 22}" y="${yy + 12}" font-size="13">${esc(label)}</text>`);
    yy += 20;
  }
  rows.push(`<circle cx="${x + 7}" cy="${yy + 7}" r="7" fill="#fff" stroke="#1b1b1f" stroke-width="4"/><text x="${x + 22}" y="${yy + 12}" font-size="13">${esc(memberText)}</text>`);
  yy += 24;
  for (const [k, label] of edgeNames) {
    const [colour, , dash] = EDGES[k];
    rows.push(`<line x1="${x}" y1="${yy + 7}" x2="${x + 30}" y2="${yy + 7}" stroke="${colour}" stroke-width="3"${dash ? ` stroke-dasharray="${dash.join(" ")}"` : ""}/><text x="${x + 38}" y="${yy + 12}" font-size="13">${esc(label)}</text>`);
    yy += 20;
  }
  return { svg: rows.join(""), height: yy - y };
}

/** The picture without the selection ring, with title, legend and date: SVG text. */
export function exportSvg(cy, { title, subtitle, footer, kinds, edgeNames, memberText }) {
  const selected = cy.$(":selected");
  selected.unselect();
  cy.nodes().removeClass("faded match"); cy.edges().removeClass("faded");
  const inner = cy.svg({ full: true, bg: "#ffffff", scale: 1 });
  selected.select();
  const m = /width="([\d.]+)"[^>]*height="([\d.]+)"/.exec(inner) || [0, 800, 600];
  const gw = Math.max(400, Number(m[1])), gh = Number(m[2]);
  const legend = legendSvg(kinds, edgeNames, memberText, gw + 40, 80);
  const W = gw + 340, H = Math.max(gh + 90, legend.height + 120) + 40;
  const body = inner.replace(/^<\?xml[^>]*>/, "").replace(/<svg /, `<svg x="20" y="80" `);
  return `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif" fill="#1b1b1f">` +
    `<rect width="100%" height="100%" fill="#ffffff"/><text x="20" y="36" font-size="22" font-weight="700">${esc(title)}</text>` +
    `<text x="20" y="60" font-size="14" fill="#4a4a55">${esc(subtitle)}</text>${body}${legend.svg}` +
    `<text x="20" y="${H - 16}" font-size="12" fill="#4a4a55">${esc(footer)}</text></svg>`;
}
