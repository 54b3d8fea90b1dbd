// The analyst's gap report: a map of Mexico for one service (or the state laws), the state ×
// service heat map as one Tab stop, and a details panel (a drawer on phones).
import { busy, chrome, dateBasis, dateText, fillSelect, gql, h, lang, orgHref, param, put, setParams, showError, words } from "./common.js";
import { drawMap, mapSvg, nextIndex, save, shapes, svgToPng } from "./gaps-map.js";

const pickDate = (day) => { $("asof").value = day; run(); };
chrome("/gaps", pickDate);
const $ = (id) => document.getElementById(id);
const es = lang() === "es";
const collator = (a, b) => a.localeCompare(b, es ? "es" : "en", { sensitivity: "base" });

// The report's palette (gaps/heatmap.py, inferno: ordered in greyscale too) and the terminal's
// symbols (gaps/render.py), so the map reads without colour.
const ORDER = ["gap", "disconnected", "single_point", "thin", "covered"];
const FILL = { gap: "#1f0c48", disconnected: "#7f1e6c", single_point: "#d84c3e", thin: "#f9a621", covered: "#f6f7b0" };
const INK = { gap: "#ffffff", disconnected: "#ffffff", single_point: "#000000", thin: "#000000", covered: "#000000" };
const SYMBOL = { gap: "✗", disconnected: "⊘", single_point: "!", thin: "~", covered: "✓" };
// State laws: Okabe–Ito colours (colour-blind safe), black symbols.
const LAW_ORDER = ["comprehensive", "partial", "none", "not_stated"];
const LAW_FILL = { comprehensive: "#009E73", partial: "#F0E442", none: "#D55E00", not_stated: "#BBBBBB" };
const LAW_SYMBOL = { comprehensive: "✓", partial: "½", none: "✗", not_stated: "?" };

// The page's words: group "web.gaps" of the message catalogue (docs/i18n.md).
const W = words("web.gaps", { map_title: ["s"], states_n: ["n"], providers_n: ["n"], what_if: ["n"], map_aria: ["s"], generated: ["d"], dl_title: ["s"], without: ["n"] });

const REPORT = `query($without: [ID!], $asOf: Date, $closing: Boolean!) {
  coverageReport(without: $without, asOf: $asOf) {
    disclaimer asOf dateBasis freshness services serviceNames
    cells { state service status statusLabel providerIds providerNames reasons sources }
    states { code name lawStatus lawLabel lawDate collaborations brokers isolated notes } }
  coverageChanges(before: {asOf: $asOf}, after: {without: $without, asOf: $asOf}) @include(if: $closing) {
    headline lines
    changes: otherChanges { state service kind beforeLabel }
    newGaps { state service kind beforeLabel } closedGaps { state service kind beforeLabel } } }`;

let report = null, was = {}, laws = {}, publicOrgs = new Set(), opened = null, invoker = null, map = null, whoClosed = "";

async function load() {
  const start = { state: param("state"), cell: param("cell") }; // run() rewrites the URL
  const d = await gql(`{ organizations(first: 100) { edges { node { id name acronym } } } serviceTypes { id name }
    states { code legislation { status statusLabel approved published effective dateText } } }`);
  const orgs = d.organizations.edges.map((e) => e.node);
  publicOrgs = new Set(orgs.map((o) => o.id));
  laws = Object.fromEntries(d.states.map((s) => [s.code, s.legislation]));
  const orgList = orgs.map((o) => ({ id: o.id, name: o.acronym ? `${o.acronym} — ${o.name}` : o.name }))
    .sort((a, b) => collator(a.name, b.name));
  fillSelect($("without"), orgList, (o) => o.id, (o) => o.name, W.none);
  fillSelect($("service"), [...d.serviceTypes].sort((a, b) => collator(a.name, b.name)), (s) => s.id, (s) => s.name);
  $("service").value = param("service") || "legal_aid";
  if (param("without")) $("without").value = param("without");
  if (param("asof")) $("asof").value = param("asof");
  if (param("mode") === "law") document.querySelector("input[name=mode][value=law]").checked = true;
  await run();
  if (start.state) { openState(start.state, start.cell || null, false); state(); }
}

