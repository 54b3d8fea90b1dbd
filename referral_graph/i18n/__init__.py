"""The message catalogue: every word the service shows a person, in one place.

The words live in gettext ``.po`` files, one per language, under ``locale/<lang>/LC_MESSAGES/
messages.po`` beside this module; they are read with Babel when first asked for (no compile
step, nothing to rebuild after an edit). Python reads them through `text` and `plural`, the
pages through `messages` (served as JSON for the page's language, see ``api/app.py``).

A message is named by a *group* (the ``.po`` entry's ``msgctxt``: ``kind``, ``law``,
``gaps.report``, ``web.directory`` …) and a *key* (its ``msgid``: ``shelter``, ``partial``,
``title`` …). Spanish is the source language and the default; every key has Spanish and
English (``tests/test_catalogue.py``). A language whose file lacks a key falls back to Spanish,
so a third language (an indigenous-language label set, say) can be added a part at a time:
see docs/i18n.md.

Placeholders are written ``{name}`` in every language and filled by name, in Python and in
the pages alike. Plural messages carry one form per ``Plural-Forms`` of their language.

>>> text("kind", "shelter", "es"), text("kind", "shelter", "en")
('Refugio', 'Shelter')
>>> plural("web", "ties", 1, "es"), plural("web", "ties", 3, "en")
('1 vínculo', '3 ties')
>>> text("gaps.report", "more", "es", n=4)
'y 4 más'
>>> get("kind", "no_such_kind", "es") is None
True
"""

from __future__ import annotations

import gettext
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "es"  # the source language: most users work in Spanish
REQUIRED = ("es", "en")  # languages every key must have


@dataclass(frozen=True)
class Catalogue:
    """One language's messages, read from its ``.po`` file."""

    lang: str
    # (group, key) -> the text, or the plural forms in ``Plural-Forms`` order
    entries: dict[tuple[str, str], str | tuple[str, ...]]
    plural_index: Callable[[int], int]
    plural_forms: str  # the .po header, e.g. "nplurals=2; plural=(n != 1);"
    plural_categories: tuple[str, ...]  # CLDR category of each form, for the pages

    @classmethod
    def read(cls, lang: str, path: Path) -> Catalogue:
        with path.open("rb") as f:
            po = read_po(f, locale=lang)
        entries: dict[tuple[str, str], str | tuple[str, ...]] = {}
        for m in po:
            if not m.id:
                continue  # the header
            key = str(m.id[0] if isinstance(m.id, (tuple, list)) else m.id)
            if m.context is None:
                raise ValueError(f"{path}: message {key!r} has no msgctxt (its group)")
            value: str | tuple[str, ...] = (tuple(m.string) if isinstance(m.string, (tuple, list))
                                            else str(m.string or ""))
            if not value or (isinstance(value, tuple) and not all(value)):
                continue  # untranslated: falls back to the default language
            entries[(m.context, key)] = value
        # Babel keeps only the headers it knows: read ours from the file itself.
        found = re.search(r'^"X-Plural-Categories:\s*([^"\\]*)', path.read_text("utf-8"), re.M)
        categories = tuple((found.group(1) if found else "one other").split())
        if len(categories) != po.num_plurals:
            raise ValueError(f"{path}: X-Plural-Categories names {len(categories)} forms, "
                             f"Plural-Forms has {po.num_plurals}")
        return cls(lang, entries, gettext.c2py(po.plural_expr), po.plural_forms, categories)


_LOCK = threading.Lock()
_CATALOGUES: dict[str, Catalogue] = {}


def available() -> tuple[str, ...]:
    """Every language with a catalogue, the default first.

    >>> available()[:2]
    ('es', 'en')
    """
    found = sorted(p.name for p in LOCALE_DIR.iterdir()
                   if (p / "LC_MESSAGES" / "messages.po").is_file())
    return tuple(sorted(found, key=lambda lang: (lang not in REQUIRED,
                                                 REQUIRED.index(lang) if lang in REQUIRED
                                                 else 0, lang)))


