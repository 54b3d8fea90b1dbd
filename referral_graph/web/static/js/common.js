// Shared by every page: language, token, GraphQL calls, progress, small DOM helpers.
// The words: the message catalogue (referral_graph/i18n/locale/*/messages.po), groups "web"
// and "web.<page>" in every language, embedded by the page's template. Placeholders are
// {name}; a plural entry is a list of forms, one per CLDR category in `pluralCategories`.
const CATALOGUE = JSON.parse(document.getElementById("messages")?.textContent || "{}");

function entry(group, key, l = lang()) {
  const own = CATALOGUE[l] && CATALOGUE[l].messages[group];
  if (own && key in own) return own[key];
  const es = CATALOGUE.es && CATALOGUE.es.messages[group];  // Spanish is the fallback
  return es && key in es ? es[key] : undefined;
}

function fill(text, params) {
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

// The form of a plural entry for the number n, as Intl.PluralRules names its category.
function form(forms, n, l = lang()) {
  const cats = (CATALOGUE[l] && CATALOGUE[l].pluralCategories) || ["one", "other"];
  const i = cats.indexOf(new Intl.PluralRules(l).select(Number(n)));
  return forms[Math.min(i < 0 ? cats.indexOf("other") : i, forms.length - 1)];
}

// One message, placeholders filled from params ({n} picks a plural entry's form).
export function msg(group, key, params = {}) {
  const value = entry(group, key);
  if (value === undefined) return key;
  return fill(Array.isArray(value) ? form(value, params.n) : value, params);
}

// A page's words as an object: W.key is the text; a key listed in `args` is a function whose
// positional arguments fill the named placeholders (e.g. { map_title: ["s"] }: W.map_title(x)).
export function words(group, args = {}) {
  const out = {};
  const keys = new Set([...Object.keys((CATALOGUE.es && CATALOGUE.es.messages[group]) || {}),
    ...Object.keys((CATALOGUE[lang()] && CATALOGUE[lang()].messages[group]) || {})]);
  for (const key of keys) {
    out[key] = args[key]
      ? (...values) => msg(group, key, Object.fromEntries(args[key].map((name, i) => [name, values[i]])))
      : msg(group, key);
  }
  return out;
}

// Languages a caseworker may need in Mexico (ISO 639-3 codes, as the data stores them) and the
// populations served: codes; their names are the catalogue's groups "language", "population".
export const LANGUAGES = ["spa", "eng", "nah", "yua", "mix", "zap", "tzo", "tzh", "oto", "maz"];
export const POPULATIONS = ["minor", "adult_woman", "adult_man", "foreign_national", "indigenous"];

// The name of a kind of tie between two organizations (agreement, collaboration, …).
export function tieName(kind) { return entry("web", `tie_${kind}`) === undefined ? kind : msg("web", `tie_${kind}`); }

export function lang() {
  const q = new URLSearchParams(location.search).get("lang");
  if (q === "es" || q === "en") { localStorage.setItem("rg-lang", q); return q; }
  return localStorage.getItem("rg-lang") === "en" ? "en" : "es";
}

export function t(key, extra) {
  const l = lang();
  return (extra && extra[l] && extra[l][key]) || msg("web", key);
}

export function token() { return sessionStorage.getItem("referral-graph-token") || ""; }

export async function gql(query, variables = {}) {
  const headers = { "Content-Type": "application/json", "Accept-Language": lang() };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const r = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  let body;
  try { body = await r.json(); } catch { throw new Error(`HTTP ${r.status}`); }
  // What is thrown keeps the GraphQL errors (a refused request, 400, names what was
  // refused), so a form can put each beside its field.
  const failure = (errors, fallback) => Object.assign(
    new Error(errors.length ? errors.map((e) => e.message).join("; ") : fallback), { errors });
  if (!r.ok && !body.data) throw failure(body.errors || [], body.detail || `HTTP ${r.status}`);
  // An error beside a field that still answered (a CONFLICT is also in its payload's
  // errors, for the form to place) is the caller's to show; one whose field is null, or
  // one with no field at all, fails the call.
  const failed = (body.errors || []).filter((e) => !body.data || !e.path || body.data[e.path[0]] == null);
  if (failed.length) throw failure(failed, "");
  return body.data;
}

// Progress shows after a short delay, so quick answers do not flicker.
export async function busy(el, work) {
  const timer = setTimeout(() => el.setAttribute("aria-hidden", "false"), 300);
  try { return await work(); } finally { clearTimeout(timer); el.setAttribute("aria-hidden", "true"); }
}

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "text") el.textContent = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c.nodeType ? c : String(c));
  return el;
}