async function run(ev) {
  if (ev) ev.preventDefault();
  const without = $("without").value ? [$("without").value] : null;
  const asOf = $("asof").value || null;
  const q = new URLSearchParams({ lang: lang() });
  if (without) q.set("without", without[0]);
  if (asOf) q.set("as_of", asOf);
  for (const [id, fmt] of [["dl-html", "html"], ["dl-csv", "csv"], ["dl-png", "png"]]) $(id).href = `/reports/gaps.${fmt}?${q}`;
  try {
    const d = await busy($("busy"), () => gql(REPORT, { without, asOf, closing: !!without }));
    whoClosed = without ? $("without").selectedOptions[0].textContent.split(" — ")[0] : ""; // the acronym
    report = d.coverageReport;
    report.states.sort((a, b) => collator(a.name, b.name));
    was = {};
    const ch = d.coverageChanges;
    for (const c of ch ? [...ch.newGaps, ...ch.closedGaps, ...ch.changes] : []) was[`${c.state}|${c.service}`] = c.beforeLabel;
    changes(ch);
    // The server's date basis (the date asked, else today), the one the directory states too.
    $("basis").textContent = `${report.dateBasis} ${report.freshness}`;
    dateBasis(asOf, pickDate);
    $("disclaimer").textContent = report.disclaimer;
    heat();
    await drawAll();
    if (ev) closePanel(false); // a panel opened before belongs to the old report
    state();
  } catch (err) { showError($("cell"), err); }
}

function state() {
  setParams({ service: $("service").value, without: $("without").value, asof: $("asof").value, mode: mode() === "law" ? "law" : "",
    state: opened ? opened.code : "", cell: opened && opened.service !== $("service").value ? opened.service : "" });
}

const mode = () => document.querySelector("input[name=mode]:checked").value;
const cellOf = (code, svc) => report.cells.find((c) => c.state === code && c.service === svc);
const serviceName = (svc) => report.serviceNames[report.services.indexOf(svc)] || svc;

function changes(c) {
  const box = $("changes");
  box.hidden = !c;
  if (!c) return;
  put(box, h("h2", { text: W.what_if(whoClosed) }), h("p", {}, h("strong", { text: c.headline })),
    c.lines.length ? h("ul", {}, ...c.lines.map((x) => h("li", { text: x }))) : null,
    c.lines.length ? h("p", { class: "hint", text: W.changed_hint }) : null);
}

function coverageLook(code) {
  const c = cellOf(code, $("service").value);
  if (!c) return { fill: "#ffffff", ink: "#000", symbol: "", label: "—" };
  const n = c.providerIds.length;
  const before = was[`${code}|${c.service}`];
  return { fill: FILL[c.status], ink: INK[c.status], symbol: SYMBOL[c.status], changed: !!before,
    label: `${c.statusLabel}, ${W.providers_n(n)}${before ? ` (${W.before}: ${before})` : ""}` };
}

function lawLook(code) {
  const law = laws[code];
  const status = law ? law.status : "not_stated";
  const label = law ? law.statusLabel : "—";
  return { fill: LAW_FILL[status] || "#BBBBBB", ink: "#000000", symbol: LAW_SYMBOL[status] || "?", label: label + lawDates(law, true) };
}

function lawDates(law, short) {
  if (!law) return "";
  const parts = [["approved", law.approved], ["published", law.published], ["effective", law.effective]]
    .filter(([, d]) => d).map(([k, d]) => `${W[k]} ${dateText(d)}`);
  if (!parts.length && law.dateText) parts.push(law.dateText);
  return parts.length ? (short ? ` (${parts[0]})` : ` — ${parts.join("; ")}`) : "";
}

function legendItems() {
  const law = mode() === "law";
  const codes = report.states.map((s) => s.code);
  if (law) {
    const counts = {};
    for (const c of codes) { const st = (laws[c] && laws[c].status) || "not_stated"; counts[st] = (counts[st] || 0) + 1; }
    const label = {};
    for (const c of codes) if (laws[c]) label[laws[c].status] = laws[c].statusLabel;
    return LAW_ORDER.filter((s) => counts[s]).map((s) => ({ fill: LAW_FILL[s], ink: "#000", symbol: LAW_SYMBOL[s],
      text: `${label[s] || s}: ${W.states_n(counts[s])}` }));
  }
  const counts = {}, label = {};
  for (const c of report.cells) if (c.service === $("service").value) { counts[c.status] = (counts[c.status] || 0) + 1; label[c.status] = c.statusLabel; }
  return ORDER.filter((s) => counts[s]).map((s) => ({ fill: FILL[s], ink: INK[s], symbol: SYMBOL[s], text: `${label[s]}: ${W.states_n(counts[s])}` }));
}

