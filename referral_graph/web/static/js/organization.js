// An organization's page: what it provides (basis, passages), ties with evidence, agreements,
// activities, contact, age of the data. A confidential or unknown id gets the same "not found".
import { ageLine, busy, chrome, contactBlock, count, dateText, gql, h, lang, orgHref, put, showError, sources, throughBlock, tieName, words } from "./common.js";

chrome("");
const $ = (id) => document.getElementById(id);
const es = lang() === "es";
const id = decodeURIComponent(location.pathname.split("/").pop());

// The page's words: group "web.organization" of the message catalogue (docs/i18n.md).
const W = words("web.organization", { group_scope: ["g"], attended: ["n"], rest: ["n"] });
const SRC = "sources { document section table passage }";

const ORG = `query($id: ID!) { organization(id: $id) { id name acronym kind kindLabel sectorLabel national confidential city note
  activeFrom activeTo newestRecord states { name }
  contact { phones website email address ${SRC} } reachThrough { id name acronym contact { phones website } }
  capabilities { service { name } basisLabel mandate national covers { name } activeFrom activeTo scope group note ${SRC} }
  activities { id kindLabel theme start end city participantCount participantDescription participants { id name acronym } ${SRC} }
  figures { id text ${SRC} }
  conflicts { id attribute sides { id value ${SRC} } }
  memberships { role collaboration { id name } }
  agreements { id kind subject date dateText ends partyDescription parties { id name acronym } ${SRC} }
  ${SRC} }
  network(around: $id, depth: 1) { nodes { id label name } edges { source target kinds evidence { kind label date ${SRC} } } } }`;

function notFound() {
  document.title = `referral-graph — ${W.not_found}`;
  $("org-h").textContent = W.not_found;
  put($("org"), h("p", { text: W.not_found_hint }), h("p", {}, h("a", { href: es ? "/" : "/?lang=en", text: W.to_directory })));
}

// A long list shows its first items; the rest open on request (a phone page stays short).
function long(items, n = 8) {
  if (items.length <= n) return h("ul", {}, ...items);
  return [h("ul", {}, ...items.slice(0, n)), h("details", { class: "more" }, h("summary", { text: W.rest(items.length - n) }),
    h("ul", {}, ...items.slice(n)))];
}
const section = (title, ...kids) => h("section", { class: "card" }, h("h2", { text: title }), ...kids);
const period = (a, b) => (a || b ? ` (${[a ? `${W.from} ${dateText(a)}` : "", b ? `${W.to} ${dateText(b)}` : ""].filter(Boolean).join(" ")})` : "");

async function load() {
  let d;
  try { d = await busy($("busy"), () => gql(ORG, { id })); } catch { notFound(); return; }
  const o = d.organization;
  if (!o) { notFound(); return; }
  const title = o.acronym ? `${o.name} (${o.acronym})` : o.name;
  document.title = `referral-graph — ${title}`;
  $("org-h").textContent = title;
  const names = Object.fromEntries(d.network.nodes.map((n) => [n.id, n.name]));
  const ties = d.network.edges.filter((e) => e.source === o.id || e.target === o.id)
    .map((e) => ({ other: e.source === o.id ? e.target : e.source, e }))
    .sort((a, b) => (names[a.other] || "").localeCompare(names[b.other] || "", es ? "es" : "en"));
  const activities = [...o.activities].sort((a, b) => (b.start || "").localeCompare(a.start || ""));
  put($("org"),
    h("p", {}, h("span", { class: "badge" }, o.kindLabel), h("span", { class: "badge" }, o.sectorLabel)),
    ageLine(o.newestRecord),
    section(W.contact, o.confidential ? throughBlock(o.reachThrough) : contactBlock(o.contact)),
    section(W.provides, o.capabilities.length ? h("ul", {}, ...o.capabilities.map((c) => h("li", {},
      h("strong", { text: c.service.name }), ` — ${c.basisLabel}${c.mandate ? `: ${c.mandate}` : ""}`,
      c.covers.length ? ` (${W.covers}: ${c.covers.map((s) => s.name).join(", ")})` : "", period(c.activeFrom, c.activeTo),
      c.scope === "group" ? h("p", { class: "hint", text: W.group_scope(c.group || "") }) : null,
      c.note ? h("p", { class: "hint", text: c.note }) : null,
      sources(c.sources)))) : h("p", { text: W.none_provides })),
    section(W.where, h("p", { text: o.states.map((s) => s.name).join(", ") || (o.national ? W.national : "—") }),
      o.city && !o.confidential ? h("p", { text: `${W.city}: ${o.city}` }) : null,
      o.activeFrom || o.activeTo ? h("p", { text: W.period + period(o.activeFrom, o.activeTo) }) : null,
      h("p", {}, h("a", { href: `/network?around=${encodeURIComponent(o.id)}${es ? "" : "&lang=en"}`, text: W.network }))),
    section(`${W.ties} (${count(ties.length, "ties_one", "ties_many")})`, ties.length ? long(ties.map((t) => h("li", {},
      h("a", { href: orgHref(t.other), text: names[t.other] || t.other }), ` — ${t.e.kinds.map(tieName).join(", ")}`,
      h("ul", {}, ...t.e.evidence.map((x) => h("li", {}, x.label + (x.date ? ` (${dateText(x.date)})` : ""), sources(x.sources))))))) : h("p", { text: W.no_ties })),
    o.agreements.length ? section(W.agreements, long(o.agreements.map((a) => h("li", {},
      h("strong", { text: a.subject }), ` — ${a.date ? dateText(a.date) : a.dateText || ""}${a.ends ? ` → ${dateText(a.ends)}` : ""}`,
      h("p", { class: "hint" }, `${W.parties}: `, ...a.parties.flatMap((p, i) => [i ? ", " : "", h("a", { href: orgHref(p.id), text: p.acronym || p.name })]),
        a.partyDescription ? ` (${a.partyDescription})` : ""), sources(a.sources))))) : null,
    activities.length ? section(W.activities, long(activities.map((x) => h("li", {},
      h("strong", { text: x.theme }), ` — ${x.kindLabel}, ${dateText(x.start)}${x.end && x.end !== x.start ? ` – ${dateText(x.end)}` : ""}${x.city ? `, ${x.city}` : ""}`,
      x.participantCount !== null ? h("p", { class: "hint", text: W.attended(x.participantCount) }) : null,
      x.participants.length > 1 ? h("p", { class: "hint" }, `${W.with}: `, ...x.participants.filter((p) => p.id !== o.id)
        .flatMap((p, i) => [i ? ", " : "", h("a", { href: orgHref(p.id), text: p.acronym || p.name })])) : null,
      sources(x.sources))))) : null,
    o.figures.length ? section(W.figures, h("ul", {}, ...o.figures.map((f) => h("li", {}, f.text, sources(f.sources))))) : null,
    o.conflicts.length ? section(W.conflicts, h("ul", {}, ...o.conflicts.map((c) => h("li", {}, h("strong", { text: c.attribute }),
      h("ul", {}, ...c.sides.map((x) => h("li", {}, x.value, sources(x.sources)))))))) : null,
    o.memberships.length ? section(W.groups, h("ul", {}, ...o.memberships.map((m) => h("li", {},
      h("a", { href: `/network?collaboration=${encodeURIComponent(m.collaboration.id)}${es ? "" : "&lang=en"}`, text: m.collaboration.name }),
      m.role ? ` (${W.role}: ${m.role})` : "")))) : null,
    o.note ? section(W.note, h("p", { text: o.note })) : null,
    section(W.sources, sources(o.sources) || h("p", { text: "—" })));
}

load().catch((err) => showError($("org"), err));
