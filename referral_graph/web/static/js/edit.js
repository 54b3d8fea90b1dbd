// Editors' forms: each error the API returns is shown beside the field it names.
import { chrome, fillSelect, gql, h, lang, showError } from "./common.js";

chrome("/edit");
const $ = (id) => document.getElementById(id);
const es = lang() === "es";
const KINDS = ["ngo", "shelter", "government_agency", "human_rights_commission", "task_force_secretariat",
  "international", "foreign_government", "academic", "union", "media", "consultancy", "project", "not_stated"];
const SECTORS = ["civil_society", "federal", "state", "municipal", "international", "foreign", "private", "academic", "not_stated"];
const list = (v) => v.split(",").map((x) => x.trim()).filter(Boolean);

async function who() {
  const d = await gql("{ me { role name } }");
  $("me").textContent = (es ? "Rol: " : "Role: ") + d.me.role + (d.me.name ? ` (${d.me.name})` : "");
}

async function init() {
  fillSelect($("org-kind"), KINDS, (k) => k, (k) => k.replace(/_/g, " "));
  fillSelect($("org-sector"), SECTORS, (k) => k, (k) => k.replace(/_/g, " "));
  const d = await gql("{ serviceTypes { id name } collaborations { id name } }");
  fillSelect($("cap-service"), d.serviceTypes, (s) => s.id, (s) => s.name);
  fillSelect($("mb-collaboration"), d.collaborations, (c) => c.id, (c) => c.name);
  await who();
}

const MUTATIONS = {
  createSource: (f) => [`mutation($i: SourceInput!) { r: createSource(input: $i) { ok errors { field message } source { id } } }`,
    { i: { document: f.document, section: f.section, passage: f.passage } }, (r) => r.source && r.source.id],
  saveOrganization: (f) => {
    const input = { name: f.name || undefined, acronym: f.acronym || undefined, kind: f.kind, sector: f.sector,
      states: list(f.states), sources: list(f.sources), city: f.city || undefined };
    return f.id
      // The version the record had when loaded goes back with the save: if someone saved it
      // since, the API refuses with a CONFLICT saying who and when, instead of overwriting.
      ? [`mutation($id: ID!, $i: OrganizationPatch!, $v: Int) { r: updateOrganization(id: $id, input: $i, expectedVersion: $v) { ok errors { field message code } organization { id version } } }`,
        { id: f.id, v: f.version ? Number(f.version) : null,
          i: Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length))) },
        (r) => r.organization && r.organization.id]
      : [`mutation($i: OrganizationInput!) { r: createOrganization(input: $i) { ok errors { field message } organization { id version } } }`,
        { i: { ...input, name: f.name } }, (r) => r.organization && r.organization.id];
  },
  setCapability: (f) => [`mutation($i: CapabilityInput!) { r: setCapability(input: $i) { ok errors { field message } capability { id } } }`,
    { i: { organization: f.organization, service: f.service, basis: f.basis, mandate: f.mandate || undefined,
      covers: list(f.covers), sources: list(f.sources) } }, (r) => r.capability && r.capability.id],
  createAgreement: (f) => [`mutation($i: AgreementInput!) { r: createAgreement(input: $i) { ok errors { field message } agreement { id } } }`,
    { i: { kind: f.kind, subject: f.subject, date: f.date || undefined, parties: list(f.parties), sources: list(f.sources) } },
    (r) => r.agreement && r.agreement.id],
  addMembership: (f) => [`mutation($c: ID!, $o: ID!, $r: String) { r: addMembership(collaboration: $c, organization: $o, role: $r) { ok errors { field message } organization { id } } }`,
    { c: f.collaboration, o: f.organization, r: f.role || null }, (r) => r.organization && r.organization.id],
};

// "input.sources[1]" → the element named "sources"; unknown paths go to the form's result line.
function place(form, err) {
  const name = err.field.replace(/^input\./, "").replace(/\[\d+\]$/, "");
  const el = form.querySelector(`[name="${name}"]`);
  const msg = h("p", { class: "error field-error", role: "alert", text: `${err.field}: ${err.message}` });
  if (el) { el.setAttribute("aria-invalid", "true"); el.after(msg); } else form.querySelector(".result").append(msg);
}

async function submit(ev) {
  ev.preventDefault();
  const form = ev.target;
  for (const e of form.querySelectorAll(".field-error")) e.remove();
  for (const e of form.querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
  const fields = Object.fromEntries(new FormData(form).entries());
  const [query, variables, idOf] = MUTATIONS[form.dataset.mutation](fields);
  const result = form.querySelector(".result");
  result.textContent = es ? "Guardando…" : "Saving…";
  try {
    const d = await gql(query, variables);
    result.textContent = "";
    if (d.r.ok) result.append(h("span", { class: "ok", text: (es ? "Guardado: " : "Saved: ") + idOf(d.r) }));
    if (d.r.ok && d.r.organization && form.elements.version) form.elements.version.value = d.r.organization.version;
    else d.r.errors.forEach((e) => place(form, e));
  } catch (err) { showError(result, err); }
}

// Editing an existing organization: remember the version it has now (sent back on save).
$("org-id").addEventListener("change", async () => {
  $("org-version").value = "";
  const id = $("org-id").value.trim();
  if (!id) return;
  try {
    const d = await gql("query($id: ID!) { organization(id: $id) { version } }", { id });
    if (d.organization) $("org-version").value = d.organization.version;
  } catch { /* the save itself reports what is wrong */ }
});

$("login").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  sessionStorage.setItem("referral-graph-token", $("token").value.trim());
  $("token").value = "";
  try { await who(); } catch (err) { sessionStorage.removeItem("referral-graph-token"); showError($("me"), err); }
});
$("logout").addEventListener("click", () => { sessionStorage.removeItem("referral-graph-token"); who(); });
for (const f of document.querySelectorAll("form[data-mutation]")) f.addEventListener("submit", submit);
init().catch((err) => showError($("me"), err));