async function drawAll() {
  const law = mode() === "law";
  const svc = $("service").selectedOptions[0] ? $("service").selectedOptions[0].textContent : "";
  $("map-h").textContent = law ? W.law_title : W.map_title(svc) + (whoClosed ? W.without(whoClosed) : "");
  put($("legend"), ...legendItems().map((x) => h("li", {}, h("span", { class: "sw", style: `background:${x.fill};color:${x.ink}`, "aria-hidden": "true", text: x.symbol }), x.text)));
  try {
    map = await drawMap($("map"), report.states, law ? lawLook : coverageLook, (code) => openState(code, null, true),
      W.map_aria(law ? W.law_title : svc));
    const { credit } = await shapes();
    $("map-credit").textContent = credit;
    if (opened) map.select(opened.code);
  } catch { put($("map"), h("p", { class: "error", text: W.no_map })); }
}

// The heat map: one Tab stop; arrows, Home/End, PageUp/PageDown and first letters move.
function heat() {
  const r = report;
  const head = h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "corner", text: W.state }),
    ...r.serviceNames.map((n) => h("th", { scope: "col" }, h("span", { text: n })))));
  const rows = r.states.map((s, i) => h("tr", {}, h("th", { scope: "row", text: s.name }),
    ...r.services.map((svc, j) => {
      const c = cellOf(s.code, svc);
      if (!c) return h("td", {});
      const n = c.providerIds.length;
      const before = was[`${s.code}|${svc}`];
      return h("td", {}, h("button", { type: "button", class: `s-${c.status}${before ? " changed" : ""}`,
        tabindex: i === 0 && j === 0 ? "0" : "-1", "data-state": s.code, "data-service": svc, "data-row": i, "data-col": j,
        onclick: (ev) => openState(s.code, svc, true, ev.currentTarget) },
      h("span", { "aria-hidden": "true", text: SYMBOL[c.status] }), String(n),
      h("span", { class: "vh", text: ` ${s.name}, ${r.serviceNames[j]}: ${c.statusLabel}${before ? ` (${W.before}: ${before})` : ""}` })));
    })));
  put($("heat"), head, h("tbody", {}, ...rows));
}

