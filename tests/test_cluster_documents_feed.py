"""The documents page's live channel across processes, on the real set (deploy/cluster.py:
two `negotiation serve` processes, PostgreSQL, Redis, HAProxy): a page connected to process A
(and one through the balancer) counts the two editors connected to process B, and hears of a
revision and of a new document imported by the command line (which has no server of its own:
its notice goes straight to Redis); and a page on process A follows the progress figures of a
document whose room is on process B, as a delegate types a bracket there and the chair resolves
it over HTTP. The set and the command share a Redis namespace of their own
(``PLENARY_REDIS_NAMESPACE``), so other sets on the same Redis are not heard.

Skipped with the reason when haproxy, PostgreSQL or Redis is missing.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import websockets
from accounts_fixture import csrf, logged_in, make_people_on
from cluster_set import REDIS, health, real_set
from socket_frames import BufferedSocket
from sync_client import SyncClient, import_paragraphs, ws_url

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
NEGOTIATION = Path(sys.executable).parent / "negotiation"
NAMESPACE = f"test-feed-{secrets.token_hex(4)}"
OPENING = "To note the report of the Secretary-General."


@pytest.fixture(scope="module")
def the_set(tmp_path_factory: pytest.TempPathFactory):
    with real_set(2, tmp_path_factory.mktemp("feed"),
                  PLENARY_REDIS_NAMESPACE=NAMESPACE) as made:
        yield made


def command(cluster, *arguments: str, folder: Path) -> str:
    environment = {**os.environ, "DATABASE_URL": cluster.database_url,
                   "PLENARY_REDIS_URL": REDIS, "PLENARY_REDIS_NAMESPACE": NAMESPACE,
                   "PLENARY_DATA_DIR": str(folder)}
    done = subprocess.run([str(NEGOTIATION), *arguments], env=environment,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "warning" not in done.stderr
    return done.stdout.strip()


def test_a_page_on_process_a_counts_editors_on_b_and_hears_the_command_line(
        the_set, tmp_path: Path) -> None:
    cluster, store, headers = the_set
    document_id, _ = import_paragraphs(store, [OPENING])
    revision = tmp_path / "rev1.txt"
    revision.write_text("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To adopt the report.\n",
                        encoding="utf-8")
    draft = tmp_path / "new.txt"
    draft.write_text("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To welcome <all> States.\n",
                     encoding="utf-8")

    async def scenario() -> None:
        page = BufferedSocket(await websockets.connect(
            cluster.server_url(0).replace("http://", "ws://") + "/ws/documents",
            additional_headers=headers))
        balanced = BufferedSocket(await websockets.connect(  # a path without a document
            cluster.url.replace("http://", "ws://") + "/ws/documents",
            additional_headers=headers))
        editors = [await SyncClient.connect(ws_url(cluster.server_url(1), document_id),
                                            name="Typists", delegation=None, headers=headers)
                   for _ in range(2)]
        await page.until(lambda frame: frame["type"] == "counts"
                         and frame["documents"].get(document_id) == 2, 20)
        await balanced.until(lambda frame: frame["type"] == "counts"
                             and frame["documents"].get(document_id) == 2, 20)

        await asyncio.to_thread(command, cluster, "import", str(revision), "--as-revision-of",
                                document_id, "--name", "Rev.1", folder=tmp_path)
        revised = await page.until(lambda frame: frame["type"] == "document", 30)
        assert (revised["what"], revised["document"]["id"]) == ("revision", document_id)
        assert revised["document"]["revisions"] == 2 and revised["connected"] == 2

        new_id = await asyncio.to_thread(command, cluster, "import", str(draft),
                                         folder=tmp_path)
        imported = await page.until(lambda frame: frame["type"] == "document", 30)
        assert (imported["what"], imported["document"]["id"]) == ("import", new_id)

        for editor in editors:
            await editor.close()
        await page.until(lambda frame: frame["type"] == "counts"
                         and frame["documents"].get(document_id) == 0
                         and new_id in frame["documents"], 20)
        assert (await balanced.until(lambda frame: frame["type"] == "document"))[
            "document"]["id"] == document_id
        for socket in (page, balanced):
            await socket.close()

    asyncio.run(scenario())


def test_a_page_on_process_a_follows_the_progress_of_a_document_whose_room_is_on_b(
        the_set) -> None:
    cluster, store, headers = the_set
    document_id, (paragraph_id,) = import_paragraphs(store, [OPENING])
    people = make_people_on(store.engine, [document_id])
    chair = logged_in(cluster.server_url(1), people["chair"])  # on B, where the room is

    def figures(**wanted):
        return lambda frame: frame["type"] == "progress" and all(
            frame["documents"].get(document_id, {}).get(k) == v for k, v in wanted.items())

    async def scenario() -> None:
        page = BufferedSocket(await websockets.connect(
            cluster.server_url(0).replace("http://", "ws://") + "/ws/documents",
            additional_headers=headers))
        first = await page.until(figures(openBrackets=0), 20)
        assert first["documents"][document_id] == {
            "openBrackets": 0, "proposals": 0, "agreed": 0, "adReferendum": 0,
            "paragraphs": 1, "adopted": False}
        typist = await SyncClient.connect(ws_url(cluster.server_url(1), document_id),
                                          name="Typists", delegation=None, headers=headers)
        assert document_id in health(cluster.server_url(1))["documents"]
        assert document_id not in health(cluster.server_url(0))["documents"]
        bracketed = OPENING.replace("the report", "[the report]")
        typist.edit(paragraph_id, bracketed)
        await typist.settle()
        await page.until(figures(openBrackets=1), 20)

        answer = await asyncio.to_thread(
            chair.post, f"/api/documents/{document_id}/paragraphs/{paragraph_id}/brackets",
            json={"action": "resolve", "bracket": "[the report]", "keep": 0,
                  "start": bracketed.index("["), "rationale": "Agreed in the room."},
            headers={"X-CSRF-Token": csrf(chair)})
        assert answer.status_code == 200, answer.text
        resolved = await page.until(figures(openBrackets=0), 20)
        assert resolved["documents"][document_id]["paragraphs"] == 1
        await typist.close()
        await page.close()

    try:
        asyncio.run(scenario())
    finally:
        chair.close()
