"""An organization read from the projection is what the record path makes of the same facts.

`Organization.of_node` builds the GraphQL object directly from the projection's node (a
directory answer makes one per provider); it must equal what `Organization.of` makes from a
record holding the same fields, with no record kept (the projection holds only part of it).
"""

from __future__ import annotations

import datetime as dt

import pytest

from referral_graph.api.graphql.types.organization import Organization
from referral_graph.directory import model as rec
from referral_graph.network.model import OrgNode

NODES = [
    OrgNode(id="casa-x", name="Casa X", kind="shelter", sector="civil_society"),
    OrgNode(id="pgr", name="Procuraduría General de la República", kind="federal_agency",
            sector="government", states=frozenset({"MX-OAX", "MX-CMX", "MX-CHP"}),
            national=True, acronym="PGR", city="Ciudad de México",
            languages=frozenset({"es", "en", "tzo"}),
            populations=frozenset({"women", "children", "migrants"}),
            active_from=dt.date(2007, 1, 1), active_to=dt.date(2009, 3, 31), synthetic=True),
    OrgNode(id="refugio", name="Refugio", kind="shelter", sector="civil_society",
            states=frozenset({"MX-NLE"}), confidential=True, languages=frozenset(),
            populations=frozenset()),
]


def _through_a_record(o: OrgNode) -> Organization:
    """What `of_node` made before it built the object directly."""
    org = Organization.of(rec.Organization(
        id=o.id, name=o.name, kind=o.kind, sector=o.sector, states=tuple(sorted(o.states)),
        national=o.national, confidential=o.confidential, acronym=o.acronym, city=o.city,
        languages=tuple(sorted(o.languages)) if o.languages is not None else None,
        populations=tuple(sorted(o.populations)) if o.populations is not None else None,
        active_from=o.active_from, active_to=o.active_to, synthetic=o.synthetic))
    org._record = None
    return org


@pytest.mark.parametrize("node", NODES, ids=[n.id for n in NODES])
def test_of_node_equals_the_record_path(node: OrgNode) -> None:
    made, expected = Organization.of_node(node), _through_a_record(node)
    assert made == expected
    # Field by field too (the private ones included), with their types: a tuple where
    # a list was made would still print alike.
    assert vars(made).keys() == vars(expected).keys()
    for name, want in vars(expected).items():
        got = vars(made)[name]
        assert (got, type(got)) == (want, type(want)), name
    assert made.slug == node.id
