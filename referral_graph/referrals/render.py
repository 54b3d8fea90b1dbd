"""A plan result as plain data (JSON, GraphQL) or as text for the terminal, in its language."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from referral_graph import i18n
from referral_graph.directory.answers import DateBasis, Freshness
from referral_graph.directory.lang import Lang
from referral_graph.referrals.model import PlanResult

# The words: group "referrals.render" of the message catalogue (docs/i18n.md).
WORDS: dict[str, dict[str, str]] = {lang: i18n.group("referrals.render", lang)
                                    for lang in ("es", "en")}


def _lang(result: PlanResult) -> Lang:
    return Lang.EN if result.lang == "en" else Lang.ES


def date_basis(result: PlanResult) -> DateBasis:
    return DateBasis(result.as_of, result.defaulted)


def freshness(result: PlanResult, max_age_days: int) -> Freshness:
    return Freshness(result.newest, result.as_of, max_age_days)


def to_dict(result: PlanResult, max_age_days: int = 365) -> dict[str, Any]:
    data = asdict(result)
    data["as_of"] = result.as_of.isoformat()
    for plan, src in zip(data["plans"], result.plans, strict=True):
        plan["handoffs"] = src.handoffs
        for step in plan["steps"]:
            step["reach"] = step["reach"].name.lower()
    data["gaps"] = list(result.gaps)
    data["date_basis"] = date_basis(result).text(_lang(result))
    data["freshness"] = freshness(result, max_age_days).text(_lang(result))
    return data


def to_text(result: PlanResult, max_age_days: int = 365) -> str:
    w = WORDS["en" if result.lang == "en" else "es"]
    lines = [w["head"].format(origin=result.origin_name or result.origin,
                              state=result.state_name or result.state,
                              needs=", ".join(result.need_names or result.needs)) + ":",
             date_basis(result).text(_lang(result)),
             freshness(result, max_age_days).text(_lang(result))]
    if not result.plans:
        lines.append("  " + w["none"])
    for plan in result.plans:
        lines.append("\n" + w["plan"].format(rank=plan.rank, n=plan.handoffs,
                                             cost=f"{plan.cost:.2f}"))
        for step in plan.steps:
            flag = f" [{w['cold']}]" if step.cold else ""
            lines.append(f"  {step.order}. {step.explanation}{flag}")
            lines.extend(f"       {w['note']}: {n}" for n in step.notes)
    for u in result.unmet:
        lines.append(f"\n{w['unmet'] if u.confidential else w['gap']}: {u.reason}.")
        for org, why in u.alternatives:
            lines.append(f"  {w['nearest']}: {org} ({why})")
    return "\n".join(lines)
