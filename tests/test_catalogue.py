"""The message catalogue: every key in Spanish and English, placeholders and plural forms
that agree, and no copy of its words left inline where the tables used to be."""

from __future__ import annotations

import ast
import functools
import json
import re
import string
from pathlib import Path

import pytest
from babel import Locale

from referral_graph import i18n

ROOT = Path(i18n.__file__).parents[1]


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_key_has_spanish_and_english() -> None:
    keys = {k for lang in i18n.available() for k in i18n.catalogue(lang).entries}
    assert len(keys) > 200
    for lang in i18n.REQUIRED:
        missing = sorted(keys - set(i18n.catalogue(lang).entries))
        assert not missing, f"{lang} lacks {missing[:10]} ({len(missing)} in all)"


def test_placeholders_and_plural_forms_agree_across_languages() -> None:
    es = i18n.catalogue("es")
    for lang in i18n.available():
        cat = i18n.catalogue(lang)
        for key, value in cat.entries.items():
            source = es.entries[key]
            assert isinstance(value, tuple) == isinstance(source, tuple), key
            forms = value if isinstance(value, tuple) else (value,)
            want = _fields(source[-1] if isinstance(source, tuple) else source)
            for form in forms:
                assert _fields(form) <= want | {"n"}, (lang, key, form)
            if isinstance(value, tuple):
                assert len(value) == len(cat.plural_categories), (lang, key)


@pytest.mark.parametrize("lang", i18n.available())
def test_pages_pick_the_same_plural_form_as_python(lang: str) -> None:
    # The pages choose a form by the CLDR category of Intl.PluralRules (the order given by
    # X-Plural-Categories, "other" for any category not listed); Python by Plural-Forms.
    cat = i18n.catalogue(lang)
    rule = Locale.parse(lang).plural_form
    for n in [*range(0, 2001), 10_000, 1_000_000, 2_000_000]:
        category = rule(n)
        cats = cat.plural_categories
        page = cats.index(category) if category in cats else cats.index("other")
        assert page == cat.plural_index(n), (lang, n, category)


def test_a_language_without_a_key_falls_back_to_spanish(tmp_path: Path) -> None:
    po = tmp_path / "messages.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: zz\\n"\n'
                  '"Plural-Forms: nplurals=1; plural=0;\\n"\n"X-Plural-Categories: other\\n"\n\n'
                  'msgctxt "kind"\nmsgid "shelter"\nmsgstr "Kaa"\n', encoding="utf-8")
    zz = i18n.Catalogue.read("zz", po)
    assert zz.entries == {("kind", "shelter"): "Kaa"} and zz.plural_index(5) == 0


def test_missing_group_is_named() -> None:
    with pytest.raises(KeyError, match="no_such_group/nothing"):
        i18n.text("no_such_group", "nothing", "en")


# Modules whose label tables moved into the catalogue: none of the catalogue's sentences may
# come back as an inline literal there (a copy is how "Reforma parcial" and "legislación
# parcial" came to disagree).
CONVERTED = [
    "directory/lang.py", "api/messages.py", "gaps/render.py", "gaps/render_html.py",
    "gaps/heatmap.py", "gaps/changes.py", "gaps/effects.py", "referrals/explain.py",
    "referrals/render.py", "hsds/report.py",
]


