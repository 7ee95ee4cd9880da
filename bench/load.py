"""Load benchmark of live editing: many simulated editors on one document.

    .venv/bin/python bench/load.py                       # the three standard scenarios, 3 runs each
    .venv/bin/python bench/load.py --editors 200 --rate 5 --clauses 20 --runs 1

Three processes on this machine: this orchestrator (idle while measuring), the server
(uvicorn + the real app parts: rooms, SQLite store with group commit) and the load generator
(``--generate``): plain ``websockets`` connections, one per editor, sending precomputed
one-keystroke deltas ("=12\t+k\t=300") at ``rate`` keystrokes per second per editor into random
clauses. The generator keeps no texts: per clause only the revision and the length its shadow
has (read off acks and patches), which is all a delta needs; with an edit in flight, keystrokes
are gathered and sent as one delta after the ack.

The editors log in as a client that is not a browser does (docs/protocol.md, "Logging in"):
the generator logs in once over HTTP as the bench's account (``BENCH_LOGIN``, made by
``prepare``) and every editor opens its WebSocket with that session cookie.

Server options from the environment: BENCH_PAUSE (coalescing pause, seconds, default 2),
BENCH_DURABLE_BROADCAST=1 (patches leave only after the commit), BENCH_SWITCH (the server's
``sys.setswitchinterval``, seconds; default the app's, server/runtime.py), BENCH_WS (uvicorn's
WebSocket implementation: auto, websockets, websockets-sansio, wsproto; default the app's own,
server/direct_frames.py), BENCH_PROFILE=FILE (the server's event loop under cProfile, its
stats written to FILE at shutdown), BENCH_WRITER=process (the
room's writes in worker processes, instead of a thread of the server: the app's default,
PLENARY_STORE_WRITER).

Reported (medians over the runs): p50/p99 latency from a keystroke to its appearance at the
other editors (the patch frame naming its revision, received by each other editor of the
document), edits acknowledged per second, server CPU (% of one core) and peak RSS, and the load
generator's own CPU. Server CPU and RSS include the store writer's worker processes.
Targets (issue 4): 100 editors x 2.5 keystrokes/s into ONE clause p99 < 20 ms; 200 editors
over 20 clauses at 5 keystrokes/s p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_KEY = bytes.fromhex("be" * 32)  # the integrity key of the bench's throw-away database
sys.path.insert(0, str(ROOT))
PROFILER = None  # BENCH_PROFILE=FILE: the server's event loop under cProfile, stats to FILE
SCENARIOS = [  # (editors, keystrokes per second each, clauses)
    (50, 5.0, 20),
    (100, 2.5, 1),
    (200, 5.0, 20),
]
BENCH_LOGIN, BENCH_PASSWORD = "bench@bench.plenary", "bench-password"  # a throwaway database
CLAUSE = ("To request the Permanent Council to convene a special meeting to consider the "
          "report of the Secretary General on the implementation of this resolution and to "
          "transmit its conclusions to the General Assembly at its next regular session. ")


# -- the server process ----------------------------------------------------------------------

def serve(database: str, port: int) -> None:
    import uvicorn
    from starlette.applications import Starlette
    from starlette.routing import WebSocketRoute

    from negotiation.seals import Sealer
    from server.app import LOGIN_ROUTES, install_accounts
    from server.auth.gatekeeper import Gatekeeper
    from server.auth.socket_gate import SessionGate
    from server.channel import InProcessFanout
    from server.db import create_engine_for
    from server.direct_frames import FramedProtocol
    from server.live.registry import RoomRegistry
    from server.people.accounts import Accounts
    from server.people.negotiations import Negotiations
    from server.runtime import tune_interpreter
    from server.settings import Settings
    from server.store import Store
    from server.store_writer import ProcessWriter, ThreadWriter
    from server.ws import sync_endpoint

    store = Store(create_engine_for(f"sqlite:///{database}"), Sealer(BENCH_KEY))
    writer = ProcessWriter(f"sqlite:///{database}", key=BENCH_KEY) \
        if os.environ.get("BENCH_WRITER") == "process" else ThreadWriter(store)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        app.state.rooms = RoomRegistry(
            store, InProcessFanout(), coalesce_pause=float(os.environ.get("BENCH_PAUSE", "2")),
            durable_broadcast=os.environ.get("BENCH_DURABLE_BROADCAST") == "1", writer=writer)
        tune_interpreter()  # as the app does
        if os.environ.get("BENCH_SWITCH"):
            sys.setswitchinterval(float(os.environ["BENCH_SWITCH"]))
        pauses = _watch_garbage_collector()
        yield
        print(f"garbage collections: {len(pauses)}, longest {max(pauses, default=0) * 1000:.1f}"
              " ms", file=sys.stderr, flush=True)
        rooms = app.state.rooms.open_rooms()
        cpu = max((room.longest_merge for room in rooms), default=0)
        wall = max((room.longest_merge_wall for room in rooms), default=0)
        print(f"longest merge on the event loop: {cpu * 1000:.1f} ms CPU ({wall * 1000:.1f} ms "
              "wall)", file=sys.stderr, flush=True)
        await app.state.rooms.aclose()
        if PROFILER is not None:
            PROFILER.disable()
            PROFILER.dump_stats(os.environ["BENCH_PROFILE"])

    app = Starlette(routes=[*LOGIN_ROUTES,
                            WebSocketRoute("/ws/documents/{document_id}", sync_endpoint)],
                    lifespan=lifespan)
    # the limits of a connection from the environment (bench/README.md), the data folder here
    install_accounts(app, dataclasses.replace(Settings.from_environment(),
                                              data_dir=Path(database).parent))
    engine = store.engine
    app.state.gatekeeper = Gatekeeper(Accounts(engine), Negotiations(engine))
    app.state.gate = SessionGate(app.state.gatekeeper)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", ws_max_size=2**24,
                ws=os.environ.get("BENCH_WS") or FramedProtocol)


def _watch_garbage_collector() -> list[float]:
    """Durations (seconds) of the server's garbage collections from now on: a collection
    stops the event loop, so a long one shows as latency."""
    import gc

    pauses: list[float] = []
    started = [0.0]

    def callback(phase: str, info: dict) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            pauses.append(time.perf_counter() - started[0])
            if pauses[-1] > 0.01:
                print(f"garbage collection of generation {info['generation']}: "
                      f"{pauses[-1] * 1000:.1f} ms, {info['collected']} collected",
                      file=sys.stderr, flush=True)

    gc.callbacks.append(callback)
    return pauses


def prepare(database: str, clauses: int) -> str:
    from negotiation.model import Document, Paragraph, ParagraphKind
    from server.db import create_engine_for, upgrade
    from server.store import Store

    engine = create_engine_for(f"sqlite:///{database}")
    upgrade(engine)
    document = Document(symbol="BENCH/1", title="THE GENERAL ASSEMBLY,", operative=[
        Paragraph(id=f"op-{i + 1}", kind=ParagraphKind.OPERATIVE, label=str(i + 1),
                  text=CLAUSE) for i in range(clauses)])
    from negotiation.seals import Sealer
    from server.auth.passwords import hash_password
    from server.people.accounts import Accounts

    Accounts(engine).create_user(BENCH_LOGIN, "Bench", hash_password(BENCH_PASSWORD),
                                 secretariat=True)
    return Store(engine, Sealer(BENCH_KEY)).import_document(document, author="bench")


def login_cookie(url: str) -> str:
    """Log in over HTTP as the bench's account; the session cookie for the WebSockets."""
    import re

    import httpx

    base = url.replace("ws://", "http://", 1).split("/ws/", 1)[0]
    with httpx.Client(base_url=base, timeout=30) as http:
        token = re.search(r'name="csrf_token" value="([^"]+)"', http.get("/login").text)
        answer = http.post("/login", data={"login": BENCH_LOGIN, "password": BENCH_PASSWORD,
                                           "csrf_token": token.group(1) if token else ""})
        if answer.status_code != 303:
            raise SystemExit(f"the bench could not log in: HTTP {answer.status_code}")
        return "; ".join(f"{name}={value}" for name, value in http.cookies.items())


