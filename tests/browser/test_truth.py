"""In Chromium: every page states its date basis and the data's age; a Spanish plan speaks
Spanish, with no raw ids, no English template text, no broken template; a service stated for a
group says so on the card."""

from __future__ import annotations

import re

import pytest

from tests.api.test_truthful_answers import BROKEN, ENGLISH, RAW_IDS, _template_text

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["/", "/gaps", "/network", "/org/proteja"])
def test_every_page_states_its_date_basis_and_the_data_age(page, live_server: str,  # type: ignore[no-untyped-def]
                                                         path: str) -> None:
    page.goto(live_server + path)
    page.wait_for_function("(document.getElementById('date-basis') || {}).textContent"
                           " && document.getElementById('date-basis').textContent.length > 20")
    text = page.inner_text("#date-basis")
    assert "Fecha de referencia" in text and "(hoy)" in text
    assert "El registro más reciente es de marzo de 2009" in text
    if path in ("/", "/gaps"):  # where a date can be asked, one click asks the last record's
        assert "Ver al último registro (2009-03-31)" in text


def test_a_spanish_plan_page_has_no_raw_ids_or_english(page, live_server: str) -> None:  # type: ignore[no-untyped-def]
    needs = "&needs=legal_aid,shelter,prosecution,medical"
    page.goto(live_server + "/?origin=pgr&pstate=MX-CMX&pasof=2009-03-01" + needs)
    page.wait_for_selector("#plans-body ol.steps li")
    text = page.inner_text("#plans")
    assert "Fecha de referencia: 1 de marzo de 2009" in text
    for line in filter(None, (x.strip() for x in text.splitlines())):
        plain = _template_text(line)
        assert not RAW_IDS.search(plain), line
        assert not [w for w in ENGLISH if w in plain], line
        assert not BROKEN.search(plain), line
    assert not re.search(r"\blegal_aid\b|\bshelter\b", text)


def test_a_group_capability_is_labelled_on_the_card(page, live_server: str, database) -> None:  # type: ignore[no-untyped-def]
    from referral_graph.auth.tokens import Role, create

    token = create(database, Role.STAFF, "browser staff")
    page.goto(live_server + "/")
    page.evaluate(f"sessionStorage.setItem('referral-graph-token', '{token}')")
    page.goto(live_server + "/?service=legal_aid&state=MX-CMX&asof=2009-03-01")
    page.wait_for_selector("#results-body .provider")
    cards = page.locator("#results-body article.provider")
    texts = [cards.nth(i).inner_text() for i in range(cards.count())]
    grouped = [t for t in texts if "Declarado para un grupo" in t]
    assert grouped and all("para un grupo" in t and "no para esta organización" in t
                           for t in grouped)
