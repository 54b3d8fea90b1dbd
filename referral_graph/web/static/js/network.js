// A task force's or an organization's network with Cytoscape (installed from npm at setup).
import { busy, chrome, put, fillSelect, gql, h, lang, showError, sources } from "./common.js";

chrome("/network");
const $ = (id) => document.getElementById(id);
const es = lang() === "es";

// Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
const KIND_COLOURS = { shelter: "#E69F00", ngo: "#56B4E9", government_agency: "#0072B2",
  human_rights_commission: "#009E73", international: "#CC79A7", foreign_government: "#999999",
  project: "#D55E00", academic: "#F0E442", task_force_secretariat: "#000000" };
const EDGE_STYLES = { agreement: ["#0072B2", "solid"], collaboration: ["#009E73", "dashed"],
  activity: ["#999999", "dotted"], referral: ["#D55E00", "solid"] };
const EDGE_NAMES = { agreement: ["Acuerdo / convenio", "Agreement"], collaboration: ["Grupo o red compartidos", "Shared task force or network"],
  activity: ["Actividad compartida", "Shared activity"], referral: ["Canalización registrada", "Recorded referral"] };
let cy = null;
let last = null;

async function load() {
  const d = await gql(`{ collaborations { id name kind members { role } } organizations(first: 100) { edges { node { id name acronym } } }
    states { code name } serviceTypes { id name } }`);
  const none = es ? "— ninguno —" : "— none —";
  fillSelect($("collab"), d.collaborations, (c) => c.id, (c) => c.name, none);
  fillSelect($("around"), d.organizations.edges.map((e) => e.node), (o) => o.id, (o) => o.acronym || o.name, none);
  fillSelect($("state"), d.states, (s) => s.code, (s) => s.name, es ? "— todos —" : "— all —");
  fillSelect($("service"), d.serviceTypes, (s) => s.id, (s) => s.name, es ? "— todos —" : "— all —");
  const p = new URLSearchParams(location.search);
  const biggest = [...d.collaborations].sort((a, b) => b.members.length - a.members.length)[0];
  $("collab").value = p.get("collaboration") || (biggest && biggest.id) || "";
  if (p.get("around")) { $("around").value = p.get("around"); $("collab").value = ""; }
  put($("legend"), 
    ...Object.entries(EDGE_NAMES).map(([k, n]) => h("span", { class: "edge dot", style: `--c:${EDGE_STYLES[k][0]}` }, n[es ? 0 : 1])));
  draw();
}

function params() {
  const v = (id) => $(id).value || null;
  return { around: v("around"), collaboration: v("around") ? null : v("collab"), state: v("state"),
    service: v("service"), depth: Number($("depth").value), asOf: v("asof") };
}

const NETWORK = `query($around: ID, $collaboration: ID, $state: String, $service: String, $depth: Int, $asOf: Date) {
  network(around: $around, collaboration: $collaboration, state: $state, service: $service, depth: $depth, asOf: $asOf) {
    nodes { id label name kind sector states seed confidential }
    edges { id source target kinds strength evidence { kind label date } } } }`;

async function draw(ev) {
  if (ev) ev.preventDefault();
  last = params();
  try {
    const d = await busy($("busy"), () => gql(NETWORK, last));
    render(d.network);
  } catch (err) { showError($("summary"), err); }
}

