"""The answer cache in front of ``/graphql`` (ASGI middleware; what is kept: `answer_cache`).

A request whose answer is kept is answered here, before routing, the context, GraphQL
parsing, validation and execution: a look-up and a write of bytes. Otherwise the request
goes on, and its answer is kept when the app says it may be (no errors, HTTP 200): the app
reports through a `Note` on the ASGI scope, which the GraphQL context and the router fill in.

Rate-limited public fields (`api.ratelimit`) count against the caller on a kept answer as
they did when it was computed; a caller over the limit gets the answer the app gives
(the RATE_LIMITED error), never a kept one.

Requests that arrive for an answer already being computed in this process wait for it
instead of computing it again ("joined"): at 100k organizations the first full gap report
costs ~10 s of CPU, and eight analysts opening it at once used to cost eight times that.
If the first computation gives no answer to keep (an error, a client gone), each waiting
request computes its own, as it would have.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from referral_graph.api.answer_cache import (
    GZIP_AT,
    AnswerStore,
    Entry,
    Key,
    Normaliser,
    Version,
    caller_part,
    variables_part,
)
from referral_graph.api.callers import known_version
from referral_graph.api.graphql.router import NOTE, media_type_for
from referral_graph.api.metrics import ANSWERS
from referral_graph.api.shared_answers import SharedAnswers
from referral_graph.auth.tokens import PUBLIC, Caller, Role, caller_for
from referral_graph.directory.lang import from_accept_language
from referral_graph.store.driver import DatabaseUnavailable

PUBLIC_PART = ("PUBLIC", "")  # `caller_part` of a caller without a token


@dataclass(slots=True)
class Note:
    """What the app says about one request's answer while computing it."""

    caller: Caller | None = None  # the caller this middleware looked up (the app reuses it)
    spends: int = 0  # rate-limited fields counted
    errors: bool = True  # the answer had errors (set False by the router when it had none)


def note_of(scope: Scope) -> Note | None:
    return scope.get(NOTE)


@dataclass(frozen=True, slots=True)
class Asked:
    query: str
    variables: Any
    operation_name: str | None


def _asked(method: str, content_type: str, body: bytes, query_string: bytes) -> Asked | None:
    """The GraphQL request, when it is a plain one this cache understands."""
    if method == "GET":
        params = parse_qs(query_string.decode("latin-1"))
        one = {k: v[0] for k, v in params.items() if len(v) == 1}
        if "query" not in one:
            return None
        try:
            variables = json.loads(one["variables"]) if "variables" in one else None
        except (ValueError, RecursionError):  # the app answers it, 400
            return None
        data: Any = {"query": one["query"], "variables": variables,
                     "operationName": one.get("operationName")}
    else:
        if not content_type.startswith("application/json"):
            return None
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):  # the app answers it, 400
            return None
    if not isinstance(data, dict) or not isinstance(data.get("query"), str):
        return None
    name = data.get("operationName")
    if name is not None and not isinstance(name, str):
        return None
    if data.get("extensions"):
        return None
    return Asked(data["query"], data.get("variables"), name)


