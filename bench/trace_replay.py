"""Replay a real editing trace through one client, as fast as the server accepts it.

    .venv/bin/python bench/trace_replay.py              # automerge-paper, 100 keystrokes/edit
    .venv/bin/python bench/trace_replay.py --per-edit 20 --limit 50000

The trace: ``automerge-paper`` from the public collection josephg/editing-traces (commit
762fa6c, CC BY 4.0): Martin Kleppmann writing a LaTeX paper, 259,778 keystrokes recorded by
the automerge-perf project; format in ../shared/traces/README.md. The whole text lands in
ONE paragraph (about 105,000 characters at the end): the stress case of a very long paragraph.

The server runs in its own process (bench/load.py --serve, the real rooms and SQLite store);
the client (negotiation.sync.client over ``websockets``) applies the trace's keystrokes to
its text and, whenever its previous edit is acknowledged, sends what was typed since as one
delta -- at most ``--per-edit`` keystrokes, so an edit stays a burst of typing, not the whole
paper. Reported: keystrokes and edits acknowledged per second, the final text equal to the
trace's ``endContent``, the stored working text equal too, and the server's slowest single
edit on its event loop.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
TRACE = ROOT.parent / "shared" / "traces" / "automerge-paper.json.gz"
# one client replays as fast as its acks come back: far past a delegate's edit rate
UNLIMITED = {"PLENARY_EDIT_RATE": "1000000/1000000"}


def prepare(database: str) -> str:
    from negotiation.model import Document, Paragraph, ParagraphKind
    from server.db import create_engine_for, upgrade
    from server.store import Store

    engine = create_engine_for(f"sqlite:///{database}")
    upgrade(engine)
    document = Document(symbol="TRACE/1", title="automerge-paper", operative=[
        Paragraph(id="op-1", kind=ParagraphKind.OPERATIVE, label="1", text="")])
    return Store(engine).import_document(document, author="bench")


async def replay(url: str, keystrokes: list[list], per_edit: int) -> dict:
    import websockets

    from negotiation.sync.client import ClientParagraph

    socket = await websockets.connect(url, max_size=None, compression=None)
    await socket.send(json.dumps({"type": "hello", "protocol": 1, "clientId": "trace-replay-1",
                                  "name": "Martin", "delegation": None}))
    welcome = json.loads(await socket.recv())
    item = welcome["paragraphs"][0]
    paragraph = ClientParagraph.from_snapshot(item["id"], item["text"], item["rev"])
    text = paragraph.text
    done = edits = 0
    started = time.perf_counter()
    while True:
        if not paragraph.in_flight:
            stop = min(len(keystrokes), done + per_edit)
            for position, deleted, inserted in keystrokes[done:stop]:
                text = text[:position] + inserted + text[position + deleted:]
            done = stop
            paragraph.text = text
            message = paragraph.outgoing()
            if message is None:
                break
            await socket.send(json.dumps(message))
        reply = json.loads(await socket.recv())
        if reply["type"] == "ack":
            paragraph.on_ack(reply)
            text = paragraph.text
            edits += 1
        elif reply["type"] == "error":
            raise RuntimeError(f"server refused an edit: {reply}")
    elapsed = time.perf_counter() - started
    await socket.close()
    return {"keystrokes": len(keystrokes), "edits": edits, "seconds": elapsed,
            "keystrokes_per_s": len(keystrokes) / elapsed, "edits_per_s": edits / elapsed,
            "final": paragraph.text}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trace", type=Path, default=TRACE)
    parser.add_argument("--per-edit", type=int, default=100,
                        help="keystrokes sent at most in one edit (default 100)")
    parser.add_argument("--limit", type=int, default=0, help="replay only the first N")
    args = parser.parse_args()
    from load import _free_port, _wait_for_port

    data = json.loads(gzip.decompress(args.trace.read_bytes()))
    keystrokes = [patch for txn in data["txns"] for patch in txn["patches"]]
    expected = data["endContent"]
    if args.limit:
        keystrokes = keystrokes[:args.limit]
        text = data["startContent"]
        for position, deleted, inserted in keystrokes:
            text = text[:position] + inserted + text[position + deleted:]
        expected = text
    with tempfile.TemporaryDirectory() as folder:
        database = str(Path(folder) / "trace.sqlite3")
        document_id = prepare(database)
        port = _free_port()
        server = subprocess.Popen([sys.executable, str(ROOT / "bench" / "load.py"), "--serve",
                                   database, str(port)], cwd=ROOT, stderr=subprocess.PIPE,
                                  text=True, env={**os.environ, **UNLIMITED})
        try:
            _wait_for_port(port)
            result = asyncio.run(replay(f"ws://127.0.0.1:{port}/ws/documents/{document_id}",
                                        keystrokes, args.per_edit))
        finally:
            server.terminate()
            _, errors = server.communicate(timeout=30)
        from server.db import create_engine_for
        from server.store import Store

        stored = Store(create_engine_for(f"sqlite:///{database}")).get_paragraph_text(
            document_id, "op-1")
    slowest = [line for line in errors.splitlines() if line.startswith("longest merge")]
    print(f"automerge-paper (josephg/editing-traces, CC BY 4.0; Martin Kleppmann): "
          f"{result['keystrokes']} keystrokes in {result['seconds']:.1f} s = "
          f"{result['keystrokes_per_s']:.0f} keystrokes/s, {result['edits']} edits "
          f"({result['edits_per_s']:.0f}/s, <= {args.per_edit} keystrokes each); "
          f"final text == endContent: {result['final'] == expected} "
          f"({len(result['final'])} characters); stored == endContent: {stored == expected}; "
          f"{slowest[0] if slowest else 'longest merge: not reported'}")


if __name__ == "__main__":
    main()
