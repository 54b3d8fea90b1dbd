"""The message catalogue: every key in Spanish and English, placeholders and plural forms
that agree, and no copy of its words left inline where the tables used to be."""

from __future__ import annotations

import ast
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


def _words() -> set[str]:
    out: set[str] = set()
    for lang in i18n.REQUIRED:
        for value in i18n.catalogue(lang).entries.values():
            for form in value if isinstance(value, tuple) else (value,):
                if len(form.split()) >= 2 or re.search(r"[áéíóúñ]", form):
                    out.add(form)
    return out


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


PAGE_SCRIPTS = ["common.js", "directory.js", "gaps.js", "network.js", "organization.js",
                "edit.js"]


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
        found = re.search(r'<script type="application/json" id="messages">(.*?)</script>',
                          html, re.S)
        assert found, page
        data = json.loads(found.group(1))
        for lang in i18n.REQUIRED:
            assert data[lang]["messages"]["web"]["nav_directory"], (page, lang)
            assert f"web.{page}" in data[lang]["messages"], (page, lang)