class AnswerCache:
    def __init__(self, app: ASGIApp, store: AnswerStore, path: str = "/graphql",
                 shared: SharedAnswers | None = None) -> None:
        self.app = app
        self.store = store
        self.shared = shared  # public answers the workers share (`api.shared_answers`)
        self.path = path
        self.normaliser = Normaliser()
        self.writes = 0  # requests that may have written through this process
        # Answers being computed now, by (version, key); set when the computation ends. Only
        # the event loop's thread touches it (the middleware runs there).
        self._computing: dict[tuple[Version, Key], asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope["path"].rstrip("/") != self.path
                or scope["method"] not in ("GET", "POST") or self.store.max_bytes <= 0):
            await self.app(scope, receive, send)
            return
        body, receive = await _read_body(receive)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        found, reads = await self._key(scope, headers, body)
        if found is None:
            ANSWERS.labels("bypass").inc()
            try:
                await self.app(scope, receive, send)
            finally:
                if not reads:
                    # Possibly a write: what this process kept is not served again, even
                    # before its projection has caught up with the write (read your writes).
                    self.writes += 1
            return
        version, key, caller, shares = found
        entry = self.store.get(version, key)
        result = "hit"
        if entry is None and shares:
            assert self.shared is not None
            entry = self.shared.get(version, key)
            if entry is not None:  # another worker computed it: kept here too from now
                self.store.put(version, key, entry)
                result = "shared"
        if entry is not None and self._may_serve(scope, entry, caller):
            ANSWERS.labels(result).inc()
            await _send_entry(send, entry, headers, self.store, result)
            return
        flight = (version, key)
        computing: asyncio.Event | None = None
        if entry is None:
            computing = self._computing.get(flight)
            if computing is not None:
                await computing.wait()
                entry = self.store.get(version, key)
                if entry is not None and self._may_serve(scope, entry, caller):
                    ANSWERS.labels("joined").inc()
                    await _send_entry(send, entry, headers, self.store)
                    return
                computing = None  # nothing kept: computed here, as it would have been
            else:
                computing = self._computing[flight] = asyncio.Event()
        try:
            await self._compute(scope, receive, send, version, key, caller, shares)
        finally:
            if computing is not None:
                del self._computing[flight]
                computing.set()

    async def _compute(self, scope: Scope, receive: Receive, send: Send, version: Version,
                       key: Key, caller: Caller, shares: bool) -> None:
        """Let the app answer, and keep the answer when the app says it may be kept."""
        note = Note(caller=caller)
        scope[NOTE] = note
        captured = _Capture(send)
        await self.app(scope, receive, captured)
        if captured.status == 200 and not note.errors and captured.complete:
            entry = Entry(captured.body, note.spends)
            self.store.put(version, key, entry)
            if shares:
                assert self.shared is not None
                # Off the event loop: the write waits for the other workers' (SQLite's
                # file lock), a fraction of a millisecond each.
                await run_in_threadpool(self.shared.put, version, key, entry)
            ANSWERS.labels("miss").inc()
        else:
            ANSWERS.labels("bypass").inc()

    async def _key(self, scope: Scope, headers: dict[str, str], body: bytes
                   ) -> tuple[tuple[Version, Key, Caller, bool] | None, bool]:
        """The request's key, caller and whether its answer goes through the shared file
        when it may be kept, and whether it is known to be a read (False for a mutation
        and for anything this cannot parse)."""
        asked = _asked(scope["method"], headers.get("content-type", ""), body,
                       scope.get("query_string", b""))
        if asked is None:
            return None, False
        op = self.normaliser.operation(asked.query, asked.operation_name)
        if op is None or not op.reads:
            return None, False
        state = scope["app"].state
        # Asked before the snapshot is read: a snapshot published after it holds the writes
        # it said were held. A process whose snapshot may not hold its own last write yet
        # neither reads shared answers (computed without it) nor adds its own to them.
        holds = self.shared is not None and state.holds_own_writes()
        snap = state.loaded_snapshot()
        variables = variables_part(asked.variables)
        if snap is None or variables is None:
            return None, True  # nothing loaded yet: no version to key by
        caller: Caller | None = PUBLIC
        auth = headers.get("authorization")
        if auth:
            try:
                caller = await run_in_threadpool(partial(caller_for, state.database(), auth,
                                                         at=known_version(state)))
            except DatabaseUnavailable:
                return None, True  # the app answers the outage
        if caller is None:
            return None, True  # a bad token: the app answers it
        who = caller_part(caller)
        if who is None:
            return None, True
        lang = from_accept_language(headers.get("accept-language"))
        version = Version(snap.epoch, snap.version, dt.date.today(), self.writes)
        # Only public answers: a token holder's may name confidential shelters, and never
        # leave this process's memory.
        shares = holds and who == PUBLIC_PART
        return (version, (op.text, variables, asked.operation_name, who, lang.value),
                caller, shares), True

    def _may_serve(self, scope: Scope, entry: Entry, caller: Caller) -> bool:
        """Count the kept answer's rate-limited fields, as computing it would have; False
        when that would go over the caller's limit (the app then answers RATE_LIMITED)."""
        if not entry.spends or caller.role is not Role.PUBLIC:
            return True
        limiter = scope["app"].state.heavy_limiter
        client = scope["client"][0] if scope.get("client") else "unknown"
        return bool(limiter.take(client, entry.spends))


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    chunks: list[bytes] = []
    first: list[Message] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            first.append(message)
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            if first:
                return first[0]
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


class _Capture:
    """Passes the response on as it goes, keeping a copy of its status and body."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.status = 0
        self.parts: list[bytes] = []
        self.complete = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        elif message["type"] == "http.response.body":
            self.parts.append(message.get("body", b""))
            self.complete = not message.get("more_body", False)
        await self.send(message)

    @property
    def body(self) -> bytes:
        return b"".join(self.parts)


async def _send_entry(send: Send, entry: Entry, headers: dict[str, str],
                      store: AnswerStore, result: str = "hit") -> None:
    body = entry.body
    out = [(b"content-type", media_type_for(headers.get("accept")).encode()),
           (b"x-answer-cache", result.encode())]  # hit, or shared: kept by another worker
    if len(body) >= GZIP_AT and "gzip" in headers.get("accept-encoding", ""):
        before = entry.size
        body = entry.gzipped()
        store.grew(entry, before)
        out += [(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")]
    out.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": 200, "headers": out})
    await send({"type": "http.response.body", "body": body})