# -- the load generator process ------------------------------------------------------------

def delta_length(delta: str, old: int) -> int:
    """Length (UTF-16 units) of the text a delta makes, from the delta alone."""
    length = 0
    for token in delta.split("\t"):
        if token[:1] == "=":
            length += int(token[1:])
        elif token[:1] == "+":
            words = unquote(token[1:]) if "%" in token else token[1:]
            length += len(words.encode("utf-16-le")) // 2 if not words.isascii() else len(words)
    return length


class Stream:
    """What every editor of this generator receives, decoded once per process.

    All editors of a document receive the same frames in the same order, so a frame's text
    identifies it: the first editor to receive it decodes it; the others only note that
    they did (``receipts``). ``latest[k]`` is each clause's (revision, length) after frame
    ``k``: what a client that applied every patch up to frame ``k`` holds as its shadow. This
    keeps the generator's cost per received frame at a dict lookup and an append, so it is
    not the bottleneck it would be decoding 10,000 frames a second (issue 4: "the load
    generator must not be the bottleneck")."""

    def __init__(self, initial: dict[str, tuple[int, int]]) -> None:
        self.index: dict[str, int] = {}
        self.latest: list[dict[str, tuple[int, int]]] = []
        self.patches: list[list[tuple[str, int]]] = []
        self.initial = initial

    def frame(self, text: str) -> int:
        number = self.index.get(text)
        if number is None:
            number = self._decode(text)
        return number

    def _decode(self, text: str) -> int:
        message = json.loads(text)
        latest = self.latest[-1] if self.latest else self.initial
        patches = []
        if message["type"] == "patch":
            latest = dict(latest)
            for patch in message["patches"]:
                patches.append((patch["p"], patch["to"]))
                rev, length = latest.get(patch["p"], (None, 0))
                if patch["from"] == rev:
                    latest[patch["p"]] = (patch["to"], delta_length(patch["delta"], length))
        self.index[text] = number = len(self.latest)
        self.latest.append(latest)
        self.patches.append(patches)
        return number


