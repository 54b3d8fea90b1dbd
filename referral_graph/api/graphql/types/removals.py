"""Inputs and payloads of the editors' removals: a capability, an agreement, an activity."""

from __future__ import annotations

import strawberry

from referral_graph.api.graphql.types.edits import VERSION, MutationInput, MutationPayload
from referral_graph.api.graphql.types.organization import Organization

UNSET = strawberry.UNSET


@strawberry.input(description="The capability to remove, and the version loaded.")
class RemoveCapabilityInput(MutationInput):
    id: strawberry.ID = strawberry.field(description="The capability (global id or slug).")
    expected_version: int | None = strawberry.field(default=UNSET, description=VERSION)


@strawberry.input(description="The agreement to delete, and the version loaded.")
class DeleteAgreementInput(MutationInput):
    id: strawberry.ID = strawberry.field(description="The agreement (global id or slug).")
    expected_version: int | None = strawberry.field(default=UNSET, description=VERSION)


@strawberry.input(description="The activity to delete, and the version loaded.")
class DeleteActivityInput(MutationInput):
    id: strawberry.ID = strawberry.field(description="The activity (global id or slug).")
    expected_version: int | None = strawberry.field(default=UNSET, description=VERSION)


@strawberry.type(description="What removeCapability did.")
class RemoveCapabilityPayload(MutationPayload):
    removed_capability_id: strawberry.ID | None = strawberry.field(
        description="The global id of the capability removed; null when nothing was.")
    organization: Organization | None = strawberry.field(
        description="The organization that provided it, as it is now.")


@strawberry.type(description="What deleteAgreement or deleteActivity did.")
class DeletePayload(MutationPayload):
    deleted_id: strawberry.ID | None = strawberry.field(
        description="The global id of the record deleted; null when nothing was.")
    organizations: list[Organization] = strawberry.field(
        description="The organizations it tied (parties or participants), as they are now.")
