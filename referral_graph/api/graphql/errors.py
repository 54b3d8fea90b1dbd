"""Every GraphQL error carries `extensions.code`, and its message in the caller's language.

The codes (listed in the README):

- ``GRAPHQL_PARSE_FAILED``: the query is not GraphQL;
- ``GRAPHQL_VALIDATION_FAILED``: it does not fit the schema (an unknown field…);
- ``BAD_USER_INPUT``: an argument's value is refused — an enum value that does not exist,
  a state that is not one, a missing required argument, a bad variable, or a value the
  domain refuses; ``extensions.argument`` names the argument (a path such as
  ``input.parties[1]`` inside an input object), ``extensions.variable`` the variable;
- ``UNAUTHENTICATED``, ``FORBIDDEN``, ``NOT_FOUND``, ``CONFLICT``, ``QUERY_TOO_COMPLEX``,
  ``RATE_LIMITED``, ``DATABASE_UNAVAILABLE``: set where they arise;
- ``INTERNAL_SERVER_ERROR``: anything else, with a message that says nothing of the cause
  (logged on the server; shown only with ``REFERRAL_GRAPH_DEBUG=1``).

Each kind of error has one template (`referral_graph.directory.lang_errors`). An error
raised here names its template (`InputError`); an error GraphQL or the domain raised in
English is recognised by its wording (`PATTERNS`) and written again from the template in
the request's language (Accept-Language; Spanish by default).

Over 400 lines for one reason: recognising graphql-core's own English errors (the pattern
table), finding the argument an error is about (walking the document and the variables)
and rewriting it are one concern, and split apart each piece would need the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    GraphQLSyntaxError,
    ListValueNode,
    Node,
    ObjectValueNode,
    VariableNode,
)
from strawberry.extensions import SchemaExtension

from referral_graph.api.graphql.limits import clip
from referral_graph.directory.lang import Lang
from referral_graph.directory.lang_errors import ERRORS
from referral_graph.reference.services import ServiceError
from referral_graph.reference.states import StateError

PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
BAD_USER_INPUT = "BAD_USER_INPUT"
INTERNAL = "INTERNAL_SERVER_ERROR"
CODES = (PARSE_FAILED, VALIDATION_FAILED, BAD_USER_INPUT, "UNAUTHENTICATED", "FORBIDDEN",
         "NOT_FOUND", "CONFLICT", "QUERY_TOO_COMPLEX", "RATE_LIMITED", "DATABASE_UNAVAILABLE",
         INTERNAL)


def render(key: str, lang: Lang, **params: Any) -> str:
    """The message of one kind of error, in `lang`.

    >>> render("between", Lang.ES, argument="first", low=1, high=100)
    'first: debe estar entre 1 y 100'
    """
    es, en = ERRORS[key]
    text = es if lang is Lang.ES else en
    try:
        return text.format(**params)
    except (KeyError, IndexError):  # a template asks for what this error lacks
        return en if lang is Lang.ES and en != text else text


class InputError(ValueError):
    """A refused argument value, raised by the GraphQL layer: code BAD_USER_INPUT."""

    def __init__(self, key: str, argument: str | None = None, **params: Any) -> None:
        self.key = key
        self.argument = argument
        self.params = {"argument": argument, **params}
        super().__init__(render(key, Lang.EN, **self.params))
        self.extensions: dict[str, Any] = {"code": BAD_USER_INPUT}
        if argument is not None:
            self.extensions["argument"] = argument

    def message(self, lang: Lang) -> str:
        return render(self.key, lang, **self.params)


class ScalarRefused(ValueError):
    """A custom scalar's refusal of a value (`api/graphql/scalars.py`): the scalar does not
    know which argument it is parsing, so the shaping names it from the query."""

    def __init__(self, key: str, value: Any) -> None:
        self.key = key
        self.value = value if isinstance(value, str) else repr(value)
        super().__init__(render(key, Lang.EN, argument="value", value=self.value[:40]))


def _refused(error: BaseException | None) -> ScalarRefused | None:
    while error is not None and not isinstance(error, ScalarRefused):
        error = getattr(error, "original_error", None) or error.__cause__
    return error


class NotFound(InputError):
    """A record named by an argument does not exist (or is hidden: alike): NOT_FOUND."""

    def __init__(self, argument: str, value: str, type_: str) -> None:
        super().__init__("unknown_record", argument, value=value, type=type_)
        self.extensions["code"] = "NOT_FOUND"


# What GraphQL and the domain write in English, recognised: (pattern, template, code).
# A code of None keeps what the error has (or the phase gives).
_A = r"(?P<argument>[\w.$\[\]]+)"
PATTERNS: list[tuple[re.Pattern[str], str, str | None]] = [(re.compile(p), k, c) for p, k, c in [
    (r"^Syntax Error: (?P<detail>.*)$", "parse_failed", PARSE_FAILED),
    (r"^Cannot query field '(?P<field>[^']+)' on type '(?P<type>[^']+)'\.", "unknown_field",
     None),
    (r"^Unknown argument '(?P<argument>[^']+)' on field '(?P<field>[^']+)'\.",
     "unknown_argument", None),
    (r"^Unknown type '(?P<type>[^']+)'\.", "unknown_type", None),
    (r"^Field '(?P<field>[^']+)' of type '(?P<type>[^']+)' must have a selection of "
     r"subfields\.", "needs_subfields", None),
    (r"^Field '(?P<field>[^']+)' must not have a selection since type '(?P<type>[^']+)' has "
     r"no subfields\.", "no_subfields", None),
    (r"^Field '(?P<field>[^']+)' argument '(?P<argument>[^']+)' of type '(?P<type>[^']+)' is "
     r"required, but it was not provided\.", "required_argument", BAD_USER_INPUT),
    (r"^Argument '(?P<field>[^'(]+)\((?P<argument>\w+):\)' of type '(?P<type>[^']+)' is "
     r"required, but it was not provided\.", "required_argument", BAD_USER_INPUT),
    (r"^Variable '\$(?P<variable>\w+)' of required type '(?P<type>[^']+)' was not "
     r"provided\.", "variable_missing", BAD_USER_INPUT),
    (r"^Value '(?P<value>[^']*)' does not exist in '(?P<type>\w+)' enum\.", "bad_enum",
     BAD_USER_INPUT),
    (r"^Enum '(?P<type>\w+)' cannot represent non-enum value: (?P<value>.+?)\.", "bad_enum",
     BAD_USER_INPUT),
    (r"^(?P<type>Int|Float|String|Boolean|ID) cannot represent [^:]*: (?P<value>.+)$",
     "bad_type", BAD_USER_INPUT),
    (r"^Expected value of type '(?P<type>[^']+)' to include required field "
     r"'(?P<field>[^']+)'", "required_field", BAD_USER_INPUT),
    (r"^Expected value of type '(?P<type>[^']+)', but encountered error", "bad_value",
     BAD_USER_INPUT),
    (r"^Expected (a )?value of (non-null )?type '(?P<type>[^']+)'(, found (?P<value>.+?))?"
     r"( to be provided)?\.?$", "bad_type", BAD_USER_INPUT),
    (r"^Unknown operation named '(?P<operation>[^']+)'\.", "unknown_operation",
     BAD_USER_INPUT),
    # the domain's own wording: "<argument>: <what is wrong>"
    (_A + r": unknown organization '(?P<value>.*)'$", "unknown_organization", None),
    (_A + r": unknown task force or network '(?P<value>.*)'$", "unknown_collaboration",
     None),
    (_A + r": unknown organization\(s\) (?P<value>.*)$", "unknown_organizations", None),
    (_A + r": unknown service type(\(s\))? '?(?P<value>.*?)'?$", "unknown_services", None),
    (_A + r": unknown state(\(s\))? '?(?P<value>.*?)'?$", "unknown_states", None),
    (_A + r": must be between (?P<low>-?\d+) and (?P<high>-?\d+)$", "between", None),
    (_A + r": at most (?P<high>\d+) characters$", "too_long", None),
    (_A + r": at most (?P<high>\d+)( at once)?$", "at_most", None),
    (_A + r": give at least one( need)?$", "at_least_one", None),
    (_A + r": not a cursor this service issued$", "not_a_cursor", None),
    (_A + r": is before (?P<other>\w+)$", "before_start", None),
    (_A + r": is in the future$", "in_future", None),
    (_A + r": must differ from (?P<other>\w+)$", "must_differ", None),
    (_A + r": '(?P<value>.*)' is already used; give another id or update it$", "id_taken",
     None),
    (_A + r": '(?P<value>.*)' is not a member of '(?P<other>.*)'$", "not_a_member", None),
    (_A + r": more than (?P<high>\d+) organizations", "too_many_to_draw", None),
    (_A + r": give an organization, a collaboration or a state$", "start_needed", None),
    (_A + r": '(?P<value>.*)' is not a Mexican state", "not_a_state", None),
    (_A + r": (Field required|field required)$", "required_field", None),
    (r"^(?P<action>\w+): needs the (?P<role>\w+) role \(you are (?P<current>\w+)\)$",
     "forbidden", None),
]]
_SUGGESTION = re.compile(r"Did you mean (?P<names>[^?]*)\?")


def recognise(message: str) -> tuple[str, str | None, dict[str, str]] | None:
    """The template, code and parameters of an English message, if it is a known kind.

    >>> recognise("Value 'BOGUS' does not exist in 'OrganizationKind' enum.")[:2]
    ('bad_enum', 'BAD_USER_INPUT')
    >>> recognise("around: unknown organization 'x'")
    ('unknown_organization', None, {'argument': 'around', 'value': 'x'})
    """
    for pattern, key, code in PATTERNS:
        m = pattern.search(message)
        if m:
            return key, code, {k: v for k, v in m.groupdict().items() if v is not None}
    return None


# --- where in the query an error is ------------------------------------------------------

def _walk(value: Any, path: str, target: Node) -> str | None:
    """The path of `target` inside an argument's value, or None when it is not there."""
    if value is target:
        return path
    if isinstance(value, ObjectValueNode):
        for f in value.fields:
            inner = f"{path}.{f.name.value}"
            found = inner if f is target else _walk(f.value, inner, target)
            if found is not None:
                return found
    elif isinstance(value, ListValueNode):
        for i, v in enumerate(value.values):
            found = _walk(v, f"{path}[{i}]", target)
            if found is not None:
                return found
    return None


