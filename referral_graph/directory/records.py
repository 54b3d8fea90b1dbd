"""Old name of `referral_graph.directory.model` (docs/structure.md: one spelling per
role), kept only so that branches written before the rename still import; new code
imports `referral_graph.directory.model`. Remove once no branch in flight uses it."""

from referral_graph.directory.model import *  # noqa: F403
