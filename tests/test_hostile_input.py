"""Bad input never disturbs anyone else (docs/protocol.md, *error* and *Closes*).

The real app (server.app.create_app, uvicorn via tests/live_server.py) and real WebSocket
clients: more than a thousand generated bad messages of every category (tests/hostile_messages.py:
not JSON, binary frames, text frames that are not UTF-8, unknown types, wrong fields, lone
surrogates and NUL in every string, bad %-escapes and delta tokens, deltas that do not fit,
unknown paragraphs and revisions, oversized frames and paragraphs, bad first frames, floods past
the rate limits, too many errors in a row, a client that stops reading) while two honest
delegations edit. Every bad message gets its documented error or close; the server logs no
traceback and no failure; the honest words all arrive, acknowledged, exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import random
import socket
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import websockets
from accounts_fixture import cookie_header, logged_in, make_people
from hostile_messages import (
    NO_REF,
    Bad,
    Target,
    first_frames,
    hello,
    not_utf8_text,
    session_messages,
)
from live_server import running
from sync_client import SyncClient, import_paragraphs, ws_url

from negotiation.sync.delta import make as make_delta
from server import protocol as wire
from server.app import create_app
from server.settings import Settings

SEED = 20261206
SESSION_MESSAGES = 1100
FIRST_FRAMES = 90
PER_CONNECTION = 45  # below MAX_ERRORS: a session is not closed for its errors in a row
# the session cookie every connection of the test sends (a delegate of Venezuela for the noise;
# the gate, server/auth/socket_gate.py, refuses a WebSocket without one)
SESSION: dict[str, str] = {}
TEXTS = ["To request the Permanent Council to act.", "Año 😀 de la cooperación.",
         "Decides to remain seized of the matter.", "Scratch paragraph."]


class Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def server_log():
    """Every record the server logs (its own loggers, uvicorn's and asyncio's)."""
    handler = Records()
    loggers = [logging.getLogger(name) for name in ("", "uvicorn", "plenary")]
    plenary_level = loggers[2].level
    loggers[2].setLevel(logging.INFO)
    for logger in loggers[:2]:
        logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        for logger in loggers[:2]:
            logger.removeHandler(handler)
        loggers[2].setLevel(plenary_level)


async def next_error(socket_: Any) -> dict[str, Any]:
    """The next error frame (presence, patches and structure frames are skipped)."""
    while True:
        frame = json.loads(await asyncio.wait_for(socket_.recv(), 20))
        if frame["type"] == wire.ERROR:
            return frame


async def closed_with(socket_: Any) -> tuple[int | None, list[dict[str, Any]]]:
    """Read until the server closes: its close code and the error frames before it."""
    errors = []
    try:
        while True:
            frame = json.loads(await asyncio.wait_for(socket_.recv(), 20))
            if frame["type"] == wire.ERROR:
                errors.append(frame)
    except websockets.ConnectionClosed as closed:
        return (closed.rcvd.code if closed.rcvd else None), errors


def check_error(bad: Bad, error: dict[str, Any], problems: list[str]) -> None:
    if error["code"] not in bad.codes:
        problems.append(f"{bad.category}: {bad.frame[:80]!r} got {error['code']} "
                        f"({error['message'][:100]}), expected {sorted(bad.codes)}")
    elif set(error) != {"type", "code", "message", "ref"} or not error["message"]:
        problems.append(f"{bad.category}: error of the wrong shape {error}")
    elif bad.ref is not NO_REF and error["ref"] != bad.ref:
        problems.append(f"{bad.category}: error ref {error['ref']!r}, sent {bad.ref!r}")


async def send(socket_: Any, bad: Bad) -> None:
    if bad.as_text:
        await socket_.send(bad.frame, text=True)
    else:
        await socket_.send(bad.frame)


async def hostile_session(url: str, name: str, messages: list[Bad], answered: Counter,
                          problems: list[str], *, last: Bad | None = None) -> None:
    async with websockets.connect(url, additional_headers=SESSION, max_size=None,
                                  compression=None) as noise:
        await noise.send(json.dumps(hello(f"noise-{name}", name)))
        welcome = json.loads(await asyncio.wait_for(noise.recv(), 20))
        assert welcome["type"] == wire.WELCOME, welcome
        for bad in messages:
            await send(noise, bad)
            check_error(bad, await next_error(noise), problems)
            answered[bad.category] += 1
        if last is not None:  # ends the session with a close
            await send(noise, last)
            code, errors = await closed_with(noise)
            if code != last.close or errors:
                problems.append(f"{last.category}: closed with {code} after {errors}")
            answered[last.category] += 1


async def first_frame(url: str, bad: Bad, answered: Counter, problems: list[str]) -> None:
    async with websockets.connect(url, additional_headers=SESSION, max_size=None,
                                  compression=None) as noise:
        await send(noise, bad)
        code, errors = await closed_with(noise)
    expected = 1 if bad.codes else 0
    if code != bad.close or len(errors) != expected:
        problems.append(f"{bad.category}: {bad.frame[:60]!r} closed with {code} after "
                        f"{errors}, expected {bad.close} after {sorted(bad.codes)}")
    elif errors:
        check_error(bad, errors[0], problems)
    answered[bad.category] += 1


async def says_nothing(url: str, answered: Counter, problems: list[str]) -> None:
    async with websockets.connect(url, additional_headers=SESSION, compression=None) as noise:
        code, errors = await closed_with(noise)
    if code != wire.POLICY_VIOLATION or [e["code"] for e in errors] != [wire.HELLO_FIRST]:
        problems.append(f"no hello: closed with {code} after {errors}")
    answered["first: nothing within 10 s"] += 1


async def too_many_errors(url: str, answered: Counter, problems: list[str]) -> None:
    async with websockets.connect(url, additional_headers=SESSION, compression=None) as noise:
        await noise.send(json.dumps(hello("noise-in-a-row", "Row")))
        await asyncio.wait_for(noise.recv(), 20)
        for index in range(wire.MAX_ERRORS):
            await noise.send(f"nonsense {index}")
        code, errors = await closed_with(noise)
    codes = [error["code"] for error in errors]
    if code != wire.POLICY_VIOLATION or codes != [wire.BAD_JSON] * wire.MAX_ERRORS + [
            wire.TOO_MANY_ERRORS]:
        problems.append(f"errors in a row: closed with {code} after {Counter(codes)}")
    answered["too many errors in a row"] += len(errors)


async def floods(url: str, paragraph_id: str, answered: Counter, problems: list[str]) -> None:
    """Structure and focus messages past their rate: each refused one gets rate_limited."""
    async with websockets.connect(url, additional_headers=SESSION, compression=None) as noise:
        await noise.send(json.dumps(hello("noise-flood", "Flood")))
        await asyncio.wait_for(noise.recv(), 20)
        for index in range(45):  # each a bad one too: unknown paragraph, or past the rate
            await noise.send(json.dumps({"type": "delete", "p": "op-404", "ref": index}))
        errors = [await next_error(noise) for _ in range(45)]
        codes = Counter(error["code"] for error in errors)
        if set(codes) != {wire.UNKNOWN_PARAGRAPH, wire.RATE_LIMITED} or \
                codes[wire.RATE_LIMITED] < 20 or [e["ref"] for e in errors] != list(range(45)):
            problems.append(f"structure flood: {codes}")
        answered["structure flood"] += len(errors)
        for _ in range(8):  # ... and answered with every error: the count starts again
            await noise.send(json.dumps({"type": "focus", "p": paragraph_id}))
        for index in range(60):  # the presence bucket holds 40
            await noise.send(json.dumps({"type": "focus", "p": None, "ref": f"f{index}"}))
        await noise.send(json.dumps({"type": "shout", "ref": "end"}))
        refused = []
        while (error := await next_error(noise))["ref"] != "end":
            refused.append(error)
        if len(refused) < 20 or {e["code"] for e in refused} != {wire.RATE_LIMITED}:
            problems.append(f"focus flood: {Counter(e['code'] for e in refused)}")
        answered["presence flood"] += len(refused)


async def stops_reading(url: str, paragraph_id: str, text: str, watcher: SyncClient,
                        answered: Counter, problems: list[str], *, headers: dict[str, str],
                        name: str) -> None:
    """A client that sends big edits and never reads is closed (1013) once its queue passes
    the bound; it sees the close when it reads again. ``headers``: the session of a person
    who is nobody else in the test, whose ``name`` the watcher sees in the presence."""
    raw = socket.socket()
    raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    raw.setblocking(False)
    port = int(url.split(":")[2].split("/")[0])
    await asyncio.get_running_loop().sock_connect(raw, ("127.0.0.1", port))
    async with websockets.connect(url, additional_headers=headers, sock=raw, max_size=None,
                                  max_queue=1, compression=None) as slow:
        await slow.send(json.dumps(hello("slow-reader-1", "Stalled")))
        welcome = json.loads(await asyncio.wait_for(slow.recv(), 20))
        assert welcome["type"] == wire.WELCOME
        await watcher.wait_for(lambda: any(e["name"] == name for e in watcher.presence))
        current, bulk = text, text + " " + "x" * 40_000
        for number in range(400):
            new = bulk if number % 2 == 0 else text
            await slow.send(json.dumps({"type": "edit", "p": paragraph_id, "m": -1,
                                        "n": number, "base": current,
                                        "deltas": [make_delta(current, new)]}))
            current = new
            await asyncio.sleep(0.02)
            if not any(e["name"] == name for e in watcher.presence):
                break
        else:
            problems.append("a client that stops reading was never closed")
            return
        code, _ = await closed_with(slow)
    if code != wire.TOO_SLOW:
        problems.append(f"a client that stopped reading was closed with {code}, not 1013")
    answered["stops reading"] += 1


async def honest_typing(client: SyncClient, own: str, shared: str, prefix: str,
                        rng: random.Random, count: int, at_end: bool,
                        until: asyncio.Event) -> list[str]:
    """At least ``count`` words, and more until ``until`` is set, each once: in ``own`` at
    random word boundaries, and in ``shared`` (at its end or its start, so that the two
    delegations' words never need a merge guess)."""
    words: list[str] = []
    for index in itertools.count():
        if index >= count and until.is_set():
            break
        word = f"{prefix}{index:04d}w"
        words.append(word)
        if index % 3 == 2:
            text = client.text(shared)
            client.edit(shared, text + " " + word if at_end else word + " " + text)
        else:
            text = client.text(own)
            cuts = [i for i, c in enumerate(text) if c == " "] + [len(text)]
            cut = rng.choice(cuts)
            client.edit(own, text[:cut] + " " + word + text[cut:])
        await asyncio.sleep(rng.uniform(0.01, 0.04))
    await client.settle(120)
    return words


@pytest.fixture
def app_settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'plenary.sqlite3'}", data_dir=tmp_path,
                    store_writer="thread", outbound_bytes=1024 * 1024)


