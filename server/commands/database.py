"""What the commands that use the database share: the --db option, opening an upgraded store,
and printing results as JSON.

The database is ``--db URL``, else ``DATABASE_URL``, else the SQLite file in the data directory,
as server/settings.py resolves it (``database_url``). Opening it brings the schema up to date,
so a fresh machine needs no set-up.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

from server.commands import CommandError

if TYPE_CHECKING:  # the database stack is imported when a command opens it, not for --help
    from sqlalchemy.engine import Engine

    from negotiation.seals import Sealer
    from server.store import Store


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="URL", default=None,
                        help="database URL (sqlite:///path or postgresql+psycopg://...); "
                             "default: DATABASE_URL, else ./data/plenary.sqlite3")


def database_url(option: str | None) -> str:
    """The URL of ``--db`` when given, else the one the settings resolve from the environment
    (an unusable setting is a one-line CommandError naming the variable)."""
    if option:
        return option
    from server.settings import Settings, SettingsError

    try:
        settings = Settings.from_environment()
    except SettingsError as error:
        raise CommandError(str(error)) from None
    return settings.resolved_database_url()


def integrity_sealer(*, create: bool) -> Sealer | None:
    """The integrity key of the settings, as the server holds it (made when missing and
    ``create``; else None when there is none)."""
    from server.integrity_key import load_sealer
    from server.settings import Settings, SettingsError

    try:
        return load_sealer(Settings.from_environment(), create=create)
    except SettingsError as error:
        raise CommandError(str(error)) from None
    except OSError as error:
        raise CommandError(f"cannot read or make the integrity key: {error}") from None


def open_engine(url: str) -> Engine:
    """An engine for ``url``, schema upgraded; StoreError -> CommandError."""
    from server.db import create_engine_for, upgrade
    from server.store import StoreError

    try:
        engine = create_engine_for(url)
    except StoreError as error:
        raise CommandError(str(error)) from None
    try:
        upgrade(engine)
    except StoreError as error:
        engine.dispose()
        raise CommandError(str(error)) from None
    return engine


@contextmanager
def open_store(option: str | None, *, writes: bool = False) -> Iterator[Store]:
    """A Store on the upgraded database of ``--db`` (``option``) or the settings, holding the
    integrity key of the settings (server/integrity_key.py; a command that ``writes`` makes
    the key file on first run, one that only reads never does); store errors become one-line
    command errors."""
    from server.store import Store, StoreError

    sealer = integrity_sealer(create=writes)
    engine = open_engine(database_url(option))
    try:
        yield Store(engine, sealer)
    except StoreError as error:
        raise CommandError(str(error)) from None
    finally:
        engine.dispose()


def add_paragraph_argument(parser: argparse.ArgumentParser, *, optional: bool = False) -> None:
    """PARAGRAPH, named by id or as the chair reads it out; see ``resolve_paragraph``."""
    parser.add_argument("paragraph", metavar="PARAGRAPH", nargs="?" if optional else None,
                        help='paragraph id, or its reference: "operative paragraph 3 (c)"')


def resolve_paragraph(store: Store, document_id: str, wanted: str) -> str:
    """A paragraph given by id or by its chair reference ("operative paragraph 3 (c)") in the
    document's current text; an id of a dropped paragraph passes through unchanged."""
    from negotiation.references import find_paragraph

    found = find_paragraph(store.load_document(document_id), wanted)
    return found if found is not None else wanted


def paragraph_names(store: Store, document_id: str) -> dict[str, str]:
    """Paragraph id → chair reference in the document's current text."""
    from negotiation.references import paragraph_references

    return paragraph_references(store.load_document(document_id))


def to_plain(value: object) -> object:
    """Dataclasses, enums, tuples and times as JSON-ready values (times in ISO 8601)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    return value


def print_json(value: object) -> None:
    print(json.dumps(to_plain(value), ensure_ascii=False, indent=2))


def diff_json(diff: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"op": op, "text": text} for op, text in diff]
