"""The SDL against the last released one: every breaking change must be in CHANGELOG.md
(issue 18); and the check itself catches an unlisted break."""

from __future__ import annotations

from pathlib import Path

from referral_graph.api.graphql.compat import breaking_changes, unlisted
from referral_graph.api.graphql.schema import sdl
from referral_graph.config import SCHEMA_DIR

RELEASED = SCHEMA_DIR / "released" / "v1.graphql"
CHANGELOG = Path(__file__).resolve().parents[2] / "CHANGELOG.md"


def test_every_breaking_change_is_in_the_changelog() -> None:
    missing = unlisted(breaking_changes(RELEASED.read_text(), sdl()), CHANGELOG.read_text())
    assert not missing, "breaking changes not named in CHANGELOG.md:\n" + "\n".join(
        f"- `{b.coordinate}`: {b.description}" for b in missing)


def test_an_unlisted_break_fails_the_check() -> None:
    released = RELEASED.read_text()
    # A client's field removed, an argument's type changed: both must be caught.
    current = released.replace("  providerCount: Int!\n", "  providerCount: String!\n", 1).replace(
        "providers(service: String!, state: String!", "providers(service: String!, state: Int!",
        1)
    assert current != released
    found = {b.coordinate for b in unlisted(breaking_changes(released, current), "")}
    assert {"ProviderDirectory.providerCount", "Query.providers(state:)"} <= found
