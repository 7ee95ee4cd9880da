"""Time how long a chair's resolution takes to reach every client of a document.

    .venv/bin/python bench/resolution.py [--clients 100] [--resolutions 30]

The server (``negotiation serve``, thread writer, SQLite in a temporary folder) runs in its own
process with one document of one paragraph, "States shall report by 2030 on measures.";
this process connects ``--clients`` WebSocket clients (the delegates) and, ``--resolutions``
times: a delegate brackets "shall" over HTTP, then the chair resolves it (keeping "shall", with
a rationale) over HTTP. For each resolution and each client: the time from just before the
chair's request is sent to the client's receipt of the ``bracket_event`` "resolved" (the request
is decided, written in one transaction with its version, and broadcast). Prints p50, p99 and
max over all (resolution, client) pairs. Target (issue 10): p99 under 50 ms with 100 clients.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from negotiation.model import Document, Paragraph, ParagraphKind  # noqa: E402
from server.db import create_engine_for, upgrade  # noqa: E402
from server.store import Store  # noqa: E402

TEXT = "States shall report by 2030 on measures."
DELEGATE = {"name": "li", "delegation": "Belize", "role": "delegate"}
CHAIR = {"name": "Chair", "role": "chair"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(folder: str) -> tuple[str, str]:
    url = f"sqlite:///{folder}/bench.sqlite3"
    engine = create_engine_for(url)
    upgrade(engine)
    document = Document(symbol="BENCH/1", operative=[
        Paragraph(id="op-1", kind=ParagraphKind.OPERATIVE, text=TEXT, label="1")])
    document_id = Store(engine).import_document(document, author="bench")
    engine.dispose()
    return url, document_id


async def client(url: str, arrivals: dict[int, list[float]], ready: asyncio.Event,
                 count: list[int], total: int) -> None:
    async with websockets.connect(url, max_size=None) as socket_:
        await socket_.send(json.dumps({"type": "hello", "protocol": 1, "name": "delegate",
                                       "clientId": secrets.token_hex(8)}))
        await socket_.recv()
        count[0] += 1
        if count[0] == total:
            ready.set()
        async for raw in socket_:
            frame = json.loads(raw)
            if frame.get("type") == "bracket_event" and frame.get("action") == "resolved":
                arrivals.setdefault(frame["seq"], []).append(time.perf_counter())


async def measure(base: str, document_id: str, clients: int, resolutions: int) -> list[float]:
    ws = base.replace("http://", "ws://") + f"/ws/documents/{document_id}"
    arrivals: dict[int, list[float]] = {}
    ready, count = asyncio.Event(), [0]
    tasks = [asyncio.create_task(client(ws, arrivals, ready, count, clients))
             for _ in range(clients)]
    await asyncio.wait_for(ready.wait(), 60)
    api = f"{base}/api/documents/{document_id}/paragraphs/op-1/brackets"
    latencies: list[float] = []
    async with httpx.AsyncClient(timeout=30) as http:
        for _ in range(resolutions):
            raised = await http.post(api, json={"action": "raise", "start": 7, "end": 12,
                                                "as": DELEGATE})
            raised.raise_for_status()
            await asyncio.sleep(0.05)
            sent = time.perf_counter()
            answer = await http.post(api, json={
                "action": "resolve", "bracket": "[shall]", "start": 7, "keep": 0,
                "rationale": "consensus", "as": CHAIR})
            answer.raise_for_status()
            seq = answer.json()["seq"]
            deadline = time.perf_counter() + 10
            while len(arrivals.get(seq, [])) < clients and time.perf_counter() < deadline:
                await asyncio.sleep(0.005)
            got = arrivals.get(seq, [])
            if len(got) < clients:
                raise SystemExit(f"only {len(got)} of {clients} clients got resolution {seq}")
            latencies.extend((at - sent) * 1000 for at in got)
    for task in tasks:
        task.cancel()
    return latencies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--resolutions", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url, document_id = prepare(folder)
        port = free_port()
        environment = {**os.environ, "DATABASE_URL": url, "PLENARY_DATA_DIR": folder,
                       "PLENARY_STORE_WRITER": "thread"}
        server = subprocess.Popen([str(Path(sys.executable).parent / "negotiation"), "serve",
                                   "--port", str(port)], cwd=ROOT, env=environment,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    httpx.get(base + "/api/documents", timeout=1).raise_for_status()
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            latencies = asyncio.run(measure(base, document_id, args.clients, args.resolutions))
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"{args.resolutions} resolutions x {args.clients} clients: p50 "
          f"{statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms "
          "(target: p99 < 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
