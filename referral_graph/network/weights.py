"""How strong a tie between two organizations is, from its evidence, as of a date.

This is the one place where evidence becomes a number. Each piece of evidence has a base
strength by kind; evidence dated after ``as_of`` does not exist yet. An agreement (or a
collaboration) holds at full strength until its recorded end; after it, it is no longer a live
tie: it counts as a past acquaintance (``ended``, the weight of a shared activity) that decays
from the end date with the half-life. Evidence with no end (an activity, an undated MOU) decays
from its date. Pieces combine by noisy-or: two independent reasons to trust a tie
make it stronger than either alone, never stronger than certain. Declined referrals
weaken the result.

>>> import datetime as dt
>>> from referral_graph.network.model import Evidence, TieKind
>>> mou = Evidence(TieKind.AGREEMENT, "mou-1", "MOU", date=dt.date(2009, 1, 1))
>>> round(tie_strength([mou], dt.date(2009, 1, 1)), 2)
0.8
>>> round(tie_strength([mou], dt.date(2013, 1, 1)), 2)  # two half-lives later
0.2
>>> tie_strength([mou], dt.date(2008, 1, 1))  # not signed yet
0.0
>>> grant = Evidence(TieKind.AGREEMENT, "g", "grant", date=dt.date(2007, 5, 1),
...                  ends=dt.date(2008, 5, 15))
>>> round(tie_strength([grant], dt.date(2008, 5, 15)), 2)  # live until its end
0.8
>>> round(tie_strength([grant], dt.date(2009, 3, 1)), 2)  # then a past tie, decaying
0.27
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from referral_graph.network.model import Evidence, TieKind

_AGREEMENT, _COLLABORATION = TieKind.AGREEMENT, TieKind.COLLABORATION
_ACTIVITY, _REFERRAL = TieKind.ACTIVITY, TieKind.REFERRAL


@dataclass(frozen=True, slots=True)
class TieWeights:
    """Every constant of the weighting, documented, with defaults.

    agreement:      an MOU, a formal agreement or a grant between the two: a written commitment.
    collaboration:  both are members of the same task force or network.
    activity:       both took part in the same training, workshop or meeting: weaker, since
                    sharing a room is not a working relationship.
    referral_*:     a referral recorded between them, by outcome; a completed referral is the
                    best evidence that a tie works.
    declined_penalty: each declined referral removes this share of the combined strength.
    half_life_days: after evidence has ended (or, with no known end, since its date), its
                    strength halves every this many days.
    ended:          an agreement or collaboration past its recorded end is no longer a live
                    tie; what is left is a past acquaintance, worth a shared activity at most.
    """

    agreement: float = 0.8
    collaboration: float = 0.7
    activity: float = 0.35
    referral_accepted: float = 0.6
    referral_completed: float = 0.75
    declined_penalty: float = 0.3
    half_life_days: float = 730.0
    ended: float = 0.35

    def base(self, ev: Evidence) -> float:
        # The kinds as module constants and compared by identity (each piece is one of the
        # four members): a plan and a drawing weigh thousands of pieces, and reading the
        # members off the enum class was most of this method's time.
        kind = ev.kind
        if kind is _AGREEMENT:
            return self.agreement
        if kind is _COLLABORATION:
            return self.collaboration
        if kind is _ACTIVITY:
            return self.activity
        if ev.outcome == "completed":
            return self.referral_completed
        if ev.outcome == "accepted":
            return self.referral_accepted
        return 0.0


DEFAULT_WEIGHTS = TieWeights()


def evidence_strength(ev: Evidence, as_of: dt.date, w: TieWeights = DEFAULT_WEIGHTS) -> float:
    """Strength of one piece of evidence on ``as_of`` (0 when it does not exist yet)."""
    date = ev.date
    if date is not None and date > as_of:
        return 0.0
    base = w.base(ev)
    ends = ev.ends
    # The agreement ended: a past acquaintance, decaying from its end. `ended_on` only for
    # evidence with an end (as `gaps.scope` asks it): most pieces have none.
    if ends is not None and ev.ended_on(as_of):
        base = min(base, w.ended)
    # Without a known end, evidence ages from its date: an MOU nobody renewed is worth less
    # each year, and the data rarely says when a tie stopped working.
    ended = ends or date
    if ended is None or ended >= as_of:
        return base
    return base * 0.5 ** ((as_of - ended).days / w.half_life_days)


def tie_strength(evidence: Iterable[Evidence], as_of: dt.date,
                 w: TieWeights = DEFAULT_WEIGHTS) -> float:
    """Combined strength in [0, 1) of all evidence for one tie, as of a date."""
    missing = 1.0
    declined = 0
    for ev in evidence:
        if ev.kind is _REFERRAL and ev.outcome == "declined":
            if ev.date is None or ev.date <= as_of:
                declined += 1
            continue
        missing *= 1.0 - evidence_strength(ev, as_of, w)
    return (1.0 - missing) * (1.0 - w.declined_penalty) ** declined


MIN_STRENGTH = 1e-6


def tie_cost(evidence: Iterable[Evidence], as_of: dt.date,
             w: TieWeights = DEFAULT_WEIGHTS) -> float:
    """Path cost of a tie: -ln(strength), so a path's cost is -ln of the product of strengths.

    Summing costs along a chain multiplies the chances that each hand-off holds, which is
    what a chain of introductions is worth. A tie with no live evidence costs -ln(1e-6).

    >>> import datetime as dt
    >>> from referral_graph.network.model import Evidence, TieKind
    >>> ev = Evidence(TieKind.COLLABORATION, "tf", "task force", date=dt.date(2009, 1, 1))
    >>> round(tie_cost([ev], dt.date(2009, 1, 1)), 3)
    0.357
    """
    return -math.log(max(tie_strength(evidence, as_of, w), MIN_STRENGTH))


def strongest_evidence(evidence: Iterable[Evidence], as_of: dt.date,
                       w: TieWeights = DEFAULT_WEIGHTS, n: int = 2) -> list[Evidence]:
    """The pieces that carry a tie, strongest first: what an explanation should cite."""
    live = [(evidence_strength(e, as_of, w), e) for e in evidence]
    live = [(s, e) for s, e in live if s > 0]
    live.sort(key=lambda se: (-se[0], se[1].ref))
    return [e for _, e in live[:n]]


def describe(ev: Evidence, lang: str = "es", as_of: dt.date | None = None) -> str:
    """One piece of evidence as text with its source, e.g. for a plan step; says when an
    agreement had ended by `as_of` (it is then a past tie, not a live one).

    >>> from referral_graph.network.model import SourceRef
    >>> src = SourceRef("t2", "Quarterly report", "Networks", "Table 2")
    >>> describe(Evidence(TieKind.ACTIVITY, "a", "Closing of the course",
    ...                   date=dt.date(2009, 2, 19), sources=(src,)), "en")
    'shared activity on 2009-02-19: Closing of the course (source: Quarterly report, Table 2)'
    >>> describe(Evidence(TieKind.AGREEMENT, "g", "PROTEJA sub-grant", subkind="grant",
    ...                   ends=dt.date(2008, 5, 15)), "es", dt.date(2009, 3, 1))
    'donativo: PROTEJA sub-grant (terminó el 15 de mayo de 2008)'
    """
    from referral_graph import i18n
    from referral_graph.directory.lang import Lang, label, long_date

    language = Lang.EN if lang == "en" else Lang.ES

    def say(key: str, /, **params: str) -> str:  # group "network.evidence" of the catalogue
        return i18n.text("network.evidence", key, language, **params)

    when = say("on", date=ev.date.isoformat()) if ev.date else ""
    cite = say("source", cite=ev.sources[0].cite()) if ev.sources else ""
    ended = ""
    if as_of is not None and ev.ended_on(as_of) and ev.ends is not None:
        ended = say("ended", date=long_date(ev.ends, language))
    if ev.kind == TieKind.AGREEMENT:
        kind = (label("agreement_kind", ev.subkind, language) or "").lower() if ev.subkind \
            else say("agreement")
        return f"{kind}: {ev.label}{when}{ended}{cite}"
    if ev.kind == TieKind.REFERRAL:
        outcome = (label("outcome", ev.outcome, language) if language is Lang.ES
                   else ev.outcome)
        what = say("referral", outcome=str(outcome))
    else:
        what = say(str(ev.kind.value))
    return f"{what}{when}: {ev.label}{ended}{cite}"
