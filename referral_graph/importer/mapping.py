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


@dataclass(frozen=True, slots=True)
class NodeRow:
    label: str
    id: str
    props: dict[str, Any]
    extra_labels: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
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

KIND_LABELS = {
    "sources": "Source",
    "service_types": "ServiceType",
    "states": "State",
    "organizations": "Organization",
    "capabilities": "Capability",
    "collaborations": "Collaboration",
    "agreements": "Agreement",
    "activities": "Activity",
    "legislation": "Legislation",
    "figures": "Figure",
    "statements": "Statement",
    "referrals": "Referral",
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
    return {k: _plain(v) for k, v in data.items()}


def _plain(value: Any) -> Any:
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date | str | int | float | bool) or value is None:
        return value
    return str(value)


def to_graph(ds: DataSet) -> GraphRows:
    """The nodes and relationships a data set stands for; pure, no database."""
    g = GraphRows()

    def node(label: str, nid: str, props: dict[str, Any], sources: list[str],
             extra: tuple[str, ...] = ()) -> None:
        g.nodes.append(NodeRow(label, nid, props, extra))
        for s in sources:
            g.rels.append(RelRow("SOURCED_FROM", label, nid, "Source", s))

    for r in ds.records("sources"):
        node("Source", r.id, _props(r), [])
    for r in ds.records("service_types"):
        node("ServiceType", r.id, _props(r), r.sources)
    for r in ds.records("states"):
        node("State", r.code, {**_props(r, "code", "neighbours", "aliases"), "code": r.code},
             r.sources)
        for n in r.neighbours:
            if r.code < n:  # one BORDERS per pair; the relation is symmetric
                g.rels.append(RelRow("BORDERS", "State", r.code, "State", n))
    for r in ds.records("organizations"):
        props = _props(r)
        props["search_key"] = fold(" ".join(filter(None, [r.name, r.acronym,
                                                          *r.alternate_names])))
        extra = ("Shelter",) if shelter_label(r.kind) else ()
        node("Organization", r.id, props, r.sources, extra)
        for s in r.states:
            g.rels.append(RelRow("OPERATES_IN", "Organization", r.id, "State", s))
    for r in ds.records("capabilities"):
        node("Capability", r.id, _props(r), r.sources)
        g.rels.append(RelRow("PROVIDES", "Organization", r.organization, "Capability", r.id))
        g.rels.append(RelRow("OF_SERVICE", "Capability", r.id, "ServiceType", r.service))
        for s in r.covers:
            g.rels.append(RelRow("COVERS", "Capability", r.id, "State", s))
    for r in ds.records("collaborations"):
        extra = ("TaskForce",) if r.kind == "task_force" else ("Network",)
        node("Collaboration", r.id, _props(r, "members"), r.sources, extra)
        for mb in r.members:
            g.rels.append(RelRow("MEMBER_OF", "Organization", mb.organization, "Collaboration",
                                 r.id, {"role": mb.role}))
        for s in r.states:
            g.rels.append(RelRow("IN_STATE", "Collaboration", r.id, "State", s))
    for r in ds.records("agreements"):
        node("Agreement", r.id, _props(r, "parties"), r.sources)
        for p in r.parties:
            g.rels.append(RelRow("PARTY_TO", "Organization", p, "Agreement", r.id))
        for s in r.states:
            g.rels.append(RelRow("IN_STATE", "Agreement", r.id, "State", s))
    for r in ds.records("activities"):
        node("Activity", r.id, _props(r, "participants"), r.sources)
        for p in r.participants:
            g.rels.append(RelRow("PARTICIPATED_IN", "Organization", p, "Activity", r.id))
        for s in r.states:
            g.rels.append(RelRow("IN_STATE", "Activity", r.id, "State", s))
    for r in ds.records("legislation"):
        node("Legislation", r.id, _props(r), r.sources)
        if r.jurisdiction != "MX":
            g.rels.append(RelRow("APPLIES_TO", "Legislation", r.id, "State", r.jurisdiction))
    for r in ds.records("referrals"):
        node("Referral", r.id, _props(r, "referred_from", "referred_to"), r.sources)
        g.rels.append(RelRow("REFERRED_FROM", "Referral", r.id, "Organization", r.referred_from))
        g.rels.append(RelRow("REFERRED_TO", "Referral", r.id, "Organization", r.referred_to))
    subject_label = {
        rec_id: label
        for kind, label in SUBJECT_LABELS.items()
        for rec_id in (x.id for x in ds.records(kind))
    }
    for kind, label in (("figures", "Figure"), ("statements", "Statement")):
        for r in ds.records(kind):
            node(label, r.id, _props(r), r.sources)
            g.rels.append(RelRow("ABOUT", label, r.id, subject_label[r.subject], r.subject))
    origin = {
        (label, getattr(row.record, "code", None) or row.record.id): row.dataset
        for kind, label in KIND_LABELS.items()
        for row in ds.rows[kind]
    }
    for n in g.nodes:
        n.props["dataset"] = origin[(n.label, n.id)]
    g.rels = [
        RelRow(r.type, r.start_label, r.start, r.end_label, r.end, r.props,
               origin[(r.start_label, r.start)])
        for r in g.rels
    ]
    g.nodes.append(NodeRow("Dataset", ds.name, {
        "title": ds.title, "synthetic": ds.synthetic, "dataset": ds.name,
        "includes": [m.name for m in ds.manifests[:-1]],
    }))
    return g
