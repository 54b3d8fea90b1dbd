// Editors' forms: each error the API returns is shown beside the field it names.
import { chrome, fillSelect, gql, h, msg, showError } from "./common.js";

chrome("/edit");
const $ = (id) => document.getElementById(id);
// The page's words: group "web.edit" of the message catalogue (docs/i18n.md).
const w = (key, vars = {}) => msg("web.edit", key, vars);
const KINDS = ["ngo", "shelter", "government_agency", "human_rights_commission", "task_force_secretariat",
  "international", "foreign_government", "academic", "union", "media", "consultancy", "project", "not_stated"];
const SECTORS = ["civil_society", "federal", "state", "municipal", "international", "foreign", "private", "academic", "not_stated"];
const list = (v) => v.split(",").map((x) => x.trim()).filter(Boolean);

async function who() {
  const d = await gql("{ me { role name } }");
  $("me").textContent = w("role") + d.me.role + (d.me.name ? ` (${d.me.name})` : "");
}

async function init() {
  // Every select starts empty: a default would be sent without the editor choosing it.
  fillSelect($("org-kind"), KINDS, (k) => k, (k) => k.replace(/_/g, " "), w("choose"));
  fillSelect($("org-sector"), SECTORS, (k) => k, (k) => k.replace(/_/g, " "), w("choose"));
  shelterHint();
  const d = await gql("{ serviceTypes { id: slug name } collaborations { id: slug name } }");
  fillSelect($("cap-service"), d.serviceTypes, (s) => s.id, (s) => s.name, w("choose"));
  fillSelect($("mb-collaboration"), d.collaborations, (c) => c.id, (c) => c.name, w("choose"));
  await who();
}

const MUTATIONS = {
  createSource: (f) => [`mutation($i: SourceInput!) { r: createSource(input: $i) { userErrors { path message code } source { id: slug } } }`,
    { i: { document: f.document, section: f.section, passage: f.passage } }, (r) => r.source && r.source.id],
  setCapability: (f) => [`mutation($i: CapabilityInput!) { r: setCapability(input: $i) { userErrors { path message code } capability { id: slug } } }`,
    { i: { organization: f.organization, service: f.service, basis: f.basis, mandate: f.mandate || undefined,
      covers: list(f.covers), sources: list(f.sources) } }, (r) => r.capability && r.capability.id],
  createAgreement: (f) => [`mutation($i: AgreementInput!) { r: createAgreement(input: $i) { userErrors { path message code } agreement { id: slug } } }`,
    { i: { kind: f.kind, subject: f.subject, date: f.date || undefined, parties: list(f.parties), sources: list(f.sources) } },
    (r) => r.agreement && r.agreement.id],
  addMembership: (f) => [`mutation($i: AddMembershipInput!) { r: addMembership(input: $i) { userErrors { path message code } organization { id: slug } } }`,
    { i: { collaboration: f.collaboration, organization: f.organization, role: f.role || null } }, (r) => r.organization && r.organization.id],
};

// ["input", "sources", "1"] → the element named "sources"; unknown paths go to the form's result line.
function place(form, err) {
  const name = err.path[0] === "input" ? err.path[1] : undefined;
  const el = name && form.querySelector(`[name="${name}"]`);
  // Shown as the dotted path an editor reads in the docs: input.states[1].
  const where = err.path.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : (i ? "." : "") + p)).join("");
  const msg = h("p", { class: "error field-error", role: "alert", text: `${where}: ${err.message}` });
  if (el && el.type === "checkbox") { el.setAttribute("aria-invalid", "true"); el.parentElement.after(msg); }
  else if (el) { el.setAttribute("aria-invalid", "true"); el.after(msg); } else form.querySelector(".result").append(msg);
}

// A value the schema itself refused (BAD_USER_INPUT naming input.states[1]: a state that
// does not exist, a kind outside the list) goes beside its field like the payload's own
// errors; true when there was one.
function placeRefusals(form, err) {
  const refused = (err.errors || []).filter((e) => e.extensions && e.extensions.code === "BAD_USER_INPUT"
    && /^input\./.test(e.extensions.argument || ""));
  for (const e of refused) {
    const arg = e.extensions.argument;
    const path = arg.replace(/\[(\d+)\]/g, ".$1").split(".");
    const message = e.message.startsWith(`${arg}: `) ? e.message.slice(arg.length + 2) : e.message;
    place(form, { path, message });
  }
  return refused.length > 0;
}

