"""Our OpenAPI 3.1 description of the HSDS API, served at ``/hsds/openapi.json``.

Built from the official description (its paths, parameters and ``Page``) and the official
per-object schemas, which become ``components.schemas`` with their file references turned
into component references, so the document is self-contained and a client or a test tool
needs nothing from the network. Only the data-package annotations of the schemas are left
out (``constraints``, ``core``, ``example`` ...): they do not change what validates.

Differences from the official description, each on purpose: ``servers`` points at ``/hsds``;
``/service_at_locations/{id}`` answers a service at location (the official file points it at
the service schema, while its text says service_at_location); ``postcode`` and
``proximity`` are not offered (no postal codes or coordinates are recorded); a service may
carry the HSDS 3.1 ``capacities``; every error status is documented.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from referral_graph import __version__
from referral_graph.hsds.query import MAX_PER_PAGE
from referral_graph.hsds.schemas import EXTRA_31, SPEC, openapi, raw_schema

_DROP = {"name", "path", "datapackage_metadata", "constraints", "example", "core",
         "tabular_required", "datapackage_type"}
_ERRORS = {"400": "A parameter the API cannot use; the message names it.",
           "401": "The token is invalid or revoked.",
           "422": "A parameter of the wrong type or out of range.",
           "503": "The graph database cannot be reached right now; try again."}


def _clean(node: Any) -> Any:
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if (k in _DROP and not isinstance(v, dict | list)) or k in (
                    "datapackage_metadata", "constraints"):
                continue
            if k == "$ref" and isinstance(v, str) and v.endswith(".json"):
                v = f"#/components/schemas/{v[:-5]}"
            out[k] = _clean(v)
        return out
    if isinstance(node, list):
        return [_clean(v) for v in node]
    return node


def _schemas() -> dict[str, Any]:
    names = [p.stem for p in sorted((SPEC / "3.0").glob("*.json")) if p.stem != "openapi"]
    out = {n: _clean(raw_schema(n)) for n in [*names, *EXTRA_31]}
    out["service"]["properties"]["capacities"] = {
        "type": "array", "description": "HSDS 3.1 service capacity (staff and editors).",
        "items": {"$ref": "#/components/schemas/service_capacity"}}
    out["organization_with_services"] = {"allOf": [
        {"$ref": "#/components/schemas/organization"},
        {"type": "object", "properties": {"services": {
            "type": "array", "items": {"$ref": "#/components/schemas/service"}}}}]}
    out["service_at_location_with_service"] = {"allOf": [
        {"$ref": "#/components/schemas/service_at_location"},
        {"type": "object", "properties": {"service": {"$ref": "#/components/schemas/service"}}}]}
    out["Page"] = openapi()["components"]["schemas"]["Page"]
    out["Error"] = {"type": "object", "required": ["detail"],
                    "properties": {"detail": {}}}
    return out


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _page(item: str) -> dict[str, Any]:
    return {"allOf": [_ref("Page"), {"type": "object", "properties": {
        "contents": {"type": "array", "items": _ref(item)}}}]}


def _responses(schema: dict[str, Any], description: str, *, found: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"200": {"description": description,
                                   "content": {"application/json": {"schema": schema}}}}
    if not found and "allOf" in schema:  # a list: format=ndjson gives one record a line
        out["200"]["content"]["application/x-ndjson"] = {"schema": {"type": "string"}}
    if found:
        out["404"] = {"description": "No record with this id (or none the caller may see).",
                      "content": {"application/json": {"schema": _ref("Error")}}}
    for code, text in _ERRORS.items():
        out[code] = {"description": text,
                     "content": {"application/json": {"schema": _ref("Error")}}}
    return out


@cache
def description() -> dict[str, Any]:
    official = openapi()
    params = copy.deepcopy(official["components"]["parameters"])
    params["page"]["schema"] = {"type": "integer", "minimum": 1}
    params["per_page"]["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE}
    params["format"]["schema"] = {"type": "string", "enum": ["json", "ndjson"]}
    params["modified_after"]["schema"] = {"type": "string", "format": "date-time"}
    for unused in ("postcode", "proximity"):
        params.pop(unused)
    paths: dict[str, Any] = {}
    for path, item in official["paths"].items():
        item = copy.deepcopy(item)
        op = item["get"]
        op["parameters"] = [p for p in op.get("parameters", ())
                            if p.get("$ref", "").rsplit("/", 1)[-1] in params
                            or "$ref" not in p]
        op.pop("responses")
        item["get"] = op
        paths[path] = item
    shapes: dict[str, tuple[dict[str, Any], bool]] = {
        "/": ({"type": "object", "properties": {
            "version": {"type": "string"}, "profile": {"type": "string", "format": "uri"},
            "openapi_url": {"type": "string", "format": "uri"}}}, False),
        "/services/{id}": (_ref("service"), True),
        "/services": (_page("service"), False),
        "/taxonomies/{id}": (_ref("taxonomy"), True),
        "/taxonomies": (_page("taxonomy"), False),
        "/taxonomy_terms/{id}": (_ref("taxonomy_term"), True),
        "/taxonomy_terms": (_page("taxonomy_term"), False),
        "/organizations/{id}": (_ref("organization_with_services"), True),
        "/organizations": (_page("organization_with_services"), False),
        "/service_at_locations/{id}": (_ref("service_at_location_with_service"), True),
        "/service_at_locations": (_page("service_at_location_with_service"), False),
    }
    for path, (schema, found) in shapes.items():
        paths[path]["get"]["responses"] = _responses(
            schema, paths[path]["get"].get("description", ""), found=found)
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": official["jsonSchemaDialect"],
        "info": {
            "title": "referral-graph: HSDS 3.0 API",
            "version": __version__,
            "summary": "The anti-trafficking referral directory of Mexico as Open Referral "
                       "HSDS 3.0.",
            "description": "Read endpoints of the HSDS 3.0 API. Without a token, confidential "
                           "shelters appear as services with their service area only, under "
                           "an opaque id; staff tokens see them; editor tokens also get the "
                           "audit trail as metadata. Labels follow Accept-Language (es, en).",
            "license": {"name": "Apache-2.0", "identifier": "Apache-2.0"},
        },
        "servers": [{"url": "/hsds", "description": "This service's HSDS API"}],
        "security": [{}, {"bearer": []}],  # a token is optional: it adds what a role sees
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "parameters": params,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "`referral-graph token create`"}},
        },
    }
