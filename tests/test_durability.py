"""Durability: whatever the store acknowledged survives a kill -9 of the writing process.

A writer subprocess calls ``record_edits`` and ``append_version`` in a loop and prints each
acknowledged id only after the call returned (committed). The test kills it with SIGKILL
mid-stream, then checks that every acknowledged write is in the database, that the database
opens cleanly (SQLite: PRAGMA integrity_check) and that the hash chain still verifies.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import text
from store_fixture import TEST_SEALER, database_url_fixture, resolution  # noqa: F401

from server.db import create_engine_for, upgrade
from server.store import Store

ROOT = Path(__file__).resolve().parent.parent
ACKNOWLEDGED_BEFORE_KILL = 150  # acknowledged writes to read before pulling the plug

WRITER = """
import sys
from server.db import create_engine_for
from server.store import ParagraphEdit, Store

url, document_id = sys.argv[1], sys.argv[2]
from negotiation.seals import Sealer
store = Store(create_engine_for(url), Sealer(bytes.fromhex("5e" * 32)))
paragraphs = ["pp1", "pp2", "op1", "op1a", "op1b", "op2"]
n = 0
while True:
    n += 1
    paragraph = paragraphs[n % len(paragraphs)]
    if n % 2:
        store.record_edits(document_id, [ParagraphEdit(paragraph, f"edit {n}", "writer")])
        print(f"edit {paragraph} {n}", flush=True)
    else:
        info = store.append_version(document_id, paragraph, f"version {n}", author="writer",
                                    delegation="Chile")
        print(f"version {info.id} {n}", flush=True)
"""


def test_every_acknowledged_write_survives_kill_9(database_url, tmp_path) -> None:
    engine = create_engine_for(database_url)
    upgrade(engine)
    document_id = Store(engine, TEST_SEALER).import_document(resolution(), author="sec")
    engine.dispose()

    writer = subprocess.Popen([sys.executable, "-c", WRITER, database_url, document_id],
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    acknowledged: list[list[str]] = []
    try:
        for line in writer.stdout:
            acknowledged.append(line.split())
            if len(acknowledged) >= ACKNOWLEDGED_BEFORE_KILL:
                break
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    finally:
        if writer.poll() is None:
            writer.kill()
        writer.stdout.close()
        errors = writer.stderr.read()
        writer.stderr.close()
    assert len(acknowledged) == ACKNOWLEDGED_BEFORE_KILL, errors
    assert writer.returncode == -signal.SIGKILL

    engine = create_engine_for(database_url)
    try:
        with engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
            stored_versions = set(connection.execute(text(
                "SELECT id FROM versions WHERE document_id = :d"), {"d": document_id}).scalars())
        store = Store(engine, TEST_SEALER)
        versions = [ack[1] for ack in acknowledged if ack[0] == "version"]
        assert set(versions) <= stored_versions
        last_edit: dict[str, int] = {}
        for kind, who, n in acknowledged:
            if kind == "edit":
                last_edit[who] = int(n)
        for paragraph, n in last_edit.items():
            # the acknowledged edit, or something the writer committed after it
            later = int(store.get_paragraph_text(document_id, paragraph).split()[1])
            assert later >= n, (paragraph, later, n)
        assert store.verify(document_id).ok
        store.recover_unversioned(document_id)  # working text left ahead of its version
        for paragraph in last_edit:
            latest = store.paragraph_history(document_id, paragraph).entries[-1].version
            assert latest.text == store.get_paragraph_text(document_id, paragraph)
        assert store.verify(document_id).ok
    finally:
        engine.dispose()
