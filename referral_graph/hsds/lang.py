"""Spanish and English words of the HSDS export, API and import report.

A sibling of `referral_graph/directory/lang.py` (kinds, sectors and bases come from there).
"""

from __future__ import annotations

from referral_graph import i18n
from referral_graph.directory.lang import Lang

# The words: group "hsds" of the message catalogue (docs/i18n.md), as
# (Spanish, English) pairs.
TEXT: dict[str, tuple[str, str]] = {
    key: (i18n.text("hsds", key, "es"), i18n.text("hsds", key, "en"))
    for key in i18n.group("hsds", "es")}

# Codes of the extension attributes (taxonomy "referral-graph attributes"): name, description,
# each as (Spanish, English). The words: groups "hsds.term" and "hsds.term_description".
ATTRIBUTE_TERMS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    key: ((i18n.text("hsds.term", key, "es"), i18n.text("hsds.term", key, "en")),
          (i18n.text("hsds.term_description", key, "es"),
           i18n.text("hsds.term_description", key, "en")))
    for key in i18n.group("hsds.term", "es")}


def text(key: str, lang: Lang, **kw: str) -> str:
    """
    >>> text("mexico", Lang.EN), text("state_area", Lang.ES, code="MX-OAX")
    ('Mexico', 'ISO 3166-2: MX-OAX')
    """
    pair = TEXT[key]
    return (pair[0] if lang is Lang.ES else pair[1]).format(**kw)


def term_name(code: str, lang: Lang) -> str:
    pair = ATTRIBUTE_TERMS[code][0]
    return pair[0] if lang is Lang.ES else pair[1]


def term_description(code: str, lang: Lang) -> str:
    pair = ATTRIBUTE_TERMS[code][1]
    return pair[0] if lang is Lang.ES else pair[1]
