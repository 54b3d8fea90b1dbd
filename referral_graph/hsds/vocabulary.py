"""The taxonomies an export carries: our 15 service types, the Open Eligibility terms our
service types name (`hsds_term`), and the extension attributes (basis, sources, ties ...).

Ids are fixed (name-based UUIDs), so an importer recognises our own terms by id.
"""

from __future__ import annotations

from typing import Any

from referral_graph.directory.lang import Lang
from referral_graph.directory.model import ServiceType
from referral_graph.hsds.ids import hsds_id
from referral_graph.hsds.lang import ATTRIBUTE_TERMS, term_description, term_name, text

SERVICES = hsds_id("taxonomy", "referral-graph-services")
ATTRIBUTES = hsds_id("taxonomy", "referral-graph-attributes")
OPEN_ELIGIBILITY = hsds_id("taxonomy", "open-eligibility")
TAXONOMY_VERSION = "1"


def service_term_id(service: str) -> str:
    return hsds_id("taxonomy_term", f"service/{service}")


def attribute_term_id(code: str) -> str:
    return hsds_id("taxonomy_term", f"attribute/{code}")


def oe_term_id(name: str) -> str:
    return hsds_id("taxonomy_term", f"open-eligibility/{name}")


def taxonomies(lang: Lang, *, open_eligibility: bool) -> list[dict[str, Any]]:
    out = [
        {"id": SERVICES, "name": text("services_taxonomy", lang),
         "description": text("services_taxonomy_description", lang),
         "version": TAXONOMY_VERSION},
        {"id": ATTRIBUTES, "name": text("attributes_taxonomy", lang),
         "description": text("attributes_taxonomy_description", lang),
         "version": TAXONOMY_VERSION},
    ]
    if open_eligibility:
        out.append({"id": OPEN_ELIGIBILITY, "name": text("oe_taxonomy", lang),
                    "description": text("oe_taxonomy_description", lang)})
    return out


def service_term(t: ServiceType, lang: Lang) -> dict[str, Any]:
    es = lang is Lang.ES
    return {"id": service_term_id(t.id), "code": t.id,
            "name": t.name_es if es else t.name_en,
            "description": (t.description_es if es else t.description_en) or t.id,
            "taxonomy": text("services_taxonomy", lang), "language": lang.value,
            "taxonomy_id": SERVICES}


def attribute_term(code: str, lang: Lang) -> dict[str, Any]:
    return {"id": attribute_term_id(code), "code": code, "name": term_name(code, lang),
            "description": term_description(code, lang),
            "taxonomy": text("attributes_taxonomy", lang), "language": lang.value,
            "taxonomy_id": ATTRIBUTES}


def oe_term(name: str, lang: Lang) -> dict[str, Any]:
    return {"id": oe_term_id(name), "name": name,
            "description": text("oe_term_description", lang),
            "taxonomy": text("oe_taxonomy", lang), "taxonomy_id": OPEN_ELIGIBILITY}


def all_attribute_codes() -> list[str]:
    return list(ATTRIBUTE_TERMS)


ATTR_CODES = frozenset(ATTRIBUTE_TERMS)
