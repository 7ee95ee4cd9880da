"""Test helper: change a store's database as an attacker with write access would, with raw SQL
and no help from the application: through ``sqlite3`` on the SQLite file, or a plain connection
to PostgreSQL. ``tamper(store, statements, unguard=("versions",))`` first drops (SQLite) or
disables (PostgreSQL) the append-only triggers of the tables named."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text

from server.store import Store

Statement = tuple[str, dict[str, Any]] | str


def tamper(store: Store, statements: Sequence[Statement], unguard: Sequence[str] = ()) -> None:
    if store.engine.dialect.name == "sqlite":
        connection = sqlite3.connect(store.engine.url.database)
        try:
            for table in unguard:
                connection.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
                connection.execute(f"DROP TRIGGER IF EXISTS {table}_no_delete")
            for statement in statements:
                sql, params = (statement, {}) if isinstance(statement, str) else statement
                connection.execute(sql, params)
            connection.commit()
        finally:
            connection.close()
        return
    with store.engine.begin() as connection:
        for table in unguard:
            connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only"))
        for statement in statements:
            sql, params = (statement, {}) if isinstance(statement, str) else statement
            connection.execute(text(sql), params)


def row(store: Store, sql: str, **params: Any) -> dict[str, Any]:
    """One row of a query, as a dict (read without the application)."""
    with store.engine.connect() as connection:
        return dict(connection.execute(text(sql), params).mappings().one())
