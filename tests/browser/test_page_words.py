"""Every static word of every page (the templates' `data-msg`, `data-msg-placeholder`,
`data-msg-label`, the title) shows in the reader's language, from the catalogue the page
embeds: no request is made for words."""

from __future__ import annotations

import pytest

from referral_graph import i18n
from referral_graph.web.routes import PAGES

NAMED = """() => [
  ...[...document.querySelectorAll('[data-msg]')].map((e) => [e.dataset.msg, e.textContent]),
  ...[...document.querySelectorAll('[data-msg-placeholder]')]
    .map((e) => [e.dataset.msgPlaceholder, e.placeholder]),
  ...[...document.querySelectorAll('[data-msg-label]')]
    .map((e) => [e.dataset.msgLabel, e.getAttribute('aria-label')]),
]"""


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_static_word_is_in_the_readers_language(page, live_server: str,  # type: ignore[no-untyped-def]
                                                      lang: str) -> None:
    for route, name in PAGES.items():
        words: list[str] = []
        page.on("request", lambda r, words=words: words.append(r.url)
                if "messages" in r.url or "i18n" in r.url else None)
        page.goto(f"{live_server}{route}?lang={lang}")
        page.wait_for_function(f"document.documentElement.lang === '{lang}'")
        found = page.evaluate(NAMED)
        assert len(found) >= 5, (route, found)
        for ref, text in found:
            group, _, key = ref.rpartition(":")
            assert text == i18n.text(group or f"web.{name}", key, lang), (route, ref)
        assert page.title() == f"referral-graph — {i18n.text(f'web.{name}', 'page_title', lang)}"
        assert not words, words
