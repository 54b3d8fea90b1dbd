"""Network downloads for Gephi and Cytoscape desktop: GraphML, GEXF, Cytoscape JSON, CSV.

The same `network_graph` the GraphQL `network` query draws, written by networkx's own
writers; the same roles too (a public caller's file holds no confidential organization,
and its text passes through the redactor).
"""

from __future__ import annotations

import datetime as dt
import io
import json

import networkx as nx
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from referral_graph.api.callers import request_caller
from referral_graph.api.graphql.limits import clip
from referral_graph.auth.tokens import Role
from referral_graph.directory.errors import DirectoryError
from referral_graph.directory.network import network_graph
from referral_graph.network.redact import redactor_for
from referral_graph.reference.states import StateError, parse_state
from referral_graph.spreadsheets.safe import excel_bytes, safe_writer

router = APIRouter()

MEDIA = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "cyjs": "application/json",
    "csv": "text/csv; charset=utf-8",
}


def to_text(H: nx.Graph, fmt: str) -> str:
    """`H` in one of the download formats.

    >>> H = nx.Graph(); H.add_node("a", label="A"); H.add_node("b", label="B")
    >>> H.add_edge("a", "b", kinds="agreement", strength=0.8)
    >>> to_text(H, "csv").splitlines()[0]
    'source,target,source_label,target_label,kinds,strength,evidence'
    """
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(H))
    if fmt == "gexf":
        return "\n".join(nx.generate_gexf(H))
    if fmt == "cyjs":
        return json.dumps(nx.cytoscape_data(H), ensure_ascii=False)
    buf = io.StringIO()
    w = safe_writer(buf, lineterminator="\n")  # no cell can run as a formula
    w.writerow(["source", "target", "source_label", "target_label", "kinds", "strength",
                "evidence"])
    for u, v, d in H.edges(data=True):
        w.writerow([u, v, H.nodes[u].get("label", u), H.nodes[v].get("label", v),
                    d.get("kinds", ""), d.get("strength", ""), d.get("evidence", "")])
    return buf.getvalue()


@router.get("/exports/network.{fmt}")
def export_network(request: Request, fmt: str, around: str | None = None,
                   collaboration: str | None = None, state: str | None = None,
                   service: str | None = None, depth: int = 1,
                   asOf: dt.date | None = None) -> Response:
    if fmt not in MEDIA:
        raise HTTPException(404, f"format: one of {', '.join(MEDIA)}")
    caller = request_caller(request)
    if caller is None:
        raise HTTPException(401, "invalid or revoked token")
    G = request.app.state.projection().graph
    see = caller.can(Role.STAFF)
    try:
        H = network_graph(G, see_confidential=see, around=around, collaboration=collaboration,
                          state=parse_state(state) if state else None, service=service,
                          depth=depth, as_of=asOf)
    except (DirectoryError, StateError) as e:
        raise HTTPException(400, clip(str(e))) from None
    body = to_text(H, fmt)
    if not see:
        body = redactor_for(G).redact(body)
    name = collaboration or around or state or "network"
    # Excel reads a CSV's accents right only with the byte-order mark.
    return Response(excel_bytes(body) if fmt == "csv" else body, media_type=MEDIA[fmt], headers={
        "Content-Disposition": f'attachment; filename="{name}.{fmt}"'})
