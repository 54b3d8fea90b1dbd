// A task force's or an organization's network: a list of organizations (the keyboard and
// screen-reader path, on screen first) and a drawing (Cytoscape + fcose, loaded after).
import { busy, chrome, count, dateText, fillSelect, fold, gql, h, lang, orgHref, param, put, setParams, showError, sources, t, tieName, words } from "./common.js";
import { EDGES, KINDS, draw, exportSvg, loadCytoscape } from "./network-draw.js";
import { save, svgToPng } from "./gaps-map.js";

chrome("/network");
const $ = (id) => document.getElementById(id);
const es = lang() === "es";
const collator = (a, b) => a.localeCompare(b, es ? "es" : "en", { sensitivity: "base" });

// The page's words: group "web.network" of the message catalogue (docs/i18n.md).
const W = words("web.network", { title_collab: ["n"], title_around: ["n"], title_state: ["n"], orgs: ["n"], why_unnamed: ["d"], todo_state: ["n"], hop: ["a", "i", "n", "b", "how"], no_neigh: ["a"], found: ["n"], generated: ["d"], generated_as_of: ["d", "a"] });

let cy = null, net = null, last = null, collabs = [], stateNames = {}, kindLabels = {}, current = null, hopFrom = null, hopIndex = -1;

async function load() {
  const d = await gql(`{ collaborations { id name kind memberDescription states { code name } members { role } }
    organizations(first: 100) { edges { node { id name acronym } } } states { code name } serviceTypes { id name } }`);
  collabs = d.collaborations;
  stateNames = Object.fromEntries(d.states.map((s) => [s.code, s.name]));
  fillSelect($("collab"), [...collabs].sort((a, b) => collator(a.name, b.name)), (c) => c.id, (c) => c.name, W.none);
  fillSelect($("around"), d.organizations.edges.map((e) => e.node).map((o) => ({ id: o.id, name: o.acronym ? `${o.acronym} — ${o.name}` : o.name }))
    .sort((a, b) => collator(a.name, b.name)), (o) => o.id, (o) => o.name, W.none);
  fillSelect($("state"), [...d.states].sort((a, b) => collator(a.name, b.name)), (s) => s.code, (s) => s.name, W.all);
  fillSelect($("service"), [...d.serviceTypes].sort((a, b) => collator(a.name, b.name)), (s) => s.id, (s) => s.name, W.all);
  const biggest = [...collabs].sort((a, b) => b.members.length - a.members.length)[0];
  $("collab").value = param("collaboration") || (param("around") || param("state") ? "" : (biggest && biggest.id) || "");
  if (param("around")) { $("around").value = param("around"); $("collab").value = ""; }
  $("depth").value = param("depth") || (param("around") ? "1" : "0");
  for (const k of ["state", "service", "asof"]) if (param(k)) $(k).value = param(k);
  $("find").value = param("find");
  await drawNetwork();
  if (param("org")) open(param("org"), false);
}

function params() {
  const v = (id) => $(id).value || null;
  return { around: v("around"), collaboration: v("around") ? null : v("collab"), state: v("state"),
    service: v("service"), depth: Number($("depth").value), asOf: v("asof") };
}

const NETWORK = `query($around: ID, $collaboration: ID, $state: StateCode, $service: ServiceId, $depth: Int, $asOf: Date) {
  network(around: $around, collaboration: $collaboration, state: $state, service: $service, depth: $depth, asOf: $asOf) {
    nodes { id label name kind kindLabel sector states seed confidential }
    edges { id source target kinds strength evidence { kind label date } } } }`;

function title() {
  const p = last;
  if (p.around) return W.title_around($("around").selectedOptions[0].textContent);
  if (p.collaboration) return W.title_collab($("collab").selectedOptions[0].textContent);
  return W.title_state(stateNames[p.state] || "");
}