def _arguments(document: DocumentNode) -> Iterator[ArgumentNode]:
    stack: list[Any] = list(document.definitions)
    while stack:
        node = stack.pop()
        yield from getattr(node, "arguments", None) or ()
        stack.extend(getattr(node, "directives", None) or ())
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            stack.extend(selection_set.selections)


def argument_at(document: DocumentNode | None, node: Node) -> str | None:
    """The path of the argument value `node` is in: ``kind``, ``input.parties[1]``."""
    if document is None:
        return None
    for arg in _arguments(document):
        if arg is node:
            return arg.name.value
        found = _walk(arg.value, arg.name.value, node)
        if found is not None:
            return found
    return None


def arguments_fed(document: DocumentNode | None, variable: str) -> list[str]:
    """The argument paths a variable is given to."""
    if document is None:
        return []
    out = []
    for arg in _arguments(document):
        stack: list[tuple[Any, str]] = [(arg.value, arg.name.value)]
        while stack:
            value, path = stack.pop()
            if isinstance(value, VariableNode) and value.name.value == variable:
                out.append(path)
            elif isinstance(value, ObjectValueNode):
                stack.extend((f.value, f"{path}.{f.name.value}") for f in value.fields)
            elif isinstance(value, ListValueNode):
                stack.extend((v, f"{path}[{i}]") for i, v in enumerate(value.values))
    return out


