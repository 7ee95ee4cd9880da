"""Test helper: the real set on 127.0.0.1 (deploy/cluster.py: HAProxy, server processes,
PostgreSQL, Redis) on a fresh database, and typists that reconnect through the balancer.

    with real_set(3) as (cluster, store): ...
    typist = await Typist.join(cluster.url, document_id, paragraph_id, index)

Each set talks on a Redis namespace of its own (``PLENARY_REDIS_NAMESPACE``, ``namespace(cluster)``
for a command or a key of the set), so two test runs on one Redis never hear each other.
Skips with the reason when haproxy, PostgreSQL or Redis is missing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import secrets
import shutil
import socket
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from store_fixture import TEST_SEALER
from sync_client import SyncClient, ws_url

from server.db import create_engine_for, upgrade
from server.store import Store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
from cluster import Cluster, answers, redis_answers  # noqa: E402

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
REDIS = "redis://127.0.0.1:6379/0"


def missing_service() -> str | None:
    if shutil.which("haproxy") is None and not Path("/usr/sbin/haproxy").exists():
        return "haproxy is not installed (apt-get install haproxy; .ci/run does)"
    if not answers("127.0.0.1", 5432):
        return "PostgreSQL does not answer at 127.0.0.1:5432"
    if not redis_answers(REDIS):
        return "Redis does not answer at 127.0.0.1:6379"
    return None


def free_ports(count: int) -> int:
    """The first of ``count`` consecutive free ports."""
    for _ in range(200):
        first = random.randrange(20000, 60000)
        ports = range(first, first + count)
        if all(_free(port) for port in ports):
            return first
    raise RuntimeError("no free ports")


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@contextlib.contextmanager
def real_set(processes: int, workdir: Path, **environment: str
             ) -> Iterator[tuple[Cluster, Store]]:
    reason = missing_service()
    if reason:
        pytest.skip(reason)
    import psycopg

    name = f"plenary_set_{secrets.token_hex(4)}"
    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres",
                         autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    url = f"{POSTGRES}/{name}"
    engine = create_engine_for(url)
    upgrade(engine)
    first = free_ports(processes + 1)
    cluster = Cluster(processes, port=first, first_server_port=first + 1, database_url=url,
                      redis_url=REDIS, workdir=workdir,
                      environment={"PLENARY_COALESCE_PAUSE": "0.5",
                                   "PLENARY_REDIS_NAMESPACE": f"test-set-{secrets.token_hex(4)}",
                                   **environment})
    try:
        cluster.start()
        yield cluster, Store(engine, TEST_SEALER), typists_cookie(engine, cluster.url)
    finally:
        cluster.stop()
        engine.dispose()
        with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def namespace(cluster: Cluster) -> str:
    """The set's Redis namespace (every channel and key of its processes starts with it)."""
    return cluster.extra["PLENARY_REDIS_NAMESPACE"]


def typists_cookie(engine, base: str) -> dict[str, str]:
    """A secretariat account (it may type in every document), logged in through the
    balancer: its session cookie, good on every process (one database, one session secret)."""
    from accounts_fixture import cookie_header, logged_in, password_hash

    from server.people.accounts import Accounts

    Accounts(engine).create_user("typists@test.plenary", "Typists", password_hash(),
                                 secretariat=True)
    http = logged_in(base, "typists@test.plenary")
    try:
        return cookie_header(http)
    finally:
        http.close()


def health(url: str) -> dict:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=3) as answer:
            return json.load(answer)
    except OSError:
        return {"documents": []}


def owner(cluster: Cluster, document_id: str) -> int | None:
    """The slot of the process holding a room on ``document_id`` (None: no one)."""
    for slot in range(len(cluster.servers)):
        if cluster.servers[slot] is not None and \
                document_id in health(cluster.server_url(slot))["documents"]:
            return slot
    return None


class Typist:
    """A delegate typing unique words into one paragraph; reconnects when the socket dies."""

    def __init__(self, client: SyncClient, url: str, paragraph_id: str, index: int) -> None:
        self.client, self.url, self.paragraph_id, self.index = client, url, paragraph_id, index
        self.typed: list[str] = []
        self.reconnects = 0
        self.offline_since: float | None = None
        self.longest_offline = 0.0
        self.close_codes: list[int | None] = []

    @classmethod
    async def join(cls, base: str, document_id: str, paragraph_id: str, index: int,
                   headers: dict[str, str]) -> Typist:
        url = ws_url(base, document_id)
        client = await SyncClient.connect(url, name=f"Delegate {index}", delegation="CHILE",
                                          headers=headers)
        return cls(client, url, paragraph_id, index)

    @property
    def connected(self) -> bool:
        reader = self.client._reader
        return reader is not None and not reader.done()

    async def type_for(self, seconds: float, rate: float, rng: random.Random) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.connected:
                await self.come_back()
                continue
            text = self.client.text(self.paragraph_id)
            spaces = [i for i, c in enumerate(text) if c == " "] or [len(text)]
            at = rng.choice(spaces)
            word = f"t{self.index}w{len(self.typed)}"
            self.typed.append(word)
            self.client.edit(self.paragraph_id, f"{text[:at]} {word}{text[at:]}")
            await asyncio.sleep(rng.expovariate(rate))

    async def come_back(self) -> None:
        """Reconnect through the balancer (it sends us to a live process), as the editor
        does; the client resends what was not acknowledged."""
        now = time.monotonic()
        if self.offline_since is None:
            self.offline_since = now
            socket_ = self.client._socket
            self.close_codes.append(getattr(socket_, "close_code", None))
        try:
            await self.client.reconnect()
        except Exception:
            await asyncio.sleep(0.2)
            return
        self.reconnects += 1
        self.longest_offline = max(self.longest_offline, time.monotonic() - self.offline_since)
        self.offline_since = None

    async def settle(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.connected:
                await self.come_back()
                continue
            with contextlib.suppress(TimeoutError):
                await self.client.settle(timeout=2)
                if self.connected:
                    return
        raise AssertionError(f"typist {self.index} did not settle")


def returned(typists: list[Typist]) -> set[str]:
    """Words the server gave back to their authors as conflicts (not acknowledged into the
    text: the author keeps them); the merge's business, not the set's."""
    return {word for t in typists for conflict in t.client.conflicts
            for word in words_of(str(conflict.get("text", "")))}


def words_of(text: str) -> list[str]:
    return [word for word in text.split() if word.startswith("t") and "w" in word]
