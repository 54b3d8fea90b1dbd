"""Lean execution (`api/graphql/lean.py`) answers exactly as Strawberry's own path does:
the same data and the same errors, on a small schema with every case the module treats
differently, and on the service over the seeds for the README's and the benchmark's
questions, public and staff."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from enum import Enum
from typing import Any

import pytest
import strawberry
from fastapi.testclient import TestClient
from strawberry.permission import BasePermission
from strawberry.relay import GlobalID
from strawberry.types import Info

import referral_graph.api.app as app_module
import referral_graph.api.graphql.lean as lean_module
from referral_graph.api.app import create_app
from referral_graph.api.graphql.compiled import KIND_NAMES
from referral_graph.api.graphql.lean import LeanExecutor, lean_resolvers
from referral_graph.api.graphql.schema import build_schema
from referral_graph.auth.tokens import Role, create
from referral_graph.config import REPO_ROOT, Settings
from referral_graph.store.driver import Database
from tests.api.test_readme_examples import EXAMPLES

sys.path.insert(0, str(REPO_ROOT / "bench"))
from workloads import SAMPLE_QUERY, sample_from, workloads


@strawberry.enum
class Colour(Enum):
    RED = "red"
    BLUE = "blue"


@strawberry.input
class Filter:
    word: str


class Deny(BasePermission):
    message = "not for you"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return False


@strawberry.type
class Item:
    name: str
    note: str | None
    must: str
    colour: Colour
    when: dt.date

    @strawberry.field
    def greet(self, info: Info, first_word: str = "hola", colour: Colour | None = None) -> str:
        return f"{first_word} {self.name} {colour} {info.field_name} {info.context['who']}"

    @strawberry.field
    @staticmethod
    def of_root(root: Item, loud: bool = False) -> str:
        return root.name.upper() if loud else root.name

    @strawberry.field
    def failing(self) -> str:
        raise ValueError("failed on purpose")

    @strawberry.field
    async def later(self) -> str:
        return "later"

    @strawberry.field
    def by_id(self, ref: GlobalID) -> str:
        return ref.node_id

    @strawberry.field
    def matching(self, f: Filter) -> bool:
        return f.word in self.name

    @strawberry.field
    def maybe_word(self, word: strawberry.Maybe[str] = None) -> str:
        return repr(word)

    @strawberry.field(permission_classes=[Deny])
    def secret(self) -> str:
        return "secret"


class Raising:
    """An object Strawberry reads as an Item whose attribute fails when read."""

    name = "raising"
    note = None
    colour = Colour.RED
    when = dt.date(2008, 6, 1)

    @property
    def must(self) -> str:
        raise RuntimeError("cannot read must")


def _items() -> list[Any]:
    return [Item(name="ana", note=None, must="m", colour=Colour.BLUE, when=dt.date(2009, 3, 1)),
            Item(name="luz", note="n", must=None, colour=Colour.RED,  # type: ignore[arg-type]
                 when=dt.date(2007, 1, 2)),
            Raising()]


@strawberry.interface
class Named:
    name: str


@strawberry.type
class Tag(Named):
    colour: Colour


@strawberry.type
class Box:
    """Plain object fields (no resolver): what `compiled.py` completes itself."""

    label: str
    item: Item
    maybe_item: Item | None
    items: list[Item]
    loose: list[Item | None]
    colours: list[Colour]
    maybe_colours: list[Colour | None] | None
    tag: Tag
    tags: list[Tag]


def _boxes() -> list[Any]:
    good, other, raising = _items()
    tag = Tag(name="t", colour=Colour.RED)
    fine = Box(label="fine", item=good, maybe_item=None, items=[good, other], loose=[None, good],
               colours=[Colour.RED, Colour.BLUE], maybe_colours=None, tag=tag, tags=[tag, tag])
    # Each field wrong in a way graphql-core reports: a null in a non-null list, a value of
    # the wrong type, an attribute that fails, something that is not a list.
    broken = Box(label="broken", item=raising, maybe_item=raising, items=[good, None],
                 loose=[raising, None], colours=[Colour.RED, None],  # type: ignore[list-item]
                 maybe_colours="RED",  # type: ignore[arg-type]
                 tag=good,  # type: ignore[arg-type]
                 tags=(t for t in [tag]))  # type: ignore[arg-type]
    empty = Box(label="empty", item=None, maybe_item=None,  # type: ignore[arg-type]
                items="ab",  # type: ignore[arg-type]
                loose=[], colours=["GREEN"], maybe_colours=[None, Colour.BLUE],  # type: ignore[list-item]
                tag=None, tags=[None])  # type: ignore[arg-type, list-item]
    return [fine, broken, empty]


@strawberry.type
class Query:
    @strawberry.field
    def boxes(self) -> list[Box | None]:
        return _boxes()

    @strawberry.field
    def items(self) -> list[Item]:
        return _items()

    @strawberry.field
    def item(self) -> Item:
        return _items()[0]

    @strawberry.field
    def raising(self) -> Item | None:
        return _items()[2]  # type: ignore[return-value]


def _small(lean: bool) -> strawberry.Schema:
    schema = strawberry.Schema(query=Query,
                               execution_context_class=LeanExecutor if lean else None)
    if lean:
        lean_resolvers(schema)
    return schema


SMALL_QUERIES = [
    "{ item { name note must colour when greet ofRoot(loud: true) } }",
    '{ item { greet(firstWord: "hello", colour: RED) x: greet __typename later } }',
    "{ items { name must } }",
    "{ items { note colour when } }",
    "{ item { failing name } }",
    "{ raising { name must } }",
    '{ item { byId(ref: "SXRlbTox") matching(f: {word: "an"}) } }',
    "{ item { secret } }",
    '{ item { maybeWord(word: "x") z: maybeWord } }',
    "query($w: String!) { item { greet(firstWord: $w) } }",
    "{ boxes { label item { name greet later } maybeItem { name } } }",
    "{ boxes { label item { name must } } }",
    "{ boxes { label maybeItem { name must } } }",
    "{ boxes { label items { name later } } }",
    "{ boxes { label loose { name must } } }",
    "{ boxes { label colours } }",
    "{ boxes { label maybeColours } }",
    "{ boxes { label tag { name colour __typename } } }",
    "{ boxes { label tags { name } } }",
    "{ boxes { label t: tag { ... on Named { name } } tag { colour } } }",
    "{ boxes { label items { ...bits n: name } } } fragment bits on Item { colour ofRoot }",
    "query($w: String!, $yes: Boolean!) { boxes { label items { greet(firstWord: $w) "
    "colour @include(if: $yes) name @skip(if: $yes) failing } } }",
    "{ boxes { label loose { greet(colour: BLUE) failing note } } }",
]


def _shape(result: Any) -> tuple[Any, Any]:
    errors = [(e.message, e.path) for e in result.errors or []]
    return result.data, sorted(errors, key=repr)


@pytest.mark.parametrize("query", SMALL_QUERIES)
def test_the_small_schema_answers_the_same(query: str) -> None:
    async def run(lean: bool) -> Any:
        return await _small(lean).execute(query, variable_values={"w": "buenas", "yes": True},
                                          context_value={"who": "tester"})

    # On a thread of its own: the suite's browser tests leave an event loop running here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        lean = pool.submit(asyncio.run, run(True)).result()
        plain = pool.submit(asyncio.run, run(False)).result()
    assert _shape(lean) == _shape(plain)


def test_plain_fields_are_completed_by_compiled_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled steps are what answers the small schema's objects (else the comparison
    above would compare graphql-core with itself)."""
    seen: dict[str, list[tuple[str, str]]] = {}
    original = lean_module.run_steps

    def recording(ex: Any, steps: Any, parent_type: Any, source: Any, path: Any) -> Any:
        seen[parent_type.name] = [(name, KIND_NAMES[kind]) for kind, name, _, _ in steps]
        return original(ex, steps, parent_type, source, path)

    monkeypatch.setattr(lean_module, "run_steps", recording)
    query = ("{ boxes { __typename label items { name greet later byId(ref: \"SXRlbTox\") } "
             "colours tag { name } } }")
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(asyncio.run, _small(True).execute(
            query, context_value={"who": "tester"})).result()
    assert result.data is not None
    assert seen == {
        "Box": [("__typename", "typename"), ("label", "leaf"), ("items", "object"),
                ("colours", "leaves"), ("tag", "object")],
        "Item": [("name", "leaf"), ("greet", "call"), ("later", "field"), ("byId", "field")],
        "Tag": [("name", "leaf")],
    }


