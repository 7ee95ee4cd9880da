"""Where each document stands, on the documents page's live channel (server/progress_board.py,
server/documents_feed.py), on the real server with real WebSocket clients, one process, no
Redis: the page gets the chair's console figures of every document it may read when it
connects; the chair resolving a bracket over HTTP (no room open), a delegate typing a bracket
in the live room, the chair marking a paragraph agreed over the WebSocket and the adoption
each change them on the page, with the figures the console shows; a burst of typing is told
at most every two seconds, its last figures included; a person who may not read the document
hears nothing of it. (Across processes: tests/test_cluster_documents_feed.py.)"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import pytest
import websockets
from accounts_fixture import cookie_header, csrf
from permission_world import World, world_in
from socket_frames import BufferedSocket
from sync_client import SyncClient, ws_url

from server.progress_board import EVERY

pytestmark = pytest.mark.timeout(180)
WAIT = 10.0  # seconds for a change to reach the page (told within EVERY, gathered 0.5 s)
OPENING = {"openBrackets": 1, "proposals": 0, "agreed": 0, "adReferendum": 0,
           "paragraphs": 2, "adopted": False}  # permission_world.small_document


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[World]:
    with world_in(tmp_path_factory.mktemp("progress"), coalesce_pause=0.1) as made:
        yield made


async def feed(site: World, key: str) -> BufferedSocket:
    return BufferedSocket(await websockets.connect(
        site.base.replace("http://", "ws://") + "/ws/documents",
        additional_headers=cookie_header(site.http(key))))


async def editor(site: World, key: str, document_id: str) -> SyncClient:
    """``key``'s live editor on the document (its room opens with the first)."""
    return await SyncClient.connect(ws_url(site.base, document_id), name=key,
                                    delegation=site.people[key].delegation_name,
                                    headers=cookie_header(site.http(key)))


def figures_of(document_id: str, **wanted):
    return lambda frame: frame["type"] == "progress" and all(
        frame["documents"].get(document_id, {}).get(key) == value
        for key, value in wanted.items())


def console_progress(site: World, document_id: str) -> dict:
    return site.http("chair").get(f"/api/documents/{document_id}/console").json()["progress"]


def test_chair_and_delegates_change_the_figures_of_the_pages_that_may_read_them(
        site: World) -> None:
    document_id = site.document()

    async def scenario() -> None:
        observer, stranger = await feed(site, "observer"), await feed(site, "stranger")
        first = await observer.until(lambda frame: frame["type"] == "progress")
        assert first["documents"][document_id] == OPENING

        chair = site.http("chair")  # over HTTP, with no room open
        answer = await asyncio.to_thread(
            chair.post, f"/api/documents/{document_id}/paragraphs/op-1/brackets",
            json={"action": "resolve", "bracket": "[to report]", "keep": 0,
                  "start": "To request the Permanent Council [to report].".index("["),
                  "rationale": "Consensus."}, headers={"X-CSRF-Token": csrf(chair)})
        assert answer.status_code == 200, answer.text
        resolved = await observer.until(figures_of(document_id, openBrackets=0), WAIT)
        assert resolved["documents"][document_id] == {**OPENING, "openBrackets": 0}

        typist = await editor(site, "venezuela", document_id)  # the live room opens
        typist.edit("op-2", "To ask [now].")
        await typist.settle()
        typed = await observer.until(figures_of(document_id, openBrackets=1), WAIT)
        assert typed["documents"][document_id]["paragraphs"] == 2

        chairing = await editor(site, "chair", document_id)
        await chairing.send_raw(json.dumps({"type": "status", "p": "op-1",
                                            "status": "agreed", "ref": "agree"}))
        agreed = await observer.until(figures_of(document_id, agreed=1), WAIT)
        assert agreed["documents"][document_id] == {**OPENING, "agreed": 1}
        console = await asyncio.to_thread(console_progress, site, document_id)
        assert (console["open_brackets"], console["proposals"], console["agreed"],
                console["paragraphs"]) == (1, 0, 1, 2), "the console's own figures"

        with pytest.raises(TimeoutError):  # nothing about a document it may not read
            await stranger.until(lambda frame: frame["type"] == "progress"
                                 and frame["documents"], 0.5)
        assert typist.errors == [] and chairing.errors == []
        for client in (typist, chairing):
            await client.disconnect()
        for socket in (observer, stranger):
            await socket.close()

    asyncio.run(scenario())


def test_a_burst_of_typing_is_told_at_most_every_two_seconds_with_its_last_figures(
        site: World) -> None:
    document_id = site.document()

    async def scenario() -> None:
        page = await feed(site, "chair")
        await page.until(figures_of(document_id, openBrackets=1))
        typist = await editor(site, "belize", document_id)
        text = "To ask."
        started = time.monotonic()
        for word in range(8):  # eight brackets in about two seconds
            text = text[:-1] + f" [w{word}]."
            typist.edit("op-2", text)
            await asyncio.sleep(0.25)
        await typist.settle()
        last = await page.until(figures_of(document_id, openBrackets=9), WAIT + EVERY)
        told = [frame for frame in page.frames if frame["type"] == "progress"
                and document_id in frame["documents"]]
        assert len(told) <= (time.monotonic() - started) / EVERY + 1, told
        assert last["documents"][document_id]["openBrackets"] == 9
        await typist.disconnect()
        await page.close()

    asyncio.run(scenario())


def test_an_adoption_is_shown_with_the_document_row(site: World) -> None:
    document_id = site.document(agreed="op-2")

    async def scenario() -> None:
        page = await feed(site, "observer")
        first = await page.until(figures_of(document_id, agreed=1))
        assert first["documents"][document_id]["adopted"] is False
        http = site.http("secretariat")
        answer = await asyncio.to_thread(http.post, f"/documents/{document_id}/adopt",
                                         data={"csrf_token": csrf(http)})
        assert answer.status_code == 303
        adopted = await page.until(lambda frame: frame["type"] == "document", WAIT)
        assert adopted["progress"]["adopted"] is True
        assert adopted["progress"]["paragraphs"] == 2
        await page.close()

    asyncio.run(scenario())


def test_a_notice_with_figures_that_are_not_counts_is_not_passed_on() -> None:
    """A notice is another process's word (or anyone's who can publish on Redis): only counts
    and a flag reach the pages."""
    from server.channel import InProcessFanout
    from server.conference import Conference
    from server.progress_board import ProgressBoard

    async def scenario() -> list[tuple[str, dict]]:
        conference = Conference(InProcessFanout(), "here")
        board = ProgressBoard(conference, store=None, negotiations=None)
        heard: list[tuple[str, dict]] = []
        board.listen(lambda document_id, figures: heard.append((document_id, figures)))
        conference.start()
        for figures in ({**OPENING, "openBrackets": "<img src=x onerror=alert(1)>"},
                        {**OPENING, "agreed": -1}, {**OPENING, "adopted": "yes"},
                        {"openBrackets": 1}, OPENING):
            conference.announce("progress", document="d1", figures=figures)
        await conference.aclose()
        return heard

    assert asyncio.run(scenario()) == [("d1", OPENING)]
