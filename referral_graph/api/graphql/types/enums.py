"""Every closed set of the API as a GraphQL enum (issue 18, finding 1).

One spelling everywhere: an enum value is the domain's code itself (``ngo``,
``civil_society``, ``task_force``), the same word the database stores, the import schemas
and HSDS exports carry, the CLI takes and the web app's URLs hold. GraphQL allows any name
for an enum value; the upper-case habit would have given each code a second spelling.
Each enum is made from the domain's own set (`referral_graph.dataset.model` and
siblings), so the API cannot drift from what the data may hold; each value is described
by its labels from the language tables (English, then Spanish).

The Python enums are `StrEnum`s: a member is its code, so resolvers hand it to the domain
as is. A bad value is refused by GraphQL before any resolver runs (BAD_USER_INPUT).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import strawberry

from referral_graph.auth.tokens import Role as DomainRole
from referral_graph.dataset import model as m
from referral_graph.directory.lang import Lang as DomainLang
from referral_graph.directory.lang import label
from referral_graph.gaps.classify import Status
from referral_graph.gaps.render import status_label
from referral_graph.network.model import TieKind as DomainTieKind

# What a value means where no label says it (labels are what the pages show).
_MEANINGS = {
    ("TieKind", "agreement"): "They are parties to the same MOU, agreement or grant.",
    ("TieKind", "collaboration"): "They belong to the same task force or network.",
    ("TieKind", "activity"): "They took part in the same activity.",
    ("TieKind", "referral"): "One referred someone to the other (recorded by staff).",
    ("Outcome", "accepted"): "The receiving organization accepted it.",
    ("Outcome", "declined"): "The receiving organization declined it.",
    ("Outcome", "completed"): "The service was given.",
    ("Role", "public"): "No token: what anyone may see (no confidential organization).",
    ("Role", "staff"): "Caseworkers: confidential organizations, capacity numbers, referrals.",
    ("Role", "editor"): "Staff who also edit the directory; reads the audit trail.",
    ("Role", "admin"): "Editors who also issue and revoke tokens.",
}
_MEANINGS.update({("CoverageStatus", s.value): f"{status_label(s, 'en')} ({status_label(s, 'es')})"
                  for s in Status})


def _described(name: str, codes: Iterable[str], group: str | None, description: str) -> Any:
    values = {}
    for code in codes:
        en = label(group, code, DomainLang.EN) if group else None
        es = label(group, code, DomainLang.ES) if group else None
        text = _MEANINGS.get((name, code)) or (en if en == es else f"{en} ({es})")
        values[code] = text
    python_enum: Any = StrEnum(name, {code: code for code in values})  # type: ignore[misc]
    enum: Any = strawberry.enum(python_enum, description=description)
    for value in enum.__strawberry_definition__.values:
        value.description = values[value.value]
    return enum


OrganizationKind = _described("OrganizationKind", m.OrgKind, "kind",
                              "What kind of body an organization is.")
Sector = _described("Sector", m.Sector, "sector", "The sector an organization belongs to.")
Population = _described("Population", m.Population, "population",
                        "A population an organization serves.")
Basis = _described("Basis", m.Basis, "basis",
                   "Why the data set says an organization provides a service.")
LawStatus = _described("LawStatus", m.LawStatus, "law",
                       "How far a jurisdiction's anti-trafficking law went.")
CollaborationKind = _described("CollaborationKind", m.CollaborationKind, "collaboration_kind",
                               "A task force (short-term, specific goals) or a network "
                               "(long-term, general goals).")
CollaborationLevel = _described("CollaborationLevel", m.Level, "level",
                                "The level of government a task force or network works at.")
AgreementKind = _described("AgreementKind", m.AgreementKind, "agreement_kind",
                           "What kind of agreement.")
ActivityKind = _described("ActivityKind", m.ActivityKind, "activity_kind",
                          "What kind of activity.")
Reach = _described("Reach", ("operates_in", "covers", "national", "neighbour"), "reach",
                   "How a provider reaches a state, best first: the directory's and the "
                   "planner's one rule.")
TieKind = _described("TieKind", DomainTieKind, None,
                     "What kind of evidence makes a working tie between two organizations.")
Role = _described("Role", [r.name.lower() for r in DomainRole], None,
                  "What a token lets its holder do; each role may do what the ones before "
                  "it may.")
Outcome = _described("Outcome", m.ReferralOutcome, "outcome", "What came of a recorded referral.")
CoverageStatus = _described("CoverageStatus", Status, None,
                            "How well the data records a service in a state, worst first.")
