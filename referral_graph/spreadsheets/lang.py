"""Spanish and English words of the spreadsheets (the template's readme sheet, the gap
report workbook). A sibling of `referral_graph/directory/lang.py`."""

from __future__ import annotations

from referral_graph import i18n

# The template's readme sheet, one line an entry: group "spreadsheets.readme" (in its order).
README: dict[str, tuple[str, ...]] = {
    lang: tuple(i18n.group("spreadsheets.readme", lang).values()) for lang in ("es", "en")}

# The words: group "spreadsheets.gaps" of the message catalogue (docs/i18n.md).
GAPS: dict[str, dict[str, str]] = {lang: i18n.group("spreadsheets.gaps", lang)
                                   for lang in ("es", "en")}


def instructions(lang: str) -> tuple[str, ...]:
    return README["en" if lang == "en" else "es"]
