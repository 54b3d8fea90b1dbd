"""Answers that say how old and how sure they are, agree with each other, and speak Spanish.

Each test asks the seeded service as a caseworker or analyst would (issue 14, findings 4–8).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from fastapi.testclient import TestClient

from referral_graph.auth.tokens import Role, create
from referral_graph.network.loading import load_network
from referral_graph.network.weights import DEFAULT_WEIGHTS, evidence_strength
from referral_graph.store.driver import Database
from tests.api.helpers import data

DAY = "2009-03-01"


@pytest.fixture(scope="module")
def staff(client: TestClient, database: Database) -> str:
    return create(database, Role.STAFF, "truth tests")


PROVIDERS = """query($s: ServiceId!, $st: StateCode!, $a: Date, $l: Lang) {
  providers(service: $s, state: $st, asOf: $a) {
    message(lang: $l) noneInState confidentialNote(lang: $l) confidentialProviders providerCount
    dateBasis(lang: $l) newestEvidence evidenceIsOld freshness(lang: $l)
    lastRecorded { organization { id: slug } ended }
    providers { organization { id: slug } reach scope group why(lang: $l) } } }"""

PLAN = """query($o: ID!, $n: [ServiceId!]!, $st: StateCode!, $a: Date, $l: Lang) {
  referralPlan(origin: $o, needs: $n, state: $st, asOf: $a, lang: $l) {
    asOf dateBasis newestEvidence evidenceIsOld freshness gaps counts { need providers }
    plans { steps { providerId providerName needs scope group tie explanation quote source
                    notes path { because } } }
    unmet { need reason confidential via lastRecorded { organization ended } } } }"""

REPORT = """query($st: [StateCode!], $sv: [ServiceId!], $a: Date, $l: Lang) {
  coverageReport(states: $st, serviceTypes: $sv, asOf: $a, lang: $l) {
    dateBasis newestEvidence freshness asOf summary
    cells { state service status statusLabel providerIds reasons lastRecorded { name ended } }
    states { notes } } }"""


# --- 4. Plans and answers do not over-claim -------------------------------------------------


def test_a_group_capability_is_labelled_as_such_in_why_and_in_plan_steps(
        client: TestClient, staff: str) -> None:
    d = data(client, PROVIDERS, {"s": "legal_aid", "st": "CDMX", "a": DAY, "l": "ES"},
             token=staff)["providers"]
    shelters = [p for p in d["providers"] if p["organization"]["id"] in ("casa-alianza",
                                                                         "casa-de-las-mercedes")]
    assert shelters and all(p["scope"] == "group" for p in shelters)
    assert all("para un grupo" in p["why"] and "no para esta organización" in p["why"]
               for p in shelters)
    plan = data(client, PLAN, {"o": "pgr", "n": ["legal_aid", "medical"], "st": "CMX", "a": DAY,
                               "l": "ES"}, token=staff)["referralPlan"]
    steps = [s for p in plan["plans"] for s in p["steps"]]
    grouped = [s for s in steps if s["scope"] == "group"]
    assert grouped, steps
    for s in grouped:
        assert "para un grupo" in s["explanation"] and s["group"] in s["explanation"]


def test_plan_steps_quote_the_passage(client: TestClient, staff: str) -> None:
    plan = data(client, PLAN, {"o": "cndh", "n": ["legal_aid", "prosecution"], "st": "OAX",
                               "a": DAY, "l": "ES"}, token=staff)["referralPlan"]
    steps = [s for p in plan["plans"] for s in p["steps"]]
    assert steps
    for s in steps:
        assert s["quote"] and f"«{s['quote']}»" in s["explanation"], s
        assert s["source"] and s["source"] in s["explanation"]


def test_answers_say_how_old_their_evidence_is(client: TestClient) -> None:
    today = dt.date.today().isoformat()
    plan = data(client, PLAN, {"o": "cndh", "n": ["prosecution"], "st": "OAX",
                               "l": "EN"})["referralPlan"]
    assert plan["asOf"] == today and "(today)" in plan["dateBasis"]
    assert plan["newestEvidence"] == "2009-03-31" and plan["evidenceIsOld"] is True
    assert plan["freshness"].startswith("The newest record is from March 2009, more than")
    d = data(client, PROVIDERS, {"s": "prosecution", "st": "OAX", "l": "ES"})["providers"]
    assert d["evidenceIsOld"] and "marzo de 2009" in d["freshness"] and "hoy" in d["dateBasis"]
    recent = data(client, PROVIDERS, {"s": "prosecution", "st": "OAX", "a": "2009-04-01",
                                      "l": "EN"})["providers"]
    assert not recent["evidenceIsOld"] and recent["freshness"] == (
        "The newest record is from March 2009.")


def test_a_sub_grant_that_ended_in_2008_is_not_a_live_tie_in_2009(client: TestClient,
                                                                   database: Database,
                                                                   staff: str) -> None:
    G = load_network(database)
    grants = [e for e in G.edges["proteja", "ciam-cancun"]["evidence"]
              if e.ref == "subgrant-ciam-cancun"]
    [grant] = grants
    day = dt.date(2009, 3, 1)
    assert grant.ends == dt.date(2008, 5, 15) and grant.ended_on(day)
    assert evidence_strength(grant, day) < DEFAULT_WEIGHTS.agreement / 2
    assert evidence_strength(grant, dt.date(2008, 5, 1)) == DEFAULT_WEIGHTS.agreement
    plan = data(client, PLAN, {"o": "proteja", "n": ["shelter"], "st": "ROO", "a": DAY,
                               "l": "ES"}, token=staff)["referralPlan"]
    texts = [b for p in plan["plans"] for s in p["steps"]
             for t in ([s["explanation"]] + [b for h in s["path"] for b in h["because"]])
             for b in [t]]
    mentions = [t for t in texts if "Subdonativo de PROTEJA" in t]
    assert mentions and all("terminó el 15 de mayo de 2008" in t for t in mentions)


# --- 5. One public truth --------------------------------------------------------------------


def test_public_directory_and_coverage_agree_that_a_confidential_shelter_serves_cdmx(
        client: TestClient) -> None:
    d = data(client, PROVIDERS, {"s": "shelter", "st": "CMX", "a": DAY, "l": "EN"})["providers"]
    cell = data(client, REPORT, {"st": ["CMX"], "sv": ["shelter"], "a": DAY,
                                 "l": "EN"})["coverageReport"]["cells"][0]
    assert cell["status"] != "gap" and len(cell["providerIds"]) == 2
    assert d["confidentialProviders"] == 2 == d["providerCount"] and d["providers"] == []
    assert not d["noneInState"] and not d["message"].startswith("No provider")
    assert "2 confidential shelter(s)" in d["message"]


def test_a_public_plan_says_a_confidential_shelter_serves_quintana_roo(
        client: TestClient) -> None:
    plan = data(client, PLAN, {"o": "pgr", "n": ["shelter"], "st": "ROO", "a": DAY,
                               "l": "ES"})["referralPlan"]
    assert plan["gaps"] == [] and plan["counts"] == [{"need": "shelter", "providers": 1}]
    [unmet] = plan["unmet"]
    assert unmet["confidential"] and "refugio confidencial" in unmet["reason"]
    assert unmet["via"] == ["proteja"] and "PROTEJA" in unmet["reason"]
    cell = data(client, REPORT, {"st": ["ROO"], "sv": ["shelter"], "a": DAY})[
        "coverageReport"]["cells"][0]
    assert cell["status"] != "gap"


# --- 6. One date basis, never an empty page, the same count on every surface ---------------


def test_today_nothing_in_force_says_so_and_names_the_last_record(client: TestClient) -> None:
    d = data(client, PROVIDERS, {"s": "legal_aid", "st": "Oaxaca", "l": "ES"})["providers"]
    assert "Último registro: PROTEJA, terminó el 31 de marzo de 2009." in d["message"]
    assert d["lastRecorded"] == [{"organization": {"id": "proteja"}, "ended": "2009-03-31"}]
    plan = data(client, PLAN, {"o": "cndh", "n": ["legal_aid", "shelter", "medical",
                                                  "prosecution"], "st": "OAX", "l": "ES"}
                )["referralPlan"]
    legal = next(u for u in plan["unmet"] if u["need"] == "legal_aid")
    assert "Último registro: PROTEJA, terminó el 31 de marzo de 2009" in legal["reason"]
    assert plan["plans"], "prosecution is still met today (by legal mandate)"
    report = data(client, REPORT, {"st": ["OAX"], "sv": ["legal_aid"], "l": "ES"}
                  )["coverageReport"]
    assert "hoy" in report["dateBasis"] and "marzo de 2009" in report["freshness"]
    [cell] = report["cells"]
    assert cell["status"] == "gap" and cell["providerIds"] == []
    assert cell["lastRecorded"] == [{"name": "PROTEJA", "ended": "2009-03-31"}]
    assert "Último registro: PROTEJA, terminó el 31 de marzo de 2009." in cell["reasons"]


QUESTIONS = [(svc, st, day) for svc in ("legal_aid", "shelter", "prosecution")
             for st in ("MX-OAX", "MX-CMX", "MX-ROO")
             for day in (DAY, None)]


@pytest.mark.parametrize("who", ["public", "staff"])
def test_the_three_surfaces_give_the_same_count(client: TestClient, staff: str,
                                                who: str) -> None:
    token = staff if who == "staff" else None
    for svc, st, day in QUESTIONS:
        d = data(client, PROVIDERS, {"s": svc, "st": st, "a": day}, token=token)["providers"]
        [cell] = data(client, REPORT, {"st": [st], "sv": [svc], "a": day}, token=token)[
            "coverageReport"]["cells"]
        plan = data(client, PLAN, {"o": "cndh", "n": [svc], "st": st, "a": day},
                    token=token)["referralPlan"]
        counts = (d["providerCount"], len(cell["providerIds"]), plan["counts"][0]["providers"])
        assert counts[0] == counts[1] == counts[2], (svc, st, day, counts)
        assert (cell["status"] == "gap") == (counts[0] == 0) == (svc in plan["gaps"])


# --- 7. Spanish first, no raw ids, no English template, no broken template ----------------

RAW_IDS = re.compile(r"\b(legal_aid|mental_health|social_protection|human_rights_complaint|"
                     r"consular_assistance|victim_identification|operates_in|single_point|"
                     r"MX-[A-Z]{3})\b")
ENGLISH = ("via ", "cold referral", "stated in", "by mandate", "national reach", "works in",
           "no eligible", "source:", "recorded in", "introduction", "shared activity",
           "shared task force", "grant:", "MOU:", "(convenor)", "convenor", "nor one with",
           "Legal aid", "confirm before", "Date basis", "newest record")
BROKEN = re.compile(r"\(\s*\)|\s{2,}|\s[,.;:]|via\s+\(")


def _template_text(text: str) -> str:
    """The answer without what it quotes («passage», «group») and document citations."""
    text = re.sub(r"«[^»]*»", "«»", text)
    text = re.sub(r"PROTEJA (project overview|quarterly report no\. 12 \(2009 Q1\))"
                  r"(, [A-Za-z][^;:)»(]*)?", "DOC", text)
    return text


def _spanish_texts(client: TestClient, token: str | None) -> list[str]:
    texts: list[str] = []
    for st, day in (("OAX", None), ("OAX", DAY), ("CMX", DAY), ("ROO", DAY), ("MOR", DAY)):
        plan = data(client, PLAN, {"o": "cndh", "n": ["legal_aid", "shelter", "medical",
                                                      "prosecution", "rescue"], "st": st,
                                   "a": day, "l": "ES"}, token=token)["referralPlan"]
        texts += [plan["dateBasis"], plan["freshness"]]
        texts += [s["explanation"] for p in plan["plans"] for s in p["steps"]]
        texts += [n for p in plan["plans"] for s in p["steps"] for n in s["notes"]]
        texts += [b for p in plan["plans"] for s in p["steps"] for h in s["path"]
                  for b in h["because"]]
        texts += [u["reason"] for u in plan["unmet"]]
        for svc in ("legal_aid", "shelter", "prosecution"):
            d = data(client, PROVIDERS, {"s": svc, "st": st, "a": day, "l": "ES"},
                     token=token)["providers"]
            texts += [d["message"], d["dateBasis"], d["freshness"], d["confidentialNote"] or ""]
            texts += [p["why"] for p in d["providers"]]
    return [t for t in texts if t]


@pytest.mark.parametrize("who", ["public", "staff"])
def test_spanish_answers_have_no_raw_ids_no_english_and_no_broken_template(
        client: TestClient, staff: str, who: str) -> None:
    texts = _spanish_texts(client, staff if who == "staff" else None)
    assert len(texts) > 40
    for text in texts:
        plain = _template_text(text)
        assert not RAW_IDS.search(plain), (RAW_IDS.search(plain), text)
        english = [w for w in ENGLISH if w in plain]
        assert not english, (english, text)
        assert not BROKEN.search(plain), (BROKEN.search(plain), text)


def test_mexican_bodies_and_task_forces_have_spanish_names_and_keep_the_english(
        client: TestClient) -> None:
    sre = data(client, '{ organization(id: "sre") { name alternateNames } }')["organization"]
    assert sre == {"name": "Secretaría de Relaciones Exteriores",
                   "alternateNames": ["Secretary of Foreign Relations"]}
    found = data(client, '{ organizations(query: "Secretary of Foreign Relations") '
                         "{ edges { node { id: slug } } } }")["organizations"]["edges"]
    assert [e["node"]["id"] for e in found] == ["sre"]
    tf = data(client, '{ collaboration(id: "federal-anti-tip-task-force") { name alternateNames '
                      "members { role roleLabel } } }")["collaboration"]
    assert tf["name"] == "Grupo de trabajo federal contra la trata de personas"
    assert tf["alternateNames"] == ["Federal anti-TIP task force"]
    assert tf["members"] == [{"role": "member", "roleLabel": "integrante"}]


# --- 8. What-ifs with network effects -------------------------------------------------------


def test_without_proteja_morelos_loses_its_only_broker_and_its_government_is_isolated(
        client: TestClient) -> None:
    d = data(client, """{ coverageChanges(after: {without: ["proteja"], asOf: "2009-03-01"},
                                          lang: EN) {
        lines networkEffects { state kind organizations organizationNames causes causeNames
                               text } } }""")["coverageChanges"]
    morelos = {e["kind"]: e for e in d["networkEffects"] if e["state"] == "MX-MOR"}
    assert morelos["isolated"]["organizations"] == ["gov-morelos"]
    assert morelos["lost_broker"]["organizations"] == ["proteja"]
    assert all(e["causes"] == ["proteja"] for e in morelos.values())
    assert "Morelos: loses its only broker (PROTEJA), because PROTEJA closes." in d["lines"]
    assert any("Gobierno del Estado de Morelos" in t for t in d["lines"])


def test_free_text_and_service_arguments_understand_synonyms(client: TestClient) -> None:
    q = "query($t: String!) { understand(text: $t) { service { id: slug } state { code } } }"
    for text, service, state in (("asesoría legal en Oaxaca", "legal_aid", "MX-OAX"),
                                 ("abogado Oaxaca", "legal_aid", "MX-OAX"),
                                 ("psicólogo en CDMX", "mental_health", "MX-CMX")):
        u = data(client, q, {"t": text})["understand"]
        assert (u["service"]["id"], u["state"]["code"]) == (service, state), text
    asked = [data(client, PROVIDERS, {"s": s, "st": st, "a": DAY})
             for s, st in (("abogado", "Oaxaca"), ("asesoría legal", "OAX"),
                           ("legal_aid", "MX-OAX"))]
    assert asked[0] == asked[1] == asked[2]
    types = data(client, "{ serviceTypes { id: slug synonyms } }")["serviceTypes"]
    assert all(t["synonyms"] for t in types)
    legal = next(t for t in types if t["id"] == "legal_aid")
    assert {"asesoría legal", "abogado", "lawyer"} <= set(legal["synonyms"])


def test_a_plan_shows_no_introduction_through_a_tie_not_yet_in_force(
        client: TestClient) -> None:
    """Served on the seeds: PROTEJA's plan for prosecution in Oaxaca on 2008-06-01 showed
    a hop PROTEJA -> Oaxaca's attorney general with strength 0 and no evidence (the tie is
    a 2009 workshop) under a step that said "no chain of introductions recorded"."""
    q = """{ referralPlan(origin: "proteja", needs: [prosecution], state: "Oaxaca",
      asOf: "2008-06-01") { plans { steps {
        provider { slug } cold path { strength because } } } } }"""
    steps = [s for p in data(client, q)["referralPlan"]["plans"] for s in p["steps"]]
    assert steps and any(s["provider"]["slug"] == "oaxaca-attorney-general" for s in steps)
    for s in steps:
        assert all(h["strength"] > 0 and h["because"] for h in s["path"]), s
        if s["cold"]:
            assert s["path"] == [], s
