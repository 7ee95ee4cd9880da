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

from server.direct_frames import FramedProtocol


@contextmanager
def running(app, *, seconds: float = 30) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields its base URL, e.g. "http://127.0.0.1:41234"."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="error", lifespan="on",
                                           ws=FramedProtocol))
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
    """A running app and an HTTP client for it: ``site.get("/")``, ``site.store``. The client
    is logged in as the installation's secretariat (who may read every document) unless the
    site was made with ``logged_in=False``."""

    def __init__(self, app, http, base: str = "") -> None:
        self.app = app
        self.http = http
        self.base = base

    @property
    def store(self):
        return self.app.state.store

    def get(self, path: str):
        return self.http.get(path)


SITE_LOGIN = "site-secretariat@test.plenary"


@contextmanager
def site(app, *, logged_in: bool = True) -> Iterator[Site]:
    import httpx
    from accounts_fixture import log_in, password_hash

    with running(app) as base, httpx.Client(base_url=base, timeout=30) as http:
        if logged_in:
            app.state.gatekeeper.accounts.create_user(SITE_LOGIN, "Site secretariat",
                                                      password_hash(), secretariat=True)
            assert log_in(http, SITE_LOGIN).status_code == 303
        yield Site(app, http, base)