// replaceChildren without the nulls that optional parts leave.
export function put(el, ...kids) {
  el.replaceChildren(...kids.flat().filter((k) => k !== null && k !== undefined && k !== false));
}

export function fold(s) {
  return (s || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

export function sources(list) {
  if (!list || !list.length) return null;
  return h("details", { class: "sources" }, h("summary", { text: `${t("sources")} (${list.length})` }),
    ...list.map((s) => h("blockquote", {}, h("div", { text: s.passage }),
      h("cite", { text: `${s.document} — ${s.table || s.section}` }))));
}

// The date basis every answer uses (the date asked, else today) and how old the newest record
// is on it: shown on every page, under the header. `asOf` "" or null: today.
export async function dateBasis(asOf, onPick) {
  let box = document.getElementById("date-basis");
  if (!box) {
    const main = document.querySelector("main");
    if (!main) return null;
    box = h("p", { id: "date-basis", class: "note", role: "status" });
    main.prepend(box);
  }
  try {
    const d = await gql(`query($a: Date) { dataAge(asOf: $a) { asOf newestEvidence evidenceIsOld dateBasis freshness } }`, { a: asOf || null });
    const a = d.dataAge;
    const pick = a.evidenceIsOld && a.newestEvidence && onPick
      ? h("button", { type: "button", class: "link", onclick: () => onPick(a.newestEvidence), text: `${t("newest_link")} (${a.newestEvidence})` })
      : null;
    put(box, `${a.dateBasis} ${a.freshness} `, pick);
    return a;
  } catch { put(box); return null; }
}

export function showError(el, err) {
  el.replaceChildren(h("p", { class: "error", role: "alert", text: `${t("error")} ${err.message}` }));
}

// A word of the page's template: "key" of its own group (web.<page>), or "group:key".
function pageWord(ref) {
  const i = ref.lastIndexOf(":");
  const own = document.getElementById("messages")?.dataset.group || "web";
  return i < 0 ? msg(own, ref) : msg(ref.slice(0, i), ref.slice(i + 1));
}

// Header, footer, language switch: the same on every page. The switch keeps whatever the
// page has put in its URL (query, filters, view), so nothing typed is lost.
export function chrome(page, onPickDate) {
  const l = lang();
  document.documentElement.lang = l;
  const nav = document.querySelector("header nav");
  const links = [["/", "nav_directory"], ["/network", "nav_network"], ["/gaps", "nav_gaps"], ["/edit", "nav_edit"]];
  nav.replaceChildren(...links.map(([href, key]) =>
    h("a", { href, "aria-current": href === page ? "page" : null, text: t(key) })));
  const btn = document.getElementById("lang-toggle");
  btn.textContent = t("lang_toggle");
  btn.setAttribute("lang", l === "es" ? "en" : "es");
  btn.onclick = () => {
    const url = new URL(location.href);
    url.searchParams.set("lang", l === "es" ? "en" : "es");
    location.assign(url);
  };
  const foot = document.querySelector("footer");
  foot.replaceChildren(h("p", { text: t("footer") }),
    h("p", {}, h("a", { href: "/explorer", text: t("nav_explorer") })));
  // The template's static words: data-msg="key" (of the page's group) or "group:key".
  for (const el of document.querySelectorAll("[data-msg]")) el.textContent = pageWord(el.dataset.msg);
  for (const el of document.querySelectorAll("[data-msg-placeholder]")) el.placeholder = pageWord(el.dataset.msgPlaceholder);
  for (const el of document.querySelectorAll("[data-msg-label]")) el.setAttribute("aria-label", pageWord(el.dataset.msgLabel));
  for (const el of document.querySelectorAll("[data-msg-title]")) el.textContent = `referral-graph — ${pageWord(el.dataset.msgTitle)}`;
  // Every page says which date its answers are about and how old the newest record is.
  if (page !== "/explorer") dateBasis(param("asof") || null, onPickDate);
}

// The page's state in its URL (replaceState: no history entry per keystroke), so a view can
// be shared, bookmarked, printed and survives the language switch.
export function setParams(values) {
  const url = new URL(location.href);
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined || v === "" || (Array.isArray(v) && !v.length)) url.searchParams.delete(k);
    else url.searchParams.set(k, Array.isArray(v) ? v.join(",") : String(v));
  }
  history.replaceState(null, "", url);
}

