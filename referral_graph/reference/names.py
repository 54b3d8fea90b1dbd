"""The reference names of states and services (``seeds/reference``), for code that needs
them without a database: the gap report of a graph whose context carries ids only (a
synthetic network), and the order in which the report lists the services.

>>> state_names()["MX-CMX"], service_names()["legal_aid"]
(('Ciudad de México', 'Mexico City'), ('Asesoría jurídica', 'Legal aid'))
>>> service_ids()[:3]
('medical', 'mental_health', 'legal_aid')
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import yaml

from referral_graph.reference.states import STATES_FILE

SERVICES_FILE = STATES_FILE.with_name("service_types.yaml")


def _rows(path: Any, key: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))[key]
    return rows


@lru_cache(maxsize=1)
def state_names() -> dict[str, tuple[str, str]]:
    """ISO code -> (Spanish name, English name), for the 32 federal entities."""
    return {r["code"]: (r["name_es"], r["name_en"]) for r in _rows(STATES_FILE, "states")}


@lru_cache(maxsize=1)
def service_names() -> dict[str, tuple[str, str]]:
    """Service id -> (Spanish name, English name), in the taxonomy's order."""
    return {r["id"]: (r["name_es"], r["name_en"])
            for r in _rows(SERVICES_FILE, "service_types")}


def service_ids() -> tuple[str, ...]:
    """The taxonomy's services in its order (the order reports list them in)."""
    return tuple(service_names())
