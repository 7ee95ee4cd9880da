#!/usr/bin/env python3
"""Start the whole set on this machine: HAProxy in front of N `negotiation serve` processes
sharing PostgreSQL, with Redis between them when it answers.

    deploy/cluster.py                        # 3 processes, balancer on http://127.0.0.1:8000
    deploy/cluster.py --processes 2 --port 9000 --demo
    DATABASE_URL=postgresql+psycopg://plenary@db:5432/plenary deploy/cluster.py

The database: DATABASE_URL, else the database ``plenary`` of the PostgreSQL server at
127.0.0.1:5432 (created when missing). Redis: PLENARY_REDIS_URL, else redis://127.0.0.1:6379/0
when it answers; without it the processes still never both write a document (the fence), but
a process does not hand over a document another one claimed (docs/scaling.md). The balancer's
configuration is deploy/haproxy.cfg with its ``server`` lines replaced by the processes
started here. Ctrl-C stops everything. Tests and bench/ use ``Cluster`` from here.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "haproxy.cfg"
DEFAULT_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/plenary"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def redis_answers(url: str = DEFAULT_REDIS) -> bool:
    match = re.match(r"redis://([^:/]+):(\d+)", url)
    if not match or not answers(match[1], int(match[2])):
        return False
    with socket.create_connection((match[1], int(match[2])), timeout=1) as sock:
        sock.sendall(b"PING\r\n")
        return sock.recv(16).startswith(b"+PONG")


def ensure_database(url: str) -> None:
    """Create the PostgreSQL database of ``url`` when it does not exist yet."""
    import psycopg

    match = re.match(r"postgresql\+psycopg://([^@/]*)@([^:/]+):(\d+)/(\w+)$", url)
    if match is None:
        return  # another form: the operator made it
    user, host, port, name = match.groups()
    with psycopg.connect(host=host, port=int(port), user=user.split(":")[0] or None,
                         dbname="postgres", autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                              (name,)).fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')


def haproxy_config(port: int, server_ports: list[int]) -> str:
    """deploy/haproxy.cfg listening on ``port``, with one ``server`` line per process."""
    text = CONFIG.read_text(encoding="utf-8")
    text = re.sub(r"bind 127\.0\.0\.1:\d+", f"bind 127.0.0.1:{port}", text)
    lines = [line for line in text.splitlines() if not line.strip().startswith("server ")]
    lines += [f"    server plenary{i + 1} 127.0.0.1:{p} check" for i, p in enumerate(server_ports)]
    return "\n".join(lines) + "\n"


class Cluster:
    """The balancer and its server processes; ``servers[i]`` is the process of slot i."""

    def __init__(self, processes: int = 3, *, port: int = 8000, first_server_port: int = 8101,
                 database_url: str = DEFAULT_DATABASE, redis_url: str | None = None,
                 workdir: Path | None = None, negotiation: str | None = None,
                 demo: bool = False, environment: dict[str, str] | None = None) -> None:
        self.port, self.database_url, self.redis_url = port, database_url, redis_url
        self.server_ports = [first_server_port + i for i in range(processes)]
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="plenary-cluster-"))
        self.negotiation = negotiation or str(Path(sys.executable).parent / "negotiation")
        self.demo, self.extra = demo, environment or {}
        self.servers: list[subprocess.Popen | None] = [None] * processes
        self.balancer: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def server_url(self, slot: int) -> str:
        return f"http://127.0.0.1:{self.server_ports[slot]}"

    def start(self) -> None:
        ensure_database(self.database_url)
        self.start_server(0, demo=self.demo)  # alone first: it migrates the database
        for slot in range(1, len(self.servers)):
            self.start_server(slot, wait=False)
        for slot in range(1, len(self.servers)):
            self.wait_healthy(slot)
        config = self.workdir / "haproxy.cfg"
        config.write_text(haproxy_config(self.port, self.server_ports), encoding="utf-8")
        with self._log("haproxy") as log:  # the child keeps its own descriptor
            self.balancer = subprocess.Popen(
                [shutil.which("haproxy") or "/usr/sbin/haproxy", "-db", "-f", str(config)],
                stdout=log, stderr=subprocess.STDOUT)
        self._wait(lambda: self._healthy(self.url), f"the balancer on {self.url}")

    def start_server(self, slot: int, *, wait: bool = True, demo: bool = False) -> None:
        environment = {**os.environ, **self.extra, "DATABASE_URL": self.database_url,
                       "PLENARY_INSTANCE": f"plenary{slot + 1}",
                       "PLENARY_DATA_DIR": str(self.workdir / "data")}
        environment.pop("PLENARY_REDIS_URL", None)
        if self.redis_url:
            environment["PLENARY_REDIS_URL"] = self.redis_url
        command = [self.negotiation, "serve", "--port", str(self.server_ports[slot])]
        with self._log(f"plenary{slot + 1}") as log:
            self.servers[slot] = subprocess.Popen(
                [*command, "--demo"] if demo else command, env=environment, stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True)  # its store workers die with it: kill -9 of the group
        if wait:
            self.wait_healthy(slot)

    def wait_healthy(self, slot: int) -> None:
        self._wait(lambda: self._healthy(self.server_url(slot)), f"plenary{slot + 1}")

    def kill(self, slot: int) -> None:
        """kill -9 of the process (and its store workers): no shutdown, nothing flushed."""
        process = self.servers[slot]
        if process is not None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        self.servers[slot] = None

    def stop_server(self, slot: int) -> None:
        """A clean stop (SIGTERM): the process writes what it holds and closes its sockets."""
        process = self.servers[slot]
        if process is not None:
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill(slot)
        self.servers[slot] = None

    def restart(self, slot: int) -> None:
        self.stop_server(slot)
        self.start_server(slot)

    def stop(self) -> None:
        if self.balancer is not None:
            self.balancer.terminate()
            self.balancer.wait(10)
        for slot in range(len(self.servers)):
            self.stop_server(slot)

    def _log(self, name: str):
        return open(self.workdir / f"{name}.log", "ab")

    def _healthy(self, url: str) -> bool:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                return answer.status == 200
        except OSError:
            return False

    def _wait(self, ready, what: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while not ready():
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not come up (logs in {self.workdir})")
            time.sleep(0.1)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=3)
    parser.add_argument("--port", type=int, default=8000, help="the balancer's port")
    parser.add_argument("--first-server-port", type=int, default=8101)
    parser.add_argument("--demo", action="store_true", help="load the demo drafts")
    args = parser.parse_args()
    if shutil.which("haproxy") is None and not Path("/usr/sbin/haproxy").exists():
        sys.exit("haproxy is missing: apt-get install haproxy")
    database = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE
    if database == DEFAULT_DATABASE and not answers("127.0.0.1", 5432):
        sys.exit("PostgreSQL does not answer at 127.0.0.1:5432; set DATABASE_URL")
    redis_url = os.environ.get("PLENARY_REDIS_URL") or (
        DEFAULT_REDIS if redis_answers() else None)
    cluster = Cluster(args.processes, port=args.port, first_server_port=args.first_server_port,
                      database_url=database, redis_url=redis_url, demo=args.demo)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        cluster.start()
        print(f"Plenary on {cluster.url}/ : {args.processes} processes "
              f"(ports {cluster.server_ports}), database {database.split('@')[-1]}, "
              f"Redis {'on' if redis_url else 'off'}; logs in {cluster.workdir}", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