# --- shaping ------------------------------------------------------------------------------

def _reason(error: BaseException | None, lang: Lang) -> str | None:
    """An argument error's own reason in `lang` (an InputError, a StateError…)."""
    while isinstance(error, GraphQLError) and error.original_error is not None:
        error = error.original_error
    if isinstance(error, InputError):
        return render(error.key, lang, **{**error.params, "argument": error.argument or ""}
                      ).removeprefix(f"{error.argument}: " if error.argument else "")
    if error is None or isinstance(error, GraphQLError):
        return None
    found = recognise(str(error))
    if found is not None:
        key, _, params = found
        text = render(key, lang, **params)
        return text.split(": ", 1)[1] if "argument" in params and ": " in text else text
    return str(error)


def _enum_values(schema: Any, type_name: str) -> str:
    t = schema.get_type(type_name) if schema is not None else None
    values = getattr(t, "values", None)
    return ", ".join(values) if values else "?"


def _params_for(key: str, params: dict[str, str], error: GraphQLError, lang: Lang,
                schema: Any) -> dict[str, str]:
    if key == "bad_enum":
        params["values"] = _enum_values(schema, params.get("type", ""))
        params["value"] = params.get("value", "").strip("\"'")
    if key == "bad_value":
        params["reason"] = _reason(error.original_error, lang) or params.get("reason", "")
    if key == "bad_type":
        params["value"] = params.get("value", "null").strip("\"'")
    return params


