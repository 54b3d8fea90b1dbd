"""Each provider's `why`: the kept sentences never mix up two providers' values."""

from __future__ import annotations

import networkx as nx

from referral_graph.directory.lang import Lang
from referral_graph.directory.providers import Provider
from referral_graph.directory.providers_text import why
from referral_graph.network.model import OrgNode, Provision, SourceRef, StateInfo
from referral_graph.referrals.model import Reach

G = nx.Graph(states={"MX-OAX": StateInfo("MX-OAX", "Oaxaca", "Oaxaca"),
                     "MX-CMX": StateInfo("MX-CMX", "Ciudad de México", "Mexico City")})
ORG = OrgNode("a", "A", "ngo", "civil_society", frozenset({"MX-OAX"}))
REPORT = SourceRef("s1", "Quarterly report 2008 Q2", "Shelters", table="Table 3")


def provider(state: str = "MX-CMX", reach: Reach = Reach.OPERATES_IN, distance: int = 0,
             **provision: object) -> Provider:
    fields: dict = {"basis": "stated", "sources": (REPORT,), **provision}
    return Provider(ORG, Provision("p", "a", "legal_aid", **fields), reach, state, distance)


def test_each_value_read_changes_the_sentence() -> None:
    asked = [
        provider(),
        provider(state="MX-OAX"),
        provider(reach=Reach.COVERS),
        provider(reach=Reach.NEIGHBOUR, distance=2),
        provider(basis="mandate", mandate="Ley General, art. 7"),
        provider(basis="mandate", mandate="Ley Orgánica"),
        provider(scope="group", group="Red de refugios"),
        provider(scope="group", group=None),
        provider(sources=()),
    ]
    # Asked twice in both languages, in another order the second time: the kept sentence
    # is the one made from these values, never another provider's or language's.
    first = {(i, lang): why(p, G, lang) for i, p in enumerate(asked) for lang in Lang}
    again = {(i, lang): why(p, G, lang)
             for lang in reversed(Lang) for i, p in reversed(list(enumerate(asked)))}
    assert again == first
    assert len(set(first.values())) == 2 * len(asked)
    en = [first[(i, Lang.EN)] for i in range(len(asked))]
    assert en[0] == ("Works in Mexico City. Stated in a document. "
                     "Source: Quarterly report 2008 Q2, Table 3")
    assert "Oaxaca" in en[1] and "covers" in en[2] and "2 state border(s) away" in en[3]
    assert "Ley General, art. 7" in en[4] and "Ley Orgánica" in en[5]
    assert "«Red de refugios»" in en[6] and "«a group»" in en[7]
    assert "Source:" not in en[8]
    assert first[(0, Lang.ES)] == ("Trabaja en Ciudad de México. Indicado en un documento. "
                                   "Fuente: Quarterly report 2008 Q2, Table 3")
