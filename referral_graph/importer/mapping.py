"""Turn validated data-set records into the nodes and relationships stored in Neo4j.

This is the graph model in code; docs/model.md draws it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from referral_graph.dataset.load import DataSet
from referral_graph.safety.confidential import shelter_label
from referral_graph.text import fold


# NodeRow and RelRow are not frozen dataclasses: a 100,000-organization data set makes
# 3.1 million of them, and a frozen dataclass sets each field through object.__setattr__
# (1.2 µs a row against 0.3): 2.6 s of the import before its first write. Nothing assigns
# to a row's fields after it is made.
@dataclass(slots=True)
class NodeRow:
    label: str
    id: str
    props: dict[str, Any]
    extra_labels: tuple[str, ...] = ()


@dataclass(slots=True)
class RelRow:
    type: str
    start_label: str
    start: str
    end_label: str
    end: str
    props: dict[str, Any] = field(default_factory=dict)
    dataset: str = ""

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.type, self.start_label, self.start, self.end_label, self.end)


@dataclass
class GraphRows:
    nodes: list[NodeRow] = field(default_factory=list)
    rels: list[RelRow] = field(default_factory=list)


# Secondary labels that follow a property (kind); the importer keeps them in step.
EXTRA_LABELS: dict[str, tuple[str, ...]] = {
    "Organization": ("Shelter",),
    "Collaboration": ("TaskForce", "Network"),
}

SUBJECT_LABELS = {
    "organizations": "Organization",
    "activities": "Activity",
    "agreements": "Agreement",
    "collaborations": "Collaboration",
    "legislation": "Legislation",
    "capabilities": "Capability",
}


def _props(record: Any, *exclude: str) -> dict[str, Any]:
    data = record.model_dump(exclude={"id", "sources", *exclude})
    # Most values are already plain: only the others go through _plain (100k organizations'
    # rows spend seconds in it otherwise).
    return {k: v if type(v) in _PLAIN_TYPES else _plain(v) for k, v in data.items()}


_PLAIN_TYPES = frozenset({str, int, float, bool, dt.date, type(None)})


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        if all(type(v) in _PLAIN_TYPES for v in value):
            return value  # model_dump made it: a list of its own
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | str | int | float | bool) or value is None:
        return value
    return str(value)


def to_graph(ds: DataSet) -> GraphRows:
    """The nodes and relationships a data set stands for; pure, no database.

    Every node and relationship carries the data set of the row it comes from (a
    relationship: of its start node's row), so a re-import can tell its own from others'.
    """
    g = GraphRows()
    nodes, rels = g.nodes, g.rels
    # Relationships drawn from another row than their start node's (an organization's
    # capability, membership, agreement, activity) take the organization's data set.
    org_dataset = {row.record.id: row.dataset for row in ds.rows["organizations"]}

    def node(label: str, nid: str, props: dict[str, Any], sources: list[str], dataset: str,
             extra: tuple[str, ...] = ()) -> None:
        props["dataset"] = dataset
        nodes.append(NodeRow(label, nid, props, extra))
        for s in sources:
            rels.append(RelRow("SOURCED_FROM", label, nid, "Source", s, {}, dataset))

    def org_rel(rtype: str, org: str, end_label: str, end: str, props: dict[str, Any]) -> None:
        rels.append(RelRow(rtype, "Organization", org, end_label, end, props,
                           org_dataset[org]))

    for row in ds.rows["sources"]:
        node("Source", row.record.id, _props(row.record), [], row.dataset)
    for row in ds.rows["service_types"]:
        r, d = row.record, row.dataset
        node("ServiceType", r.id, _props(r), r.sources, d)
    for row in ds.rows["states"]:
        r, d = row.record, row.dataset
        node("State", r.code, {**_props(r, "code", "neighbours", "aliases"), "code": r.code},
             r.sources, d)
        for n in r.neighbours:
            if r.code < n:  # one BORDERS per pair; the relation is symmetric
                rels.append(RelRow("BORDERS", "State", r.code, "State", n, {}, d))
    for row in ds.rows["organizations"]:
        r, d = row.record, row.dataset
        props = _props(r)
        props["search_key"] = fold(" ".join(filter(None, [r.name, r.acronym,
                                                          *r.alternate_names])))
        extra = ("Shelter",) if shelter_label(r.kind) else ()
        node("Organization", r.id, props, r.sources, d, extra)
        for s in r.states:
            rels.append(RelRow("OPERATES_IN", "Organization", r.id, "State", s, {}, d))
    for row in ds.rows["capabilities"]:
        r, d = row.record, row.dataset
        node("Capability", r.id, _props(r), r.sources, d)
        org_rel("PROVIDES", r.organization, "Capability", r.id, {})
        rels.append(RelRow("OF_SERVICE", "Capability", r.id, "ServiceType", r.service, {}, d))
        for s in r.covers:
            rels.append(RelRow("COVERS", "Capability", r.id, "State", s, {}, d))
    for row in ds.rows["collaborations"]:
        r, d = row.record, row.dataset
        extra = ("TaskForce",) if r.kind == "task_force" else ("Network",)
        node("Collaboration", r.id, _props(r, "members"), r.sources, d, extra)
        for mb in r.members:
            org_rel("MEMBER_OF", mb.organization, "Collaboration", r.id, {"role": mb.role})
        for s in r.states:
            rels.append(RelRow("IN_STATE", "Collaboration", r.id, "State", s, {}, d))
    for row in ds.rows["agreements"]:
        r, d = row.record, row.dataset
        node("Agreement", r.id, _props(r, "parties"), r.sources, d)
        for p in r.parties:
            org_rel("PARTY_TO", p, "Agreement", r.id, {})
        for s in r.states:
            rels.append(RelRow("IN_STATE", "Agreement", r.id, "State", s, {}, d))
    for row in ds.rows["activities"]:
        r, d = row.record, row.dataset
        node("Activity", r.id, _props(r, "participants"), r.sources, d)
        for p in r.participants:
            org_rel("PARTICIPATED_IN", p, "Activity", r.id, {})
        for s in r.states:
            rels.append(RelRow("IN_STATE", "Activity", r.id, "State", s, {}, d))
    for row in ds.rows["legislation"]:
        r, d = row.record, row.dataset
        node("Legislation", r.id, _props(r), r.sources, d)
        if r.jurisdiction != "MX":
            rels.append(RelRow("APPLIES_TO", "Legislation", r.id, "State", r.jurisdiction,
                               {}, d))
    for row in ds.rows["referrals"]:
        r, d = row.record, row.dataset
        node("Referral", r.id, _props(r, "referred_from", "referred_to"), r.sources, d)
        rels.append(RelRow("REFERRED_FROM", "Referral", r.id, "Organization", r.referred_from,
                           {}, d))
        rels.append(RelRow("REFERRED_TO", "Referral", r.id, "Organization", r.referred_to,
                           {}, d))
    subject_label = {
        rec_id: label
        for kind, label in SUBJECT_LABELS.items()
        for rec_id in (x.id for x in ds.records(kind))
    }
    for kind, label in (("figures", "Figure"), ("statements", "Statement")):
        for row in ds.rows[kind]:
            r, d = row.record, row.dataset
            node(label, r.id, _props(r), r.sources, d)
            rels.append(RelRow("ABOUT", label, r.id, subject_label[r.subject], r.subject,
                               {}, d))
    g.nodes.append(NodeRow("Dataset", ds.name, {
        "title": ds.title, "synthetic": ds.synthetic, "dataset": ds.name,
        "includes": [m.name for m in ds.manifests[:-1]],
    }))
    return g