async function drawNetwork(ev) {
  if (ev) ev.preventDefault();
  last = params();
  setParams({ collaboration: last.collaboration, around: last.around, depth: String(last.depth), state: last.state,
    service: last.service, asof: last.asOf, org: null });
  current = null;
  try {
    const d = await busy($("busy"), () => gql(NETWORK, last));
    net = d.network;
    kindLabels = Object.fromEntries(net.nodes.map((n) => [n.kind, n.kindLabel]));
    $("net-h").textContent = title();
    summary();
    list();
    legend();
    if (ev) $("net-h").focus();
    await graph();
  } catch (err) { showError($("summary"), err); }
}

function summary() {
  const ties = count(net.edges.length, "ties_one", "ties_many");
  if (net.nodes.length) {
    put($("summary"), h("p", { text: `${W.orgs(net.nodes.length)}, ${ties}.` }),
      last.collaboration && last.depth === 0 ? h("p", { class: "hint", text: W.members_only }) : null);
    return;
  }
  // An empty network says why and what to do next.
  const c = collabs.find((x) => x.id === last.collaboration);
  const why = c && !c.members.length && c.memberDescription ? W.why_unnamed(c.memberDescription)
    : last.state || last.service || last.asOf ? W.why_filtered : W.why_hidden;
  const todo = [];
  const st = c && c.states[0];
  if (st) todo.push(h("a", { href: `/network?state=${st.code}${es ? "" : "&lang=en"}`, text: W.todo_state(st.name) }));
  if (last.depth === 0 && c && c.members.length) todo.push(h("button", { type: "button", class: "linkish", onclick: () => { $("depth").value = "1"; drawNetwork(); }, text: W.todo_neigh }));
  if (last.state || last.service || last.asOf) todo.push(h("button", { type: "button", class: "linkish", onclick: () => { for (const k of ["state", "service", "asof"]) $(k).value = ""; drawNetwork(); }, text: W.todo_clear }));
  todo.push(h("a", { href: es ? "/" : "/?lang=en", text: W.todo_dir }));
  put($("summary"), h("div", { class: "note empty" }, h("p", {}, h("strong", { text: W.empty }), " ", why),
    h("p", { text: W.todo }), h("ul", {}, ...todo.map((x) => h("li", {}, x)))));
}

const neighbours = (id) => net.edges.filter((e) => e.source === id || e.target === id)
  .map((e) => ({ id: e.source === id ? e.target : e.source, edge: e }))
  .sort((a, b) => collator(node(a.id).label, node(b.id).label));
const node = (id) => net.nodes.find((n) => n.id === id);
const how = (e) => e.kinds.map((k) => tieName(k)).join(", ");

// The keyboard path: one Tab stop; Up/Down walk the list, Right/Left hop between neighbours.
function list() {
  const sorted = [...net.nodes].sort((a, b) => collator(a.label, b.label));
  put($("orgs"), ...sorted.map((n, i) => {
    const deg = neighbours(n.id).length;
    return h("li", {}, h("button", { type: "button", class: "org-item", "data-id": n.id, tabindex: i === 0 ? "0" : "-1",
      onclick: () => open(n.id, true) },
    h("span", { class: `shape shape-${(KINDS[n.kind] || KINDS.not_stated)[1]}`, style: `--c:${(KINDS[n.kind] || KINDS.not_stated)[0]}`, "aria-hidden": "true" }),
    h("span", {}, h("span", { text: n.label === n.name ? n.name : `${n.label} — ${n.name}` }),
      h("span", { class: "hint", text: ` · ${n.kindLabel} · ${count(deg, "ties_one", "ties_many")}${n.seed ? ` · ${W.member_label}` : ""}` }))));
  }));
}

function focusItem(id) {
  const b = $("orgs").querySelector(`button[data-id="${CSS.escape(id)}"]`);
  if (!b) return;
  for (const x of $("orgs").querySelectorAll("button[tabindex='0']")) x.setAttribute("tabindex", "-1");
  b.setAttribute("tabindex", "0");
  b.focus();
  if (cy) { cy.$(":selected").unselect(); cy.getElementById(id).select(); }
}

