"""Attribution end to end: the real app (uvicorn, SQLite file), real WebSocket clients of two
delegations typing in one paragraph at the same time, the stored versions, the attribution
API, and all of it again after a restart."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path

import pytest
from accounts_fixture import cookie_header, logged_in, make_people_on
from live_server import site
from sync_client import SyncClient, import_paragraphs, make_store, ws_url

from negotiation.sync import textdiff
from server.app import create_app
from server.settings import Settings

ORIGINAL = "To request the Permanent Council to act."
VENEZUELA = "Strongly urges all member States "  # typed at the start
BELIZE = " [BELIZE: within their national capacities]"  # typed before the final "."
FINAL = VENEZUELA + ORIGINAL[:-1] + BELIZE + "."
PAUSE = 0.2  # coalesce_pause: a burst ends 0.2 s after its last keystroke


@pytest.fixture(params=["thread", "process"])
def settings(request, tmp_path: Path) -> Settings:
    """The app's settings; its writes in a thread, and in worker processes (the default)."""
    return Settings(database_url=f"sqlite:///{tmp_path / 'plenary.sqlite3'}", data_dir=tmp_path,
                    store_writer=request.param, coalesce_pause=PAUSE,
                    integrity_key="5e" * 32)  # the suite's key, as tests/sync_client.py's store