async function submit(ev) {
  ev.preventDefault();
  const form = ev.target;
  for (const e of form.querySelectorAll(".field-error")) e.remove();
  for (const e of form.querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
  const fields = Object.fromEntries(new FormData(form).entries());
  const [query, variables, idOf] = MUTATIONS[form.dataset.mutation](fields);
  const result = form.querySelector(".result");
  result.textContent = w("saving");
  try {
    const d = await gql(query, variables);
    result.textContent = "";
    if (!d.r.userErrors.length) result.append(h("span", { class: "ok", text: w("saved") + idOf(d.r) }));
    else d.r.userErrors.forEach((e) => place(form, e));
  } catch (err) { result.textContent = ""; if (!placeRefusals(form, err)) showError(result, err); }
}

// --- organizations: load the record, send only what changed, confirm what shows or hides ---
const ORG = "id: slug version name acronym kind sector city confidential states { code } sources { id: slug }";
let loaded = null; // the record as stored, in the form's terms; null when creating

function orgFields() {
  return {
    name: $("org-name").value.trim(), acronym: $("org-acronym").value.trim(),
    kind: $("org-kind").value, sector: $("org-sector").value, city: $("org-city").value.trim(),
    states: list($("org-states").value).sort(), sources: list($("org-sources").value).sort(),
    confidential: $("org-kind").value === "shelter" || $("org-confidential").checked,
  };
}

function shelterHint() {
  const shelter = $("org-kind").value === "shelter";
  $("org-confidential-hint").hidden = !shelter;
  if (shelter) $("org-confidential").checked = true;
  $("org-confidential").disabled = shelter;
}

// Leaving the id field (its change event) and pressing Load both ask for the record; the
// second answer used to land after the editor had begun typing and put the stored values
// back over theirs. One load per id is in flight at a time, and only the newest id asked
// for fills the form.
let loading = null; // { id, promise } of the load in flight
let loads = 0; // loads begun; only the newest one fills the form

function loadOrg(id, fresh = false) {
  // (After a save the record is read again even if a load began before it.)
  if (!fresh && loading && loading.id === id) return loading.promise;
  const promise = fillOrg(id, ++loads).finally(() => { if (loading && loading.promise === promise) loading = null; });
  loading = { id, promise };
  return promise;
}

async function fillOrg(id, n) {
  const d = await gql(`query($id: ID!) { organization(id: $id) { ${ORG} } }`, { id });
  if (n !== loads) return false; // the editor asked for another record (or a fresher one) since
  const o = d.organization;
  if (!o) { loaded = null; $("org-loaded").textContent = w("not_found"); return false; }
  $("org-name").value = o.name; $("org-acronym").value = o.acronym || "";
  $("org-kind").value = o.kind; $("org-sector").value = o.sector; $("org-city").value = o.city || "";
  $("org-states").value = o.states.map((s) => s.code).join(", ");
  $("org-sources").value = o.sources.map((s) => s.id).join(", ");
  $("org-confidential").checked = o.confidential;
  shelterHint();
  loaded = { id: o.id, ...orgFields() };
  // The version goes back with the save: if someone saved the record since it was loaded,
  // the API refuses with a CONFLICT saying who and when, instead of overwriting their work.
  $("org-version").value = o.version;
  $("org-loaded").textContent = w("loaded", { id: o.id });
  return true;
}

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

// What the editor changed, as an OrganizationPatch: emptied text clears the field (null).
function changes(before, now) {
  const patch = {};
  for (const k of ["name", "acronym", "kind", "sector", "city"]) {
    if (now[k] !== before[k]) patch[k] = now[k] === "" ? null : now[k];
  }
  for (const k of ["states", "sources"]) if (!same(now[k], before[k])) patch[k] = now[k];
  if (now.confidential !== before.confidential && now.kind !== "shelter") patch.confidential = now.confidential;
  if (patch.name === null || patch.kind === null || patch.sector === null) {
    delete patch.name; delete patch.kind; delete patch.sector;
  }
  return patch;
}

// What the public will see differently after this save, in words; null when nothing does
// and the kind does not change to or from shelter (those are always confirmed).
function exposure(before, now) {
  const vars = { name: now.name || before.name, city: now.city || before.city || w("no_city") };
  const wasShelter = before.kind === "shelter", isShelter = now.kind === "shelter";
  if (!wasShelter && isShelter) return w(before.confidential ? "to_shelter_already" : "to_shelter", vars);
  if (wasShelter && !isShelter) return now.confidential ? w("from_shelter_hidden") : w("becomes_visible", vars);
  if (before.confidential && !now.confidential) return w("becomes_visible", vars);
  if (!before.confidential && now.confidential) return w("becomes_hidden", vars);
  return null;
}

function askFirst(text) {
  return new Promise((resolve) => {
    const box = $("org-confirm");
    $("org-confirm-text").textContent = text;
    box.hidden = false;
    $("org-confirm-yes").focus();
    const done = (answer) => { box.hidden = true; $("org-confirm-yes").onclick = $("org-confirm-no").onclick = null; resolve(answer); };
    $("org-confirm-yes").onclick = () => done(true);
    $("org-confirm-no").onclick = () => done(false);
  });
}

function clearErrors(form) {
  for (const e of form.querySelectorAll(".field-error")) e.remove();
  for (const e of form.querySelectorAll("[aria-invalid]")) e.removeAttribute("aria-invalid");
}

async function saveOrg(ev) {
  ev.preventDefault();
  const form = ev.target;
  const result = form.querySelector(".result");
  clearErrors(form);
  result.textContent = "";
  const id = $("org-id").value.trim();
  const now = orgFields();
  try {
    if (id && (!loaded || loaded.id !== id)) {
      // Never save over a record the editor has not seen: load it into the form first.
      if (await loadOrg(id)) result.textContent = w("load_first", { id });
      return;
    }
    let query, variables;
    if (loaded) {
      const patch = changes(loaded, now);
      if (!Object.keys(patch).length) { result.textContent = w("nothing"); return; }
      const shown = exposure(loaded, now);
      if (shown && !(await askFirst(shown))) return;
      query = `mutation($i: UpdateOrganizationInput!) { r: updateOrganization(input: $i) { userErrors { path message code } organization { id: slug } } }`;
      variables = { i: { ...patch, id: loaded.id, expectedVersion: Number($("org-version").value) } };
    } else {
      const missing = [["kind", "choose_kind"], ["sector", "choose_sector"]].filter(([k]) => !now[k]);
      missing.forEach(([k, msg]) => place(form, { path: ["input", k], message: w(msg) }));
      if (missing.length) return;
      const input = { name: now.name, kind: now.kind, sector: now.sector, states: now.states,
        sources: now.sources, acronym: now.acronym || undefined, city: now.city || undefined };
      if (now.kind !== "shelter" && now.confidential) input.confidential = true;
      query = `mutation($i: OrganizationInput!) { r: createOrganization(input: $i) { userErrors { path message code } organization { id: slug } } }`;
      variables = { i: input };
    }
    result.textContent = w("saving");
    const d = await gql(query, variables);
    result.textContent = "";
    if (d.r.userErrors.length) { d.r.userErrors.forEach((e) => place(form, e)); return; }
    result.append(h("span", { class: "ok", text: w("saved") + d.r.organization.id }));
    $("org-id").value = d.r.organization.id;
    await loadOrg(d.r.organization.id, true);
  } catch (err) { result.textContent = ""; if (!placeRefusals(form, err)) showError(result, err); }
}

$("org-load").addEventListener("click", () => {
  const id = $("org-id").value.trim();
  if (id) loadOrg(id).catch((err) => showError($("org-loaded"), err));
});
$("org-id").addEventListener("change", () => {
  const id = $("org-id").value.trim();
  if (!id) { loaded = null; $("org-loaded").textContent = ""; $("org-version").value = ""; return; }
  loadOrg(id).catch((err) => showError($("org-loaded"), err));
});
$("org-kind").addEventListener("change", shelterHint);
$("org-form").addEventListener("submit", saveOrg);

$("login").addEventListener("submit", async (ev) => {
  ev.preventDefault();
  sessionStorage.setItem("referral-graph-token", $("token").value.trim());
  $("token").value = "";
  try { await who(); } catch (err) { sessionStorage.removeItem("referral-graph-token"); showError($("me"), err); }
});
$("logout").addEventListener("click", () => { sessionStorage.removeItem("referral-graph-token"); who(); });
// (Compared as elements: a form's `id` property is its field named "id", if it has one.)
for (const f of document.querySelectorAll("form[data-mutation]")) if (f !== $("org-form")) f.addEventListener("submit", submit);
init().catch((err) => showError($("me"), err));