def test_only_fields_whose_arguments_pass_unchanged_are_made_lean() -> None:
    schema = _small(True)
    fields = schema._schema.type_map["Item"].fields  # type: ignore[attr-defined]
    lean = {name for name, f in fields.items() if f.resolve.__name__ == "lean_resolver"}
    assert lean == {"greet", "ofRoot", "failing"}
    plain = {name for name, f in fields.items()
             if "referral_graph.plain_leaf" in (f.extensions or {})}
    assert plain == {"name", "note", "must", "colour", "when"}


# The service over the seeds: every README example and the benchmark's questions.

@pytest.fixture(scope="module")
def plain_client(client: TestClient, database: Database, neo4j_settings: Settings
                 ) -> Iterator[TestClient]:
    """A second app over the same seeded store whose schema executes as Strawberry does."""
    original = app_module.build_schema
    app_module.build_schema = functools.partial(build_schema, lean=False)  # type: ignore[assignment]
    try:
        app = create_app(neo4j_settings, database)
    finally:
        app_module.build_schema = original  # type: ignore[assignment]
    with TestClient(app) as c:
        yield c


def _bodies(client: TestClient) -> list[dict[str, Any]]:
    sample = sample_from(client.post("/graphql", json={"query": SAMPLE_QUERY}).json(), [])
    bodies = list(EXAMPLES)
    for w in workloads(sample):
        if w.mutates:
            continue
        bodies += [w.make(i)[1] for i in range(12)]
    bodies += [
        {"query": '{ dataAge(asOf: "2008-06-01") { asOf dateBasis freshness } }'},
        {"query": "{ organizations(first: 5) { edges { node { name kindLabel(lang: EN) "
                  'reachThrough(asOf: "2008-06-01") { code } __typename } } } }'},
        {"query": '{ providers(service: "legal_aid", state: "MX-OAX") { message(lang: EN) '
                  "providers { why(lang: ES) reachLabel organization { name } } } }"},
        {"query": '{ collaboration(id: "no-such-collaboration") { name } }'},
        {"query": '{ providers(service: "no_such_service", state: "MX-OAX") { message } }'},
    ]
    return bodies


def test_the_service_answers_the_same(client: TestClient, plain_client: TestClient,
                                      database: Database) -> None:
    staff = create(database, Role.STAFF, "lean execution staff")
    bodies = _bodies(client)
    assert len(bodies) > 70
    for headers in ({}, {"Authorization": f"Bearer {staff}"}):
        for body in bodies:
            lean = client.post("/graphql", json=body, headers=headers)
            plain = plain_client.post("/graphql", json=body, headers=headers)
            assert (lean.status_code, lean.json()) == (plain.status_code, plain.json()), body
