// The analyst's gap report: state × service heat map; a cell opens providers and reasons.
import { busy, chrome, dateBasis, put, fillSelect, gql, h, lang, showError } from "./common.js";

chrome("/gaps");
const pickDate = (day) => { $("asof").value = day; report(); };
const $ = (id) => document.getElementById(id);
const es = lang() === "es";
// A symbol as well as a colour, so the map reads in greyscale and for colour-blind users.
const LETTER = { gap: "–", disconnected: "D", single_point: "!", thin: "T", covered: "✓" };
const ORDER = ["gap", "disconnected", "single_point", "thin", "covered"];
const PICK = $("cell").innerHTML; // "pick a cell": shown again when the report changes

// One request: the report, and when an organization is taken as closed, what that changes.
const REPORT = `query($without: [ID!], $asOf: Date, $closing: Boolean!) {
  coverageReport(without: $without, asOf: $asOf) {
    disclaimer dateBasis freshness summary services serviceNames
    cells { state service status statusLabel providerIds providerNames reasons sources }
    states { code name lawLabel lawDate collaborations brokers isolated notes } }
  coverageChanges(before: {asOf: $asOf}, after: {without: $without, asOf: $asOf}) @include(if: $closing) {
    headline lines
    changes: otherChanges { state service kind beforeLabel }
    newGaps { state service kind beforeLabel } closedGaps { state service kind beforeLabel } } }`;

async function load() {
  const d = await gql(`{ organizations(first: 100) { edges { node { id name acronym } } } }`);
  fillSelect($("without"), d.organizations.edges.map((e) => e.node), (o) => o.id,
    (o) => o.acronym ? `${o.acronym} — ${o.name}` : o.name, es ? "— ninguna —" : "— none —");
  await report();
}

async function report(ev) {
  if (ev) ev.preventDefault();
  const without = $("without").value ? [$("without").value] : null;
  const asOf = $("asof").value || null;
  const q = new URLSearchParams({ lang: lang() });
  if (without) q.set("without", without[0]);
  if (asOf) q.set("as_of", asOf);
  for (const [id, fmt] of [["dl-html", "html"], ["dl-csv", "csv"], ["dl-png", "png"]]) $(id).href = `/reports/gaps.${fmt}?${q}`;
  try {
    const d = await busy($("busy"), () => gql(REPORT, { without, asOf, closing: !!without }));
    dateBasis(asOf, pickDate);
    const name = without ? $("without").selectedOptions[0].textContent.split(" — ")[0] : ""; // the acronym
    changes(d.coverageChanges, name);
    render(d.coverageReport, d.coverageChanges);
    if (ev) $("cell").innerHTML = PICK; // a cell opened before belongs to the old report
  } catch (err) { showError($("cell"), err); }
}

function changes(c, name) {
  const box = $("changes");
  box.hidden = !c;
  if (!c) return;
  put(box, h("h2", { text: (es ? "Qué cambia si cerrara " : "What changes if this closed: ") + name }),
    h("p", {}, h("strong", { text: c.headline })),
    c.lines.length ? h("ul", {}, ...c.lines.map((x) => h("li", { text: x }))) : null,
    c.lines.length ? h("p", { class: "hint", text: es ? "Las celdas que cambian llevan un borde grueso en el mapa."
      : "Cells that change have a thick border in the map." }) : null);
}

function render(r, ch) {
  const was = {};
  for (const c of ch ? [...ch.newGaps, ...ch.closedGaps, ...ch.changes] : []) was[`${c.state}|${c.service}`] = c.beforeLabel;
  $("disclaimer").textContent = `${r.dateBasis} ${r.freshness} ${r.disclaimer}`;
  put($("summary"), ...r.summary.map((s) => h("li", { text: s })));
  const labels = {};
  for (const c of r.cells) labels[c.status] = c.statusLabel;
  put($("legend"), ...ORDER.filter((s) => labels[s]).map((s) =>
    h("span", {}, h("span", { class: `sw s-${s}` }), `${LETTER[s]} = ${labels[s]}`)),
    h("span", { text: es ? "· número = proveedores registrados" : "· number = providers recorded" }));
  const byKey = Object.fromEntries(r.cells.map((c) => [`${c.state}|${c.service}`, c]));
  const states = Object.fromEntries(r.states.map((s) => [s.code, s]));
  const head = h("thead", {}, h("tr", {}, h("th", { scope: "col", text: es ? "Estado" : "State" }),
    ...r.serviceNames.map((n) => h("th", { scope: "col", text: n }))));
  const rows = r.states.map((s) => h("tr", {}, h("th", { scope: "row", text: s.name }),
    ...r.services.map((svc, i) => {
      const c = byKey[`${s.code}|${svc}`];
      if (!c) return h("td", {});
      const n = c.providerIds.length;
      const before = was[`${s.code}|${svc}`];
      const change = before ? ` (${es ? "antes" : "before"}: ${before})` : "";
      return h("td", {}, h("button", { type: "button", class: `s-${c.status}${before ? " changed" : ""}`,
        "aria-label": `${s.name}, ${r.serviceNames[i]}: ${c.statusLabel}, ${n}${change}`,
        "data-state": s.code, "data-service": svc,
        onclick: () => cell(c, states[s.code], r.serviceNames[i]) }, `${LETTER[c.status] || "?"}${n ? n : ""}`));
    })));
  put($("heat"), head, h("tbody", {}, ...rows));
}

function cell(c, st, serviceName) {
  put($("cell"), 
    h("h2", { text: `${st.name} · ${serviceName}` }),
    h("p", {}, h("span", { class: `sw s-${c.status}` }), " ", h("strong", { text: c.statusLabel })),
    h("h3", { text: es ? "Proveedores" : "Providers" }),
    c.providerNames.length ? h("ul", {}, ...c.providerNames.map((n) => h("li", { text: n }))) : h("p", { text: es ? "Ninguno registrado." : "None recorded." }),
    h("h3", { text: es ? "Razones" : "Reasons" }),
    h("ul", {}, ...c.reasons.map((x) => h("li", { text: x }))),
    c.sources.length ? h("h3", { text: es ? "Fuentes" : "Sources" }) : null,
    c.sources.length ? h("ul", {}, ...c.sources.map((x) => h("li", { text: x }))) : null,
    h("h3", { text: es ? "El estado" : "The state" }),
    h("p", { text: `${es ? "Ley" : "Law"}: ${st.lawLabel}${st.lawDate ? " (" + st.lawDate + ")" : ""}` }),
    st.collaborations.length ? h("p", { text: (es ? "Grupos y redes: " : "Task forces and networks: ") + st.collaborations.join(", ") }) : null,
    st.brokers.length ? h("p", { text: (es ? "Intermediarios: " : "Brokers: ") + st.brokers.join(", ") }) : null,
    ...st.notes.map((n) => h("p", { class: "hint", text: n })));
  $("cell").focus();
}

$("whatif").addEventListener("submit", report);
load().catch((err) => showError($("cell"), err));