def _literals(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = {id(n.body[0].value) for n in ast.walk(tree)
            if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and n.body and isinstance(n.body[0], ast.Expr)
            and isinstance(n.body[0].value, ast.Constant)}
    return {n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs}


@functools.cache
def _words() -> frozenset[str]:
    out: set[str] = set()
    for lang in i18n.REQUIRED:
        for value in i18n.catalogue(lang).entries.values():
            for form in value if isinstance(value, tuple) else (value,):
                if len(form.split()) >= 2 or re.search(r"[áéíóúñ]", form):
                    out.add(form)
    return frozenset(out)


@pytest.mark.parametrize("module", CONVERTED)
def test_no_catalogue_words_inline(module: str) -> None:
    inline = _literals(ROOT / module) & _words()
    assert not inline, f"{module} holds catalogue words inline: {sorted(inline)[:5]}"


def test_the_directory_and_the_gap_report_name_law_statuses_alike() -> None:
    # "Reforma parcial" (directory) and "legislación parcial" (gap report) disagreed; the
    # 2009 Q1 report's footnote speaks of legislation, not of a reform.
    from referral_graph.directory.lang import Lang, label
    from referral_graph.gaps.render import law_label

    for status in ("comprehensive", "partial", "none"):
        for lang in Lang:
            assert law_label(status, lang).lower() == (label("law", status, lang) or "").lower()
    assert label("law", "partial", Lang.ES) == "Legislación parcial"


PAGE_SCRIPTS = sorted(p.name for p in (ROOT / "web" / "static" / "js").glob("*.js"))


@pytest.mark.parametrize("script", PAGE_SCRIPTS)
def test_page_scripts_take_their_words_from_the_catalogue(script: str) -> None:
    # The pages' word tables (STRINGS, WORDS, `const W = es ? {...} : {...}`) and their
    # inline `es ? "…" : "…"` branches moved into the catalogue's web.* groups.
    source = (ROOT / "web" / "static" / "js" / script).read_text(encoding="utf-8")
    assert not re.search(r"const (W|STRINGS|WORDS) = (es \?|\{)", source)
    literals = set(re.findall(r'"((?:[^"\\]|\\.)*)"', source))
    literals |= set(re.findall(r"`([^`$]*)`", source))
    web = {form for lang in i18n.REQUIRED for (group, _), value in
           i18n.catalogue(lang).entries.items() if group.startswith("web")
           for form in (value if isinstance(value, tuple) else (value,))
           if len(form.split()) >= 2}
    inline = literals & web
    assert not inline, f"{script} holds catalogue words inline: {sorted(inline)[:5]}"


def test_every_page_embeds_its_words_in_both_languages() -> None:
    from referral_graph.web.routes import page_html

    for page in ("directory", "gaps", "network", "organization", "edit"):
        html = page_html(page).decode("utf-8")
        found = re.search(r'<script type="application/json" id="messages"[^>]*>(.*?)</script>',
                          html, re.S)
        assert found, page
        data = json.loads(found.group(1))
        for lang in i18n.REQUIRED:
            assert data[lang]["messages"]["web"]["nav_directory"], (page, lang)
            assert f"web.{page}" in data[lang]["messages"], (page, lang)


TEMPLATES = ROOT / "templates"
PAGE_REF = re.compile(r'data-msg(?:-placeholder|-label|-title)?="([^"]+)"')


@pytest.mark.parametrize("template", sorted(p.name for p in (TEMPLATES / "pages").glob("*.jinja")))
def test_page_templates_name_their_words_by_key(template: str) -> None:
    # Static words were pairs of attributes (data-es="…" data-en="…"): a third language had
    # nowhere to go. Now an element names its message (data-msg="key" of web.<page>, or
    # "group:key"), and the template writes the Spanish text for the first paint.
    source = (TEMPLATES / "pages" / template).read_text(encoding="utf-8")
    layout = (TEMPLATES / "page.html.jinja").read_text(encoding="utf-8")
    for text in (source, layout):
        assert not re.search(r"data-(?:ph-|label-)?(?:es|en)=", text), template
        # "Respuesta / Answer", "Brechas / Gaps": both languages in one string.
        assert not re.search(r'aria-label="[^"{]', text), template
        assert not re.search(r"\w / \w", re.sub(r"{#.*?#}", "", text, flags=re.S)), template
    page = template.split(".")[0]
    refs = PAGE_REF.findall(source)
    assert refs, template
    for ref in refs:
        group, _, key = ref.rpartition(":")
        for lang in i18n.REQUIRED:
            assert i18n.get(group or f"web.{page}", key, lang), (template, ref, lang)


def test_pages_embed_the_groups_their_words_name() -> None:
    from referral_graph.web.routes import page_html

    for template in (TEMPLATES / "pages").glob("*.jinja"):
        page = template.name.split(".")[0]
        html = page_html(page).decode("utf-8")
        found = re.search(r'<script type="application/json" id="messages"[^>]*>(.*?)</script>',
                          html, re.S)
        assert found, page
        data = json.loads(found.group(1))["en"]["messages"]
        for ref in PAGE_REF.findall(html):
            group, _, key = ref.rpartition(":")
            assert key in data[group or f"web.{page}"], (page, ref)


# Every module of the package (the catalogue's own aside): no copy of a catalogue sentence
# and no new bilingual literal. Synthetic data names its made-up organizations in Spanish,
# as the data would: those are data, not words of the service.
MODULES = sorted(str(p.relative_to(ROOT)) for p in ROOT.rglob("*.py")
                 if p.parts[len(ROOT.parts)] not in ("i18n", "synth"))
_CODES = {"es", "en", "ES", "EN", "es-MX", "en-GB", "spa", "eng"}
_SPANISH = re.compile(r"[áéíóúñ¿¡«]|\b(?:de|la|el|los|las|una?|por|para|con|sin|que|del)\b",
                      re.I)
_ENGLISH = re.compile(r"\b(?:the|of|and|with|for|by|is|to|an?|no)\b", re.I)


def _text(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if node.value not in _CODES else None
    return ast.unparse(node) if isinstance(node, ast.JoinedStr) else None


def _is_language(node: ast.AST) -> bool:
    src = ast.unparse(node)
    return (any(w in src for w in ("Lang.ES", "Lang.EN", "== 'es'", "== 'en'", "!= 'es'",
                                   "!= 'en'"))
            or (isinstance(node, ast.Name) and node.id in ("es", "en")))


def _language_key(node: ast.AST | None) -> bool:
    return ((isinstance(node, ast.Constant) and node.value in ("es", "en"))
            or (isinstance(node, ast.Attribute) and node.attr in ("ES", "EN")))


def bilingual_literals(source: str) -> list[str]:
    """Where a module holds words in two languages itself: a ``{"es": …, "en": …}`` table,
    an ``"…" if lang is Lang.ES else "…"`` branch, or a ``("Spanish", "English")`` pair.

    >>> bilingual_literals('x = "Hola" if lang is Lang.ES else "Hello"')
    ['line 1: x = ...']
    >>> bilingual_literals('T = {"es": "Fuente", "en": "Source"}')
    ['line 1: {"es"/"en": ...}']
    >>> bilingual_literals('T = {"law": ("Fuente de la ley", "Source of the law")}')
    ['line 1: ("Fuente de la ley", "Source of the law")']
    >>> bilingual_literals('name = info.name_es if lang is Lang.ES else info.name_en')
    []
    """
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict) and sum(map(_language_key, node.keys)) >= 2:
            found.append(f'line {node.lineno}: {{"es"/"en": ...}}')
        elif (isinstance(node, ast.IfExp) and _is_language(node.test)
              and _text(node.body) and _text(node.orelse)):
            found.append(f"line {node.lineno}: x = ...")
        elif isinstance(node, (ast.Tuple, ast.List)) and len(node.elts) == 2:
            es, en = map(_text, node.elts)
            if es and en and es != en and _SPANISH.search(es) and _ENGLISH.search(en):
                found.append(f'line {node.lineno}: ("{es}", "{en}")')
    return sorted(set(found), key=lambda f: (int(f.split()[1].rstrip(":")), f))


@pytest.mark.parametrize("module", MODULES)
def test_no_words_outside_the_catalogue(module: str) -> None:
    source = (ROOT / module).read_text(encoding="utf-8")
    found = bilingual_literals(source)
    assert not found, f"{module} holds words in two languages: {found[:3]} (docs/i18n.md)"
    inline = _literals(ROOT / module) & _words()
    assert not inline, f"{module} holds catalogue words inline: {sorted(inline)[:5]}"


@pytest.fixture
def third_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A partial catalogue of a third language (``nah``, one plural form) beside ours."""
    for lang in i18n.REQUIRED:
        (tmp_path / lang).symlink_to(i18n.LOCALE_DIR / lang)
    po = tmp_path / "nah" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Language: nah\\n"\n'
                  '"Plural-Forms: nplurals=1; plural=0;\\n"\n"X-Plural-Categories: other\\n"\n\n'
                  'msgctxt "kind"\nmsgid "shelter"\nmsgstr "Calli"\n\n'
                  'msgctxt "kind"\nmsgid "ngo"\nmsgstr ""\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    monkeypatch.setattr(i18n, "_CATALOGUES", {})
    return "nah"


def test_a_partial_third_language_falls_back_to_spanish_per_key(third_language: str) -> None:
    nah = third_language
    assert i18n.available() == ("es", "en", nah)
    assert i18n.text("kind", "shelter", nah) == "Calli"  # translated
    assert i18n.text("kind", "ngo", nah) == i18n.text("kind", "ngo", "es")  # left empty
    assert i18n.text("kind", "academic", nah) == i18n.text("kind", "academic", "es")  # absent
    # An untranslated plural: Spanish's forms, chosen by Spanish's rule.
    assert [i18n.plural("web", "ties", n, nah) for n in (1, 3)] == ["1 vínculo", "3 vínculos"]
    page = i18n.page_catalogue(("web", "web.directory"))[nah]
    assert page["pluralCategories"] == ["other"]
    assert page["messages"]["web"]["nav_directory"] == i18n.text("web", "nav_directory", "es")
    # Fallen back across plural rules, the page gets the general form ("other").
    assert page["messages"]["web"]["ties"] == "{n} vínculos"
    from referral_graph.directory.lang import label

    assert label("kind", "shelter", nah) == "Calli"


_JS_BRANCH = re.compile(r'(?:\bes\b|=== "(?:es|en)")\s*\?\s*"([^"]*)"\s*:\s*"([^"]*)"')
_JS_TABLE = re.compile(r"\[\s*es\s*\?\s*\d\s*:\s*\d\s*\]")  # a [Spanish, English] row


@pytest.mark.parametrize("script", PAGE_SCRIPTS)
def test_page_scripts_hold_no_bilingual_literals(script: str) -> None:
    # `es ? "Elija un estado…" : "Pick a state…"` and `NAMES[k][es ? 0 : 1]` tables are how
    # words slipped past the catalogue: a third language has nowhere to go in either.
    source = (ROOT / "web" / "static" / "js" / script).read_text(encoding="utf-8")
    words = [pair for pair in _JS_BRANCH.findall(source)
             if any(re.search(r"[A-Za-zÁÉÍÓÚáéíóúñ]{2,} [A-Za-záéíóúñ]", s)
                    or re.search(r"[áéíóúñ¿]", s) for s in pair)]
    assert not words, f"{script}: {words[:3]}"
    assert not _JS_TABLE.search(source), f"{script}: {_JS_TABLE.findall(source)[:3]}"
