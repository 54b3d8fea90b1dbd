"""`referral-graph token create|list|revoke`: API tokens, shown once and stored hashed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from referral_graph.console import database, fail, out

if TYPE_CHECKING:

    pass

token_app = typer.Typer(no_args_is_help=True, help="API tokens (shown once, stored hashed).")


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option(help="staff, editor or admin")],
    name: Annotated[str, typer.Option(help="Who the token is for")],
) -> None:
    """Create a token; it is printed once and stored only as a hash."""
    from referral_graph.auth.tokens import Role, create
    from referral_graph.store import migrations

    db = database()
    migrations.apply(db)
    try:
        token = create(db, Role.parse(role), name)
    except ValueError as e:
        raise fail(str(e), 2) from None
    out.print(token, highlight=False)


@token_app.command("list")
def token_list() -> None:
    """List tokens (never their values)."""
    from referral_graph.auth.tokens import list_tokens

    for t in list_tokens(database()):
        state = "revoked" if t["revoked"] else "active"
        out.print(f"{t['id']}  {t['role']:<6}  {state:<7}  {t['created_at']}  {t['name']}",
                  highlight=False)


@token_app.command("revoke")
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="Token id from `token list`")],
) -> None:
    """Revoke a token by id."""
    from referral_graph.auth.tokens import revoke

    if not revoke(database(), token_id):
        raise fail(f"no token with id {token_id!r}", 2)
    out.print("Token revoked.")
