"""Time how long a chair's resolution takes to reach every client of a document.

    .venv/bin/python bench/resolution.py [--clients 100] [--resolutions 30]

The server (``negotiation serve``, thread writer, SQLite in a temporary folder) runs in its own
process with one document of one paragraph, "States shall report by 2030 on measures.", in a
negotiation whose chair, Belize's delegate and an observer have accounts; they log in over HTTP
as a browser does. This process connects ``--clients`` WebSocket clients (with the observer's
session) and, ``--resolutions`` times: Belize's delegate brackets "shall" over HTTP, then the
chair resolves it (keeping "shall", with a rationale) over HTTP. For each resolution and each
client: the time from just before the chair's request is sent to the client's receipt of the
``bracket_event`` "resolved" (the request is decided, written in one transaction with its
version, and broadcast). Prints p50, p99 and max over all (resolution, client) pairs.
Target (issue 10): p99 under 50 ms with 100 clients.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
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
from negotiation.permissions import Role  # noqa: E402
from negotiation.seals import Sealer  # noqa: E402
from server.auth.passwords import hash_password  # noqa: E402
from server.db import create_engine_for, upgrade  # noqa: E402
from server.people.accounts import Accounts  # noqa: E402
from server.people.negotiations import Negotiations  # noqa: E402
from server.store import Store  # noqa: E402

TEXT = "States shall report by 2030 on measures."
BENCH_KEY = "be" * 32  # the integrity key of the bench's throw-away database (hex)
PASSWORD = "bench password, not a secret"
PEOPLE = {"chair": (Role.CHAIR, None), "belize": (Role.DELEGATE, "belize"),
          "observer": (Role.OBSERVER, None)}


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
    document_id = Store(engine, Sealer(bytes.fromhex(BENCH_KEY))).import_document(
        document, author="bench")
    accounts, negotiations = Accounts(engine), Negotiations(engine)
    secretariat = accounts.create_user("sg@bench.plenary", "Secretariat",
                                       hash_password(PASSWORD), secretariat=True)
    negotiation = negotiations.create("Bench", "OAS", created_by=secretariat.id)
    negotiations.add_document(negotiation.id, document_id)
    for key, (role, delegation) in PEOPLE.items():
        user = accounts.create_user(f"{key}@bench.plenary", key, hash_password(PASSWORD))
        negotiations.add_member(negotiation.id, user.id, role, delegation)
    engine.dispose()
    return url, document_id


def log_in(base: str, key: str) -> tuple[httpx.AsyncClient, str]:
    """An HTTP client logged in as ``key``, and its CSRF token."""
    http = httpx.Client(base_url=base, timeout=30)
    token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/login").text).group(1)
    http.post("/login", data={"login": f"{key}@bench.plenary", "password": PASSWORD,
                              "csrf_token": token})
    token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/").text).group(1)
    cookies = dict(http.cookies.items())
    http.close()
    return httpx.AsyncClient(base_url=base, timeout=30, cookies=cookies,
                             headers={"X-CSRF-Token": token}), token


async def client(url: str, arrivals: dict[int, list[float]], ready: asyncio.Event,
                 count: list[int], total: int, cookie: str) -> None:
    async with websockets.connect(url, max_size=None,
                                  additional_headers={"Cookie": cookie}) as socket_:
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
    observer, _ = await asyncio.to_thread(log_in, base, "observer")
    cookie = "; ".join(f"{k}={v}" for k, v in observer.cookies.items())
    await observer.aclose()
    tasks = [asyncio.create_task(client(ws, arrivals, ready, count, clients, cookie))
             for _ in range(clients)]
    await asyncio.wait_for(ready.wait(), 60)
    api = f"/api/documents/{document_id}/paragraphs/op-1/brackets"
    latencies: list[float] = []
    delegate, _ = await asyncio.to_thread(log_in, base, "belize")
    chair, _ = await asyncio.to_thread(log_in, base, "chair")
    async with delegate, chair:
        for _ in range(resolutions):
            raised = await delegate.post(api, json={"action": "raise", "start": 7, "end": 12})
            raised.raise_for_status()
            await asyncio.sleep(0.05)
            sent = time.perf_counter()
            answer = await chair.post(api, json={
                "action": "resolve", "bracket": "[shall]", "start": 7, "keep": 0,
                "rationale": "consensus"})
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
                       "PLENARY_STORE_WRITER": "thread", "PLENARY_INTEGRITY_KEY": BENCH_KEY}
        server = subprocess.Popen([str(Path(sys.executable).parent / "negotiation"), "serve",
                                   "--port", str(port)], cwd=ROOT, env=environment,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    httpx.get(base + "/healthz", timeout=1).raise_for_status()
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
