"""The edit form sends back the version it loaded: a save over someone else's newer one is
refused with the conflict shown in the form, never silently overwriting it."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.browser


def test_a_stale_form_save_shows_the_conflict(page, live_server: str, database) -> None:  # type: ignore[no-untyped-def]
    from referral_graph.auth.tokens import Role, create

    mine = create(database, Role.EDITOR, "Ana (browser)")
    theirs = create(database, Role.EDITOR, "Ben (elsewhere)")
    page.goto(live_server + "/edit?lang=en")
    page.wait_for_selector("#me:not(:empty)")
    page.fill("#token", mine)
    page.click("#login button[type=submit]")
    page.wait_for_function("document.querySelector('#me').textContent.includes('editor')")
    form = "form[data-mutation=saveOrganization]"
    page.fill("#org-id", "cndh")
    page.click("#org-load")
    page.wait_for_function("document.querySelector('#org-version').value !== ''")
    loaded = int(page.input_value("#org-version"))
    # Someone else saves the same record in the meantime.
    r = httpx.post(live_server + "/graphql", headers={"Authorization": f"Bearer {theirs}"},
                   json={"query": 'mutation { updateOrganization(input: {id: "cndh", '
                                  'note: "edited elsewhere"}) { ok } }'},
                   timeout=60)  # the first write after start plans its queries: seconds
    assert r.json()["data"]["updateOrganization"]["ok"]
    page.fill("#org-city", "Ciudad de México")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(f"{form} .result .field-error", timeout=60_000)
    text = page.inner_text(f"{form} .result")
    assert "expectedVersion" in text and "Ben (elsewhere)" in text
    # Loading the record again shows the other editor's work and the new version; the
    # change made again over it then goes through.
    page.click("#org-load")
    page.wait_for_function(f"Number(document.querySelector('#org-version').value) > {loaded}")
    page.fill("#org-city", "Ciudad de México")
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(f"{form} .result .ok")
