"""The problems a mutation reports with its input: `UserError` (a path into the input, a
message in the request's language, a `UserErrorCode`) and the deprecated `FieldError`.

Apart from the inputs and payloads (`types.edits`): these turn the domain's field errors
(`edits.errors.FieldError`) into what a client reads, whatever the mutation.
"""

from __future__ import annotations

import re
from enum import Enum

import strawberry

from referral_graph.directory.lang import Lang
from referral_graph.directory.lang_errors import ERRORS
from referral_graph.edits import errors as domain
from referral_graph.edits.guard import KEY_FIELD


@strawberry.enum(description="What kind of problem a `UserError` is, for a client to act on "
                             "without reading the message.")
class UserErrorCode(Enum):
    INVALID = strawberry.enum_value(
        "INVALID", description="The value is not one this field takes (format, range, "
                               "length, a closed set); the message says why.")
    REQUIRED = strawberry.enum_value("REQUIRED", description="The field must be given.")
    NOT_FOUND = strawberry.enum_value(
        "NOT_FOUND", description="It names a record that does not exist (or that this "
                                 "caller may not see).")
    TAKEN = strawberry.enum_value(
        "TAKEN", description="The id is already used by another record of the type.")
    CONFLICT = strawberry.enum_value(
        "CONFLICT", description="The record changed after it was loaded (`expectedVersion` "
                                "is stale): load it again and redo the change.")
    FORBIDDEN_VALUE = strawberry.enum_value(
        "FORBIDDEN_VALUE", description="A value the safety rules refuse (e.g. a shelter "
                                       "made public without a source saying so).")


@strawberry.type(description="One problem with a mutation's input; nothing was written.")
class UserError:
    path: list[str] = strawberry.field(description=(
        "Where in the request: input fields and list positions, e.g. "
        "[\"input\", \"parties\", \"1\"]; [\"Idempotency-Key\"] for the header."))
    message: str = strawberry.field(description="What is wrong, in the request's language.")
    code: UserErrorCode = strawberry.field(description="What kind of problem it is.")


@strawberry.type(description="Deprecated: see `UserError`. One problem with the input; "
                             "`field` is its dotted path.")
class FieldError:
    field: str = strawberry.field(description="The input field, as a dotted path "
                                              "(input.sources[0]).")
    message: str = strawberry.field(description="What is wrong.")
    code: str | None = strawberry.field(
        default=None, description="CONFLICT when the record changed after it was loaded.")


def error_path(field: str) -> list[str]:
    """A domain error's dotted field as a path from the mutation's argument.

    >>> error_path("input.sources[1]"), error_path("expectedVersion")
    (['input', 'sources', '1'], ['input', 'expectedVersion'])
    >>> error_path("Idempotency-Key")
    ['Idempotency-Key']
    """
    if field == KEY_FIELD:
        return [field]
    parts = re.findall(r"[^.\[\]]+", field)
    return parts if parts[:1] == ["input"] else ["input", *parts]


def _code(code: str | None) -> UserErrorCode:
    return UserErrorCode.__members__.get(code or "", UserErrorCode.INVALID)


def _message(e: domain.FieldError, code: UserErrorCode, lang: Lang) -> str:
    """The message in `lang` from its template when the error names what the template
    needs; otherwise the domain's own words."""
    params = dict(e.params or {})
    key = str(params.pop("key", f"user_{code.name.lower()}"))
    if key not in ERRORS or (e.params is None and code is not UserErrorCode.REQUIRED):
        return e.message
    es, en = ERRORS[key]
    try:
        return (es if lang is Lang.ES else en).format(**params)
    except (KeyError, IndexError):
        return e.message


def user_errors(errors: list[domain.FieldError], lang: Lang) -> list[UserError]:
    out = []
    for e in errors:
        code = _code(e.code)
        out.append(UserError(path=error_path(e.field), message=_message(e, code, lang),
                             code=code))
    return out


def field_errors(errors: list[domain.FieldError]) -> list[FieldError]:
    return [FieldError(field=x.field, message=x.message, code=x.code) for x in errors]
