// Shared by every page: language, token, GraphQL calls, progress, small DOM helpers.
const STRINGS = {
  es: {
    nav_directory: "Directorio", nav_network: "Red", nav_gaps: "Brechas", nav_edit: "Editar",
    nav_explorer: "Explorador", lang_toggle: "English", loading: "Cargando…",
    footer: "Datos: informes del proyecto PROTEJA (2006–2009) y lo que registren los editores; cada dato cita su fuente. Un vacío describe los datos, no la realidad. Las ubicaciones de los refugios son confidenciales.",
    error: "No se pudo completar la consulta:",
    newest_link: "Ver al último registro",
  },
  en: {
    nav_directory: "Directory", nav_network: "Network", nav_gaps: "Gaps", nav_edit: "Edit",
    nav_explorer: "Explorer", lang_toggle: "Español", loading: "Loading…",
    footer: "Data: PROTEJA project reports (2006–2009) and what editors record; every fact cites its source. A gap describes the data, not the world. Shelter locations are confidential.",
    error: "The request failed:",
    newest_link: "Show as of the last record",
  },
};

export function lang() {
  const q = new URLSearchParams(location.search).get("lang");
  if (q === "es" || q === "en") { localStorage.setItem("rg-lang", q); return q; }
  return localStorage.getItem("rg-lang") === "en" ? "en" : "es";
}

export function t(key, extra) {
  const l = lang();
  return (extra && extra[l] && extra[l][key]) || STRINGS[l][key] || key;
}

export function token() { return sessionStorage.getItem("referral-graph-token") || ""; }

export async function gql(query, variables = {}) {
  const headers = { "Content-Type": "application/json", "Accept-Language": lang() };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const r = await fetch("/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  let body;
  try { body = await r.json(); } catch { throw new Error(`HTTP ${r.status}`); }
  if (!r.ok && !body.data) throw new Error(body.detail || `HTTP ${r.status}`);
  if (body.errors && !body.data) throw new Error(body.errors.map((e) => e.message).join("; "));
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join("; "));
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
  return h("details", {}, h("summary", { text: lang() === "es" ? `Fuentes (${list.length})` : `Sources (${list.length})` }),
    ...list.map((s) => h("blockquote", {}, h("div", { text: s.passage }),
      h("cite", { text: `${s.document} — ${s.table || s.section}` }))));
}

// The date basis every answer uses (the date asked, else today) and how old the newest record
// is on it: shown on every page, under the header. `asOf` "" or null: today.
export async function dateBasis(asOf, onPick) {
  let box = document.getElementById("date-basis");
  if (!box) {
    box = h("p", { id: "date-basis", class: "note", role: "status" });
    document.querySelector("main").prepend(box);
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

// Header, footer, language switch: the same on every page.
export function chrome(page) {
  const l = lang();
  document.documentElement.lang = l;
  const nav = document.querySelector("header nav");
  const links = [["/", "nav_directory"], ["/network", "nav_network"], ["/gaps", "nav_gaps"],
    ["/edit", "nav_edit"], ["/explorer", "nav_explorer"]];
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
  document.querySelector("footer").textContent = t("footer");
  for (const el of document.querySelectorAll("[data-es]")) el.textContent = el.dataset[l];
  for (const el of document.querySelectorAll("[data-ph-es]")) el.placeholder = el.dataset[l === "es" ? "phEs" : "phEn"];
}

export async function fillSelect(select, items, value, label, first) {
  select.replaceChildren(...(first ? [h("option", { value: "", text: first })] : []),
    ...items.map((x) => h("option", { value: value(x), text: label(x) })));
}
