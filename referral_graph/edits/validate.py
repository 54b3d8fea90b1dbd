"""Turn edit input into the data-set records the importer also uses, or field errors.

The same pydantic models that check the seed files check every edit, so an edit can
store nothing a data set could not. Error paths use the API's camelCase names
(``input.activeFrom``), so a form can show each message beside its field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from referral_graph.edits.errors import EditRejected, FieldError
from referral_graph.text import fold

M = TypeVar("M", bound=BaseModel)

MAX_TEXT = 2000


def camel(name: str) -> str:
    """``active_from`` → ``activeFrom``.

    >>> camel("active_from"), camel("name")
    ('activeFrom', 'name')
    """
    head, *rest = name.split("_")
    return head + "".join(w.title() for w in rest)


def path(prefix: str, loc: tuple[Any, ...]) -> str:
    """A pydantic error location as an input path.

    >>> path("input", ("sources", 0))
    'input.sources[0]'
    >>> path("input", ())
    'input'
    """
    out = prefix
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else f".{camel(str(part))}"
    return out


def _message(err: Mapping[str, Any]) -> str:
    msg = str(err["msg"])
    # pydantic's own prefix adds nothing for a person reading a form.
    return re.sub(r"^(Value error|Assertion failed), ", "", msg)


def _params(err: Mapping[str, Any]) -> dict[str, Any] | None:
    """What a message template needs to say a pydantic error in the caller's language
    (`directory.lang_errors`, keys ``user_*``); None: only the English message says it.

    >>> _params({"type": "string_too_long", "ctx": {"max_length": 80}})
    {'key': 'user_too_long', 'limit': 80}
    >>> _params({"type": "literal_error", "ctx": {"expected": "'a' or 'b'"}})
    {'key': 'user_one_of', 'values': "'a' or 'b'"}
    """
    ctx = err.get("ctx") or {}
    kind = err["type"]
    if kind == "string_too_long" and "max_length" in ctx:
        return {"key": "user_too_long", "limit": ctx["max_length"]}
    if kind == "string_too_short" and "min_length" in ctx:
        return {"key": "user_too_short", "limit": ctx["min_length"]}
    if kind in ("literal_error", "enum") and "expected" in ctx:
        return {"key": "user_one_of", "values": ctx["expected"]}
    return None


def parse(model: type[M], data: dict[str, Any], prefix: str = "input") -> M:
    """Validate `data` as `model`; raise EditRejected naming every bad field."""
    errors = [FieldError(path(prefix, (k,)), f"at most {MAX_TEXT} characters",
                         params={"key": "user_too_long", "limit": MAX_TEXT})
              for k, v in data.items() if isinstance(v, str) and len(v) > MAX_TEXT]
    if errors:
        raise EditRejected(errors)
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise EditRejected([FieldError(path(prefix, tuple(err["loc"])), _message(err),
                                       code="REQUIRED" if err["type"] == "missing" else None,
                                       params=_params(err))
                            for err in e.errors()]) from None


def slug(text: str) -> str:
    """An id from a name: ``Casa Hogar "La Esperanza"`` → ``casa-hogar-la-esperanza``.

    >>> slug("Fundación Casa Alianza, I.A.P.")
    'fundacion-casa-alianza-i-a-p'
    """
    return fold(text).replace(" ", "-")[:80].strip("-")
