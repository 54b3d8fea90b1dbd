// Directory search ("abogado en Oaxaca") as result cards, and multi-need referral plans.
import { ageLine, busy, chrome, contactBlock, count, dateBasis, fillSelect, fold, gql, h, lang, LANGUAGES, msg, orgHref, param, POPULATIONS, put, setParams, showError, sources, t, throughBlock, words } from "./common.js";

// One date basis for the search and the plan: picking the last record's date sets both.
const pickDate = (day) => { $("asof").value = day; $("plan-asof").value = day; dateBasis(day, pickDate); };
chrome("/", pickDate);
const $ = (id) => document.getElementById(id);
const es = lang() === "es";
let services = [];
let states = [];
let loaded = false;
// Which selects the free text filled: a new text replaces them, a hand-picked one stays.
const fromText = { service: false, state: false };

// The page's words: group "web.directory" of the message catalogue (docs/i18n.md).
const W = words("web.directory", { results: ["s", "st"], plan: ["r", "n"], for_need: ["n"], more: ["shown", "total"] });
const NOT_LISTED = "__not-listed";

// Match service and state names in free text, accents and case ignored; longest match wins.
// Synonyms ("abogado", "psicólogo") come from the taxonomy the API serves, never from here.
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
    service: best(services, (s) => [s.nameEs, s.nameEn, s.id.replace(/_/g, " "),
      ...s.nameEs.split(/[/(]/).map((x) => x.trim()), ...(s.synonyms || [])]),
    state: best(states, (s) => [s.nameEs, s.nameEn, s.code.slice(3)]),
  };
}

async function taxonomy() {
  // The taxonomy's synonym list, when the API has one; the names alone otherwise.
  try {
    return await gql(`{ serviceTypes { id: slug nameEs nameEn name synonyms } states { code nameEs nameEn name } }`);
  } catch {
    return gql(`{ serviceTypes { id: slug nameEs nameEn name } states { code nameEs nameEn name } }`);
  }
}

const byName = (a, b) => a.name.localeCompare(b.name, es ? "es" : "en", { sensitivity: "base" });

async function load() {
  const d = await taxonomy();
  services = [...d.serviceTypes].sort(byName);
  states = [...d.states].sort(byName);
  fillSelect($("service"), services, (s) => s.id, (s) => s.name, W.pick);
  fillSelect($("state"), states, (s) => s.code, (s) => s.name, W.pick);
  fillSelect($("plan-state"), states, (s) => s.code, (s) => s.name, W.pick);
  for (const id of ["language", "plan-language"]) fillSelect($(id), LANGUAGES, (x) => x, (x) => msg("language", x), t("lang_any"));
  for (const id of ["population", "plan-population"]) fillSelect($(id), POPULATIONS, (x) => x, (x) => msg("population", x), t("pop_any"));
  put($("needs-list"), ...services.map((s) => h("label", { class: "check" },
    h("input", { type: "checkbox", name: "need", value: s.id }), h("span", { text: s.name }))));
  loaded = true;
  if ($("q").value) onType(); // text typed while the lists were loading
  const orgs = await gql(`{ organizations(first: 100) { edges { node { id: slug name acronym } } } }`);
  const list = orgs.organizations.edges.map((e) => e.node)
    .map((o) => ({ id: o.id, name: o.acronym ? `${o.acronym} — ${o.name}` : o.name })).sort(byName);
  fillSelect($("origin"), list, (o) => o.id, (o) => o.name, W.pick);
  $("origin").insertBefore(h("option", { value: NOT_LISTED, text: W.not_listed }), $("origin").options[1]);
  restore();
}

// A shared or reloaded link (or the language switch) brings its query back and runs it.
function restore() {
  const q = param("q");
  if (q && !$("q").value) $("q").value = q;
  for (const [id, key] of [["service", "service"], ["state", "state"], ["asof", "asof"], ["language", "language"],
    ["population", "population"], ["origin", "origin"], ["plan-state", "pstate"], ["plan-asof", "pasof"],
    ["plan-language", "planguage"], ["plan-population", "ppopulation"]]) if (param(key)) $(id).value = param(key);
  for (const n of param("needs").split(",").filter(Boolean)) {
    const box = document.querySelector(`input[name=need][value="${CSS.escape(n)}"]`);
    if (box) box.checked = true;
  }
  if ($("q").value) onType();
  if (param("service") || param("q")) search();
  if (param("origin")) plan();
}

