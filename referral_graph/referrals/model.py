"""What a referral plan is made of. No field holds anything about the victim as a person."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from referral_graph.network.reach import Reach


@dataclass(frozen=True, slots=True)
class Constraints:
    """What the victim's situation requires of every provider in the plan.

    languages:    languages the provider must work in (e.g. an indigenous language).
    population:   minor, adult_woman, adult_man, foreign_national, indigenous.
    include_confidential: confidential shelters may appear (staff callers only).
    accepts_confidential_placement: the victim needs a confidential shelter placement;
                  shelter providers that are not confidential are then left out.
    max_handoffs: most providers in one plan.
    exclude:      organizations never to use (as provider or as intermediary).
    """

    languages: frozenset[str] = frozenset()
    population: str | None = None
    include_confidential: bool = False
    accepts_confidential_placement: bool = False
    max_handoffs: int = 4
    exclude: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Hop:
    """One tie on the way to a provider, with the evidence that carries it."""

    source: str
    target: str
    strength: float
    because: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Step:
    order: int
    provider: str
    provider_name: str
    needs: tuple[str, ...]
    reach: Reach
    basis: str  # stated | mandate
    cold: bool  # no direct tie from the referring organization
    path: tuple[Hop, ...]  # the chain of introductions; empty when none is recorded
    explanation: str
    notes: tuple[str, ...] = ()
    cost: float = 0.0
    # The passage that states the service (or names the institution, for a mandate), as the
    # step quotes it, and its citation.
    quote: str = ""
    source: str = ""
    scope: str = "organization"  # group: the source states the service for a group only
    group: str | None = None
    tie: str = "none"  # live | ended (only an agreement past its end) | none (cold)


@dataclass(frozen=True, slots=True)
class ReferralPlan:
    rank: int
    cost: float
    steps: tuple[Step, ...]

    @property
    def handoffs(self) -> int:
        return len(self.steps)

    @property
    def providers(self) -> frozenset[str]:
        return frozenset(s.provider for s in self.steps)


@dataclass(frozen=True, slots=True)
class UnmetNeed:
    """A need no eligible provider meets in the state: a gap, with the nearest coverage."""

    need: str
    state: str
    reason: str
    alternatives: tuple[tuple[str, str], ...] = ()  # (organization id, why it is near)
    # A confidential provider the caller may not see serves the need here: not a gap. `via`:
    # public organizations with a recorded tie to it, to reach it through.
    confidential: bool = False
    via: tuple[str, ...] = ()
    # Nothing in force on the date: the providers recorded last, (id, name, end date).
    last_recorded: tuple[tuple[str, str, dt.date], ...] = ()


@dataclass(frozen=True, slots=True)
class PlanResult:
    origin: str
    state: str
    needs: tuple[str, ...]
    as_of: dt.date
    plans: tuple[ReferralPlan, ...]
    unmet: tuple[UnmetNeed, ...] = field(default=())
    # Per need: providers in force in the state (local and national; confidential ones
    # counted for every caller): the number the directory and the coverage report give.
    counts: tuple[tuple[str, int], ...] = ()
    newest: dt.date | None = None  # the newest date among the records the plan rests on
    defaulted: bool = False  # no date was asked: the plan is about today
    lang: str = "es"
    # What the text calls the origin, the state and the needs, in `lang`.
    origin_name: str = ""
    state_name: str = ""
    need_names: tuple[str, ...] = ()

    @property
    def gaps(self) -> tuple[str, ...]:
        """Needs nobody is recorded to meet (a need a hidden shelter meets is not a gap)."""
        return tuple(u.need for u in self.unmet if not u.confidential)