export function param(name) { return new URLSearchParams(location.search).get(name) || ""; }

// "1 vínculo", "3 vínculos": plural forms, never "1 vínculos". `one` names the catalogue's
// plural entry ("ties_one" -> "ties"); `many` is kept for older callers.
export function count(n, one, many) { // eslint-disable-line no-unused-vars
  return msg("web", one.replace(/_one$/, ""), { n });
}

export function dateText(d) {
  if (!d) return "";
  const [y, m, day] = d.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, day)).toLocaleDateString(lang() === "es" ? "es-MX" : "en-GB",
    { year: "numeric", month: "long", day: "numeric", timeZone: "UTC" });
}

function webHref(site) { return /^https?:\/\//i.test(site) ? site : `http://${site}`; }

// How to reach an organization: each detail with its source, or plainly "no contact details".
export function contactBlock(contact) {
  if (!contact) {
    return h("div", { class: "contact none" }, h("p", {}, h("strong", { text: t("no_contact") })),
      h("p", { class: "hint", text: t("no_contact_hint") }));
  }
  const items = [
    ...contact.phones.map((p) => h("li", {}, `${t("phone")}: `, h("a", { href: `tel:${p.replace(/[^0-9+]/g, "")}`, text: p }))),
    contact.website ? h("li", {}, `${t("website")}: `, h("a", { href: webHref(contact.website), rel: "noopener", text: contact.website })) : null,
    contact.email ? h("li", {}, `${t("email")}: `, h("a", { href: `mailto:${contact.email}`, text: contact.email })) : null,
    contact.address ? h("li", { text: `${t("address")}: ${contact.address}` }) : null,
  ];
  return h("div", { class: "contact" }, h("ul", { class: "plain" }, ...items), sources(contact.sources));
}

// The route to a confidential provider: the public organizations tied to it, never a place.
export function throughBlock(via) {
  if (!via || !via.length) return h("p", { class: "contact none", text: t("contact_through_none") });
  return h("div", { class: "contact" }, h("p", {}, h("strong", { text: `${t("contact_through")}:` })),
    h("ul", { class: "plain" }, ...via.map((o) => h("li", {},
      h("a", { href: orgHref(o.id), text: o.acronym ? `${o.name} (${o.acronym})` : o.name }),
      o.contact && o.contact.website ? [" · ", h("a", { href: webHref(o.contact.website), rel: "noopener", text: o.contact.website })] : null,
      ...(o.contact ? o.contact.phones : []).map((p) => [" · ", h("a", { href: `tel:${p.replace(/[^0-9+]/g, "")}`, text: p })])))));
}

export function orgHref(id) { return `/org/${encodeURIComponent(id)}${lang() === "en" ? "?lang=en" : ""}`; }

export function ageLine(date) {
  return h("p", { class: "hint age" }, `${t("data_age")}: `, date ? h("time", { datetime: date, text: dateText(date) }) : t("data_age_none"));
}

export async function fillSelect(select, items, value, label, first) {
  select.replaceChildren(...(first ? [h("option", { value: "", text: first })] : []),
    ...items.map((x) => h("option", { value: value(x), text: label(x) })));
}