function onType() {
  if (!loaded) return; // parsed once the lists arrive (load → restore)
  const text = $("q").value;
  const { service, state } = parseNeed(text, services, states);
  for (const [key, hit, value] of [["service", service, service && service.id], ["state", state, state && state.code]]) {
    if (hit) { $(key).value = value; fromText[key] = true; }
    else if (fromText[key]) { $(key).value = ""; fromText[key] = false; }
  }
  const parts = [service && service.name, state && state.name].filter(Boolean);
  $("q-hint").textContent = parts.length ? W.understood + parts.join(" · ")
    : (fold(text).length > 2 && !service ? W.not_understood : "");
}

function card(p, serviceName, level = 3, form = "") {
  const o = p.organization;
  const title = o.acronym ? `${o.name} (${o.acronym})` : o.name;
  const filters = filterNotes(o, form);
  return h("article", { class: "provider" },
    h(`h${level}`, {}, h("a", { href: orgHref(o.id), text: title })),
    h("p", {}, h("span", { class: "badge" }, p.reachLabel), h("span", { class: "badge" }, o.kindLabel),
      p.scope === "group" ? h("span", { class: "badge", text: W.group }) : null),
    h("p", { class: "what" }, h("strong", { text: serviceName }), ` · ${o.states.map((s) => s.name).join(", ") || (o.national ? W.national : "")}`),
    h("p", { text: p.why }),
    sources(p.sources),
    ...filters.map((n) => h("p", { class: "hint", text: n })),
    o.confidential ? throughBlock(o.reachThrough) : contactBlock(o.contact),
    ageLine(o.newestRecord),
    h("p", { class: "no-print" }, h("a", { href: orgHref(o.id), text: t("more") })));
}

function filterNotes(o, form) {
  const out = [];
  if ($(form + "language").value && o.languages === null) out.push(t("not_recorded_lang"));
  if ($(form + "population").value && o.populations === null) out.push(t("not_recorded_pop"));
  return out;
}

// A stated language or population that does not match drops the card; "not recorded" keeps it, flagged.
function keep(p) {
  const o = p.organization;
  const l = $("language").value, pop = $("population").value;
  if (l && o.languages && !o.languages.includes(l)) return false;
  if (pop && o.populations && !o.populations.includes(pop)) return false;
  return true;
}

function confidentialCard(note, via, level = 3) {
  return h("article", { class: "provider confidential" },
    h(`h${level}`, { text: t("confidential_card") }),
    h("p", { text: note }), throughBlock(via));
}

function actions(label) {
  const status = h("p", { class: "hint", role: "status" });
  return h("div", { class: "actions no-print" },
    h("button", { type: "button", class: "secondary", onclick: () => share(status, label) }, W.share),
    h("button", { type: "button", class: "secondary", onclick: () => printPart(label) }, W.print), status);
}

async function share(status, which) {
  const url = location.href;
  if (navigator.share) { try { await navigator.share({ title: document.title, url }); return; } catch { /* fall back to copying */ } }
  try { await navigator.clipboard.writeText(url); } catch { /* the link is shown below anyway */ }
  put(status, `${W.copied} `, h("a", { href: url, text: url }));
  status.dataset.which = which;
}

function printPart(which) { document.body.dataset.print = which; window.print(); }
window.addEventListener("beforeprint", () => { for (const d of document.querySelectorAll("main details")) { d.dataset.wasOpen = d.open ? "1" : ""; d.open = true; } });
window.addEventListener("afterprint", () => { for (const d of document.querySelectorAll("main details")) d.open = !!d.dataset.wasOpen; delete document.body.dataset.print; });

const ORG = `organization { id: slug name acronym kindLabel confidential national languages populations newestRecord
  states { name } contact { phones website email address sources { document section table passage } }
  reachThrough(asOf: $a) { id: slug name acronym contact { phones website } } }`;
