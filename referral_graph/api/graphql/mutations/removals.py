"""Editors remove a capability, an agreement or an activity: thin over `edits.removals`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from referral_graph.api.graphql.ids import global_id
from referral_graph.api.graphql.mutations.support import answered, guard, one_id, run, version
from referral_graph.api.graphql.types.organization import Organization
from referral_graph.api.graphql.types.removals import (
    DeleteActivityInput,
    DeleteAgreementInput,
    DeletePayload,
    RemoveCapabilityInput,
    RemoveCapabilityPayload,
)
from referral_graph.directory import service as reads
from referral_graph.edits import removals
from referral_graph.edits.guard import WriteGuard
from referral_graph.store.driver import Database

Remove = Callable[..., tuple[str, list[str]]]


def _orgs(info: Info, ids: list[str]) -> list[Organization]:
    found = reads.organizations(info.context.db, ids, see_confidential=True)
    return [Organization.of(found[i]) for i in ids if i in found]


def _remove(info: Info, input: Any, type_name: str, action: Remove
            ) -> tuple[strawberry.ID | None, list[str], dict[str, Any]]:
    ctx = info.context
    target = one_id(input.id, type_name, "id")
    touched: list[str] = []

    def call() -> tuple[str, list[str]]:
        db: Database = ctx.db
        g: WriteGuard = guard(info, version(input))
        removed, orgs = action(db, ctx.caller, target, guard=g)
        touched[:] = orgs
        return removed, orgs

    removed, errors = run(info, call)
    gid = strawberry.ID(global_id(type_name, removed)) if removed is not None else None
    return gid, touched, answered(info, input, errors)


@strawberry.type
class RemovalsMutation:
    @strawberry.mutation(description="Editors: an organization no longer provides a service; "
                                     "its capability (with capacity and coverage) goes. "
                                     "Audited; plans and reports follow at once.")
    def remove_capability(self, info: Info, input: Annotated[
            RemoveCapabilityInput, strawberry.argument(description="The capability.")]
                          ) -> RemoveCapabilityPayload:
        gid, touched, shared = _remove(info, input, "Capability", removals.remove_capability)
        orgs = _orgs(info, touched)
        return RemoveCapabilityPayload(**shared, removed_capability_id=gid,
                                       organization=orgs[0] if orgs else None)

    @strawberry.mutation(description="Editors: delete an agreement recorded in error; its "
                                     "parties lose the tie it made. Audited.")
    def delete_agreement(self, info: Info, input: Annotated[
            DeleteAgreementInput, strawberry.argument(description="The agreement.")]
                         ) -> DeletePayload:
        gid, touched, shared = _remove(info, input, "Agreement", removals.delete_agreement)
        return DeletePayload(**shared, deleted_id=gid, organizations=_orgs(info, touched))

    @strawberry.mutation(description="Editors: delete an activity recorded in error; its "
                                     "participants lose the tie it made. Audited.")
    def delete_activity(self, info: Info, input: Annotated[
            DeleteActivityInput, strawberry.argument(description="The activity.")]
                        ) -> DeletePayload:
        gid, touched, shared = _remove(info, input, "Activity", removals.delete_activity)
        return DeletePayload(**shared, deleted_id=gid, organizations=_orgs(info, touched))