function render(net) {
  $("summary").textContent = (es ? `${net.nodes.length} organizaciones, ${net.edges.length} vínculos.`
    : `${net.nodes.length} organizations, ${net.edges.length} ties.`) + (net.nodes.length ? "" : (es
    ? " Los documentos no nombran miembros que usted pueda ver."
    : " The documents name no members you may see."));
  const names = Object.fromEntries(net.nodes.map((n) => [n.id, n.label]));
  put($("edges"), ...net.edges.map((e) => h("li", {},
    `${names[e.source]} — ${names[e.target]}: ${e.evidence.map((x) => x.label).join("; ")}`)));
  const kinds = new Set(net.nodes.map((n) => n.kind));
  put($("legend"), 
    ...[...kinds].map((k) => h("span", { class: "dot", style: `--c:${KIND_COLOURS[k] || "#777"}` }, k.replace(/_/g, " "))),
    ...Object.entries(EDGE_NAMES).map(([k, n]) => h("span", { class: "edge dot", style: `--c:${EDGE_STYLES[k][0]}` }, n[es ? 0 : 1])));
  const elements = [
    ...net.nodes.map((n) => ({ data: { id: n.id, label: n.label, kind: n.kind, seed: n.seed ? 1 : 0 } })),
    ...net.edges.map((e) => ({ data: { id: e.id, source: e.source, target: e.target, kind: e.kinds[0], w: e.strength } })),
  ];
  if (!window.cytoscape) { showError($("summary"), new Error("cytoscape not installed: run make serve")); return; }
  if (window.cytoscapeSvg && !window.cytoscape.prototype.svg) window.cytoscape.use(window.cytoscapeSvg);
  if (cy) cy.destroy();
  cy = window.cytoscape({
    container: $("cy"), elements,
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 90 },
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 11, "text-wrap": "wrap", "text-max-width": 110,
        "text-valign": "bottom", "text-margin-y": 4, width: 22, height: 22, "border-width": 1, "border-color": "#333",
        "background-color": (n) => KIND_COLOURS[n.data("kind")] || "#777" } },
      { selector: "node[seed = 1]", style: { width: 30, height: 30, "border-width": 3 } },
      { selector: "edge", style: { width: (e) => 1 + 4 * e.data("w"), "curve-style": "bezier",
        "line-color": (e) => (EDGE_STYLES[e.data("kind")] || ["#777"])[0],
        "line-style": (e) => (EDGE_STYLES[e.data("kind")] || ["", "solid"])[1] } },
      { selector: ":selected", style: { "border-color": "#ffbf47", "border-width": 5 } },
    ],
  });
  window.__cy = cy; // for tests and for the curious
  cy.on("tap", "node", (ev) => details(ev.target.id()));
}

async function details(id) {
  try {
    const d = await gql(`query($id: ID!) { organization(id: $id) { id name acronym kindLabel sectorLabel city national
      states { name } sources { document section table passage }
      capabilities { service { name } basisLabel mandate sources { document section table passage } }
      memberships { role collaboration { name } } } }`, { id });
    const o = d.organization;
    if (!o) return;
    put($("details"), 
      h("h2", { text: o.acronym ? `${o.name} (${o.acronym})` : o.name }),
      h("p", {}, h("span", { class: "badge" }, o.kindLabel), h("span", { class: "badge" }, o.sectorLabel)),
      h("p", { text: (es ? "Estados: " : "States: ") + (o.states.map((s) => s.name).join(", ") || (o.national ? (es ? "nacional" : "national") : "—")) }),
      o.city ? h("p", { text: (es ? "Ciudad: " : "City: ") + o.city }) : null,
      h("h3", { text: es ? "Servicios" : "Services" }),
      h("ul", {}, ...o.capabilities.map((c) => h("li", {}, `${c.service.name} — ${c.basisLabel}${c.mandate ? ": " + c.mandate : ""}`, sources(c.sources)))),
      o.memberships.length ? h("h3", { text: es ? "Grupos y redes" : "Task forces and networks" }) : null,
      o.memberships.length ? h("ul", {}, ...o.memberships.map((m) => h("li", { text: m.collaboration.name + (m.role ? ` (${m.role})` : "") }))) : null,
      sources(o.sources));
  } catch (err) { showError($("details"), err); }
}

function save(blob, name) {
  const a = h("a", { href: URL.createObjectURL(blob), download: name });
  document.body.append(a); a.click(); a.remove();
}

async function exportData(fmt) {
  const q = new URLSearchParams(Object.entries(last || {}).filter(([, v]) => v !== null && v !== ""));
  const headers = {};
  const tok = sessionStorage.getItem("referral-graph-token");
  if (tok) headers.Authorization = `Bearer ${tok}`;
  const r = await fetch(`/exports/network.${fmt}?${q}`, { headers });
  if (!r.ok) { showError($("summary"), new Error(await r.text())); return; }
  save(await r.blob(), `network.${fmt}`);
}

$("pick").addEventListener("submit", draw);
$("collab").addEventListener("change", () => { if ($("collab").value) $("around").value = ""; });
$("png").addEventListener("click", () => cy && save(cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff" }), "network.png"));
$("svg").addEventListener("click", () => cy && cy.svg && save(new Blob([cy.svg({ full: true, bg: "#ffffff" })], { type: "image/svg+xml" }), "network.svg"));
for (const b of document.querySelectorAll("[data-fmt]")) b.addEventListener("click", () => exportData(b.dataset.fmt));
load().catch((err) => showError($("summary"), err));
