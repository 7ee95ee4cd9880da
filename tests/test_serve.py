"""`negotiation serve`: the real command, started in a subprocess on a free port, answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from accounts_fixture import cookie_header, create_account_cli, session_of

ROOT = Path(__file__).resolve().parent.parent
NEGOTIATION = Path(sys.executable).parent / "negotiation"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}: "
                                 f"{process.communicate()[1]}")
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
    raise AssertionError(f"{url} did not answer within {seconds} s")


def serve(tmp_path: Path, *options: str, **settings: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    environment["PLENARY_DATA_DIR"] = str(tmp_path / "data")
    environment.update(settings)
    process = subprocess.Popen(
        [str(NEGOTIATION), "serve", "--port", str(port), *options], cwd=ROOT, env=environment,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, port


def stop(process: subprocess.Popen) -> str:
    """Stop the server; returns what it printed (and closes its pipes)."""
    process.terminate()
    try:
        output, _ = process.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    return output


def test_serve_answers_on_the_given_port_with_the_given_database(tmp_path: Path) -> None:
    database = tmp_path / "given.sqlite3"
    process, port = serve(tmp_path, "--db", f"sqlite:///{database}")
    output = ""
    try:
        response = wait_until_up(f"http://127.0.0.1:{port}/login", process)
        assert response.status_code == 200
        assert "Log in" in response.text
        create_account_cli(f"sqlite:///{database}", "sg@test.plenary")
        with session_of(f"http://127.0.0.1:{port}", "sg@test.plenary") as http:
            assert "Draft resolutions" in http.get("/").text
            assert http.get("/api/documents").json() == {"documents": []}
        assert database.exists()
        # the data folder holds the generated session secret only, not the database
        assert [p.name for p in (tmp_path / "data").iterdir()] == ["session_secret"]
    finally:
        output = stop(process)
    assert f"Plenary on http://127.0.0.1:{port}/ (database: sqlite:///{database})" in output


def test_serve_demo_uses_the_data_dir_and_loads_the_seeds(tmp_path: Path) -> None:
    process, port = serve(tmp_path, "--demo")
    try:
        wait_until_up(f"http://127.0.0.1:{port}/login", process, seconds=60)
        with session_of(f"http://127.0.0.1:{port}", "observer@demo.plenary",
                       "plenary-demo") as http:
            documents = http.get("/api/documents").json()["documents"]
            assert len(documents) == 5
            editor = http.get(f"/documents/{documents[0]['id']}")
        assert editor.status_code == 200 and 'class="paragraph-text"' in editor.text
    finally:
        stop(process)
    assert (tmp_path / "data" / "plenary.sqlite3").exists()


def test_serve_refuses_a_bad_database_url_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run([str(NEGOTIATION), "serve", "--port", str(free_port()), "--db",
                             "nonsense"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.startswith("negotiation serve: ")
    assert result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("port", ["0", "65536"])
def test_serve_takes_the_port_range_of_the_settings(port: str, capsys, tmp_path: Path,
                                                    monkeypatch) -> None:
    """--port has PLENARY_PORT's range, 1–65535: refused in one line before anything opens."""
    from server.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["serve", "--port", port, "--db", f"sqlite:///{tmp_path / 'x.sqlite3'}"]) == 2
    assert capsys.readouterr().err == (
        f"negotiation serve: --port must be a port number 1–65535, not {port}\n")
    assert list(tmp_path.iterdir()) == []


def _children(pid: int) -> list[int]:
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()]


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_killed_server_leaves_no_store_writer_behind(tmp_path: Path) -> None:
    """With the process writer the room's writes run in worker processes
    (server/store_writer.py); when the server is killed with -9 they end too instead of
    waiting for calls forever."""
    import json

    from sync_client import import_paragraphs, make_store
    from websockets.sync.client import connect

    from negotiation.sync.delta import make as make_delta

    database = tmp_path / "killed.sqlite3"
    document_id, ids = import_paragraphs(make_store(database), ["To request the Council."])
    process, port = serve(tmp_path, "--db", f"sqlite:///{database}",
                          PLENARY_STORE_WRITER="process")
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process)
        create_account_cli(f"sqlite:///{database}", "sg@test.plenary")
        with session_of(f"http://127.0.0.1:{port}", "sg@test.plenary") as http:
            headers = cookie_header(http)
        with connect(f"ws://127.0.0.1:{port}/ws/documents/{document_id}",
                     additional_headers=headers) as socket_:
            socket_.send(json.dumps({"type": "hello", "protocol": 1, "name": "Ana",
                                     "clientId": "client-ana-0001", "delegation": "CHILE"}))
            json.loads(socket_.recv(timeout=10))
            socket_.send(json.dumps({"type": "edit", "p": ids[0], "m": 0, "n": 0, "deltas": [
                make_delta("To request the Council.", "To request the Council now.")]}))
            while json.loads(socket_.recv(timeout=10))["type"] != "ack":
                pass
            workers = _children(process.pid)
            assert workers, "the edit was committed by a store writer process"
            process.kill()
            process.wait(10)
    finally:
        stop(process)
    deadline = time.monotonic() + 10
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_running(pid) for pid in workers)
