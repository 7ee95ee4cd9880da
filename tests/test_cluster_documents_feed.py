"""The documents page's live channel across processes, on the real set (deploy/cluster.py:
two `negotiation serve` processes, PostgreSQL, Redis, HAProxy): a page connected to process A
(and one through the balancer) counts the two editors connected to process B, and hears of a
revision and of a new document imported by the command line (which has no server of its own:
its notice goes straight to Redis). The set and the command share a Redis namespace of their own
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
from cluster_set import REDIS, real_set
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
