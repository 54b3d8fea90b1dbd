"""`text.fold` folds character by character: the same as decomposing the whole text, which
is what it was and what the redactor's character map (`redact._fold_map`) assumes."""

from __future__ import annotations

import random
import re
import unicodedata

from referral_graph import text
from referral_graph.network.redact import _fold_map

_SPACE = re.compile(r"[^a-z0-9]+")


def _whole(s: str) -> str:
    """The definition: NFKD of the whole text, its combining marks dropped, lower-cased,
    runs of anything but ASCII letters and digits made one space."""
    decomposed = unicodedata.normalize("NFKD", s)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", kept.lower()).strip()


def _bmp() -> list[str]:
    return [chr(cp) for cp in range(0x10000) if not 0xD800 <= cp < 0xE000]


def test_every_character_of_the_basic_plane_folds_as_the_whole_text_would() -> None:
    for ch in _bmp():
        for s in (ch, f"a{ch}b", f"É{ch}\u0301x"):  # alone, between letters, among marks
            assert text.fold(s) == _whole(s), (hex(ord(ch)), s)


def test_mixed_texts_fold_as_the_whole_text_would() -> None:
    # Letters with and without accents, lone combining marks (which NFKD reorders),
    # ligatures, Hangul syllables and jamo, the Turkish dotted I, final sigma, digits in
    # circles: what per-character folding could get wrong.
    pool = [chr(c) for c in (*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00),
                             0x130, 0x3A3, 0x3C2, 0xDF, 0xFB01, 0x2460, 0x1100, 0x1161, 0xAC00)]
    rng = random.Random(15)
    for _ in range(20_000):
        s = "".join(rng.choice(pool) for _ in range(rng.randint(0, 14)))
        assert text.fold(s) == _whole(s), repr(s)
        assert _fold_map(s)[0] == text.fold(s), repr(s)


def test_what_it_keeps_is_bounded() -> None:
    # A caller may send text of every code point; the characters' bare forms kept stop at
    # the bound, and folding still answers after it.
    for ch in _bmp():
        text.fold(ch)
    astral = "".join(chr(cp) for cp in range(0x10000, 0x30000, 3))
    assert text.fold(astral) == _whole(astral)
    assert len(text._BARES) <= text._BARE_KEPT