async def type_in(client: SyncClient, paragraph_id: str, words: str, place) -> None:
    """Type ``words`` one character at a time where ``place(text, typed)`` says, pausing
    longer than a burst halfway (so each author gets two versions)."""
    for typed in range(len(words)):
        text = client.text(paragraph_id)
        at = place(text, typed)
        client.edit(paragraph_id, text[:at] + words[typed] + text[at:])
        await asyncio.sleep(3 * PAUSE if typed == len(words) // 2 else 0.01)
    await client.settle()


async def type_together(url: str, paragraph_id: str, sessions: dict) -> None:
    """``sessions``: the logged-in HTTP clients of Venezuela's and Belize's delegates."""
    venezuela = await SyncClient.connect(url, name="Ana", delegation="Venezuela",
                                         headers=cookie_header(sessions["venezuela"]))
    belize = await SyncClient.connect(url, name="Li", delegation="Belize",
                                      headers=cookie_header(sessions["belize"]))
    await asyncio.gather(
        type_in(venezuela, paragraph_id, VENEZUELA, lambda text, typed: typed),
        type_in(belize, paragraph_id, BELIZE, lambda text, typed: len(text) - 1))
    for client in (venezuela, belize):
        await client.catch_up(paragraph_id)
        assert client.text(paragraph_id) == FINAL
    await asyncio.sleep(3 * PAUSE)  # the last bursts end and their versions are committed
    await venezuela.close()
    await belize.close()


def expected_delegations() -> list[str | None]:
    return ([*["Venezuela"] * len(VENEZUELA), *[None] * (len(ORIGINAL) - 1),
             *["Belize"] * len(BELIZE), None])


def delegation_per_character(http, document_id: str, paragraph_id: str) -> list[str | None]:
    answer = http.get(f"/api/documents/{document_id}/paragraphs/{paragraph_id}/attribution")
    assert answer.status_code == 200
    body = answer.json()
    assert body["text"] == FINAL and body["offsets"] == "utf-16"
    out: list[str | None] = []
    for span in body["spans"]:
        assert FINAL[span["start_cp"]:span["end_cp"]] == span["text"]
        assert span["version"] is not None  # every burst ended: nothing pending
        out += [span["delegation"]] * (span["end_cp"] - span["start_cp"])
    return out


def test_two_delegations_typing_at_once_each_get_versions_of_their_own_words(
        settings: Settings) -> None:
    store = make_store(Path(settings.database_url.removeprefix("sqlite:///")))
    document_id, (paragraph_id,) = import_paragraphs(store, [ORIGINAL])
    people = make_people_on(store.engine, [document_id])
    store.engine.dispose()

    with site(create_app(settings), logged_in=False) as server:
        sessions = {key: logged_in(server.base, people[key]) for key in ("venezuela", "belize")}
        server.http = sessions["belize"]
        url = ws_url(server.base, document_id)
        asyncio.run(type_together(url, paragraph_id, sessions))
        history = server.store.paragraph_history(document_id, paragraph_id).entries
        assert history[0].version.text == ORIGINAL
        typed = {"Venezuela": VENEZUELA, "Belize": BELIZE}
        authors = []
        for before, entry in itertools.pairwise(history):
            version = entry.version
            authors.append(version.delegation)
            diff = textdiff.diff(before.version.text, version.text, cleanup="none")
            assert not [piece for op, piece in diff if op == textdiff.DELETE]
            for op, piece in diff:  # each version holds only its author's words
                if op == textdiff.INSERT:
                    assert piece in typed[version.delegation], (version.delegation, piece)
        assert set(authors) == {"Venezuela", "Belize"} and len(authors) >= 4
        assert history[-1].version.text == FINAL  # replaying the versions gives the text
        assert delegation_per_character(server.http, document_id, paragraph_id) == \
            expected_delegations()
        page = server.get(f"/documents/{document_id}/paragraphs/{paragraph_id}/history")
        assert 'data-delegation="Belize"' in page.text
        for http in sessions.values():
            http.close()

    with site(create_app(settings), logged_in=False) as server:  # the same database, restarted
        server.http = logged_in(server.base, people["chair"])
        assert delegation_per_character(server.http, document_id, paragraph_id) == \
            expected_delegations()
        assert server.store.document_weaves(document_id)[paragraph_id].weave.text == FINAL
        missing = server.get(f"/api/documents/{document_id}/paragraphs/op-9/attribution")
        assert missing.status_code == 404
        assert missing.json()["error"]["code"] == "paragraph_not_found"
        server.http.close()


def test_after_a_kill_9_the_words_typed_are_still_their_authors_and_get_their_own_versions(
        tmp_path: Path) -> None:
    from test_resend_after_crash import free_port, server_process

    database = tmp_path / "crash.sqlite3"
    store = make_store(database)
    document_id, (paragraph_id,) = import_paragraphs(store, [ORIGINAL])
    people = make_people_on(store.engine, [document_id])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    attribution = f"{base}/api/documents/{document_id}/paragraphs/{paragraph_id}/attribution"

    async def type_then_kill(process) -> None:
        url = ws_url(base, document_id)
        venezuela = await SyncClient.connect(url, name="Ana", delegation="Venezuela",
                                             headers=session("venezuela"))
        belize = await SyncClient.connect(url, name="Li", delegation="Belize",
                                          headers=session("belize"))
        venezuela.edit(paragraph_id, VENEZUELA + venezuela.text(paragraph_id))
        await venezuela.settle()
        await belize.wait_for(lambda: belize.text(paragraph_id).startswith(VENEZUELA))
        text = belize.text(paragraph_id)
        belize.edit(paragraph_id, text[:-1] + BELIZE + ".")
        await belize.settle()  # acknowledged: committed, with the weave
        process.send_signal(9)  # before any burst ended: no version of those words yet
        process.wait(timeout=30)
        await venezuela.close()
        await belize.close()

    def session(key: str) -> dict[str, str]:
        http = logged_in(base, people[key])
        try:
            return cookie_header(http)
        finally:
            http.close()

    async def open_the_room() -> None:
        client = await SyncClient.connect(ws_url(base, document_id), name="Bo", delegation=None,
                                          headers=session("chair"))
        await client.close()

    with server_process(database, port, pause="30") as process:  # no burst ends by itself
        asyncio.run(type_then_kill(process))
    with server_process(database, port):
        reader = logged_in(base, people["chair"])
        spans = reader.get(attribution).json()["spans"]  # before any room opens: pending
        assert [(s["text"], s["delegation"], s["version"]) for s in spans[:1]] == [
            (VENEZUELA, "Venezuela", None)]
        asyncio.run(open_the_room())  # the room's recovery: one version per author
        spans = reader.get(attribution).json()["spans"]
        reader.close()
    assert [(s["text"], s["delegation"]) for s in spans] == [
        (VENEZUELA, "Venezuela"), (ORIGINAL[:-1], None), (BELIZE, "Belize"), (".", None)]
    assert all(s["version"] for s in spans)
    history = store.paragraph_history(document_id, paragraph_id).entries
    assert [(e.version.delegation, e.version.text) for e in history[1:]] == [
        ("Venezuela", VENEZUELA + ORIGINAL), ("Belize", FINAL)]
