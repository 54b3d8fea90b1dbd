"""The deployment's secret key: what makes public pseudonyms impossible to trace back.

Generated once (256 random bits) and kept with mode 0600 in the state directory, beside
the Neo4j password, so pseudonyms stay the same across restarts. Several processes serving
one database must share it: set ``REFERRAL_GRAPH_PSEUDONYM_SECRET`` for all of them (it
then wins over the file). Losing it only renames the public pseudonyms; leaking it lets
anyone who guesses a shelter's id confirm the guess, so treat it as the password.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from referral_graph.config import Settings

FILE_NAME = "pseudonym.key"
MIN_CHARS = 32


class SecretError(ValueError):
    """The configured secret cannot be used; the message says what to do."""


def key_file(settings: Settings) -> Path:
    return settings.state_dir / FILE_NAME


def load_key(settings: Settings) -> bytes:
    """The deployment's key: from the environment when set, else from the state file,
    created with mode 0600 the first time."""
    if settings.pseudonym_secret is not None:
        secret = settings.pseudonym_secret.get_secret_value()
        if len(secret) < MIN_CHARS:
            raise SecretError(f"REFERRAL_GRAPH_PSEUDONYM_SECRET: give at least {MIN_CHARS} "
                              "random characters (e.g. `openssl rand -hex 32`)")
        return secret.encode()
    path = key_file(settings)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # created before, by this process or another one
        text = path.read_text().strip()
        if len(text) < MIN_CHARS:
            raise SecretError(f"{path}: holds no usable key; delete it to make a new one "
                              "(public pseudonyms then change)") from None
        return text.encode()
    text = secrets.token_hex(32)
    with os.fdopen(fd, "w") as f:
        f.write(text + "\n")
    return text.encode()