class Editor:
    def __init__(self, number: int, url: str, clauses: list[str], rate: float,
                 rng: random.Random, book: dict) -> None:
        self.number, self.url, self.clauses, self.rate, self.rng = number, url, clauses, \
            rate, rng
        self.book = book  # shared: sent[(p, r)] = (author, keystroke time); receipts; errors
        self.stream: Stream = book["stream"]
        self.seen = -1  # the last frame of the stream received
        self.own: dict[str, tuple[int, int]] = {}  # p -> (revision, length) from my last ack
        self.state: dict[str, list] = {}  # p -> [n, in_flight, pending, typed_at]
        self.acks = 0
        self.acked_chars = 0  # letters of this editor's acknowledged edits
        self.sent_chars: dict[str, int] = {}  # p -> letters of the edit in flight
        self.reading = False  # frames are noted from the start of typing to its end

    async def run(self, start: float, stop: float) -> None:
        loop = asyncio.get_running_loop()
        self.welcome: asyncio.Future[dict] = loop.create_future()
        address = urlsplit(self.url)
        _, self.link = await loop.create_connection(
            lambda: Link(self.url, self.received, self.book["cookie"]), address.hostname,
            address.port)
        await self.link.opened
        self.link.send(json.dumps({"type": "hello", "protocol": 1,
                                   "clientId": f"bench-editor-{self.number:06d}",
                                   "name": f"Editor {self.number}", "delegation": None}))
        welcome = await self.welcome
        for item in welcome["paragraphs"]:
            self.own[item["id"]] = (item["rev"], delta_length(f"={len(item['text'])}", 0)
                                    if item["text"].isascii() else
                                    len(item["text"].encode("utf-16-le")) // 2)
            self.state[item["id"]] = [0, False, "", 0.0]
        if not self.stream.initial:  # the clauses as the first editor found them
            self.stream.initial = dict(self.own)
        self.reading = True
        await asyncio.sleep(max(0.0, start - time.monotonic()) + self.rng.random() / self.rate)
        interval = 1.0 / self.rate
        due = time.monotonic()
        while due < stop:
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            self.keystroke(self.rng.choice(self.clauses), due)
            due += interval
        settled = time.monotonic() + 10.0  # every edit sent is acknowledged before closing
        while any(state[1] or state[2] for state in self.state.values()) \
                and time.monotonic() < settled:
            await asyncio.sleep(0.05)
        await asyncio.sleep(1.0)
        self.reading = False
        self.link.close()

    def keystroke(self, paragraph: str, at: float) -> None:
        state = self.state[paragraph]
        letter = self.rng.choice("abcdefghij ")
        if state[1]:
            state[2] += letter
            return
        state[2], state[3] = letter, at
        self.send(paragraph)

    def shadow(self, paragraph: str) -> tuple[int, int]:
        """The newest (revision, length) this editor holds: its own last ack, or the stream
        as of the last frame it received, whichever is newer."""
        own = self.own[paragraph]
        if self.seen < 0:
            return own
        streamed = self.stream.latest[self.seen].get(paragraph, own)
        return streamed if streamed[0] > own[0] else own

    def send(self, paragraph: str) -> None:
        state = self.state[paragraph]
        m, length = self.shadow(paragraph)
        words = state[2]
        at = self.rng.randint(0, length)
        parts = ([f"={at}"] if at else []) + [f"+{words}"] + (
            [f"={length - at}"] if length - at else [])
        state[1], state[2] = True, ""
        self.sent_chars[paragraph] = len(words)
        self.link.send(json.dumps({"type": "edit", "p": paragraph, "m": m, "n": state[0],
                                   "deltas": ["\t".join(parts)]}))

    def received(self, frame: str) -> None:
        """One frame from the server, handled as it is read (called by ``Link``)."""
        now = time.monotonic()
        if not self.welcome.done():
            self.welcome.set_result(json.loads(frame))
            return
        if not self.reading:
            return
        if frame.startswith('{"type":"error"'):
            self.book["errors"].append(frame)
            return
        if not frame.startswith('{"type":"ack"'):
            self.seen = self.stream.frame(frame)
            self.book["receipts"].append((self.seen, self.number, now))
            return
        message = json.loads(frame)
        paragraph = message["p"]
        state = self.state[paragraph]
        self.acked_chars += self.sent_chars.pop(paragraph, 0)
        if message.get("conflicts"):
            self.book["conflicts"] += 1
        self.book["sent"][(paragraph, message["r"])] = (self.number, state[3])
        self.own[paragraph] = (message["r"], delta_length(message["delta"], 0))
        state[0], state[1] = message["n"], False
        self.acks += 1
        if state[2]:
            state[3] = now
            self.send(paragraph)


class Link(asyncio.Protocol):
    """One editor's WebSocket, driven by the Sans-I/O protocol of ``websockets``: each frame
    is handed to ``on_text`` as it is parsed, with no task switch and no queue per frame (the
    generator receives 10,000 frames a second at 200 editors; its own delays count as
    latency, so they must stay small)."""

    def __init__(self, url: str, on_text: Callable[[str], None], cookie: str = "") -> None:
        from websockets.client import ClientProtocol
        from websockets.uri import parse_uri

        self.protocol = ClientProtocol(parse_uri(url), max_size=None)
        self.cookie = cookie
        self.on_text = on_text
        self.opened: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        request = self.protocol.connect()
        if self.cookie:
            request.headers["Cookie"] = self.cookie
        self.protocol.send_request(request)
        self._flush()

    def data_received(self, data: bytes) -> None:
        from websockets.frames import Opcode
        from websockets.http11 import Response

        self.protocol.receive_data(data)
        for event in self.protocol.events_received():
            if isinstance(event, Response):
                if self.protocol.handshake_exc is not None:
                    self.opened.set_exception(self.protocol.handshake_exc)
                else:
                    self.opened.set_result(None)
            elif event.opcode is Opcode.TEXT:
                self.on_text(event.data.decode())
        self._flush()  # pongs, the close handshake

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(exc or ConnectionError("connection closed"))

    def send(self, text: str) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.protocol.send_text(text.encode())
            self._flush()

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.protocol.send_close(1000)
            self._flush()
            self.transport.close()

    def _flush(self) -> None:
        chunks = [chunk for chunk in self.protocol.data_to_send() if chunk]
        if chunks and self.transport is not None:
            self.transport.write(b"".join(chunks))


async def generate(url: str, editors: int, rate: float, clauses: list[str], warmup: float,
                   duration: float, seed: int) -> dict:
    cookie = await asyncio.to_thread(login_cookie, url)
    book: dict = {"sent": {}, "receipts": [], "errors": [], "stream": Stream({}),
                  "cookie": cookie, "conflicts": 0}
    rng = random.Random(seed)
    crowd = [Editor(i, url, clauses, rate, random.Random(rng.random()), book)
             for i in range(editors)]
    start = time.monotonic() + 2.0 + editors * 0.01
    stop = start + warmup + duration
    tasks = [asyncio.create_task(editor.run(start, stop)) for editor in crowd]
    await asyncio.sleep(max(0.0, start + warmup - time.monotonic()))
    print("MEASURE", flush=True)  # the orchestrator samples the server's CPU from here
    cpu0, acks0 = _cpu_seconds(), sum(e.acks for e in crowd)
    await asyncio.sleep(duration)
    cpu1, acks1 = _cpu_seconds(), sum(e.acks for e in crowd)
    print("DONE", flush=True)
    await asyncio.gather(*tasks)
    measured_from = start + warmup
    sent, patches = book["sent"], book["stream"].patches
    latencies = []
    for frame, who, at in book["receipts"]:
        for key in patches[frame]:
            author, typed = sent.get(key, (who, 0.0))
            if author != who and typed >= measured_from:
                latencies.append(at - typed)
    latencies.sort()
    for error in book["errors"][:3]:
        print(f"error frame: {error}", file=sys.stderr, flush=True)
    return {"latency_p50_ms": _quantile(latencies, 0.50) * 1000,
            "latency_p99_ms": _quantile(latencies, 0.99) * 1000,
            "samples": len(latencies), "edits_per_s": (acks1 - acks0) / duration,
            "generator_cpu_pct": (cpu1 - cpu0) / duration * 100,
            "errors": len(book["errors"]), "conflicts": book["conflicts"],
            "acked_chars": sum(e.acked_chars for e in crowd)}


def _use_uvloop() -> None:
    """The generator on uvloop when it is installed (uvicorn[standard] brings it), as the
    server is: its own event loop costs less per frame, and its delays count as latency."""
    try:
        import uvloop
    except ImportError:
        return
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _quantile(values: list[float], q: float) -> float:
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


# -- the orchestrator -------------------------------------------------------------------------

def _server_processes(pid: int) -> list[int]:
    """The server and its children (the store writer's worker processes)."""
    children = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children += [int(child) for child in (task / "children").read_text().split()]
    return [pid, *children]


def _process_cpu(pids: list[int]) -> float:
    seconds = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        seconds += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def _peak_rss_mb(pids: list[int]) -> float:
    """Summed peak RSS of the processes (an upper bound of their peak together)."""
    total = 0.0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1]) / 1024
    return total


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_once(editors: int, rate: float, clauses: int, warmup: float, duration: float,
             seed: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        database = str(Path(folder) / "bench.sqlite3")
        document_id = prepare(database, clauses)
        port = _free_port()
        server = subprocess.Popen([sys.executable, __file__, "--serve", database, str(port)],
                                  cwd=ROOT)
        try:
            _wait_for_port(port)
            url = f"ws://127.0.0.1:{port}/ws/documents/{document_id}"
            generator = subprocess.Popen(
                [sys.executable, __file__, "--generate", url, str(editors), str(rate),
                 str(clauses), str(warmup), str(duration), str(seed)],
                stdout=subprocess.PIPE, text=True, cwd=ROOT)
            assert generator.stdout is not None
            cpu0 = cpu1 = loop0 = loop1 = 0.0
            result = None
            pids = [server.pid]
            for line in generator.stdout:
                if line.startswith("MEASURE"):
                    pids = _server_processes(server.pid)
                    cpu0, loop0 = _process_cpu(pids), _process_cpu(pids[:1])
                elif line.startswith("DONE"):
                    cpu1, loop1 = _process_cpu(pids), _process_cpu(pids[:1])
                elif line.startswith("{"):
                    result = json.loads(line)
            generator.wait()
            result["server_cpu_pct"] = (cpu1 - cpu0) / duration * 100
            result["event_loop_process_cpu_pct"] = (loop1 - loop0) / duration * 100
            result["server_peak_rss_mb"] = _peak_rss_mb(pids)
            result["server_processes"] = len(pids)
        finally:
            server.terminate()
            server.wait(10)
        result["versions"] = _versions_written(database, clauses)
        # every editor inserts one letter per keystroke and deletes nothing: the stored texts
        # grew by exactly the letters acknowledged, or some were lost (or doubled)
        result["lost_chars"] = result["acked_chars"] - _growth(database, clauses)
        return result


def _versions_written(database: str, clauses: int) -> int:
    """Versions the run added (the import wrote one per clause), all written by shutdown."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(database)) as connection:
        return connection.execute("SELECT count(*) FROM versions").fetchone()[0] - clauses


def _growth(database: str, clauses: int) -> int:
    """How many characters the clauses' stored working texts gained over the run."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(database)) as connection:
        stored = connection.execute("SELECT sum(length(working_text)) FROM paragraphs").fetchone()
    return stored[0] - clauses * len(CLAUSE)


def _wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"the server did not listen on port {port}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        global PROFILER
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            PROFILER = cProfile.Profile()
            PROFILER.enable()
        serve(sys.argv[2], int(sys.argv[3]))
        return
    if len(sys.argv) > 1 and sys.argv[1] == "--generate":
        url, editors, rate, clauses, warmup, duration, seed = sys.argv[2:9]
        _use_uvloop()
        result = asyncio.run(generate(url, int(editors), float(rate),
                                      [f"op-{i + 1}" for i in range(int(clauses))],
                                      float(warmup), float(duration), int(seed)))
        print(json.dumps(result), flush=True)
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--editors", type=int)
    parser.add_argument("--rate", type=float, help="keystrokes per second per editor")
    parser.add_argument("--clauses", type=int)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds, not measured")
    parser.add_argument("--duration", type=float, default=10.0, help="measured seconds")
    args = parser.parse_args()
    scenarios = [(args.editors, args.rate, args.clauses)] if args.editors else SCENARIOS
    for editors, rate, clauses in scenarios:
        runs = [run_once(editors, rate, clauses, args.warmup, args.duration, seed)
                for seed in range(args.runs)]
        median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        print(f"{editors:4d} editors x {rate:g}/s over {clauses:2d} clause(s): "
              f"p50 {median['latency_p50_ms']:6.1f} ms  p99 {median['latency_p99_ms']:6.1f} ms  "
              f"{median['edits_per_s']:7.1f} edits/s  server CPU {median['server_cpu_pct']:5.1f}% "
              f"(event loop {median['event_loop_process_cpu_pct']:.1f}%)"
              f"  peak RSS {median['server_peak_rss_mb']:5.0f} MB  generator CPU "
              f"{median['generator_cpu_pct']:5.1f}%  errors {median['errors']:.0f}  "
              f"conflicts {max(run['conflicts'] for run in runs)}  lost characters "
              f"{max(abs(run['lost_chars']) for run in runs)} (most in a run)  "
              f"versions {median['versions']:.0f}  "
              f"(median of {len(runs)} runs, {int(median['samples'])} latency samples)",
              flush=True)


if __name__ == "__main__":
    main()