function heatKeys(ev) {
  const b = ev.target.closest("button[data-row]");
  if (!b || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const rows = report.states.length, cols = report.services.length;
  let r = Number(b.dataset.row), c = Number(b.dataset.col);
  const k = ev.key;
  if (k === "ArrowRight") c = Math.min(cols - 1, c + 1);
  else if (k === "ArrowLeft") c = Math.max(0, c - 1);
  else if (k === "Home") c = 0;
  else if (k === "End") c = cols - 1;
  else {
    const next = k.startsWith("Arrow") || k.startsWith("Page") || (k.length === 1 && /\S/.test(k))
      ? nextIndex(k, r, report.states, (s) => s.name) : null;
    if (next === null) return;
    r = next;
  }
  ev.preventDefault();
  const to = $("heat").querySelector(`button[data-row="${r}"][data-col="${c}"]`);
  if (!to) return;
  for (const x of $("heat").querySelectorAll("button[tabindex='0']")) x.setAttribute("tabindex", "-1");
  to.setAttribute("tabindex", "0");
  to.focus();
  to.scrollIntoView({ block: "nearest", inline: "nearest" });
}

function link(id, name) { return publicOrgs.has(id) ? h("a", { href: orgHref(id), text: name }) : name; }

// A state's details for one service: status, providers, reasons, network and law.
function openState(code, service, fromUser, button) {
  const st = report.states.find((s) => s.code === code);
  if (!st) return;
  const svc = service || $("service").value;
  const c = cellOf(code, svc);
  opened = { code, service: svc };
  invoker = button || document.activeElement;
  for (const x of $("heat").querySelectorAll("button[aria-current]")) x.removeAttribute("aria-current");
  const cellButton = $("heat").querySelector(`button[data-state="${code}"][data-service="${svc}"]`);
  if (cellButton) cellButton.setAttribute("aria-current", "true");
  if (map) map.select(code);
  const law = laws[code];
  const before = was[`${code}|${svc}`];
  put($("cell"),
    h("div", { class: "panel-head" }, h("h2", { id: "cell-h", text: `${st.name} · ${serviceName(svc)}` }),
      h("button", { type: "button", class: "secondary close", onclick: () => closePanel(true), text: W.close })),
    c ? h("p", {}, h("span", { class: `sw s-${c.status}`, "aria-hidden": "true", text: SYMBOL[c.status] }), " ",
      h("strong", { text: c.statusLabel }), before ? ` (${W.before}: ${before})` : "") : null,
    h("h3", { text: W.providers }),
    c && c.providerNames.length ? h("ul", {}, ...c.providerNames.map((n, i) => h("li", {}, link(c.providerIds[i], n))))
      : h("p", { text: W.none_recorded }),
    c ? h("h3", { text: W.reasons }) : null,
    c ? h("ul", {}, ...c.reasons.map((x) => h("li", { text: x }))) : null,
    c && c.sources.length ? h("details", {}, h("summary", { text: `${W.sources} (${c.sources.length})` }),
      h("ul", {}, ...c.sources.map((x) => h("li", { text: x })))) : null,
    h("h3", { text: W.network }),
    st.collaborations.length ? h("p", { text: `${W.groups}: ${[...st.collaborations].sort(collator).join(", ")}` }) : null,
    st.brokers.length ? h("p", { text: `${W.bridges}: ${[...st.brokers].sort(collator).join(", ")}` }) : null,
    st.isolated.length ? h("p", { text: `${W.isolated}: ${[...st.isolated].sort(collator).join(", ")}` }) : null,
    h("p", {}, h("a", { href: `/network?state=${encodeURIComponent(code)}&service=${encodeURIComponent(svc)}${es ? "" : "&lang=en"}`, text: W.see_network })),
    h("h3", { text: W.law }),
    h("p", { text: (law ? law.statusLabel : st.lawLabel) + lawDates(law, false) }),
    ...st.notes.map((n) => h("p", { class: "hint", text: n })));
  $("cell").classList.add("open");
  document.body.classList.add("drawer-open");
  if (fromUser) { state(); $("cell").focus({ preventScroll: !isPhone() }); }
}

const isPhone = () => matchMedia("(max-width: 899px)").matches;

function closePanel(restoreFocus) {
  $("cell").classList.remove("open");
  document.body.classList.remove("drawer-open");
  put($("cell"), h("h2", { id: "cell-h", class: "vh", text: W.close }), h("p", { text: W.pick_state_map_cell }));
  const back = invoker;
  opened = null;
  for (const x of $("heat").querySelectorAll("button[aria-current]")) x.removeAttribute("aria-current");
  if (map) map.select(null);
  state();
  if (restoreFocus && back && document.contains(back)) back.focus();
}

async function download(kind) {
  const law = mode() === "law";
  const svc = $("service").selectedOptions[0].textContent;
  const today = new Date().toISOString().slice(0, 10);
  const svg = await mapSvg({ states: report.states, look: law ? lawLook : coverageLook,
    title: (law ? W.dl_law : W.dl_title(svc)) + (whoClosed && !law ? W.without(whoClosed) : ""),
    subtitle: $("basis").textContent, legend: legendItems(), footer: W.generated(dateText(today)) });
  const name = `${law ? "legislacion" : $("service").value}-${today}`;
  if (kind === "svg") save(new Blob([svg], { type: "image/svg+xml" }), `${name}.svg`);
  else save(await svgToPng(svg), `${name}.png`);
}

$("whatif").addEventListener("submit", run);
$("service").addEventListener("change", () => { drawAll(); if (opened) openState(opened.code, null, false); state(); });
for (const r of document.querySelectorAll("input[name=mode]")) r.addEventListener("change", () => { drawAll(); state(); });
$("heat").addEventListener("keydown", heatKeys);
$("cell").addEventListener("keydown", (ev) => { if (ev.key === "Escape" && opened) closePanel(true); });
$("map-png").addEventListener("click", () => report && download("png"));
$("map-svg").addEventListener("click", () => report && download("svg"));
load().catch((err) => showError($("cell"), err));
