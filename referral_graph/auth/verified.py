"""Tokens verified at a data version: a request need not look its token up again.

Every authenticated request looked its token up in Neo4j. Right after Neo4j restarts that
lookup is the first statement a request runs, and its plan costs 0.6–0.95 s on the
just-started JVM (docs/reliability.md, "recovery").

A token found valid is kept, by its hash, with what the process then knew of revocations:
the data's epoch and the change number after which it knows of no revoked token (its
projection follows the change log). A revocation is a change of scope `TOKENS`
(`tokens.revoke` records one): the process that revoked forgets what it kept at once, the
others within `Projection.follow_every` (0.25 s), after which the token is looked up again
and refused. Other writes leave the kept tokens alone, so that a stream of writes, and the
first writes after an outage, do not look their tokens up each time. Only tokens found
valid are kept, never a refusal, and none longer than `MAX_AGE` seconds, in case a process
stopped following.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from referral_graph.kept import KeptAt

if TYPE_CHECKING:
    from referral_graph.auth.tokens import Caller

MAX_AGE = 60.0
MAX_ENTRIES = 1024

# Tokens this process found valid, by hash and the version above.
VERIFIED: KeptAt[Caller] = KeptAt(max_entries=MAX_ENTRIES, max_age=MAX_AGE)
