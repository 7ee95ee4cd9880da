"""The documents page's live channel (/ws/documents, server/documents_feed.py) on the real
server with real WebSocket clients, one process, no Redis: two editors on a document show as
"2" on the pages of those who may read it; an upload, a revision and an adoption through the
web reach those pages at once; a person who may not read the document hears nothing of it, over the
channel or over /api/connected; a visitor and a foreign page are refused; log out closes the
channel; removal from the negotiation takes the document out of the person's counts.
(Across processes, with Redis and the command line: tests/test_cluster_documents_feed.py.)"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
import websockets
from accounts_fixture import cookie_header, csrf
from permission_world import DRAFT, World, world_in
from socket_frames import BufferedSocket

pytestmark = pytest.mark.timeout(180)
COUNTS_WAIT = 15.0  # seconds: counts are told every 2 s, pages are told every 3 s at most


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[World]:
    with world_in(tmp_path_factory.mktemp("feed"), coalesce_pause=0.1) as made:
        yield made


def feed_url(site: World) -> str:
    return site.base.replace("http://", "ws://") + "/ws/documents"


async def feed(site: World, key: str) -> BufferedSocket:
    socket = await websockets.connect(feed_url(site),
                                      additional_headers=cookie_header(site.http(key)))
    return BufferedSocket(socket)


async def editor(site: World, key: str, document_id: str, client: str):
    socket = await websockets.connect(
        site.base.replace("http://", "ws://") + f"/ws/documents/{document_id}",
        additional_headers=cookie_header(site.http(key)))
    await socket.send(f'{{"type": "hello", "protocol": 1, "clientId": "{client}", '
                      f'"name": "x"}}')
    await socket.recv()  # the welcome
    return socket


def counts_of(document_id: str, wanted: int):
    return lambda frame: (frame["type"] == "counts"
                          and frame["documents"].get(document_id) == wanted)


def upload(site: World) -> str:
    http = site.http("secretariat")
    answer = http.post(f"/negotiations/{site.negotiation_id}/documents",
                       data={"text": DRAFT.replace("the report", "the <b>report</b>"),
                             "csrf_token": csrf(http)},
                       files={"file": ("", b"", "text/plain")})
    assert answer.status_code == 200, answer.text[:300]
    return next(s.id for s in reversed(site.store.list_documents()))


def test_two_editors_an_upload_and_a_revision_reach_the_pages_that_may_read_them(
        site: World) -> None:
    document_id = site.document()

    async def scenario() -> None:
        observer, stranger = await feed(site, "observer"), await feed(site, "stranger")
        first = await observer.until(lambda frame: frame["type"] == "counts")
        assert first["documents"][document_id] == 0, "every readable document, 0 included"
        assert (await stranger.until(lambda f: f["type"] == "counts"))["documents"] == {}
        editors = [await editor(site, "venezuela", document_id, "feed-test-venezuela"),
                   await editor(site, "belize", document_id, "feed-test-belize")]
        await observer.until(counts_of(document_id, 2), COUNTS_WAIT)
        assert site.http("stranger").get("/api/connected").json() == {"documents": {}}
        assert site.http("observer").get("/api/connected").json()["documents"][
            document_id] == 2

        new_id = await asyncio.to_thread(upload, site)
        imported = await observer.until(lambda frame: frame["type"] == "document")
        assert (imported["what"], imported["document"]["id"]) == ("import", new_id)
        assert imported["document"]["revisions"] == 1 and imported["connected"] == 0

        http = site.http("secretariat")
        answer = await asyncio.to_thread(http.post, f"/documents/{document_id}/revisions",
                                         data={"name": "Rev.1", "csrf_token": csrf(http)},
                                         files={"file": ("", b"", "text/plain")})
        assert answer.status_code == 303, answer.text[:300]
        revised = await observer.until(lambda frame: frame["type"] == "document")
        assert (revised["what"], revised["document"]["id"]) == ("revision", document_id)
        assert revised["document"]["revisions"] == 2 and revised["connected"] == 2
        assert revised["document"]["updatedText"].endswith(" UTC")

        for socket in editors:
            await socket.close()
        await observer.until(counts_of(document_id, 0), COUNTS_WAIT)
        stranger_heard = [f for f in stranger.frames if f["type"] == "document"]
        with pytest.raises(TimeoutError):  # nothing about documents it may not read
            await stranger.until(lambda frame: frame["type"] == "document", 0.5)
        assert stranger_heard == []
        for socket in (observer, stranger):
            await socket.close()

    asyncio.run(scenario())


def test_an_adoption_reaches_the_page_which_stays_open(site: World) -> None:
    document_id = site.document()

    async def scenario() -> None:
        page = await feed(site, "observer")
        await page.until(lambda frame: frame["type"] == "counts")
        http = site.http("secretariat")
        answer = await asyncio.to_thread(http.post, f"/documents/{document_id}/adopt",
                                         data={"csrf_token": csrf(http)})
        assert answer.status_code == 303
        adopted = await page.until(lambda frame: frame["type"] == "document")
        assert (adopted["what"], adopted["document"]["id"]) == ("adoption", document_id)
        assert adopted["document"]["adopted"] is True
        with pytest.raises(TimeoutError):  # the adoption closes the editors, not this page
            await page.until(lambda frame: frame["type"] == "closed", 1)
        await page.close()

    asyncio.run(scenario())


def test_a_visitor_and_a_foreign_page_are_refused_and_log_out_closes_the_channel(
        site: World) -> None:
    async def scenario() -> None:
        with pytest.raises(websockets.InvalidStatus) as visitor:
            await websockets.connect(feed_url(site))
        assert visitor.value.response.status_code == 403
        with pytest.raises(websockets.InvalidStatus) as foreign:
            await websockets.connect(feed_url(site), origin="http://evil.example",
                                     additional_headers=cookie_header(site.http("chair")))
        assert foreign.value.response.status_code == 403

        leaving = site.http("vice-chair")
        channel = await feed(site, "vice-chair")
        await channel.until(lambda frame: frame["type"] == "counts")
        answer = await asyncio.to_thread(leaving.post, "/logout",
                                         data={"csrf_token": csrf(leaving)})
        assert answer.status_code == 303
        closed = await channel.until(lambda frame: frame["type"] == "closed")
        assert "logged out" in closed["reason"]
        with pytest.raises(websockets.ConnectionClosed):
            await channel.until(lambda frame: False, 5)
        assert channel.socket.close_code == 1008
        site.clients.pop("vice-chair").close()

    asyncio.run(scenario())


def test_removal_from_the_negotiation_takes_its_documents_out_of_the_counts(
        site: World) -> None:
    document_id = site.document()
    belize = site.people["belize"]

    async def scenario() -> None:
        channel = await feed(site, "belize")
        first = await channel.until(lambda frame: frame["type"] == "counts")
        assert document_id in first["documents"]
        http = site.http("secretariat")
        answer = await asyncio.to_thread(
            http.post, f"/negotiations/{site.negotiation_id}/members/{belize.user_id}/remove",
            data={"csrf_token": csrf(http)})
        assert answer.status_code == 303
        editing = await editor(site, "venezuela", document_id, "feed-test-after-removal")
        after = await channel.until(lambda frame: frame["type"] == "counts", COUNTS_WAIT)
        assert after["documents"] == {}, "belize may read no document any more"
        await editing.close()
        await channel.close()

    asyncio.run(scenario())
