"""GraphQL `node(id:)` and `nodes(ids:)`: any record by its global id (Relay).

Each type resolves a batch of slugs through the reads the rest of the API uses, so a record
the caller may not see (a confidential organization, its capabilities and memberships for a
public caller; referrals, audit events and tokens below their roles) is `null` exactly like
an unknown id: same answer, same path through the store, no error that tells them apart. A
value that is not a global id, or names a type without records, is `null` too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import strawberry
from strawberry import relay
from strawberry.types import Info

from referral_graph.api.graphql.errors import InputError
from referral_graph.api.graphql.ids import decode
from referral_graph.api.graphql.types.audit import ApiToken, AuditEvent
from referral_graph.api.graphql.types.common import Source
from referral_graph.api.graphql.types.documented import (
    Activity,
    Conflict,
    ConflictSide,
    Figure,
    agreement_of,
)
from referral_graph.api.graphql.types.organization import (
    Capability,
    Collaboration,
    Membership,
    Organization,
)
from referral_graph.api.graphql.types.reference import Legislation, ServiceType, State
from referral_graph.api.graphql.types.referral import Referral
from referral_graph.auth import tokens
from referral_graph.auth.tokens import Role
from referral_graph.directory import by_id
from referral_graph.directory import documented as doc
from referral_graph.store.values import native_date

MAX_NODES = 100  # ids per `nodes` call: also the size the cost limit counts

Resolve = Callable[[Info, list[str]], Awaitable[list[Any]]]
K = TypeVar("K")
R = TypeVar("R")


def _in_order(keys: Sequence[K], found: Mapping[K, R], wrap: Callable[[R], Any]) -> list[Any]:
    """One answer per asked key, in the order asked: `wrap(record)`, or None when the read
    found nothing the caller may see under that key (hidden and unknown alike)."""
    return [wrap(found[k]) if k in found else None for k in keys]


def _by_id(records: Iterable[Any]) -> dict[str, Any]:
    return {r.id: r for r in records}


async def _organizations(info: Info, slugs: list[str]) -> list[Any]:
    return [Organization.maybe(o) for o in
            await info.context.loaders.organization.load_many(slugs)]


async def _collaborations(info: Info, slugs: list[str]) -> list[Any]:
    found = await info.context.loaders.collaboration.load_many(slugs)
    return [Collaboration.of(c) if c else None for c in found]


async def _states(info: Info, slugs: list[str]) -> list[Any]:
    found = await info.context.loaders.state.load_many(slugs)
    return [State.of(s) if s else None for s in found]


async def _services(info: Info, slugs: list[str]) -> list[Any]:
    found = await info.context.loaders.service.load_many(slugs)
    return [ServiceType.of(t) if t else None for t in found]


async def _capabilities(info: Info, slugs: list[str]) -> list[Any]:
    ctx = info.context
    found = by_id.capabilities(ctx.db, slugs, see_confidential=ctx.see_confidential)
    return _in_order(slugs, found, Capability.of)


async def _memberships(info: Info, slugs: list[str]) -> list[Any]:
    ctx = info.context
    pairs = [(c, o) for c, _, o in (s.partition(":") for s in slugs)]
    found = by_id.memberships(ctx.db, pairs, see_confidential=ctx.see_confidential)
    return _in_order(pairs, found, Membership.of)


async def _agreements(info: Info, slugs: list[str]) -> list[Any]:
    ctx = info.context
    found = _by_id(doc.agreements(ctx.db, see_confidential=ctx.see_confidential, ids=slugs))
    return _in_order(slugs, found, agreement_of)


async def _activities(info: Info, slugs: list[str]) -> list[Any]:
    ctx = info.context
    found = _by_id(doc.activities(ctx.db, see_confidential=ctx.see_confidential, ids=slugs))
    return _in_order(slugs, found, Activity.of)


async def _figures(info: Info, slugs: list[str]) -> list[Any]:
    # A figure about a confidential organization is listed to everyone with its subject
    # hidden (as `figures` lists it); `Subject.of` hides it the same way here.
    ctx = info.context
    found = _by_id(doc.figures(ctx.db, see_confidential=ctx.see_confidential, ids=slugs))
    return _in_order(slugs, found, Figure.of)


async def _conflicts(info: Info, slugs: list[str]) -> list[Any]:
    ctx = info.context
    found = _by_id(doc.conflicts(ctx.db, see_confidential=ctx.see_confidential, ids=slugs))
    return _in_order(slugs, found, Conflict.of)


async def _conflict_sides(info: Info, slugs: list[str]) -> list[Any]:
    ctx = info.context
    found = doc.conflicts(ctx.db, see_confidential=ctx.see_confidential, statements=slugs)
    sides: dict[str, ConflictSide] = {}
    for c in found:
        for s in slugs:
            side = Conflict.side_of(c, s)
            if side is not None:
                sides[s] = side
    return [sides.get(s) for s in slugs]


async def _legislation(info: Info, slugs: list[str]) -> list[Any]:
    found = by_id.legislation(info.context.db, slugs)
    return _in_order(slugs, found, Legislation.of)


async def _sources(info: Info, slugs: list[str]) -> list[Any]:
    found = by_id.sources(info.context.db, slugs)
    return _in_order(slugs, found, Source.of)


async def _referrals(info: Info, slugs: list[str]) -> list[Any]:
    # Referrals are staff's records (recordReferral): null to anyone else, as unknown.
    if not info.context.caller.can(Role.STAFF):
        return [None] * len(slugs)
    found = by_id.referrals(info.context.db, slugs)
    return _in_order(slugs, found, _referral)


def _referral(r: dict[str, Any]) -> Referral | None:
    day = native_date(r["date"])
    if day is None:  # every recorded referral has its date; a row without one is no answer
        return None
    return Referral(id=r["id"], date=day, outcome=r["outcome"], _from=r["from_organization"],
                    _to=r["to_organization"], _needs=tuple(sorted(r["needs"] or ())))


async def _audit_events(info: Info, slugs: list[str]) -> list[Any]:
    caller = info.context.caller
    if not caller.can(Role.EDITOR):
        return [None] * len(slugs)
    found = by_id.audit_events(info.context.db, slugs, tokens=caller.can(Role.ADMIN))
    return _in_order(slugs, found, AuditEvent.of)


async def _tokens(info: Info, slugs: list[str]) -> list[Any]:
    if not info.context.caller.can(Role.ADMIN):
        return [None] * len(slugs)
    found = {t["id"]: t for t in tokens.list_tokens(info.context.db)}
    return _in_order(slugs, found, ApiToken.of)


RESOLVERS: dict[str, Resolve] = {
    "Organization": _organizations, "Collaboration": _collaborations, "State": _states,
    "ServiceType": _services, "Capability": _capabilities, "Membership": _memberships,
    "Agreement": _agreements, "Activity": _activities, "Source": _sources,
    "AuditEvent": _audit_events, "ApiToken": _tokens, "Referral": _referrals,
    "Legislation": _legislation, "Figure": _figures, "Conflict": _conflicts,
    "ConflictSide": _conflict_sides,
}


async def resolve_nodes(info: Info, ids: Sequence[str]) -> list[Any]:
    """The record each global id names, or None; one batch per type."""
    decoded = [decode(i) for i in ids]
    wanted: dict[str, list[str]] = {}
    for d in decoded:
        if d is not None and d[0] in RESOLVERS:
            wanted.setdefault(d[0], []).append(d[1])
    found: dict[tuple[str, str], Any] = {}
    for type_name, slugs in wanted.items():
        unique = list(dict.fromkeys(slugs))
        for slug, obj in zip(unique, await RESOLVERS[type_name](info, unique), strict=True):
            found[type_name, slug] = obj
    return [found.get(d) if d is not None else None for d in decoded]


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Any record by its global id (the `id` of every type). "
                                  "Null when no record has it or the caller may not see it: "
                                  "the two look the same.")
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        return (await resolve_nodes(info, [str(id)]))[0]

    @strawberry.field(description=f"Records by their global ids, in the order asked; null "
                                  f"where `node` would be. At most {MAX_NODES} ids.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[relay.Node | None]:
        if len(ids) > MAX_NODES:
            raise InputError("at_most", "ids", high=MAX_NODES)
        return await resolve_nodes(info, [str(i) for i in ids])
