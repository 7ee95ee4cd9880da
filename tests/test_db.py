"""server/db.py: where the database lives, SQLite settings, clear errors, nothing at import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from server.db import create_engine_for, describe_url, with_driver
from server.settings import Settings
from server.store import StoreError

ROOT = Path(__file__).resolve().parent.parent


def test_default_is_a_sqlite_file_in_data_created_on_first_run(tmp_path, monkeypatch) -> None:
    """The URL the default settings resolve: its directory is made with the engine."""
    monkeypatch.chdir(tmp_path)
    url = Settings.from_environment({}).resolved_database_url()
    assert url == f"sqlite:///{tmp_path / 'data' / 'plenary.sqlite3'}"
    assert not (tmp_path / "data").exists()
    engine = create_engine_for(url)
    engine.dispose()
    assert (tmp_path / "data" / "plenary.sqlite3").is_file()


def test_a_postgresql_url_without_a_driver_means_psycopg() -> None:
    assert with_driver("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert with_driver("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert with_driver("sqlite:///x.sqlite3") == "sqlite:///x.sqlite3"


def test_the_database_module_reads_no_environment(tmp_path) -> None:
    """Settings are read in one place (server/settings.py): DATABASE_URL and PLENARY_DATA_DIR
    set to nonsense change nothing about the engine server.db makes for a given URL."""
    code = ("from server.db import create_engine_for; "
            "create_engine_for('sqlite:///here.sqlite3').dispose(); "
            "import os; print(sorted(os.listdir('.')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, check=True,
                            env={"PYTHONPATH": str(ROOT), "PATH": "",
                                 "DATABASE_URL": "nonsense://", "PLENARY_DATA_DIR": "elsewhere"})
    assert result.stdout.strip() == "['here.sqlite3']"


def test_sqlite_connections_use_wal_full_sync_and_foreign_keys(tmp_path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    with engine.connect() as connection:
        pragma = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("journal_mode", "synchronous", "foreign_keys")}
    engine.dispose()
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}  # 2 = FULL


def test_write_transactions_take_the_lock_up_front(tmp_path) -> None:
    """A plenary_write connection begins IMMEDIATE: a second writer cannot start meanwhile."""
    engine = create_engine_for(f"sqlite:///{tmp_path / 'a.sqlite3'}")
    writer = engine.execution_options(plenary_write=True)
    with writer.connect() as first, first.begin():
        first.execute(text("SELECT 1"))
        import sqlite3

        other = sqlite3.connect(tmp_path / "a.sqlite3", timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
    engine.dispose()


def test_an_unreachable_postgres_url_is_one_clear_store_error() -> None:
    with pytest.raises(StoreError, match=r"cannot reach the database postgresql\+psycopg://"
                                         r"plenary:\*\*\*@127.0.0.1:9/nowhere"):
        create_engine_for("postgresql://plenary:secret@127.0.0.1:9/nowhere")


def test_not_a_url_and_an_unknown_driver_are_store_errors() -> None:
    with pytest.raises(StoreError, match="not a database URL"):
        create_engine_for("just words")
    with pytest.raises(StoreError, match="no database driver"):
        create_engine_for("oracle+nothing://x@y/z")


def test_an_unwritable_data_directory_is_a_store_error(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="cannot create the data directory"):
        create_engine_for(f"sqlite:///{blocker / 'sub' / 'db.sqlite3'}")


def test_describe_url_hides_the_password() -> None:
    assert describe_url("postgresql+psycopg://u:pw@h/db") == "postgresql+psycopg://u:***@h/db"


def test_importing_the_store_creates_nothing(tmp_path) -> None:
    """No engine, no data directory, no connection at import time."""
    code = ("import server.db, server.store, server.tables, server.commands.database; "
            "import os; print(sorted(os.listdir('.')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True,
                            text=True, env={"PYTHONPATH": str(ROOT), "PATH": ""}, check=True)
    assert result.stdout.strip() == "[]"