$("orgs").addEventListener("keydown", (ev) => {
  const b = ev.target.closest("button[data-id]");
  if (!b || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const items = [...$("orgs").querySelectorAll("button[data-id]")];
  const i = items.indexOf(b);
  const id = b.dataset.id;
  if (ev.key === "ArrowDown" || ev.key === "ArrowUp" || ev.key === "Home" || ev.key === "End") {
    const j = ev.key === "Home" ? 0 : ev.key === "End" ? items.length - 1 : Math.max(0, Math.min(items.length - 1, i + (ev.key === "ArrowDown" ? 1 : -1)));
    ev.preventDefault(); hopFrom = null; focusItem(items[j].dataset.id); return;
  }
  if (ev.key === "ArrowRight" || ev.key === "ArrowLeft") {
    ev.preventDefault();
    if (!hopFrom || (hopFrom !== id && !neighbours(hopFrom).some((x) => x.id === id))) { hopFrom = id; hopIndex = -1; }
    const nb = neighbours(hopFrom);
    if (!nb.length) { $("hop").textContent = W.no_neigh(node(hopFrom).label); return; }
    hopIndex = (hopIndex + (ev.key === "ArrowRight" ? 1 : -1) + nb.length) % nb.length;
    const to = nb[hopIndex];
    focusItem(to.id);
    $("hop").textContent = W.hop(node(hopFrom).label, hopIndex + 1, nb.length, node(to.id).label, how(to.edge));
  }
});

function legend() {
  const kinds = [...new Set(net.nodes.map((n) => n.kind))].sort((a, b) => collator(kindLabels[a], kindLabels[b]));
  const kindsUsed = new Set(net.edges.flatMap((e) => e.kinds));
  const line = (k) => {
    const [colour, , dash] = EDGES[k];
    const svg = `<svg width="34" height="10" aria-hidden="true"><line x1="0" y1="5" x2="34" y2="5" stroke="${colour}" stroke-width="3"${dash ? ` stroke-dasharray="${dash.join(" ")}"` : ""}/></svg>`;
    const span = h("span", { class: "line" });
    span.innerHTML = svg; // a fixed picture built here, no data in it
    return span;
  };
  put($("legend"), h("ul", { class: "legend" },
    ...kinds.map((k) => h("li", {}, h("span", { class: `shape shape-${(KINDS[k] || KINDS.not_stated)[1]}`, style: `--c:${(KINDS[k] || KINDS.not_stated)[0]}`, "aria-hidden": "true" }), kindLabels[k])),
    h("li", {}, h("span", { class: "shape member", "aria-hidden": "true" }), W.member),
    ...Object.keys(EDGES).filter((k) => kindsUsed.has(k)).map((k) => h("li", {}, line(k), tieName(k)))));
}

async function graph() {
  if (cy) { cy.destroy(); cy = null; }
  if (!net.nodes.length) { $("cy").hidden = true; return; }
  $("cy").hidden = false;
  try { await loadCytoscape(); } catch { showError($("cy"), new Error(W.no_graph)); return; }
  cy = draw($("cy"), net, (id) => open(id, true));
  window.__cy = cy; // for tests and for the curious
  find();
}

function find() {
  const q = fold($("find").value);
  setParams({ find: $("find").value });
  if (!cy) return;
  cy.elements().removeClass("faded match");
  if (!q) { $("find-hint").textContent = ""; return; }
  const hits = cy.nodes().filter((n) => fold(`${n.data("label")} ${node(n.id()).name}`).includes(q));
  $("find-hint").textContent = hits.length ? W.found(hits.length) : W.found_none;
  if (!hits.length) return;
  cy.elements().addClass("faded");
  hits.removeClass("faded").addClass("match");
  hits.connectedEdges().removeClass("faded");
  cy.animate({ fit: { eles: hits.closedNeighborhood(), padding: 40 } }, { duration: 200 });
}

async function open(id, fromUser) {
  const n = node(id);
  if (!n) return;
  current = id;
  setParams({ org: id });
  if (cy) { cy.$(":selected").unselect(); cy.getElementById(id).select(); }
  try {
    const d = await gql(`query($id: ID!) { organization(id: $id) { id name acronym kindLabel sectorLabel city national
      states { name } capabilities { service { name } basisLabel mandate sources { document section table passage } }
      memberships { role collaboration { name } } } }`, { id });
    const o = d.organization;
    if (!o || current !== id) return;
    const ties = neighbours(id);
    put($("details"),
      h("h2", { id: "details-h", text: o.acronym ? `${o.name} (${o.acronym})` : o.name }),
      h("p", {}, h("span", { class: "badge" }, o.kindLabel), h("span", { class: "badge" }, o.sectorLabel)),
      h("p", { text: `${W.states}: ${o.states.map((s) => s.name).join(", ") || (o.national ? W.national : "—")}` }),
      o.city ? h("p", { text: `${W.city}: ${o.city}` }) : null,
      h("p", {}, h("a", { href: orgHref(o.id), text: W.see_org })),
      h("h3", { text: `${W.ties} (${ties.length})` }),
      ties.length ? h("ul", { class: "plain ties" }, ...ties.map((x) => h("li", {},
        h("button", { type: "button", class: "linkish", onclick: () => { focusItem(x.id); open(x.id, true); }, text: node(x.id).label }),
        ` — ${x.edge.evidence.map((e) => e.label + (e.date ? ` (${dateText(e.date)})` : "")).join("; ")}`))) : null,
      o.capabilities.length ? h("h3", { text: W.services }) : null,
      o.capabilities.length ? h("ul", {}, ...o.capabilities.map((c) => h("li", {}, `${c.service.name} — ${c.basisLabel}${c.mandate ? `: ${c.mandate}` : ""}`, sources(c.sources)))) : null,
      o.memberships.length ? h("h3", { text: W.groups }) : null,
      o.memberships.length ? h("ul", {}, ...o.memberships.map((m) => h("li", { text: m.collaboration.name + (m.role ? ` (${m.role})` : "") }))) : null);
    if (fromUser && matchMedia("(max-width: 899px)").matches) $("details").focus();
  } catch (err) { showError($("details"), err); }
}

function exportOptions() {
  const kinds = [...new Set(net.nodes.map((n) => n.kind))].map((k) => [k, kindLabels[k]]);
  const used = new Set(net.edges.flatMap((e) => e.kinds));
  const today = new Date().toISOString().slice(0, 10);
  return { title: $("net-h").textContent, subtitle: $("summary").textContent.split(".")[0],
    footer: last.asOf ? W.generated_as_of(dateText(today), dateText(last.asOf)) : W.generated(dateText(today)), kinds, memberText: W.member,
    edgeNames: Object.keys(EDGES).filter((k) => used.has(k)).map((k) => [k, tieName(k)]) };
}

const fileName = (ext) => `${last.collaboration || last.around || last.state || "red"}-${new Date().toISOString().slice(0, 10)}.${ext}`;

async function exportData(fmt) {
  const q = new URLSearchParams(Object.entries(last || {}).filter(([, v]) => v !== null && v !== ""));
  const headers = {};
  const tok = sessionStorage.getItem("referral-graph-token");
  if (tok) headers.Authorization = `Bearer ${tok}`;
  const r = await fetch(`/exports/network.${fmt}?${q}`, { headers });
  if (!r.ok) { showError($("summary"), new Error(await r.text())); return; }
  save(await r.blob(), fileName(fmt));
}

$("pick").addEventListener("submit", drawNetwork);
$("collab").addEventListener("change", () => { if ($("collab").value) $("around").value = ""; });
$("find").addEventListener("input", find);
$("zoom-in").addEventListener("click", () => cy && cy.zoom({ level: cy.zoom() * 1.3, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }));
$("zoom-out").addEventListener("click", () => cy && cy.zoom({ level: cy.zoom() / 1.3, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }));
$("fit").addEventListener("click", () => cy && cy.fit(undefined, 20));
$("svg").addEventListener("click", () => cy && save(new Blob([exportSvg(cy, exportOptions())], { type: "image/svg+xml" }), fileName("svg")));
$("png").addEventListener("click", async () => cy && save(await svgToPng(exportSvg(cy, exportOptions())), fileName("png")));
for (const b of document.querySelectorAll("[data-fmt]")) b.addEventListener("click", () => exportData(b.dataset.fmt));
load().catch((err) => showError($("summary"), err));
