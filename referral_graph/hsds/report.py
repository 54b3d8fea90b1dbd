"""The import's mapping report: what became what, what was kept aside, what was left out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from referral_graph import i18n
from referral_graph.directory.lang import Lang

# The words: group "hsds.report" of the message catalogue (docs/i18n.md), as
# (Spanish, English) pairs.
WORDS: dict[str, tuple[str, str]] = {
    key: (i18n.text("hsds.report", key, "es"), i18n.text("hsds.report", key, "en"))
    for key in i18n.group("hsds.report", "es")}


def word(key: str, lang: Lang, **kw: Any) -> str:
    pair = WORDS[key]
    return (pair[0] if lang is Lang.ES else pair[1]).format(**kw)


@dataclass
class Report:
    dataset: str
    form: str
    counts: Counter[str] = field(default_factory=Counter)
    terms_mapped: dict[str, str] = field(default_factory=dict)
    terms_mapped_count: Counter[str] = field(default_factory=Counter)
    terms_unmapped: Counter[str] = field(default_factory=Counter)
    areas: Counter[str] = field(default_factory=Counter)  # states, national, other
    areas_unmapped: Counter[str] = field(default_factory=Counter)
    services_skipped: list[str] = field(default_factory=list)
    not_kept: dict[str, set[str]] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rejected_path: str | None = None
    written: Any = None  # importer.sync.ImportReport once written

    def mapped_term(self, label: str, service: str) -> None:
        self.terms_mapped[label] = service
        self.terms_mapped_count[label] += 1

    def unmapped_term(self, label: str) -> None:
        self.terms_unmapped[label] += 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset, "form": self.form, "counts": dict(self.counts),
            "terms_mapped": {k: {"service": v, "records": self.terms_mapped_count[k]}
                             for k, v in sorted(self.terms_mapped.items())},
            "terms_unmapped": dict(sorted(self.terms_unmapped.items())),
            "areas": dict(self.areas), "areas_unmapped": dict(sorted(self.areas_unmapped.items())),
            "services_not_imported": self.services_skipped,
            "fields_not_kept": {k: sorted(v) for k, v in sorted(self.not_kept.items())},
            "references_ignored": self.ignored,
            "rejected": [{k: v for k, v in r.items() if k != "record"} for r in self.rejected],
        }

    def describe(self, lang: Lang = Lang.EN) -> str:
        none = word("none", lang)
        lines = [word("head", lang, form=self.form, dataset=self.dataset),
                 "  " + word("counts", lang, items=", ".join(
                     f"{k} {v}" for k, v in sorted(self.counts.items())) or none)]
        lines.append("  " + word("mapped", lang) + ("" if self.terms_mapped else f" {none}"))
        lines += [f"    - {k} → {v} ({self.terms_mapped_count[k]})"
                  for k, v in sorted(self.terms_mapped.items())]
        lines.append("  " + word("unmapped", lang) + ("" if self.terms_unmapped else f" {none}"))
        lines += [f"    - {k} ({n})" for k, n in sorted(self.terms_unmapped.items())]
        lines.append("  " + word("areas", lang, states=self.areas["states"],
                                 national=self.areas["national"], other=self.areas["other"]))
        if self.areas_unmapped:
            lines.append("  " + word("unmapped_areas", lang))
            lines += [f"    - {k[:120]} ({n})" for k, n in sorted(self.areas_unmapped.items())]
        if self.services_skipped:
            lines.append("  " + word("skipped", lang))
            lines += [f"    - {s}" for s in self.services_skipped]
        if self.not_kept:
            lines.append("  " + word("not_kept", lang))
            lines += [f"    - {t}: {', '.join(sorted(f))}"
                      for t, f in sorted(self.not_kept.items())]
        if self.ignored:
            lines.append("  " + word("ignored", lang))
            lines += [f"    - {s}" for s in self.ignored]
        if self.rejected:
            lines.append("  " + word("rejected", lang, n=len(self.rejected),
                                     path=self.rejected_path or "-"))
            lines += [f"    - {r['file']}: {r['table']} {r['id']}: {'; '.join(r['reasons'])}"
                      for r in self.rejected[:50]]
        if self.written is not None:
            lines.append(self.written.describe())
        return "\n".join(lines)
