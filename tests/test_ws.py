"""server.ws over real sockets: uvicorn on 127.0.0.1, real ``websockets`` clients, and the
browser module static/sync.js run by Node against the same server."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import websockets
from live_server import running
from sync_client import SyncClient, import_paragraphs, make_store, sync_app, ws_url

from server import protocol as wire

ROOT = Path(__file__).resolve().parent.parent
HELLO = {"type": "hello", "protocol": 1, "clientId": "garbage-client-1", "name": "Noise",
         "delegation": "NOWHERE"}


@pytest.fixture
def served(tmp_path):
    store = make_store(tmp_path / "ws.sqlite3")
    document_id, ids = import_paragraphs(store, ["To request the Permanent Council to act.",
                                                 "Año 😀 de la cooperación."])
    with running(sync_app(store, coalesce_pause=0.05)) as base:
        yield store, ws_url(base, document_id), document_id, ids, base


async def frames_until(socket, kind: str, limit: int = 50) -> list[dict]:
    seen = []
    for _ in range(limit):
        seen.append(json.loads(await asyncio.wait_for(socket.recv(), 5)))
        if seen[-1]["type"] == kind:
            return seen
    raise AssertionError(f"no {kind} in {seen}")


def test_two_clients_converge_and_the_text_is_stored(served) -> None:
    store, url, document_id, ids, _ = served

    async def scenario():
        ana = await SyncClient.connect(url, name="Ana", delegation="CHILE")
        bo = await SyncClient.connect(url, name="Bo", delegation="PERU")
        ana.edit(ids[1], ana.text(ids[1]) + " 🙂")
        bo.edit(ids[1], "¡" + bo.text(ids[1]))
        await ana.settle()
        await bo.settle()
        await ana.catch_up(ids[1])
        await bo.catch_up(ids[1])
        assert ana.text(ids[1]) == bo.text(ids[1]) == "¡Año 😀 de la cooperación. 🙂"
        await ana.close()
        await bo.close()

    asyncio.run(scenario())
    assert store.get_paragraph_text(document_id, ids[1]) == "¡Año 😀 de la cooperación. 🙂"


def test_the_first_message_must_be_hello(served) -> None:
    _, url, *_ = served

    async def scenario():
        async with websockets.connect(url) as socket:
            await socket.send(json.dumps({"type": "focus", "p": None}))
            error = json.loads(await socket.recv())
            assert error["type"] == "error" and error["code"] == wire.HELLO_FIRST
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await socket.recv()
            assert closed.value.rcvd.code == 1008

    asyncio.run(scenario())


def test_an_unknown_document_is_an_error(served) -> None:
    *_, base = served

    async def scenario():
        async with websockets.connect(ws_url(base, "no-such-document")) as socket:
            await socket.send(json.dumps(HELLO))
            error = json.loads(await socket.recv())
            assert error["code"] == wire.UNKNOWN_DOCUMENT and "no-such-document" in \
                error["message"]

    asyncio.run(scenario())


def test_a_client_sending_garbage_disturbs_neither_the_others_nor_the_text(served) -> None:
    store, url, document_id, ids, _ = served
    garbage = ["{not json", b"\xff\xfe binary", "[]", json.dumps({"type": "edit"}),
               json.dumps({"type": "edit", "p": ids[0], "m": 0, "n": 0,
                           "deltas": ["=999\t+x"], "ref": "bad"}),
               json.dumps({"type": "edit", "p": ids[0], "m": 77, "n": 0, "deltas": []}),
               json.dumps({"type": "hello", "protocol": 1, "clientId": "again12345",
                           "name": "x"}),
               json.dumps({"type": "edit", "p": ids[0], "m": 0, "n": 0,
                           "deltas": ["+" + "x" * (wire.MAX_FRAME_BYTES + 10)]})]

    async def scenario():
        ana = await SyncClient.connect(url, name="Ana", delegation="CHILE")
        async with websockets.connect(url, max_size=None) as noise:
            await noise.send(json.dumps(HELLO))
            await frames_until(noise, "welcome")
            codes = []
            for frame in garbage:
                await noise.send(frame)
                ana.edit(ids[0], ana.text(ids[0]) + ".")
                codes.append((await frames_until(noise, "error"))[-1]["code"])
            assert codes == [wire.BAD_JSON, wire.BAD_JSON, wire.BAD_MESSAGE, wire.BAD_MESSAGE,
                             wire.BAD_DELTA, wire.UNKNOWN_REVISION, wire.BAD_MESSAGE,
                             wire.TOO_LARGE]
            # past MAX_ERRORS bad frames in a row, the noisy client is closed
            for _ in range(wire.MAX_ERRORS):
                await noise.send("nonsense")
            with pytest.raises(websockets.ConnectionClosed):
                while True:
                    await asyncio.wait_for(noise.recv(), 5)
        await ana.settle()
        await ana.catch_up(ids[0])
        expected = "To request the Permanent Council to act." + "." * len(garbage)
        assert ana.text(ids[0]) == expected
        assert not ana.errors
        await ana.close()
        return expected

    expected = asyncio.run(scenario())
    assert store.get_paragraph_text(document_id, ids[0]) == expected


def test_an_edit_resent_after_a_reconnect_is_merged_once(served) -> None:
    store, url, document_id, ids, _ = served

    async def scenario():
        ana = await SyncClient.connect(url, name="Ana", delegation="CHILE")
        paragraph = ana.paragraphs[ids[0]]
        paragraph.text += " Once."
        message = paragraph.outgoing()
        message["ref"] = f"edit:{ids[0]}"
        await ana.send_raw(json.dumps(message))  # the server merges it...
        await asyncio.sleep(0.2)
        await ana.disconnect()  # ...but the ack is lost with the connection
        await ana.reconnect()  # the stack is sent again with the same numbers
        await ana.settle()
        await ana.catch_up(ids[0])
        assert ana.text(ids[0]) == "To request the Permanent Council to act. Once."
        await ana.close()

    asyncio.run(scenario())
    assert store.get_paragraph_text(document_id, ids[0]) == \
        "To request the Permanent Council to act. Once."


def node_binary() -> list[str] | None:
    """A Node with a global WebSocket: Playwright's bundled one, else a system node >= 22."""
    try:
        import playwright

        bundled = Path(playwright.__file__).parent / "driver" / "node"
        if bundled.exists():
            return [str(bundled)]
    except ImportError:  # pragma: no cover
        pass
    system = shutil.which("node")
    return [system, "--experimental-websocket"] if system else None


