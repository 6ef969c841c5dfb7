"""API tokens: only their hashes are kept."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update

from watchfloor.errors import ConfigError
from watchfloor.store._base import StoreBase
from watchfloor.store._schema import api_tokens


class TokenRoom(StoreBase):
    """API tokens with a scope, revocable."""

    # -- API tokens ---------------------------------------------------------------

    def create_token(self, name: str, scope: str) -> tuple[int, str]:
        """A new API token: (id, the token). Only its hash is stored; show it once."""
        if scope not in ("read", "review", "admin"):
            raise ConfigError(f"token scope {scope!r}: give read, review or admin")
        token = "wf_" + secrets.token_urlsafe(32)
        with self._write() as connection:
            result = connection.execute(
                api_tokens.insert()
                .values(
                    name=name,
                    token_hash=_token_hash(token),
                    scope=scope,
                    created_at=datetime.now(UTC),
                )
                .returning(api_tokens.c.id)
            )
            return int(result.scalar_one()), token

    def token_scope(self, token: str) -> str | None:
        """The scope of a valid, unrevoked token, or None."""
        with self._read() as connection:
            row = connection.execute(
                select(api_tokens.c.id, api_tokens.c.scope).where(
                    api_tokens.c.token_hash == _token_hash(token),
                    api_tokens.c.revoked_at.is_(None),
                )
            ).first()
        return str(row.scope) if row is not None else None

    def token_name(self, token: str) -> str | None:
        """The name a valid, unrevoked token was created with, or None."""
        with self._read() as connection:
            return connection.execute(
                select(api_tokens.c.name).where(
                    api_tokens.c.token_hash == _token_hash(token),
                    api_tokens.c.revoked_at.is_(None),
                )
            ).scalar_one_or_none()

    def has_tokens(self) -> bool:
        with self._read() as connection:
            return (
                connection.execute(
                    select(api_tokens.c.id).where(api_tokens.c.revoked_at.is_(None)).limit(1)
                ).first()
                is not None
            )

    def list_tokens(self) -> list[dict[str, Any]]:
        with self._read() as connection:
            rows = connection.execute(
                select(
                    api_tokens.c.id,
                    api_tokens.c.name,
                    api_tokens.c.scope,
                    api_tokens.c.created_at,
                    api_tokens.c.revoked_at,
                ).order_by(api_tokens.c.id)
            ).all()
        return [
            {
                "id": int(r.id),
                "name": r.name,
                "scope": r.scope,
                "created_at": r.created_at.isoformat(),
                "revoked_at": r.revoked_at.isoformat() if r.revoked_at else None,
            }
            for r in rows
        ]

    def revoke_token(self, token_id: int) -> None:
        with self._write() as connection:
            result = connection.execute(
                update(api_tokens)
                .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )
        if result.rowcount == 0:
            raise ConfigError(f"no active token #{token_id}: see 'watchfloor token list'")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
