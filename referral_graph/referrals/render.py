"""A plan result as plain data (JSON, GraphQL) or as text for the terminal."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from referral_graph.referrals.model import PlanResult


def to_dict(result: PlanResult) -> dict[str, Any]:
    data = asdict(result)
    data["as_of"] = result.as_of.isoformat()
    for plan, src in zip(data["plans"], result.plans, strict=True):
        plan["handoffs"] = src.handoffs
        for step in plan["steps"]:
            step["reach"] = step["reach"].name.lower()
    data["gaps"] = list(result.gaps)
    return data


def to_text(result: PlanResult) -> str:
    lines = [f"Referral plans from {result.origin} in {result.state} for "
             f"{', '.join(result.needs)} (as of {result.as_of.isoformat()}):"]
    if not result.plans:
        lines.append("  No plan: none of the needs can be met in this state.")
    for plan in result.plans:
        lines.append(f"\nPlan {plan.rank}: {plan.handoffs} hand-off(s), cost {plan.cost:.2f}")
        for step in plan.steps:
            flag = " [cold]" if step.cold else ""
            lines.append(f"  {step.order}. {step.explanation}{flag}")
            lines.extend(f"       note: {n}" for n in step.notes)
    for u in result.unmet:
        lines.append(f"\nGap: {u.reason}.")
        for org, why in u.alternatives:
            lines.append(f"  nearest: {org} ({why})")
    return "\n".join(lines)