def shaped(error: GraphQLError, *, phase: str, document: DocumentNode | None,
           schema: Any, lang: Lang, unexpected: bool, debug: bool,
           suggest: bool = True) -> GraphQLError:
    """`error` with a code, its argument, and its message from its template in `lang`."""
    extensions = dict(error.extensions or {})
    original = error.original_error
    for source in (original, getattr(original, "original_error", None)):
        extensions = {**dict(getattr(source, "extensions", None) or {}), **extensions}
    code = extensions.get("code")
    message = error.message
    if code is None and unexpected:
        extensions = {"code": INTERNAL}
        text = message if debug else render("internal", lang)
        return GraphQLError(text, error.nodes, error.source, error.positions, error.path,
                            None, extensions)
    refused = _refused(original)
    if refused is not None:
        variable = re.match(r"^Variable '\$(\w+)' has invalid value( at )?(\S*?):", message)
        if variable:
            fed = arguments_fed(document, variable.group(1))
            argument = (fed[0] if fed else f"${variable.group(1)}") + variable.group(3)
            extensions["variable"] = variable.group(1)
        else:
            argument = next((a for a in (argument_at(document, n) for n in error.nodes or ())
                             if a), "?")
        extensions.update(code=BAD_USER_INPUT, argument=argument)
        return GraphQLError(render(refused.key, lang, argument=argument,
                                   value=clip(refused.value[:40])),
                            error.nodes, error.source, error.positions, error.path, original,
                            extensions)
    if isinstance(original, InputError):
        message = original.message(lang)
        code = code or BAD_USER_INPUT
    elif isinstance(original, StateError | ServiceError):
        key = "not_a_state" if isinstance(original, StateError) else "not_a_service"
        message = render(key, lang, argument=original.argument, value=original.value[:40])
        code = code or BAD_USER_INPUT
    else:
        found = recognise(message)
        variable = re.match(r"^Variable '\$(\w+)' has invalid value( at (\S+))?: (.*)$",
                            message, re.S)
        if variable:
            name, at, inner = variable.group(1), variable.group(3) or "", variable.group(4)
            extensions["variable"] = name
            fed = arguments_fed(document, name)
            argument = (fed[0] if fed else f"${name}") + at
            extensions.setdefault("argument", argument)
            reason = _reason(original, lang)
            inner_found = recognise(inner)
            if inner_found is not None and inner_found[0] in ("bad_enum", "bad_type"):
                key, _, params = inner_found
                params = _params_for(key, {**params, "argument": argument}, error, lang,
                                     schema)
                message = render(key, lang, **params)
            else:
                message = render("bad_value", lang, argument=argument,
                                 reason=reason if reason and reason != str(original)
                                 else inner)
            code = BAD_USER_INPUT
        elif found is not None:
            key, found_code, params = found
            if "argument" not in params or key in ("unknown_argument",):
                where = next((argument_at(document, n) for n in error.nodes or ()
                              if argument_at(document, n)), None)
                if where and key != "unknown_argument":
                    params["argument"] = where
            if key == "required_field" and "field" in params:
                params["argument"] = (f"{params['argument']}.{params['field']}"
                                      if params.get("argument") else params["field"])
            params = _params_for(key, params, error, lang, schema)
            message = render(key, lang, **params)
            hint = _SUGGESTION.search(error.message)
            if hint and suggest:
                message += " " + render("suggestion", lang, names=hint.group("names"))
            if found_code is not None and code is None:
                code = found_code
            if params.get("argument") and key not in ("unknown_argument",) and (
                    code in (None, BAD_USER_INPUT, "NOT_FOUND")):
                extensions.setdefault("argument", params["argument"])
        elif phase == "parse" or isinstance(error, GraphQLSyntaxError):
            message = render("parse_failed", lang, detail=message)
        elif phase == "validation":
            message = render("validation_failed", lang, detail=message)
    if code is None:
        code = {"parse": PARSE_FAILED, "validation": VALIDATION_FAILED}.get(
            phase, BAD_USER_INPUT)
    extensions["code"] = code
    if code == "QUERY_TOO_COMPLEX" and "cost" in extensions:
        message = render("too_complex", lang, cost=extensions["cost"],
                         limit=extensions.get("maxCost", ""))
    elif code == "QUERY_TOO_COMPLEX" and "size" in extensions:
        message = render("too_large", lang, size=extensions["size"],
                         limit=extensions.get("maxSize", ""))
    elif code == "RATE_LIMITED" and "retryAfter" in extensions:
        message = render("rate_limited", lang, seconds=extensions["retryAfter"])
    return GraphQLError(clip(message), error.nodes, error.source, error.positions,
                        error.path, original, extensions)