const CARD = `reachLabel why scope ${ORG} sources { document section table passage }`;
// Providers come a page at a time (the search, and the plan's per-need view): on a weak
// connection the first cards come with the first 20, not after the hundreds a large state
// can have. `?per=` sets the size.
const PER = Math.min(100, Math.max(1, Number(param("per")) || 20));
const FIRST = `query($s: ServiceId!, $st: StateCode!, $a: Date, $n: Int) { providers(service: $s, state: $st, asOf: $a) {
  message noneInState confidentialNote dateBasis freshness evidenceIsOld
  confidentialVia { id: slug name acronym contact { phones website } }
  providersConnection(first: $n) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${CARD} } } }
  alternatives { ${CARD} state } } }`;
const NEXT = `query($s: ServiceId!, $st: StateCode!, $a: Date, $n: Int, $after: String) { providers(service: $s, state: $st, asOf: $a) {
  providersConnection(first: $n, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${CARD} } } } } }`;

// "Show more (20 of 312)": the next page's cards (`render` makes them, its form's filters
// of language and population applied) go at the end of `list`; the button goes when the
// last page is in.
function moreButton(vars, page, fetched, list, render, spinner = $("busy")) {
  if (!page.pageInfo.hasNextPage) return null;
  const status = h("p", { class: "hint", role: "status" });
  const button = h("button", { type: "button", class: "secondary", onclick: async () => {
    button.disabled = true;
    try {
      const d = await busy(spinner, () => gql(NEXT, { ...vars, after: page.pageInfo.endCursor }));
      const next = d.providers.providersConnection;
      const nodes = next.edges.map((e) => e.node);
      list.append(...render(nodes));
      const more = moreButton(vars, next, fetched + nodes.length, list, render, spinner);
      if (more) box.replaceWith(more); else box.remove();
    } catch (err) { button.disabled = false; showError(status, err); }
  } }, W.more(fetched, page.totalCount));
  const box = h("div", { class: "actions no-print more" }, button, status);
  return box;
}

// The date the answer is about and how old its newest record is (older than a year: a note).
const age = (x) => h("p", { class: x.evidenceIsOld ? "note" : "hint", text: `${x.dateBasis} ${x.freshness}` });

function showFieldError(box, text, field) {
  box.textContent = text;
  if (field) field.focus();
}

async function search(ev) {
  if (ev) ev.preventDefault();
  onType();
  $("search-error").textContent = "";
  if (!$("service").value || !$("state").value) {
    showFieldError($("search-error"), W.need_both, !$("service").value ? $("service") : $("state"));
    return;
  }
  setParams({ q: $("q").value, service: $("service").value, state: $("state").value, asof: $("asof").value,
    language: $("language").value, population: $("population").value });
  try {
    const vars = { s: $("service").value, st: $("state").value, a: $("asof").value || null, n: PER };
    const d = await busy($("busy"), () => gql(FIRST, vars));
    const p = d.providers;
    const svc = $("service").selectedOptions[0].textContent;
    const stName = $("state").selectedOptions[0].textContent;
    const page = p.providersConnection;
    const first = page.edges.map((e) => e.node);
    const render = (nodes) => nodes.filter(keep).map((x) => card(x, svc));
    const list = h("div", { class: "providers" }, ...render(first));
    const alts = p.alternatives.filter(keep);
    $("results").hidden = false;
    $("results-h").textContent = W.results(svc, stName);
    dateBasis($("asof").value, pickDate);
    put($("results-body"),
      h("p", { class: "message", text: p.message }),
      age(p),
      actions("results"),
      list,
      moreButton(vars, page, first.length, list, render),
      p.confidentialNote ? confidentialCard(p.confidentialNote, p.confidentialVia) : null,
      alts.length ? h("h3", { class: "sub", text: W.alternatives }) : null,
      ...alts.map((x) => card(x, svc)));
    $("results-h").focus();
  } catch (err) { $("results").hidden = false; showError($("results-body"), err); }
}

const PLAN = `query($o: ID!, $n: [ServiceId!]!, $st: StateCode!, $a: Date, $l: [String!], $p: Population, $lg: Lang) {
  referralPlan(origin: $o, needs: $n, state: $st, asOf: $a, languages: $l, population: $p, lang: $lg) {
  dateBasis freshness evidenceIsOld
  plans { rank handoffs steps { order provider { id: slug name } needs scope cold explanation notes } }
  unmet { need reason confidential } } }`;

const needName = (id) => (services.find((s) => s.id === id) || { name: id }).name;

