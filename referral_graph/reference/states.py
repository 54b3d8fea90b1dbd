"""One way to read a state argument, for every query, command and page.

Users write a state as an ISO 3166-2 code (``MX-OAX``, ``OAX``), by its Spanish or English
name with or without accents ("Querétaro", "queretaro", "State of Mexico"), or by a usual
alias ("CDMX", "DF", "Edomex"). `parse_state` accepts all of these and answers the ISO code;
anything else gets one error wording that names the argument, the same everywhere.

The names and aliases come from `seeds/reference/states.yaml` (field ``aliases``), read once.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import yaml

from referral_graph.config import SEEDS_DIR
from referral_graph.reference.errors import UnknownName
from referral_graph.text import fold

STATES_FILE = SEEDS_DIR / "reference" / "states.yaml"


class StateError(UnknownName):
    """A state argument that names no federal entity; GraphQL reports BAD_USER_INPUT."""

    HINT = "is not a Mexican state; give its name or code, e.g. Oaxaca, OAX or MX-OAX"


@lru_cache(maxsize=4)
def state_index(path: Path = STATES_FILE) -> dict[str, str]:
    """Folded spelling -> ISO code, for every code, name and alias of `path`."""
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))["states"]
    index: dict[str, str] = {}
    for row in rows:
        code = row["code"]
        spellings = [code, code.removeprefix("MX-"), row["name_es"], row["name_en"],
                     *row.get("aliases", ())]
        for s in spellings:
            index[fold(s)] = code
    return index


def parse_state(value: str, argument: str = "state") -> str:
    """The ISO 3166-2 code of the state `value` names, or StateError naming `argument`.

    >>> [parse_state(v) for v in ("OAX", "mx-oax", "Oaxaca", "MX-OAX")]
    ['MX-OAX', 'MX-OAX', 'MX-OAX', 'MX-OAX']
    >>> {parse_state(v) for v in ("CDMX", "DF", "Distrito Federal", "Ciudad de México",
    ...                           "ciudad de mexico", "Mexico City")}
    {'MX-CMX'}
    >>> {parse_state(v) for v in ("Edomex", "Estado de México", "State of Mexico", "MEX")}
    {'MX-MEX'}
    >>> parse_state("Queretaro"), parse_state("nuevo leon"), parse_state("Michoacán")
    ('MX-QUE', 'MX-NLE', 'MX-MIC')
    >>> parse_state("XX", "states")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    referral_graph.reference.states.StateError: states: 'XX' is not a Mexican state; give ...
    """
    code = state_index().get(fold(value or ""))
    if code is None:
        raise StateError(argument, value or "")
    return code


def parse_states(values: Iterable[str], argument: str = "states") -> list[str]:
    """Each of `values` as a code (order kept, repeats dropped); the first bad one fails.

    >>> parse_states(["oax", "Puebla", "MX-OAX"])
    ['MX-OAX', 'MX-PUE']
    """
    return list(dict.fromkeys(parse_state(v, argument) for v in values))
