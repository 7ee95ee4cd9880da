"""Alembic environment: runs migrations on the connection server.db.upgrade hands over.

Built for programmatic use (``server.db.upgrade``); ``config.attributes["connection"]`` carries
an open connection. Without one (the ``alembic`` command pointed at server/migrations) the URL
is the one the settings resolve (server/settings.py: DATABASE_URL, else the SQLite file in
PLENARY_DATA_DIR); --db is not available there.
"""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import server.tables  # noqa: F401  (registers every table on SQLModel.metadata)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from server.db import create_engine_for
    from server.settings import Settings

    engine = create_engine_for(Settings.from_environment().resolved_database_url())
    try:
        with engine.begin() as own_connection:
            _run(own_connection)
    finally:
        engine.dispose()


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported; run server.db.upgrade")
run_migrations_online()
