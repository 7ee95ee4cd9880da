"""An edit merged and committed whose ack never arrived, then kill -9: merged once, not twice.

The real server (``python -m server serve``) runs in a subprocess on a SQLite file. A real
``websockets`` client (tests/sync_client.py) types words and ignores every ack and patch it
receives (``drop_replies``), so from its side the ack never came; the test waits until the
database shows the words (the room's group commit wrote them, and with them the client's count
of merged edits), then kills the server with SIGKILL. The client types more words offline, a
new server starts on the same file and port, the client reconnects and sends what it holds.

Without the durable count the fresh server would merge the resent edit a second time (the
words twice); without the welcome's count a client that starts numbering again from an old
count would have its new words skipped as already merged.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from accounts_fixture import cookie_header, password_hash, session_of
from sync_client import SyncClient, import_paragraphs, make_store

from server.people.accounts import Accounts

ROOT = Path(__file__).resolve().parent.parent
START = "To request the Permanent Council to report."
URGENTLY = "To request the Permanent Council to report urgently."
BOTH = "To request the Permanent Council to report urgently, in writing."
CLIENT_ID = "ana-crash-test-0001"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def server_process(database: Path, port: int, *, pause: str = "0.05",
                   data_dir: Path | None = None) -> Iterator[subprocess.Popen]:
    """``python -m server serve`` on ``database``, until it accepts connections on ``port``
    (``pause``: the coalescing pause, seconds)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "server", "serve", "--db", f"sqlite:///{database}",
         "--port", str(port)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PLENARY_COALESCE_PAUSE": pause,
             "PLENARY_DATA_DIR": str(data_dir or database.parent)})
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.stderr.read().decode()
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        process.stderr.close()


async def until(predicate, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)


def test_an_edit_committed_before_a_kill_9_is_merged_once_after_the_restart(tmp_path) -> None:
    database = tmp_path / "crash.sqlite3"
    store = make_store(database)
    document_id, (paragraph_id,) = import_paragraphs(store, [START])
    Accounts(store.engine).create_user("ana@test.plenary", "Ana", password_hash(),
                                       secretariat=True)
    port = free_port()
    url = f"ws://127.0.0.1:{port}/ws/documents/{document_id}"
    cookie: dict[str, str] = {}

    async def scenario() -> tuple[str, ...]:
        with server_process(database, port) as server:
            # the session outlives the server: its row is in the database, the secret in
            # the data folder
            with session_of(f"http://127.0.0.1:{port}", "ana@test.plenary") as http:
                cookie.update(cookie_header(http))
            ana = await SyncClient.connect(url, name="Ana", delegation=None, client_id=CLIENT_ID,
                                           headers=cookie)
            ana.drop_replies = 10**9  # no ack (nor patch) reaches Ana
            ana.edit(paragraph_id, URGENTLY)
            await until(lambda: store.get_paragraph_text(document_id, paragraph_id) == URGENTLY)
            # committed with its count, in one transaction; the ack is on its way (or sent)
            assert store.client_progress(document_id, CLIENT_ID) == {paragraph_id: 1}
            server.send_signal(signal.SIGKILL)
            server.wait(timeout=30)
            await ana.disconnect()
        paragraph = ana.paragraphs[paragraph_id]
        assert (paragraph.n, len(paragraph.stack)) == (0, 1)  # edit 0: never acknowledged
        paragraph.text = BOTH  # typed while the server is down
        assert store.get_paragraph_text(document_id, paragraph_id) == URGENTLY

        with server_process(database, port):
            ana.drop_replies = 0
            await ana.reconnect()
            await ana.settle()
            await ana.catch_up(paragraph_id)
            observer = await SyncClient.connect(url, name="Bo", delegation=None,
                                                headers=cookie)
            # the same client id starting again from 0 (a client that lost its numbers): the
            # welcome's count numbers its new edit 2, not 0 (which would be skipped as merged)
            again = await SyncClient.connect(url, name="Ana", delegation=None, client_id=CLIENT_ID,
                                             headers=cookie)
            assert again.paragraphs[paragraph_id].n == 2
            again.edit(paragraph_id, BOTH + " Now.")
            await again.settle()
            for client in (again, ana, observer):
                await client.catch_up(paragraph_id)
            for client in (ana, observer, again):
                assert not client.errors, client.errors
                assert not client.conflicts, client.conflicts  # every word arrived
                await client.close()
            return tuple(client.text(paragraph_id) for client in (ana, observer, again))

    assert asyncio.run(scenario()) == (BOTH + " Now.",) * 3
    assert store.get_paragraph_text(document_id, paragraph_id) == BOTH + " Now."
    assert store.client_progress(document_id, CLIENT_ID) == {paragraph_id: 3}