def catalogue(lang: str) -> Catalogue:
    """The catalogue of ``lang`` (read once, then kept); the default's for an unknown one."""
    # Read without the lock once kept (a dict read is atomic): a providers answer at 100k
    # asks for words a few thousand times from several threads, and taking the lock for
    # each was a fifth of a worker's samples under 8 clients.
    found = _CATALOGUES.get(lang)
    if found is not None:
        return found
    lang = str(lang)
    with _LOCK:
        found = _CATALOGUES.get(lang)
        if found is None:
            path = LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
            if not path.is_file():
                if lang == DEFAULT:
                    raise FileNotFoundError(path)
                found = _CATALOGUES[lang] = _CATALOGUES.get(DEFAULT) or Catalogue.read(
                    DEFAULT, LOCALE_DIR / DEFAULT / "LC_MESSAGES" / "messages.po")
            else:
                found = _CATALOGUES[lang] = Catalogue.read(lang, path)
        return found


def _entry(group: str, key: str, lang: str) -> str | tuple[str, ...] | None:
    value = catalogue(lang).entries.get((group, key))
    if value is None and str(lang) != DEFAULT:
        value = catalogue(DEFAULT).entries.get((group, key))
    return value


def get(group: str, key: str, lang: str, /, **params: Any) -> str | None:
    """The message, or None when no language has it."""
    value = _entry(group, key, lang)
    if value is None:
        return None
    if isinstance(value, tuple):
        value = value[-1]
    return value.format(**params) if params else value


def text(group: str, key: str, lang: str, /, **params: Any) -> str:
    """The message ``group``/``key`` in ``lang``, placeholders filled from ``params``.

    A key no language has is a programming error: KeyError names it.
    """
    found = get(group, key, lang, **params)
    if found is None:
        raise KeyError(f"no message {group}/{key} in the catalogue")
    return found


def plural(group: str, key: str, n: int, lang: str, /, **params: Any) -> str:
    """The form of ``group``/``key`` for the number ``n`` (``{n}`` is filled too)."""
    cat = catalogue(lang)
    value = cat.entries.get((group, key))
    if value is None:  # not translated: the default's forms, counted by its rule
        cat = catalogue(DEFAULT)
        value = cat.entries.get((group, key))
    if value is None:
        raise KeyError(f"no message {group}/{key} in the catalogue")
    if isinstance(value, str):
        raise TypeError(f"message {group}/{key} has no plural forms")
    form = value[min(cat.plural_index(n), len(value) - 1)]
    return form.format(n=n, **params)


def group(name: str, lang: str) -> dict[str, str]:
    """Every singular message of one group, as key -> text (``lang``, else the default)."""
    keys = [k for (g, k) in catalogue(DEFAULT).entries if g == name]
    keys += [k for (g, k) in catalogue(lang).entries if g == name and k not in keys]
    return {k: v for k in keys if isinstance(v := _entry(name, k, lang), str)}


def messages(lang: str, prefixes: tuple[str, ...] = ()) -> dict[str, Any]:
    """The catalogue of ``lang`` for a page: groups of key -> text or plural forms, and how
    to pick a plural form (the CLDR category of each form, for ``Intl.PluralRules``).

    Groups are limited to those starting with one of ``prefixes`` when given. Keys the
    language lacks come from the default, as in Python.
    """
    default, own = catalogue(DEFAULT), catalogue(lang)
    out: dict[str, dict[str, str | list[str]]] = {}
    for (g, k) in {**default.entries, **own.entries}:
        if prefixes and not g.startswith(prefixes):
            continue
        value = own.entries.get((g, k))
        cats = own.plural_categories
        if value is None:
            value, cats = default.entries[(g, k)], default.plural_categories
        if isinstance(value, tuple) and cats != own.plural_categories:
            value = value[-1]  # fallen back across plural rules: the general form
        out.setdefault(g, {})[k] = list(value) if isinstance(value, tuple) else value
    return {"lang": own.lang, "pluralCategories": list(own.plural_categories),
            "messages": out}


def page_catalogue(groups: tuple[str, ...]) -> dict[str, Any]:
    """What a page embeds (``<script id="messages">``): for every language, its messages of
    ``groups`` (``web`` and the page's own, e.g. ``web.gaps``) and its plural categories.
    The page's shell is the same for every caller; its script picks the language.

    >>> cat = page_catalogue(("web", "web.gaps"))
    >>> cat["es"]["messages"]["web.gaps"]["states_n"], cat["en"]["pluralCategories"]
    (['{n} estado', '{n} estados'], ['one', 'other'])
    """
    out: dict[str, Any] = {}
    for lang in available():
        found = messages(lang, groups)
        found["messages"] = {g: v for g, v in found["messages"].items() if g in groups}
        out[lang] = found
    return out