def test_the_browser_module_converges_and_keeps_offline_words_across_a_reload(served) -> None:
    store, url, document_id, ids, _ = served
    node = node_binary()
    if node is None:
        pytest.skip("no Node.js to run static/sync.js")
    result = subprocess.run([*node, str(ROOT / "tests" / "js" / "sync_e2e.mjs"), url, ids[0]],
                            capture_output=True, text=True, timeout=60,
                            env={**os.environ, "NODE_NO_WARNINGS": "1"}, check=False)
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    start = "To request the Permanent Council to act."
    together = outcome["together"]
    assert together[0] == together[1]
    assert together[0].count("😀") == 10 and together[0].count("é") == 10
    assert together[0].endswith(start[-5:] + "😀é" * 10)
    assert outcome["restored"].endswith("[OFFLINE WORDS]")  # read back from storage
    assert outcome["savedParagraphs"] == 1 and outcome["clientIdKept"]
    assert outcome["final"][0] == outcome["final"][1] == together[0] + " [OFFLINE WORDS]"
    assert outcome["paragraphEvent"]["paragraphId"] == ids[0]
    assert outcome["delta"] == "=1\t+%F0%9F%98%81\t-2\t=1"  # the whole emoji, never half
    assert outcome["ops"] == [6, "😀", 2] and outcome["applied"] == "Año 😀😀 x"
    # a server change right at unsent words: both kept, transformed exactly
    text, shadow, revision = outcome["unsent"]
    assert "big" in text and "wide" in text and shadow == "Hello wide world" and revision == 1
    assert outcome["states"][:2] == ["connecting", "online"]
    assert outcome["errors"] == []
    # edits 5 and 6 of the stack merged already: only edit 7 is sent, from the text they made
    assert outcome["adopted"] == {"type": "edit", "p": "p", "m": -1, "n": 7,
                                  "deltas": ["=28\t+!\t-1"],
                                  "base": "The Council fully agrees now."}
    assert outcome["unconfirmed"] == [", in writing"]
    assert store.get_paragraph_text(document_id, ids[0]) == outcome["final"][0]
