"""Referral plans: who to refer a victim to, in what order, through which ties, and why."""

from referral_graph.referrals.model import Constraints, PlanResult, ReferralPlan, Step, UnmetNeed
from referral_graph.referrals.planner import plan_referrals

__all__ = ["Constraints", "PlanResult", "ReferralPlan", "Step", "UnmetNeed", "plan_referrals"]
