// Directory search ("asesoría jurídica Oaxaca") and multi-need referral plans.
import { busy, chrome, dateBasis, put, fillSelect, fold, gql, h, lang, showError, sources } from "./common.js";

chrome("/");
// One date basis for the search and the plan: picking the last record's date sets both.
const pickDate = (day) => { $("asof").value = day; $("plan-asof").value = day; dateBasis(day, pickDate); };
dateBasis(null, pickDate);
const $ = (id) => document.getElementById(id);
const es = lang() === "es";
let services = [];
let states = [];

// Match service and state names in free text, accents and case ignored; longest match wins.
export function parseNeed(text, services, states) {
  const f = ` ${fold(text)} `;
  const best = (items, names) => {
    let hit = null;
    for (const it of items) for (const n of names(it)) {
      const k = fold(n);
      if (k && f.includes(` ${k} `) && (!hit || k.length > hit.len)) hit = { it, len: k.length };
    }
    return hit && hit.it;
  };
  return {
    service: best(services, (s) => [s.nameEs, s.nameEn, s.id.replace(/_/g, " "), ...(s.nameEs.split(/[\/(]/).map((x) => x.trim()))]),
    state: best(states, (s) => [s.nameEs, s.nameEn, s.code.slice(3)]),
  };
}

async function load() {
  const d = await gql(`{ serviceTypes { id nameEs nameEn name } states { code nameEs nameEn name } }`);
  services = d.serviceTypes; states = d.states;
  const pick = es ? "— elija —" : "— choose —";
  fillSelect($("service"), services, (s) => s.id, (s) => s.name, pick);
  fillSelect($("state"), states, (s) => s.code, (s) => s.name, pick);
  fillSelect($("plan-state"), states, (s) => s.code, (s) => s.name, pick);
  $("needs").append(...services.map((s) => h("label", { style: "font-weight:400" },
    h("input", { type: "checkbox", name: "need", value: s.id, style: "width:auto;margin-right:6px" }), s.name)));
  const orgs = await gql(`{ organizations(first: 100) { edges { node { id name acronym } } } }`);
  fillSelect($("origin"), orgs.organizations.edges.map((e) => e.node), (o) => o.id,
    (o) => o.acronym ? `${o.acronym} — ${o.name}` : o.name, pick);
  const params = new URLSearchParams(location.search);
  if (params.get("q")) { $("q").value = params.get("q"); onType(); search(); }
}

function onType() {
  const { service, state } = parseNeed($("q").value, services, states);
  if (service) $("service").value = service.id;
  if (state) $("state").value = state.code;
  const parts = [service && service.name, state && state.name].filter(Boolean);
  $("q-hint").textContent = parts.length ? (es ? "Entendido: " : "Understood: ") + parts.join(" · ") : "";
}

function provider(p) {
  const o = p.organization;
  return h("article", { class: "provider" },
    h("h3", {}, o.acronym ? `${o.name} (${o.acronym})` : o.name),
    h("p", {}, h("span", { class: "badge" }, p.reachLabel), h("span", { class: "badge" }, o.kindLabel),
      p.scope === "group" ? h("span", { class: "badge", text: es ? "Declarado para un grupo" : "Stated for a group" }) : null),
    h("p", { text: p.why }),
    sources(p.sources));
}

const PROVIDERS = `query($s: String!, $st: String!, $a: Date) { providers(service: $s, state: $st, asOf: $a) {
  message noneInState confidentialNote dateBasis freshness evidenceIsOld
  providers { reachLabel why scope organization { id name acronym kindLabel } sources { document section table passage } }
  alternatives { reachLabel why scope state organization { id name acronym kindLabel } sources { document section table passage } } } }`;

async function search(ev) {
  if (ev) ev.preventDefault();
  if (!$("service").value || !$("state").value) {
    put($("results"), h("p", { class: "error", role: "alert",
      text: es ? "Elija un servicio y un estado." : "Choose a service and a state." }));
    return;
  }
  try {
    const d = await busy($("busy"), () => gql(PROVIDERS, { s: $("service").value, st: $("state").value, a: $("asof").value || null }));
    const p = d.providers;
    dateBasis($("asof").value, pickDate);
    put($("results"), 
      h("p", { class: "message", text: p.message }),
      h("p", { class: p.evidenceIsOld ? "note" : "hint", text: `${p.dateBasis} ${p.freshness}` }),
      ...p.providers.map(provider),
      p.alternatives.length ? h("h2", { text: es ? "Alternativas más cercanas" : "Nearest alternatives" }) : null,
      ...p.alternatives.map(provider),
      p.confidentialNote ? h("p", { class: "note", text: p.confidentialNote }) : null);
  } catch (err) { showError($("results"), err); }
}

const PLAN = `query($o: ID!, $n: [String!]!, $st: String!, $a: Date, $l: Lang) { referralPlan(origin: $o, needs: $n, state: $st, asOf: $a, lang: $l) {
  dateBasis freshness evidenceIsOld
  plans { rank handoffs steps { order providerName needs scope cold explanation notes } } unmet { need reason confidential } } }`;

async function plan(ev) {
  ev.preventDefault();
  const needs = [...document.querySelectorAll("input[name=need]:checked")].map((x) => x.value);
  if (!needs.length || !$("origin").value || !$("plan-state").value) {
    put($("plans"), h("p", { class: "error", role: "alert",
      text: es ? "Elija su organización, el estado y al menos una necesidad." : "Choose your organization, the state and at least one need." }));
    return;
  }
  try {
    const d = await busy($("plan-busy"), () => gql(PLAN, { o: $("origin").value, n: needs, st: $("plan-state").value, a: $("plan-asof").value || null, l: es ? "ES" : "EN" }));
    const r = d.referralPlan;
    const names = Object.fromEntries(services.map((s) => [s.id, s.name]));
    dateBasis($("plan-asof").value, pickDate);
    put($("plans"), 
      h("p", { class: r.evidenceIsOld ? "note" : "hint", text: `${r.dateBasis} ${r.freshness}` }),
      ...r.plans.map((p) => h("article", { class: "provider" },
        h("h3", { text: `${es ? "Plan" : "Plan"} ${p.rank} · ${p.handoffs} ${es ? "canalización(es)" : "hand-off(s)"}` }),
        h("ol", {}, ...p.steps.map((s) => h("li", {}, h("strong", { text: s.providerName }),
          ` — ${s.needs.map((n) => names[n] || n).join(", ")}`,
          s.scope === "group" ? h("span", { class: "badge", text: es ? "Declarado para un grupo" : "Stated for a group" }) : null,
          h("p", { text: s.explanation }),
          ...s.notes.map((n) => h("p", { class: "hint", text: n }))))))),
      ...r.unmet.map((u) => h("p", { class: "note", text: u.reason })),
      r.plans.length || r.unmet.length ? null : h("p", { text: es ? "Sin plan posible con los datos registrados." : "No plan is possible with the recorded data." }));
  } catch (err) { showError($("plans"), err); }
}

$("q").addEventListener("input", onType);
$("search").addEventListener("submit", search);
$("plan").addEventListener("submit", plan);
load().catch((err) => showError($("results"), err));
