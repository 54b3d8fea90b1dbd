"""Cells that open cleanly in Excel and LibreOffice, and can never run as a formula.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
by a spreadsheet as a formula (CSV injection). In CSV such a cell gets a leading apostrophe,
which spreadsheets show as the text itself; the importer takes it off again. In XLSX the
cell is written as text with Excel's own "quote prefix" style, so its value stays exact.
CSV files start with a UTF-8 byte-order mark so that Excel reads accents right.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

BOM = "\ufeff"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def risky(value: Any) -> bool:
    """
    >>> risky("=1+1"), risky("-3"), risky("Oaxaca"), risky(-3)
    (True, True, False, False)
    """
    return isinstance(value, str) and value.startswith(TRIGGERS)


def neutralise(value: Any) -> Any:
    """A CSV cell that a spreadsheet shows as text, never runs.

    >>> neutralise('=HYPERLINK("http://x","clic")'), neutralise("+52 55 1234"), neutralise(7)
    ('\\'=HYPERLINK("http://x","clic")', "'+52 55 1234", 7)
    """
    return "'" + value if risky(value) else value


def restore(value: str) -> str:
    """What `neutralise` protected, as it was (for a CSV sheet read back).

    >>> restore("'=1+1"), restore("'quoted"), restore("plain")
    ('=1+1', "'quoted", 'plain')
    """
    return value[1:] if value.startswith("'") and risky(value[1:]) else value


def csv_text(rows: Iterable[Iterable[Any]]) -> str:
    """Rows as CSV text (no BOM), every cell neutralised."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        w.writerow(["" if v is None else neutralise(v) for v in row])
    return buf.getvalue()


def safe_writer(buf: io.StringIO, **kw: Any) -> Any:
    """A ``csv.writer`` whose rows are neutralised cell by cell."""
    inner = csv.writer(buf, **kw)

    class _Writer:
        def writerow(self, row: Iterable[Any]) -> Any:
            return inner.writerow([neutralise(v) for v in row])

        def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
            for r in rows:
                self.writerow(r)

    return _Writer()


def excel_bytes(text: str) -> bytes:
    """CSV text as Excel reads it right: UTF-8 with a byte-order mark."""
    return (text if text.startswith(BOM) else BOM + text).encode("utf-8")
