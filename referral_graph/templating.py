"""Jinja2 for every HTML the service writes: the pages and the HTML gap report.

One environment, autoescaped: a value is escaped unless it is marked safe (`Markup`), so a
name or passage from the data can never become markup. Templates live in
``referral_graph/templates/`` (``*.html.jinja``); the pages extend one base layout
(``page.html.jinja``). ``t(group, key)`` reads the message catalogue (`referral_graph.i18n`)
in the template's ``lang``; ``w(ref)`` a page's static word (`page_word`).

>>> render("gaps/png.html.jinja", alt='<b> & "x"', data="AA").strip()
'<img alt="&lt;b&gt; &amp; &#34;x&#34;" src="data:image/png;base64,AA">'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

__all__ = ["Markup", "environment", "render"]


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("referral_graph", "templates"),
        autoescape=select_autoescape(["html", "html.jinja"], default=True),
        undefined=StrictUndefined,  # a missing value is an error, never an empty string
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    from referral_graph import i18n

    env.globals["catalogue"] = i18n
    env.globals["w"] = page_word
    return env


@pass_context
def page_word(context: Context, ref: str) -> str:
    """A page's static word in the default language, for the HTML before its script runs.

    ``ref`` is a key of the page's own group (``web.<page>``), or ``group:key`` for another
    (``web:loading``); the element carries the same ``ref`` in ``data-msg`` and ``common.js``
    puts it in the reader's language (docs/i18n.md).
    """
    from referral_graph import i18n

    group, _, key = ref.rpartition(":")
    return i18n.text(group or f"web.{context['page']}", key, i18n.DEFAULT)


def render(name: str, /, **values: Any) -> str:
    """The template ``name`` filled with ``values``."""
    return environment().get_template(name).render(**values)
