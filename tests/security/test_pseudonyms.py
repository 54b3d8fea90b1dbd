"""Finding 3: public pseudonyms could be traced back.

`confidential-1…N` followed the alphabetical order of the real ids, and the public list of
PROTEJA's agreements showed the sub-grants' masked parties, with their states, in the
order of ids named after the shelters. With the published report's list of shelters,
sorting mapped names to places. Pseudonyms are now a keyed hash (HMAC) of the real id with
the deployment's secret, and public lists order masked items by a keyed hash as well.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from referral_graph.api.app import create_app
from referral_graph.auth.server_secret import SecretError, key_file, load_key
from referral_graph.auth.tokens import Role, create
from referral_graph.config import Settings
from referral_graph.network.public import pseudonyms, public_view, set_key
from referral_graph.network.synthetic import synthetic_network
from referral_graph.store.driver import Database
from tests.api.helpers import data

KEY = b"test-key-" * 4
OTHER = b"other-key" * 4


def _aliases(n: int, key: bytes, seed: int = 7) -> dict[str, str]:
    G = synthetic_network(n, seed=seed)
    set_key(G, key)
    return pseudonyms(G)


def test_pseudonyms_do_not_follow_the_real_ids() -> None:
    G = synthetic_network(300, seed=7)
    set_key(G, KEY)
    P = public_view(G)
    of = pseudonyms(G)
    back = {a: oid for oid, a in of.items()}
    assert len(of) >= 20
    assert not any(re.fullmatch(r"confidential-\d+", a) for a in of.values())
    in_view = [back[n] for n in P if n in back]  # the order a caller iterating the view sees
    by_pseudonym = [back[a] for a in sorted(back)]  # the order public lists sort by
    for order in (in_view, by_pseudonym):
        assert order != sorted(order)
        assert order != [n for n in G if n in of]  # nor the order they were created in


def test_pseudonyms_are_stable_with_the_same_secret_and_differ_with_another() -> None:
    first, again, other = _aliases(200, KEY), _aliases(200, KEY), _aliases(200, OTHER)
    assert first == again  # a restart with the same secret: the same public ids
    assert first.keys() == other.keys()
    assert not set(first.values()) & set(other.values())


def test_the_secret_is_made_once_with_mode_0600(tmp_path: Path) -> None:
    settings = Settings.from_env({"REFERRAL_GRAPH_STATE": str(tmp_path / "state"),
                                  "HOME": str(tmp_path)})
    key = load_key(settings)
    path = key_file(settings)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert load_key(settings) == key and len(key) >= 32  # read back after a restart
    shared = settings.replace(pseudonym_secret="s" * 40)
    assert load_key(shared) == b"s" * 40  # several processes share one from the environment
    with pytest.raises(SecretError, match="at least 32"):
        load_key(settings.replace(pseudonym_secret="short"))
    assert "ssss" not in repr(shared)


CELLS = ('{ coverageReport(states: ["MX-CMX"], serviceTypes: ["shelter"]) '
         "{ cells { providerIds } } }")
AGREEMENTS = '{ organization(id: "proteja") { agreements { id: slug states { code } } } }'


def _app(settings: Settings, db: Database, secret: str) -> TestClient:
    return TestClient(create_app(settings.replace(pseudonym_secret=secret), db))


def test_public_answers_use_the_deployments_pseudonyms(seeded_module: Database,
                                                       neo4j_settings: Settings) -> None:
    def ids(secret: str) -> list[str]:
        with _app(neo4j_settings, seeded_module, secret) as c:
            cells = data(c, CELLS)["coverageReport"]["cells"]
        return [p for cell in cells for p in cell["providerIds"] if p.startswith("confid")]

    first = ids("x" * 40)
    assert len(first) == 2  # Casa Alianza and Casa de las Mercedes, in Mexico City
    assert ids("x" * 40) == first and not set(ids("y" * 40)) & set(first)
    assert first == sorted(first)  # listed by pseudonym, not by real id


def test_public_agreement_lists_do_not_follow_the_ids(seeded_module: Database,
                                                      neo4j_settings: Settings) -> None:
    staff = create(seeded_module, Role.STAFF, "order test")
    with _app(neo4j_settings, seeded_module, "x" * 40) as c:
        real = data(c, AGREEMENTS, token=staff)["organization"]["agreements"]
        public = data(c, AGREEMENTS)["organization"]["agreements"]
    shelters = {a["id"] for a in real if a["id"].startswith(("subgrant-", "grant-casa"))}
    assert len(shelters) == 6 and len(public) == len(real)
    masked = [a for a in public if "[confidential]" in a["id"]]
    assert len(masked) == 6
    states = [[s["code"] for s in a["states"]] for a in real if a["id"] in shelters]
    assert [[s["code"] for s in a["states"]] for a in masked] != states
