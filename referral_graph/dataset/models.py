"""Old name of `referral_graph.dataset.model` (docs/structure.md: one spelling per
role), kept only so that branches written before the rename still import; new code
imports `referral_graph.dataset.model`. Remove once no branch in flight uses it."""

from referral_graph.dataset.model import *  # noqa: F403
