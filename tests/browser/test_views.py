"""Each view as its users drive it, in Debian's Chromium: result cards, the map of Mexico,
the network's keyboard path, the heat map's arrows, the organization page — and axe-core
(from npm, `web/node_modules`) with no serious or critical violation, at 1280 and 360 px,
before and after interaction. One browser and one server for the whole module."""

from __future__ import annotations

import contextlib
import json
import re
import time
from pathlib import Path

import httpx
import pytest

from tests.api.test_confidentiality import leaks

AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = Path("/tmp/referral-graph-shots")
WIDTHS = {"wide": (1280, 900), "phone": (360, 740)}
# Words a caseworker would not know, or broken forms: never on a Spanish page.
JARGON = ["Punto único de falla", "Intermediarios", "cold referral", "TIP", "Token", "1 vínculos",
          "canalización(es)", "T = Débil", "Lo dice una fuente"]


def axe(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Serious and critical violations of WCAG 2.x A/AA and best-practice rules."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, { resultTypes: ['violations'] });
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
          .map(v => ({ id: v.id, impact: v.impact,
                       nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
    }""")
    return result


def assert_clean(page, what: str) -> None:  # type: ignore[no-untyped-def]
    bad = axe(page)
    assert not bad, f"{what}: {json.dumps(bad, ensure_ascii=False)}"


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.fixture(params=list(WIDTHS))
def sized(request, browser):  # type: ignore[no-untyped-def]
    w, h = WIDTHS[request.param]
    ctx = browser.new_context(viewport={"width": w, "height": h})
    page = ctx.new_page()
    page.width_name = request.param
    yield page
    ctx.close()


def fits(page) -> None:  # type: ignore[no-untyped-def]
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# --- the directory: cards, contact, share, print, parsing -------------------------------

def test_directory_cards_and_axe(sized, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page = sized
    page.goto(live_server + "/")
    page.wait_for_selector("#state option[value=MX-OAX]", state="attached")
    assert_clean(page, "/ before search")
    page.fill("#q", "asesoría jurídica Oaxaca")
    page.fill("#asof", "2008-06-01")
    page.click("#search button[type=submit]")
    page.wait_for_selector("#results-body .provider")
    # The results heading is on screen and has the focus.
    assert page.evaluate("document.activeElement.id") == "results-h"
    box = page.evaluate("document.getElementById('results-h').getBoundingClientRect().top")
    assert 0 <= box < page.viewport_size["height"]
    card = page.locator("#results-body article.provider").first
    text = card.inner_text()
    assert "PROTEJA" in text and "Asesoría jurídica" in text and "Fuentes" in text
    assert "Dato más reciente" in text
    assert card.locator("a[href^='/org/proteja']").count() >= 1
    assert card.locator("a[href='http://www.proteja.com.mx']").count() == 1
    # The confidential shelter: its route through a public organization, never a place.
    conf = page.locator("#results-body article.confidential")
    assert "Contacto solo a través de" in conf.inner_text()
    assert conf.locator("a[href^='/org/proteja']").count() == 1
    assert "search" not in page.url or "service=legal_aid" in page.url
    assert "service=legal_aid" in page.url and "state=MX-OAX" in page.url
    assert_clean(page, "/ after search")
    fits(page)
    shot(page, f"directory-cards-{page.width_name}")
    assert not leaks(page.content())


def test_no_contact_says_so_and_share_print(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(live_server + "/?service=prosecution&state=MX-OAX&asof=2008-06-01")
    page.wait_for_selector("#results-body .provider")
    assert "Sin datos de contacto" in page.inner_text("#results-body")
    page.click("#results-body .actions button:has-text('Compartir')")
    page.wait_for_selector("#results-body .actions [role=status] a")
    shared = page.get_attribute("#results-body .actions [role=status] a", "href")
    assert "service=prosecution" in shared and "state=MX-OAX" in shared
    # The shared link runs the same search for whoever opens it.
    other = page.context.new_page()
    other.goto(shared)
    other.wait_for_selector("#results-body .provider")
    assert other.inner_text("#results-h") == page.inner_text("#results-h")
    other.close()
    page.evaluate("window.print = () => { window.__printed = document.body.dataset.print; }")
    page.click("#results-body .actions button:has-text('Imprimir')")
    assert page.evaluate("window.__printed") == "results"
    page.emulate_media(media="print")
    assert page.is_hidden("#search") and page.is_hidden("header")
    assert page.is_visible("#results-body .provider")
    page.emulate_media(media="screen")


def test_free_text_replaces_a_leftover_service(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    def slow(route) -> None:  # type: ignore[no-untyped-def]
        time.sleep(0.4)  # a weak connection: the lists arrive after the typing
        route.continue_()

    page.route("**/graphql", slow)
    page.goto(live_server + "/")
    page.fill("#q", "atención psicológica Oaxaca")  # typed before the lists arrive
    page.wait_for_selector("#state option[value=MX-OAX]", state="attached")
    page.wait_for_function("document.getElementById('state').value === 'MX-OAX'")
    assert page.input_value("#service") == "mental_health"
    page.fill("#q", "asesoría jurídica Oaxaca")
    assert page.input_value("#service") == "legal_aid"
    page.fill("#q", "algo raro Oaxaca")  # a new text with no service: the old one goes
    assert page.input_value("#service") == ""
    page.click("#search button[type=submit]")
    # The app's own message, not the browser's "required" bubble; focus on the field.
    assert "Elija un servicio" in page.inner_text("#search-error")
    assert page.evaluate("document.activeElement.id") == "service"
    assert page.evaluate("document.getElementById('search').noValidate")


def test_synonyms_from_the_taxonomy(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    # The synonym list is the taxonomy's (seeds/reference), served by the API; the page keeps
    # no list of its own. Until the taxonomy carries one, there is nothing to test here.
    fields = httpx.post(live_server + "/graphql", json={"query": '{ __type(name: "ServiceType") '
                                                                 "{ fields { name } } }"}).json()
    if "synonyms" not in {f["name"] for f in fields["data"]["__type"]["fields"]}:
        pytest.skip("the service taxonomy has no synonyms yet (issue 14 adds them)")
    page.goto(live_server + "/")
    page.wait_for_selector("#state option[value=MX-OAX]", state="attached")
    page.fill("#q", "psicólogo Oaxaca")
    assert page.input_value("#service") == "mental_health"
    page.fill("#q", "abogado en Oaxaca")
    assert page.input_value("#service") == "legal_aid"


def test_needs_in_spanish_order_as_44px_targets(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/")
    page.wait_for_selector("input[name=need]", state="attached")
    names = page.eval_on_selector_all("#needs-list label", "ls => ls.map(l => l.textContent)")
    assert names == sorted(names, key=lambda s: s.casefold().replace("á", "a").replace("é", "e")
                           .replace("í", "i").replace("ó", "o").replace("ú", "u"))
    sizes = page.eval_on_selector_all("#needs-list label",
                                      "ls => ls.map(l => l.getBoundingClientRect().height)")
    assert min(sizes) >= 44
    for sel in ("#language", "#population", "#plan-language", "#plan-population"):
        assert page.locator(f"{sel} option").count() > 2


def test_plan_not_listed_is_not_a_dead_end(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    needs = "&needs=legal_aid,prosecution"
    page.goto(live_server + "/?origin=__not-listed&pstate=MX-OAX&pasof=2008-06-01" + needs)
    page.wait_for_selector("#plans-body .provider")
    text = page.inner_text("#plans")
    assert "Para: Asesoría jurídica" in text and "Para: Procuración de justicia" in text
    assert page.locator("#plans-body a[href^='/org/']").count() >= 2
    page.goto(live_server + "/?origin=cndh&pstate=MX-OAX&pasof=2009-03-01" + needs)
    page.wait_for_selector("#plans-body ol.steps li a[href^='/org/']")
    assert re.search(r"Plan 1: \d+ pasos?", page.inner_text("#plans"))
    assert_clean(page, "/ with a plan")


def test_language_switch_keeps_the_query(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/")
    page.wait_for_selector("#state option[value=MX-OAX]", state="attached")
    page.fill("#q", "asesoría jurídica Oaxaca")
    page.click("#search button[type=submit]")
    page.wait_for_selector("#results-body .provider")
    page.click("#lang-toggle")
    page.wait_for_url(re.compile(r"lang=en"))
    page.wait_for_selector("#results-body .provider")
    assert page.input_value("#q") == "asesoría jurídica Oaxaca"
    assert page.inner_text("#results-h").startswith("Results: Legal aid")
    page.goto(live_server + "/?lang=es")
    nav = page.eval_on_selector_all("header nav a", "as => as.map(a => a.getAttribute('href'))")
    assert "/explorer" not in nav


# --- the gaps page: the map first, keyboard, drawer, downloads --------------------------

def test_gaps_map_and_heat_map(sized, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page = sized
    page.goto(live_server + "/gaps?asof=2008-06-01")
    page.wait_for_selector("#map path[data-state]")
    page.wait_for_selector("#heat button")
    assert page.locator("#map path[data-state]").count() == 32
    # The map comes before the heat map; the page says its date basis.
    assert page.evaluate("document.getElementById('map').getBoundingClientRect().top < "
                         "document.getElementById('heat').getBoundingClientRect().top")
    assert "1 de junio de 2008" in page.inner_text("#basis")
    legend = page.inner_text("#legend")
    assert re.search(r"\d+ estados?", legend)
    rows = page.eval_on_selector_all("#heat tbody th", "ths => ths.map(t => t.textContent)")
    assert rows.index("Guanajuato") < rows.index("Guerrero")  # alphabetical, not ISO order
    assert_clean(page, "/gaps")
    page.click("#map path[data-state='MX-OAX']")
    page.wait_for_selector("#cell.open h2")
    panel = page.inner_text("#cell")
    assert "Oaxaca · Asesoría jurídica" in panel and "Ley estatal" in panel
    assert "La red del estado" in panel
    assert page.locator("#cell a[href^='/org/proteja']").count() == 1
    assert "state=MX-OAX" in page.url
    assert_clean(page, "/gaps with a state open")
    fits(page)
    shot(page, f"gaps-map-{page.width_name}")
    if page.width_name == "phone":  # a drawer that closes and gives focus back
        where = page.evaluate("getComputedStyle(document.getElementById('cell')).position")
        assert where == "fixed"
        page.click("#cell .close")
        assert not page.locator("#cell.open").count()
    page.check("input[name=mode][value=law]")
    page.wait_for_function("document.getElementById('map-h').textContent.includes('legislación')")
    assert "Ley integral" in page.inner_text("#legend")
    assert_clean(page, "/gaps law map")
    assert not leaks(page.content())


def test_gaps_keyboard_and_downloads(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/gaps")
    page.wait_for_selector("#heat button")
    # One Tab stop for the whole heat map.
    assert page.locator("#heat button[tabindex='0']").count() == 1
    page.focus("#heat button[tabindex='0']")
    presses = 0
    for key in ["o", "End"]:  # Oaxaca, then the last column
        page.keyboard.press(key)
        presses += 1
    target = page.evaluate("document.activeElement.dataset.service")
    cols = page.eval_on_selector_all("#heat thead th span", "s => s.length")
    legal = page.eval_on_selector("#heat", "t => [...t.querySelectorAll('tbody tr:first-child "
                                  "button')].findIndex(b => b.dataset.service === 'legal_aid')")
    assert target and cols
    for _ in range(page.evaluate("Number(document.activeElement.dataset.col)") - legal):
        page.keyboard.press("ArrowLeft")
        presses += 1
    active = page.evaluate("[document.activeElement.dataset.state, "
                           "document.activeElement.dataset.service]")
    assert active == ["MX-OAX", "legal_aid"] and presses + 1 <= 25  # +1: the Tab into the map
    page.keyboard.press("Enter")
    page.wait_for_selector("#cell h2:has-text('Oaxaca')")
    assert page.locator("#heat button[aria-current]").get_attribute("data-state") == "MX-OAX"
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.dataset.state") == "MX-OAX"
    # The focus ring: near-black on white, never clipped by the scrolling box.
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert ring in ("rgb(0, 0, 0)", "rgb(27, 27, 31)")
    # The map: one Tab stop too, arrows in alphabetical order.
    page.focus("#map path[tabindex='0']")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.state") == "MX-BCN"
    page.keyboard.press("Enter")
    page.wait_for_selector("#cell h2:has-text('Baja California')")
    for button, magic in (("#map-svg", b"<svg"), ("#map-png", b"\x89PNG")):
        with page.expect_download() as dl:
            page.click(button)
        data = Path(dl.value.path()).read_bytes()
        assert data.startswith(magic), button
        if magic == b"<svg":
            text = data.decode()
            assert "Cobertura de «Asesoría jurídica» por estado" in text
            assert "Generado el" in text and "estados" in text and "CC BY 4.0" in text


def test_gaps_what_if_redraws_the_map(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/gaps?lang=en&asof=2009-03-01")  # PROTEJA in force then
    page.wait_for_selector("#map path[data-state]")
    page.select_option("#without", "proteja")
    page.click("#whatif button[type=submit]")
    page.wait_for_selector("#changes:not([hidden]) li")
    assert page.locator("#map path.changed").count() > 0
    assert "PROTEJA" in page.inner_text("#map-h")
    assert "without=proteja" in page.url
    # A shared link brings back the map's mode and the open state.
    page.goto(live_server + "/gaps?mode=law&state=MX-CHH")
    page.wait_for_selector("#cell.open h2:has-text('Chihuahua')")
    assert page.is_checked("input[name=mode][value=law]")


# --- the network: keyboard path, exports, empty network, touch ---------------------------

def test_network_keyboard_path_and_exports(sized, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page = sized
    page.goto(live_server + "/network?collaboration=federal-anti-tip-task-force")
    page.wait_for_selector("#orgs button")
    members = httpx.post(live_server + "/graphql", json={"query": '{ collaboration(id: '
                         '"federal-anti-tip-task-force") { members { organization { '
                         'id: slug } } } }'}
                         ).json()["data"]["collaboration"]["members"]
    listed = page.eval_on_selector_all("#orgs button", "bs => bs.map(b => b.dataset.id)")
    assert set(listed) == {m["organization"]["id"] for m in members}  # members only by default
    page.goto(live_server + "/network?collaboration=federal-anti-tip-task-force&depth=1")
    page.wait_for_function("window.__cy && window.__cy.nodes().length > 3")
    assert page.locator("#orgs button[tabindex='0']").count() == 1
    page.focus("#orgs button[tabindex='0']")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")  # to the first neighbour, announced in Spanish
    assert "vecino 1 de" in page.inner_text("#hop")
    page.keyboard.press("Enter")
    page.wait_for_selector("#details h2")
    assert "org=" in page.url
    assert_clean(page, "/network after keyboard")
    # Labels never collide on screen.
    boxes = page.evaluate("""window.__cy.nodes().filter(n => !n.hasClass('nolabel')).map(n => {
        const f = n.renderedBoundingBox({includeLabels: true});
        const o = n.renderedBoundingBox({includeLabels: false});
        return [f.x1, o.y2, f.x2, f.y2]; })""")
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1)
    page.fill("#find", "PROTEJA")
    assert "1 coincidencia" in page.inner_text("#find-hint")
    with page.expect_download() as dl:
        page.click("#svg")
    svg = Path(dl.value.path()).read_text()
    assert "Red: Grupo de trabajo federal contra la trata de personas" in svg
    assert "Generado el" in svg and "Proyecto" in svg
    assert "#ffbf47" not in svg.lower()  # no selection ring in the picture
    with page.expect_download() as dl:
        page.click("#png")
    assert Path(dl.value.path()).read_bytes().startswith(b"\x89PNG")
    fits(page)
    shot(page, f"network-{page.width_name}")


def test_empty_network_says_why_and_what_to_do(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server + "/network?collaboration=ciudad-juarez-task-force")
    page.wait_for_selector(".note.empty")
    text = page.inner_text(".note.empty")
    assert "no nombran a sus miembros" in text and "Chihuahua" in text
    assert page.locator(".note.empty a[href*='state=MX-CHH']").count() == 1
    assert_clean(page, "/network empty")


def test_swipe_on_the_drawing_scrolls_the_page(browser, live_server: str) -> None:  # type: ignore[no-untyped-def]
    ctx = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True,
                              is_mobile=True)
    page = ctx.new_page()
    page.goto(live_server + "/network?collaboration=federal-anti-tip-task-force&depth=1")
    page.wait_for_function("window.__cy && window.__cy.nodes().length > 3")
    page.evaluate("document.getElementById('cy').scrollIntoView({block: 'center'})")
    before = page.evaluate("window.scrollY")
    x, y = 30, 370
    assert page.evaluate(f"document.elementFromPoint({x}, {y}).tagName") == "CANVAS"
    cdp = ctx.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 11):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove",
                                              "touchPoints": [{"x": x, "y": y - 25 * i}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") > before + 100
    ctx.close()


# --- the organization page and every page's axe and DOM --------------------------------

def test_organization_page(sized, live_server: str) -> None:  # type: ignore[no-untyped-def]
    page = sized
    r = page.goto(live_server + "/org/proteja")
    assert r.status == 200
    page.wait_for_selector("#org section")
    text = page.inner_text("main")
    for part in ("Qué ofrece", "Vínculos con otras organizaciones", "Acuerdos y convenios",
                 "Actividades en las que participó", "Contacto", "Dato más reciente", "Fuentes"):
        assert part in text, part
    assert "www.proteja.com.mx" in text
    assert_clean(page, "/org/proteja")
    fits(page)
    shot(page, f"org-{page.width_name}")
    assert not leaks(page.content())


def test_confidential_shelter_has_no_page(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    a = httpx.get(live_server + "/org/casa-alianza")
    b = httpx.get(live_server + "/org/no-such-organization")
    assert (a.status_code, a.content) == (b.status_code, b.content) and a.status_code == 404
    page.goto(live_server + "/org/casa-alianza")
    page.wait_for_selector("#org p")
    shown = page.inner_text("main")
    page.goto(live_server + "/org/no-such-organization")
    page.wait_for_selector("#org p")
    assert page.inner_text("main") == shown and "No encontramos" in shown
    assert not leaks(page.content())


@pytest.mark.parametrize("path", ["/edit", "/explorer", "/reports/gaps.html?lang=es"])
def test_other_pages_pass_axe(sized, live_server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    page = sized
    if path.startswith("/reports") and page.width_name == "phone":
        pytest.skip("the downloadable report is read on a desk; one width is enough (12 s)")
    page.goto(live_server + path)
    page.wait_for_load_state("networkidle")
    assert_clean(page, path)
    if path == "/explorer" and page.width_name == "wide":  # GraphiQL, loaded on request
        page.click("#full")
        page.wait_for_selector(".graphiql-execute-button", timeout=30_000)
        assert_clean(page, "/explorer with GraphiQL")


def data_strings(base: str) -> list[str]:
    """Names and labels the documents give in English (issue 14 adds Spanish names): the
    glossary judges the page's own words, not the sources' wording."""
    q = """{ organizations(first: 100) { edges { node { name acronym note alternateNames } } }
      collaborations { name } network(around: "proteja", depth: 1) { nodes { name label }
      edges { evidence { label } } } organization(id: "proteja") { agreements { subject }
      activities { theme participantDescription note } figures { text }
      conflicts { attribute sides { value } } capabilities { note } } }"""
    d = httpx.post(base + "/graphql", json={"query": q}, timeout=60).json()["data"]
    out = [v for e in d["organizations"]["edges"] for v in e["node"].values()
           if isinstance(v, str) and v]
    out += [n for e in d["organizations"]["edges"] for n in e["node"]["alternateNames"]]
    o = d["organization"]
    out += [v for a in o["activities"] for v in a.values() if v]
    out += [c["name"] for c in d["collaborations"]]
    out += [v for n in d["network"]["nodes"] for v in n.values() if v]
    out += [ev["label"] for e in d["network"]["edges"] for ev in e["evidence"]]
    out += [a["subject"] for a in d["organization"]["agreements"]]
    out += [f["text"] for f in o["figures"]]
    out += [c["attribute"] for c in o["conflicts"]]
    out += [x["value"] for c in o["conflicts"] for x in c["sides"]]
    out += [c["note"] for c in o["capabilities"] if c["note"]]
    return sorted(set(out), key=len, reverse=True)


@pytest.mark.parametrize("path", ["/", "/gaps", "/network", "/org/proteja"])
def test_spanish_pages_speak_plainly(page, live_server: str, path: str) -> None:  # type: ignore[no-untyped-def]
    bodies: list[str] = []

    def keep(r) -> None:  # type: ignore[no-untyped-def]
        if r.url.startswith(live_server) and "/static/" not in r.url:
            with contextlib.suppress(Exception):
                bodies.append(r.text())

    page.on("response", keep)
    query = "?q=asesoria+juridica+oaxaca&asof=2008-06-01" if path == "/" else ""
    page.goto(live_server + path + query)
    page.wait_for_load_state("networkidle")
    if path == "/gaps":
        page.click("#map path[data-state='MX-MOR']")
        page.wait_for_selector("#cell h2")
    if path == "/network":
        page.wait_for_selector("#orgs button")
        page.click("#orgs button")
        page.wait_for_selector("#details h2")
    text = page.inner_text("body")
    for value in data_strings(live_server):
        text = text.replace(value, " ")
    assert not [w for w in JARGON if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)], path
    assert not leaks(page.content())
    assert bodies and not any(leaks(b) for b in bodies)