class ErrorShaping(SchemaExtension):
    """Codes, arguments and the caller's language on every error of every operation.

    `is_unexpected(error)` tells an error the caller should read from one to mask (an
    internal error: a bug or an outage of something we depend on).
    """

    def __init__(self, *, is_unexpected: Any, debug: bool = False,
                 suggest: bool = True) -> None:
        self.is_unexpected = is_unexpected
        self.debug = debug
        self.suggest = suggest  # "did you mean": only while introspection is open
        self._phase: dict[int, str] = {}

    def _mark(self, phase: str) -> None:
        for e in self.execution_context.pre_execution_errors or ():
            self._phase.setdefault(id(e), phase)

    def on_parse(self) -> Iterator[None]:
        yield
        self._mark("parse")

    def on_validate(self) -> Iterator[None]:
        yield
        self._mark("validation")

    def on_operation(self) -> Iterator[None]:
        yield
        ec = self.execution_context
        result = ec.result
        errors: Iterable[GraphQLError] = getattr(result, "errors", None) or ()
        if not errors:
            return
        lang = getattr(ec.context, "lang", Lang.ES)
        schema = getattr(ec.schema, "_schema", None)
        result.errors = [  # type: ignore[union-attr]
            shaped(e, phase=self._phase.get(id(e), "execution"), document=ec.graphql_document,
                   schema=schema, lang=lang if isinstance(lang, Lang) else Lang.ES,
                   unexpected=self.is_unexpected(e), debug=self.debug,
                   suggest=self.suggest)
            for e in errors]

