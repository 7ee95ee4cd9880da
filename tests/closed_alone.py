"""What the tests of a failure on one connection check alike: that connection alone is closed
(1011), another client's next words are merged as before, and the failure is logged in one
line without a traceback (docs/protocol.md, *Closes*)."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
import websockets
from sync_client import SyncClient

from server import protocol as wire


async def read_until_closed_by_failure(socket: Any) -> list[dict]:
    """The frames ``socket`` reads until the server closes it, which must be with 1011."""
    frames = []
    with pytest.raises(websockets.ConnectionClosed) as closed:
        while True:
            frames.append(json.loads(await asyncio.wait_for(socket.recv(), 10)))
    assert closed.value.rcvd.code == wire.SERVER_FAILURE
    return frames


async def carries_on(client: SyncClient, paragraph_id: str, words: str) -> None:
    """``client``, alone again in the document, adds ``words`` and has them acknowledged."""
    await client.wait_for(lambda: [e["name"] for e in client.presence] == [client.name])
    client.edit(paragraph_id, client.text(paragraph_id) + words)
    await client.settle()
    assert not client.errors
    await client.close()


def the_one_error_line(log_lines: Any) -> str:
    """The one error the server logged, without a traceback."""
    failures = [r for r in log_lines.records if r.levelno >= logging.ERROR]
    assert len(failures) == 1 and not failures[0].exc_info
    return failures[0].getMessage()