def test_hostile_input_reaches_nobody_else(app_settings: Settings, capfd) -> None:
    rng = random.Random(SEED)
    app = create_app(app_settings)
    with server_log() as records, running(app) as base:
        document_id, ids = import_paragraphs(app.state.store, TEXTS)
        people = make_people(app, [document_id])
        delegates = {key: logged_in(base, people[key]) for key in ("venezuela", "belize", "chair")}
        SESSION.update(cookie_header(delegates["venezuela"]))
        url = ws_url(base, document_id)
        target = Target(tuple(ids[:3]), tuple(TEXTS[:3]))
        in_session = session_messages(rng, target, SESSION_MESSAGES)
        firsts = first_frames(rng, FIRST_FRAMES)
        answered: Counter = Counter()
        problems: list[str] = []

        async def scenario() -> tuple[list[str], list[str], SyncClient, SyncClient]:
            ana = await SyncClient.connect(url, name="Ana", delegation="Venezuela",
                                           headers=cookie_header(delegates["venezuela"]))
            bo = await SyncClient.connect(url, name="Bo", delegation="Belize",
                                          headers=cookie_header(delegates["belize"]))
            done = asyncio.Event()
            typing = [asyncio.ensure_future(honest_typing(ana, ids[0], ids[2], "ana", rng,
                                                          100, True, done)),
                      asyncio.ensure_future(honest_typing(bo, ids[1], ids[2], "bo", rng,
                                                          100, False, done))]
            silent = asyncio.ensure_future(says_nothing(url, answered, problems))
            sessions = [in_session[i:i + PER_CONNECTION]
                        for i in range(0, len(in_session), PER_CONNECTION)]
            hostile = [hostile_session(url, f"n{index}", chunk, answered, problems,
                                       last=not_utf8_text(rng) if index % 4 == 3 else None)
                       for index, chunk in enumerate(sessions)]
            hostile += [first_frame(url, bad, answered, problems) for bad in firsts]
            hostile += [first_frame(url, Bad(
                "first: too large", json.dumps(hello("big-client-1", "x" * (
                    wire.MAX_FRAME_BYTES + 1))), frozenset({wire.TOO_LARGE}),
                close=wire.POLICY_VIOLATION), answered, problems)]
            hostile += [too_many_errors(url, answered, problems),
                        floods(url, ids[0], answered, problems),
                        stops_reading(url, ids[3], TEXTS[3], ana, answered, problems,
                                      headers=cookie_header(delegates["chair"]),
                                      name="Person chair")]
            rng.shuffle(hostile)
            gate = asyncio.Semaphore(4)

            async def gated(job) -> None:
                async with gate:
                    await job

            await asyncio.gather(*(gated(job) for job in hostile), silent)
            done.set()
            words = await asyncio.gather(*typing)
            for client in (ana, bo):
                for paragraph_id in ids[:3]:
                    await client.catch_up(paragraph_id)
            for client in (ana, bo):
                await client.close()
            return words[0], words[1], ana, bo

        ana_words, bo_words, ana, bo = asyncio.run(scenario())
        for http in delegates.values():
            http.close()
        stored = {pid: app.state.store.get_paragraph_text(document_id, pid) for pid in ids}

    assert not problems, "\n".join(problems[:20])
    assert sum(answered.values()) >= 1000, answered
    assert len(answered) >= 20, answered
    # the honest delegations: every word once, acknowledged, and the same text everywhere
    for word in ana_words + bo_words:
        where = [pid for pid in ids[:3] if word in stored[pid]]
        assert len(where) == 1 and stored[where[0]].count(word) == 1, word
    for client in (ana, bo):
        assert not client.errors and not client.conflicts
        assert {pid: client.text(pid) for pid in ids[:3]} == {pid: stored[pid]
                                                              for pid in ids[:3]}
        assert not any(p.in_flight or p.pending for p in client.paragraphs.values())
    assert stored[ids[3]] in (TEXTS[3], TEXTS[3] + " " + "x" * 40_000)
    # the server logged no traceback and no failure of its own
    tracebacks = [r for r in records if r.exc_info or "Traceback" in r.getMessage()]
    assert not tracebacks, [r.getMessage() for r in tracebacks[:5]]
    failures = [r.getMessage() for r in records if r.levelno >= logging.ERROR]
    assert not failures, failures[:5]
    assert "Traceback" not in capfd.readouterr().err
