"""The web app in Debian's headless Chromium, against the service started on the seeds."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import httpx
import networkx as nx
import pytest

from tests.api.test_confidentiality import leaks

SHOTS = Path("/tmp/referral-graph-shots")


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def local_only(page, base: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every request the page makes; the test asserts none leaves the service."""
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    return seen


def assert_offline(urls: list[str], base: str) -> None:
    outside = [u for u in urls if not (u.startswith(base) or u.startswith(("data:", "blob:")))]
    assert not outside, outside


def test_directory_search_in_spanish(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    urls = local_only(page, live_server)
    page.goto(live_server + "/")
    page.wait_for_selector("#state option[value=MX-OAX]", state="attached")
    page.fill("#q", "procuración de justicia Oaxaca")
    assert page.input_value("#service") == "prosecution"
    assert page.input_value("#state") == "MX-OAX"
    page.click("#search button[type=submit]")
    page.wait_for_selector("#results .provider")
    text = page.inner_text("#results")
    assert "Oaxaca" in text and "Fuentes" in text and "Trabaja en Oaxaca" in text
    page.fill("#q", "asesoría jurídica Oaxaca")
    page.click("#search button[type=submit]")
    page.wait_for_function("document.querySelector('#results .message').textContent"
                           ".includes('Asesoría jurídica')")
    # Today nothing is in force: the answer says so and names the last record, never empty;
    # the page says which date it is about and how old the newest record is.
    message = page.inner_text("#results .message")
    assert "vigente en Oaxaca" in message
    assert "Último registro: PROTEJA, terminó el 31 de marzo de 2009." in message
    basis = page.inner_text("#date-basis")
    assert "Fecha de referencia" in basis and "(hoy)" in basis and "marzo de 2009" in basis
    shot(page, "directory-es")
    assert_offline(urls, live_server)


def test_legal_aid_in_oaxaca_in_english(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/?lang=en")
    assert page.get_attribute("html", "lang") == "en"
    page.wait_for_selector("#state option[value=MX-OAX]", state="attached")
    page.fill("#q", "legal aid in Oaxaca")
    page.fill("#asof", "2008-06-01")
    page.click("#search button[type=submit]")
    page.wait_for_selector("#results .provider")
    text = page.inner_text("#results")
    assert "No provider of Legal aid recorded in Oaxaca" in text and "National reach" in text
    assert "PROTEJA" in text


def _pages_of_one(page, box: str) -> list[str]:  # type: ignore[no-untyped-def]
    """In `box`, one provider card and "Show more (1 of 2)"; after a click, two cards and
    no button. The cards' titles."""
    page.wait_for_selector(f"{box} .providers .provider")
    assert page.locator(f"{box} .providers .provider").count() == 1
    more = page.locator(f"{box} .more button")
    assert more.inner_text() == "Show more (1 of 2)"
    more.click()
    page.wait_for_function(f"document.querySelectorAll('{box} .providers .provider')"
                           ".length === 2")
    assert page.locator(f"{box} .more").count() == 0
    return page.locator(f"{box} .providers .provider :is(h3, h4)").all_inner_texts()


def test_providers_come_a_page_at_a_time(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    # Pages of one (`per=1`) so that the seeds' two prosecutors in Oaxaca make two pages.
    page.goto(live_server + "/?lang=en&per=1")
    page.wait_for_selector("#state option[value=MX-OAX]", state="attached")
    page.select_option("#service", "prosecution")
    page.select_option("#state", "MX-OAX")
    page.click("#search button[type=submit]")
    names = _pages_of_one(page, "#results")
    assert "Oaxaca" in names[0] and len(set(names)) == 2


def test_per_need_cards_come_a_page_at_a_time(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/?lang=en&per=1&origin=__not-listed&pstate=MX-OAX"
              "&needs=prosecution")
    names = _pages_of_one(page, "#plans-body")
    assert "Oaxaca" in names[0] and len(set(names)) == 2
    assert page.locator("#results .provider").count() == 0  # the search's list is untouched


def test_referral_plan_for_several_needs(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/?lang=en")
    page.wait_for_selector("#origin option[value=cndh]", state="attached")
    page.select_option("#origin", "cndh")
    page.select_option("#plan-state", "MX-OAX")
    page.fill("#plan-asof", "2009-03-01")
    page.check("input[name=need][value=legal_aid]")
    page.check("input[name=need][value=prosecution]")
    page.click("#plan button[type=submit]")
    page.wait_for_selector("#plans article")
    assert "Plan 1" in page.inner_text("#plans")
    assert "plan" not in page.url or "needs=legal_aid%2Cprosecution" in page.url or \
        "needs=legal_aid,prosecution" in page.url


def test_language_switch(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/")
    assert page.inner_text("h1").startswith("¿Quién")
    page.click("#lang-toggle")
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.inner_text("h1") == "Who can meet this need?"
    page.goto(live_server + "/gaps")  # the choice is remembered
    assert page.get_attribute("html", "lang") == "en"


def test_first_page_is_light_and_fits_360px(browser, live_server: str) -> None:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 360, "height": 740})
    page = ctx.new_page()
    page.goto(live_server + "/")
    page.wait_for_load_state("networkidle")
    size = page.evaluate("performance.getEntriesByType('navigation')[0].transferSize + "
                         "performance.getEntriesByType('resource')"
                         ".reduce((a, r) => a + r.transferSize, 0)")
    assert 0 < size < 200_000, size
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for el in page.query_selector_all("input, select"):  # every field has a label
        assert el.evaluate("e => e.labels && e.labels.length > 0"), el.get_attribute("id")
    shot(page, "directory-360")
    ctx.close()


@pytest.mark.parametrize("path", ["/network", "/gaps", "/edit"])
def test_every_page_fits_360px(browser, live_server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 360, "height": 740})
    page = ctx.new_page()
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for el in page.query_selector_all("main input:not([type=hidden]), main select, main textarea"):
        assert el.evaluate("e => e.labels && e.labels.length > 0"), el.get_attribute("id")
    shot(page, "360" + path.replace("/", "-"))
    ctx.close()


def test_task_force_network_is_drawn(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    urls = local_only(page, live_server)
    page.goto(live_server + "/network?collaboration=federal-anti-tip-task-force&lang=en")
    page.wait_for_function("window.__cy && window.__cy.nodes().length > 0")
    assert page.locator("#depth").input_value() == "0"  # members only by default
    members = httpx.post(live_server + "/graphql", json={"query": '{ collaboration(id: '
                         '"federal-anti-tip-task-force") { members { organization { '
                         'id: slug } } } }'}
                         ).json()["data"]["collaboration"]["members"]
    drawn = set(page.evaluate("window.__cy.nodes().map(n => n.id())"))
    assert {m["organization"]["id"] for m in members} <= drawn
    node = next(iter({m["organization"]["id"] for m in members}))
    page.evaluate(f"window.__cy.getElementById('{node}').emit('tap')")
    page.wait_for_selector("#details h2:not(.vh)")
    shot(page, "network-en")
    for button, magic in (("#png", b"\x89PNG"), ("#svg", b"<svg")):
        with page.expect_download() as dl:
            page.click(button)
        assert Path(dl.value.path()).read_bytes().startswith(magic), button
    with page.expect_download() as dl:
        page.click("[data-fmt=graphml]")
    assert nx.read_graphml(dl.value.path()).number_of_nodes() == len(drawn)
    assert_offline(urls, live_server)


def test_network_exports_open_in_networkx(live_server: str, tmp_path: Path) -> None:
    q = "collaboration=federal-anti-tip-task-force&depth=1"
    graphml = httpx.get(f"{live_server}/exports/network.graphml?{q}")
    assert graphml.status_code == 200
    path = tmp_path / "n.graphml"
    path.write_bytes(graphml.content)
    G = nx.read_graphml(path)
    assert G.number_of_nodes() > 1 and "pgr" in G
    gexf = httpx.get(f"{live_server}/exports/network.gexf?{q}")
    (tmp_path / "n.gexf").write_bytes(gexf.content)
    assert nx.read_gexf(tmp_path / "n.gexf").number_of_nodes() == G.number_of_nodes()
    cyjs = httpx.get(f"{live_server}/exports/network.cyjs?{q}").json()
    assert len(cyjs["elements"]["nodes"]) == G.number_of_nodes()
    csv = httpx.get(f"{live_server}/exports/network.csv?{q}").content
    assert csv.startswith("\ufeffsource,target".encode())  # a BOM: Excel reads accents right
    too_deep = f"{live_server}/exports/network.csv?depth=9&collaboration=proteja-shelters-network"
    assert httpx.get(too_deep).status_code == 400


def test_gap_report_cell_opens_providers_and_reasons(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    # A date when PROTEJA was in force (every page is about today unless a date is given).
    page.goto(live_server + "/gaps?lang=en&asof=2009-03-01")
    page.wait_for_selector("#heat button[data-state='MX-OAX'][data-service='prosecution']")
    page.click("#heat button[data-state='MX-OAX'][data-service='prosecution']")
    page.wait_for_selector("#cell h2")
    text = page.inner_text("#cell")
    assert "Oaxaca" in text and "Reasons" in text
    assert "Procuraduría General de Justicia del Estado de Oaxaca" in text
    shot(page, "gaps-en")
    assert page.is_hidden("#changes")
    page.select_option("#without", "proteja")
    page.click("#whatif button[type=submit]")
    page.wait_for_selector("#changes:not([hidden]) li")
    changes = page.inner_text("#changes")
    assert "What changes if PROTEJA closed\n" in changes and " new gaps" in changes
    assert "[new gap] Legal aid" in changes
    oax = page.locator("#heat button[data-state='MX-OAX'][data-service='legal_aid']")
    assert "changed" in oax.get_attribute("class")
    assert "(before: Single point of failure)" in oax.inner_text()
    assert page.locator("#heat button.changed").count() == int(changes.split(" new gaps")[0]
                                                                .split()[-1])
    shot(page, "gaps-what-if-en")
    page.select_option("#without", "")
    page.fill("#asof", "2009-06-01")
    page.click("#whatif button[type=submit]")
    page.wait_for_selector("#changes[hidden]", state="attached")
    assert page.locator("#heat button.changed").count() == 0
    page.select_option("#without", "proteja")
    page.click("#whatif button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "without=proteja" in page.get_attribute("#dl-csv", "href")


def test_editor_sees_field_errors_beside_fields(page, restores_seeds, database) -> None:  # type: ignore[no-untyped-def]
    from referral_graph.auth.tokens import Role, create

    live_server = restores_seeds  # it creates test-legal-clinic
    token = create(database, Role.EDITOR, "browser editor")
    page.goto(live_server + "/edit?lang=en")
    page.wait_for_selector("#me:not(:empty)")
    page.fill("#token", token)
    page.click("#login button[type=submit]")
    page.wait_for_function("document.querySelector('#me').textContent.includes('editor')")
    form = "form[data-mutation=saveOrganization]"
    page.fill("#org-name", "Test Legal Clinic")
    page.select_option("#org-kind", "ngo")
    page.select_option("#org-sector", "civil_society")
    page.fill("#org-states", "MX-OAX, MX-ZZZ")
    page.fill("#org-sources", "qr-cover")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(f"{form} .field-error")
    err = page.inner_text(f"{form} #org-states + .field-error")
    assert "input.states[1]" in err and "MX-ZZZ" in err
    page.fill("#org-states", "MX-OAX")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(f"{form} .result .ok")
    assert "test-legal-clinic" in page.inner_text(f"{form} .result")


def test_explorer_works_offline(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    urls = local_only(page, live_server)
    page.goto(live_server + "/explorer")
    page.click("#light button[type=submit]")  # the light form answers first
    page.wait_for_function("document.getElementById('answer').textContent.includes('message')")
    page.click("#full")
    page.wait_for_selector(".graphiql-execute-button", timeout=30_000)
    page.click(".graphiql-execute-button")
    page.wait_for_function("document.body.innerText.includes('noneInState') || "
                           "document.body.innerText.includes('\"message\"')", timeout=30_000)
    shot(page, "explorer")
    assert_offline(urls, live_server)


@pytest.mark.parametrize("path", ["/", "/network?lang=en", "/gaps", "/network?collaboration="
                                  "proteja-shelters-network&depth=2"])
def test_public_visitor_gets_no_confidential_value(browser, live_server: str,  # type: ignore[no-untyped-def]
                                                   path: str) -> None:
    ctx = browser.new_context()
    page = ctx.new_page()
    bodies: list[str] = []

    def keep(r) -> None:  # type: ignore[no-untyped-def]
        if r.url.startswith(live_server) and "/static/" not in r.url:
            # A redirect or an aborted response has no body to read.
            with contextlib.suppress(Exception):
                bodies.append(r.text())

    page.on("response", keep)
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")
    if path == "/":
        page.wait_for_selector("#state option[value=MX-CMX]", state="attached")
        page.fill("#q", "shelter Mexico City")
        page.click("#search button[type=submit]")
        page.wait_for_selector("#results .message")
        page.wait_for_load_state("networkidle")
    if path.startswith("/gaps"):
        page.wait_for_selector("#heat button")
        page.click("#heat button[data-state='MX-NLE'][data-service='shelter']")
    assert not leaks(page.content())
    assert bodies and not any(leaks(b) for b in bodies)
    ctx.close()


def test_the_live_app_holds_the_seeds_and_nothing_a_test_wrote(live_server: str) -> None:
    """Whatever ran before in this module (the editor test creates an organization), the
    app still answers from the seeds: tests of a module may run in any order."""
    from referral_graph.config import DEFAULT_SEED
    from referral_graph.dataset.load import load_dataset

    public = sorted(o.id for o in load_dataset(DEFAULT_SEED).records("organizations")
                    if not o.confidential)
    q = "{ organizations(first: 100) { edges { node { id: slug } } } network(around: \"pgr\", " \
        "depth: 3) { nodes { id } } }"
    body = httpx.post(live_server + "/graphql", json={"query": q}).json()["data"]
    assert sorted(e["node"]["id"] for e in body["organizations"]["edges"]) == public
    assert {n["id"] for n in body["network"]["nodes"]} <= set(public)
