"""The database: an engine from a URL, and schema upgrades (Alembic) run from code.

This module reads no setting: where the data lives is decided by server/settings.py
(``Settings.resolved_database_url()``: ``--db``, else ``DATABASE_URL``, else the SQLite file in
``PLENARY_DATA_DIR``), and the URL it resolved is handed in::

    create_engine_for("postgresql+psycopg://user@host/db")
    create_engine_for(Settings.from_environment().resolved_database_url())

A PostgreSQL URL without a driver (``postgresql://``) means psycopg 3. The SQLite file's
directory is created when the engine is made, never at import time. A URL that cannot
be reached, or is not a database URL, raises ``StoreError`` with one clear line.

SQLite settings, per connection:

* ``journal_mode=WAL``: readers never block the writer and a commit appends to the log file.
* ``synchronous=FULL``: the log is fsynced at every commit. With NORMAL a committed transaction
  already survives a kill -9 of our process (the bytes are in the OS page cache), but the last
  commits may be lost on power loss or an OS crash, because WAL is only fsynced at checkpoints.
  An acknowledged version must survive both, so FULL; the room's group commit (one transaction
  per batch of edits, ``Store.record_edits``) keeps the cost to one fsync per batch.
* ``foreign_keys=ON`` (SQLite leaves them off otherwise), ``busy_timeout`` 30 s.
* Write transactions start with ``BEGIN IMMEDIATE`` (connections with the execution option
  ``plenary_write=True``), so two writers queue for the lock up front instead of one failing
  half-way when it upgrades a read lock; reads use a plain deferred ``BEGIN``.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from server.store.errors import StoreError

BUSY_TIMEOUT_MS = 30_000  # how long a writer waits for another's lock, milliseconds
CONNECT_TIMEOUT_S = 5  # PostgreSQL: seconds before an unreachable server is reported


def with_driver(url: str) -> str:
    """PostgreSQL URLs without a driver name mean psycopg 3 (the driver installed)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def create_engine_for(url: str) -> Engine:
    """An engine for ``url`` (see the module docstring), checked by opening one connection."""
    resolved = with_driver(url)
    try:
        parsed = make_url(resolved)
    except ArgumentError as error:
        raise StoreError(f"not a database URL: {resolved!r}") from error
    try:
        if parsed.get_backend_name() == "sqlite":
            engine = _sqlite_engine(resolved, parsed.database)
        else:
            engine = create_engine(resolved, pool_pre_ping=True,
                                   connect_args={"connect_timeout": CONNECT_TIMEOUT_S})
    except (NoSuchModuleError, ImportError) as error:
        raise StoreError(f"no database driver for {parsed.drivername!r} in {resolved!r}"
                         ) from error
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as error:
        engine.dispose()
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise StoreError(f"cannot reach the database {describe_url(resolved)}: {reason}"
                         ) from error
    return engine


def describe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:" and not database.startswith("file:"):
        directory = Path(database).parent
        try:
            directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(f"cannot create the data directory {directory}: {error.strerror}"
                             ) from error
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see "begin").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("plenary_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def upgrade(engine_or_url: Engine | str, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (``alembic upgrade head``), in place."""
    from alembic import command

    engine = engine_or_url if isinstance(engine_or_url, Engine) else create_engine_for(
        engine_or_url)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
            if revision == "head":
                seed_delegations(connection)
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        raise StoreError(f"cannot upgrade the database schema: {reason}") from error
    finally:
        if engine is not engine_or_url:
            engine.dispose()


def seed_delegations(connection: Connection) -> int:
    """Add the OAS member states (negotiation.delegations) that are not yet in the table.
    Idempotent; returns how many were added."""
    from sqlalchemy import insert, select

    from negotiation.delegations import member_states
    from server.tables import DelegationRecord

    table = DelegationRecord.__table__
    known = set(connection.execute(select(table.c.name)).scalars())
    missing = [{"name": state.name, "code": state.code, "member": True}
               for state in member_states() if state.name not in known]
    if missing:
        connection.execute(insert(table), missing)
    return len(missing)


def alembic_config():
    """Alembic's configuration, built in code: no alembic.ini needed."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config
