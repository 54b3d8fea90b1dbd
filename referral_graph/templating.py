"""Jinja2 for every HTML the service writes: the pages and the HTML gap report.

One environment, autoescaped: a value is escaped unless it is marked safe (`Markup`), so a
name or passage from the data can never become markup. Templates live in
``referral_graph/templates/`` (``*.html.jinja``); the pages extend one base layout
(``page.html.jinja``). ``t(group, key)`` reads the message catalogue (`referral_graph.i18n`)
in the template's ``lang``.

>>> render("gaps/png.html.jinja", alt='<b> & "x"', data="AA")
'<img alt="&lt;b&gt; &amp; &#34;x&#34;" src="data:image/png;base64,AA">\n'
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
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
    return env


def render(name: str, /, **values: Any) -> str:
    """The template ``name`` filled with ``values``."""
    return environment().get_template(name).render(**values)
