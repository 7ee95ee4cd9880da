"""What crosses processes on the real set (deploy/cluster.py: two `negotiation serve`
processes, PostgreSQL, Redis, HAProxy), each process reached directly:

* a revision issued through process A (the secretariat's web form) or by the command line
  reaches an editor connected to process B well within a second, carried by the revision
  notice: the rooms' fence watch is set to 30 s for this set (``PLENARY_FENCE_WATCH``), and a
  revision written without a notice is shown to stay unseen meanwhile;
* logging out through process A closes that session's socket on process B (and only that
  session's);
* wrong passwords are counted in Redis for both processes: five spread over A and B lock the
  login on both.

Skipped with the reason when haproxy, PostgreSQL or Redis is missing.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from accounts_fixture import PASSWORD, csrf, log_in, logged_in, password_hash
from cluster_set import REDIS, health, namespace, real_set
from sync_client import SyncClient, import_paragraphs, ws_url

from negotiation.importer import import_text
from server.auth.rate_limit import MAX_FAILURES

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
NEGOTIATION = Path(sys.executable).parent / "negotiation"
OPENING = "To note the report of the Secretary-General."
LONG_WATCH = 30.0  # seconds between the rooms' fence reads in this set: only notices are fast


@pytest.fixture(scope="module")
def the_set(tmp_path_factory: pytest.TempPathFactory):
    with real_set(2, tmp_path_factory.mktemp("notices"),
                  PLENARY_FENCE_WATCH=str(LONG_WATCH)) as made:
        yield made


def revision_text(words: str) -> str:
    return f"THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. {words}\n"


async def until(predicate, seconds: float) -> float:
    """Wait until ``predicate()``; how long it took (AssertionError past ``seconds``)."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > seconds:
            raise AssertionError(f"not within {seconds} s")
        await asyncio.sleep(0.01)
    return time.monotonic() - started


async def editor_on(cluster, slot: int, document_id: str, headers: dict[str, str]
                    ) -> SyncClient:
    client = await SyncClient.connect(ws_url(cluster.server_url(slot), document_id),
                                      name="Secretariat", delegation=None, headers=headers)
    assert document_id in health(cluster.server_url(slot))["documents"]
    return client


def test_a_revision_issued_through_process_a_reaches_an_editor_on_process_b_at_once(
        the_set) -> None:
    cluster, store, headers = the_set
    document_id, (paragraph_id,) = import_paragraphs(store, [OPENING])
    secretariat = logged_in(cluster.server_url(0), "typists@test.plenary")

    async def scenario() -> tuple[str, float]:
        editor = await editor_on(cluster, 1, document_id, headers)
        assert document_id not in health(cluster.server_url(0))["documents"]
        # written without a notice (straight to PostgreSQL): the 30 s watch does not see it
        store.import_revision(document_id, import_text(revision_text("To welcome the "
                              "report of the Secretary-General.")), revision="Silent",
                              author="secretariat")
        await asyncio.sleep(1.5)
        unseen = editor.text(paragraph_id)
        answer = await asyncio.to_thread(
            secretariat.post, f"/documents/{document_id}/revisions",
            data={"name": "Rev.1", "csrf_token": csrf(secretariat),
                  "text": revision_text("To adopt the report of the Secretary-General.")})
        assert answer.status_code == 303, answer.text[:300]
        took = await until(lambda: "adopt" in editor.text(paragraph_id), 5)
        await editor.close()
        return unseen, took

    try:
        unseen, took = asyncio.run(scenario())
    finally:
        secretariat.close()
    assert unseen == OPENING, "without a notice the revision waits for the 30 s watch"
    assert took < 1.0, f"the revision took {took:.2f} s to reach process B"
    assert store.revisions(document_id)[-1].name == "Rev.1"


def test_a_revision_imported_by_the_command_line_reaches_the_editor_at_once(
        the_set, tmp_path: Path) -> None:
    cluster, store, headers = the_set
    document_id, (paragraph_id,) = import_paragraphs(store, [OPENING])
    draft = tmp_path / "rev2.txt"
    draft.write_text(revision_text("To endorse the report of the Secretary-General."),
                     encoding="utf-8")
    environment = {**os.environ, "DATABASE_URL": cluster.database_url,
                   "PLENARY_REDIS_URL": REDIS, "PLENARY_REDIS_NAMESPACE": namespace(cluster),
                   "PLENARY_DATA_DIR": str(tmp_path)}

    async def scenario() -> float:
        editor = await editor_on(cluster, 1, document_id, headers)
        done = await asyncio.to_thread(subprocess.run, [
            str(NEGOTIATION), "import", str(draft), "--as-revision-of", document_id,
            "--name", "Rev.2"], env=environment, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert "warning" not in done.stderr
        took = await until(lambda: "endorse" in editor.text(paragraph_id), 5)
        await editor.close()
        return took

    took = asyncio.run(scenario())
    assert took < 1.0, f"the revision took {took:.2f} s after the command ended"


def test_logging_out_through_process_a_closes_the_sessions_socket_on_process_b(
        the_set) -> None:
    cluster, store, headers = the_set
    document_id, _ = import_paragraphs(store, [OPENING])
    leaving = logged_in(cluster.server_url(0), "typists@test.plenary")  # a second session
    leaving_headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in leaving.cookies.items())}

    async def scenario() -> tuple[int | None, list[dict], bool]:
        gone = await editor_on(cluster, 1, document_id, leaving_headers)
        staying = await editor_on(cluster, 1, document_id, headers)  # same person, other session
        answer = await asyncio.to_thread(leaving.post, "/logout",
                                         data={"csrf_token": csrf(leaving)})
        assert answer.status_code == 303
        await until(lambda: gone._reader is not None and gone._reader.done(), 5)
        await asyncio.sleep(0.5)
        still = staying._reader is not None and not staying._reader.done()
        code = gone._socket.close_code
        errors = gone.errors
        await staying.close()
        return code, errors, still

    try:
        code, errors, still = asyncio.run(scenario())
    finally:
        leaving.close()
    assert code == 1008
    assert [e["code"] for e in errors] == ["session_ended"]
    assert "logged out" in errors[0]["message"]
    assert still, "the other session's socket stays open"


def test_wrong_passwords_are_counted_for_both_processes_in_redis(the_set) -> None:
    import httpx
    import redis

    from server.auth.redis_failures import redis_key
    from server.people.accounts import Accounts

    cluster, store, _ = the_set
    login = f"counted-{secrets.token_hex(4)}@test.plenary"
    Accounts(store.engine).create_user(login, "Counted", password_hash())
    clients = [httpx.Client(base_url=cluster.server_url(slot), timeout=30) for slot in (0, 1)]
    try:
        wrong = [log_in(clients[attempt % 2], login, "not the password").status_code
                 for attempt in range(MAX_FAILURES)]  # 3 through A, 2 through B
        locked = [log_in(client, login, PASSWORD) for client in clients]
    finally:
        for client in clients:
            client.close()
        with redis.Redis.from_url(REDIS) as counts:  # this test's failures, not the next's
            counts.delete(redis_key(f"login:{login}", namespace(cluster)),
                          redis_key("address:127.0.0.1", namespace(cluster)))
    assert wrong == [400] * MAX_FAILURES
    assert [answer.status_code for answer in locked] == [429, 429], \
        "locked on both processes: one count for the conference"
    assert all("too many failed attempts" in answer.text for answer in locked)
