"""Test helper: run a Starlette app with uvicorn on 127.0.0.1 on a free port, in a thread.

The real server, lifespan included, for tests that also need the app's objects in the same
process (``app.state.store``); ``negotiation serve`` itself is tested in a subprocess.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn


@contextmanager
def running(app, *, seconds: float = 30) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields its base URL, e.g. "http://127.0.0.1:41234"."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + seconds
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the app did not start (see the log above)")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=seconds)
        sock.close()


class Site:
    """A running app and an HTTP client for it: ``site.get("/")``, ``site.store``."""

    def __init__(self, app, http) -> None:
        self.app = app
        self.http = http

    @property
    def store(self):
        return self.app.state.store

    def get(self, path: str):
        return self.http.get(path)


@contextmanager
def site(app) -> Iterator[Site]:
    import httpx

    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        yield Site(app, http)