async function plan(ev) {
  if (ev) ev.preventDefault();
  const needs = [...document.querySelectorAll("input[name=need]:checked")].map((x) => x.value);
  $("plan-error").textContent = "";
  if (!needs.length || !$("origin").value || !$("plan-state").value) {
    const first = !$("origin").value ? $("origin") : !$("plan-state").value ? $("plan-state") : document.querySelector("input[name=need]");
    showFieldError($("plan-error"), W.plan_need_all, first);
    return;
  }
  setParams({ origin: $("origin").value, pstate: $("plan-state").value, pasof: $("plan-asof").value, needs,
    planguage: $("plan-language").value, ppopulation: $("plan-population").value });
  const stName = $("plan-state").selectedOptions[0].textContent;
  try {
    if ($("origin").value === NOT_LISTED) await perNeed(needs, stName);
    else await routes(needs, stName);
    $("plans").hidden = false;
    $("plans-h").focus();
  } catch (err) { $("plans").hidden = false; showError($("plans-body"), err); }
}

async function routes(needs, stName) {
  const lang1 = $("plan-language").value;
  const d = await busy($("plan-busy"), () => gql(PLAN, { o: $("origin").value, n: needs, st: $("plan-state").value,
    a: $("plan-asof").value || null, l: lang1 ? [lang1] : null, p: $("plan-population").value || null,
    lg: es ? "ES" : "EN" }));
  const r = d.referralPlan;
  dateBasis($("plan-asof").value, pickDate);
  $("plans-h").textContent = `${W.plan_title} · ${stName}`;
  put($("plans-body"), age(r), actions("plans"),
    ...r.plans.map((p) => h("article", { class: "provider" },
      h("h3", { text: W.plan(p.rank, p.steps.length) }),
      h("ol", { class: "steps" }, ...p.steps.map((s) => h("li", {},
        h("a", { href: orgHref(s.provider.id) }, h("strong", { text: s.provider.name })),
        ` — ${s.needs.map(needName).join(", ")}`,
        s.scope === "group" ? h("span", { class: "badge", text: W.group }) : null,
        s.cold ? h("p", { class: "note", text: W.no_tie }) : null,
        h("p", { text: s.explanation }),
        ...s.notes.map((n) => h("p", { class: "hint", text: n }))))))),
    ...r.unmet.map((u) => h("p", { class: "note" },
      h("strong", { text: `${u.confidential ? W.hidden_met : W.unmet}: ${needName(u.need)}. ` }), u.reason)),
    r.plans.length || r.unmet.length ? null : h("p", { text: W.none }));
}

// Not in the list: who meets each need in the state, as cards with their contact.
async function perNeed(needs, stName) {
  const ask = (n) => ({ s: n, st: $("plan-state").value, a: $("plan-asof").value || null, n: PER });
  const answers = await busy($("plan-busy"), () => Promise.all(needs.map((n) => gql(FIRST, ask(n)))));
  $("plans-h").textContent = `${W.per_need} · ${stName}`;
  put($("plans-body"), h("p", { class: "note", text: W.per_need_note }), actions("plans"),
    ...needs.flatMap((n, i) => {
      const p = answers[i].providers;
      const page = p.providersConnection;
      const render = (nodes) => nodes.filter(keepPlan).map((x) => card(x, needName(n), 4, "plan-"));
      const list = h("div", { class: "providers" }, ...render(page.edges.map((e) => e.node)));
      return [h("h3", { class: "sub", text: W.for_need(needName(n)) }), h("p", { class: "message", text: p.message }),
        list, moreButton(ask(n), page, page.edges.length, list, render, $("plan-busy")),
        ...render(p.alternatives),
        p.confidentialNote ? confidentialCard(p.confidentialNote, p.confidentialVia, 4) : null];
    }));
}

function keepPlan(p) {
  const o = p.organization, l = $("plan-language").value, pop = $("plan-population").value;
  return !(l && o.languages && !o.languages.includes(l)) && !(pop && o.populations && !o.populations.includes(pop));
}

$("q").addEventListener("input", onType);
for (const key of ["service", "state"]) $(key).addEventListener("change", () => { fromText[key] = false; });
$("search").addEventListener("submit", search);
$("plan").addEventListener("submit", plan);
load().catch((err) => { $("results").hidden = false; showError($("results-body"), err); });
