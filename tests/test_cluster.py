"""The real set on 127.0.0.1: HAProxy, three `negotiation serve` processes, PostgreSQL and
Redis (deploy/cluster.py). Edits through the balancer converge; documents spread over the
processes; kill -9 of a document's process while delegates type loses no acknowledged edit
(five times); a stale process hands its document over and writes nothing; a rolling restart of
all three loses nothing. Skipped with the reason when haproxy, PostgreSQL or Redis is missing.

The counts of each kill are printed (``pytest -s``) and in docs/scaling.md.
"""

from __future__ import annotations

import asyncio
import collections
import random
import time
from pathlib import Path

import pytest
from cluster_set import Typist, health, owner, real_set, returned, words_of
from sync_client import SyncClient, import_paragraphs, ws_url

from server.live.reload import texts_of

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]
TYPISTS, RATE = 20, 2.5  # delegates per document, edits per second each
# a paragraph long enough that typists inserting at random places rarely touch the same words
# (the merge before the exact merge returns such collisions to their authors as conflicts)
OPENING = ("Recognizing the importance of the full and effective participation of all "
           "delegations in the negotiation of this text, and recalling its previous "
           "resolutions on the subject, the Conference decides as follows")


@pytest.fixture(scope="module")
def the_set(tmp_path_factory: pytest.TempPathFactory):
    with real_set(3, tmp_path_factory.mktemp("set")) as pair:
        yield pair


def stored_words(store, document_id: str, paragraph_id: str) -> list[str]:
    return words_of(texts_of(store.load_document(document_id))[paragraph_id])


def assert_each_once(typed: list[str], stored: list[str], what: str,
                     conflicts: set[str] = frozenset()) -> None:
    """Every word typed is stored exactly once, but those the merge returned to their
    authors as conflicts (they keep them: ``returned``)."""
    counts = collections.Counter(stored)
    twice = [word for word, count in counts.items() if count > 1]
    missing = sorted(set(typed) - set(counts) - conflicts)
    assert twice == [], f"{what}: {len(twice)} word(s) twice: {twice[:10]}"
    assert missing == [], f"{what}: {len(missing)} word(s) lost: {missing[:10]}"


async def typists_on(base: str, document_id: str, paragraph_id: str, count: int,
                     headers: dict[str, str]) -> list[Typist]:
    return list(await asyncio.gather(*(Typist.join(base, document_id, paragraph_id, index,
                                                   headers) for index in range(count))))


async def type_all(typists: list[Typist], seconds: float, seed: int) -> None:
    await asyncio.gather(*(t.type_for(seconds, RATE, random.Random(seed * 1000 + t.index))
                           for t in typists))


async def settle_and_close(typists: list[Typist]) -> None:
    await asyncio.gather(*(t.settle() for t in typists))
    await asyncio.gather(*(t.client.close() for t in typists))


def test_edits_through_the_balancer_converge(the_set) -> None:
    cluster, store, headers = the_set
    document_id, (paragraph_id,) = import_paragraphs(store, [OPENING])

    async def scenario() -> list[str]:
        typists = await typists_on(cluster.url, document_id, paragraph_id, 10, headers)
        await type_all(typists, 3, seed=1)
        await asyncio.gather(*(t.settle() for t in typists))
        await asyncio.sleep(0.5)
        for typist in typists:
            await typist.client.catch_up(paragraph_id)
        texts = {t.client.text(paragraph_id) for t in typists}
        await settle_and_close(typists)
        assert len(texts) == 1, "every client holds the same text"
        assert texts == {texts_of(store.load_document(document_id))[paragraph_id]}
        return [word for t in typists for word in t.typed], returned(typists)

    typed, conflicts = asyncio.run(scenario())
    assert_each_once(typed, stored_words(store, document_id, paragraph_id), "converge",
                     conflicts)


def test_documents_spread_over_the_processes(the_set) -> None:
    cluster, store, headers = the_set
    documents = [import_paragraphs(store, [f"Paragraph of text {n}"])[0] for n in range(30)]

    async def open_all() -> list[SyncClient]:
        return list(await asyncio.gather(*(
            SyncClient.connect(ws_url(cluster.url, d), headers=headers) for d in documents)))

    async def scenario() -> list[set[str]]:
        clients = await open_all()
        held = [set(health(cluster.server_url(slot))["documents"]) & set(documents)
                for slot in range(3)]
        for client in clients:
            await client.close()
        return held

    held = asyncio.run(scenario())
    assert all(held), f"every process holds documents: {[len(h) for h in held]}"
    assert sum(len(h) for h in held) == len(documents), "each document on exactly one process"
    assert set().union(*held) == set(documents)


def test_kill_9_of_a_documents_process_under_load_loses_no_acknowledged_edit(the_set) -> None:
    cluster, store, headers = the_set
    report = []
    for round_ in range(5):
        document_id, (paragraph_id,) = import_paragraphs(store, [OPENING])

        async def scenario(round_: int = round_, document_id: str = document_id,
                           paragraph_id: str = paragraph_id) -> dict:
            typists = await typists_on(cluster.url, document_id, paragraph_id, TYPISTS, headers)
            typing = asyncio.create_task(type_all(typists, 8, seed=round_))
            await asyncio.sleep(3)
            slot = owner(cluster, document_id)
            assert slot is not None
            acknowledged = stored_words(store, document_id, paragraph_id)  # committed = acked
            killed_at = time.monotonic()
            cluster.kill(slot)
            await typing
            recovery = max(t.longest_offline for t in typists)
            cluster.start_server(slot)  # back: new sockets of the document go to it again
            await settle_and_close(typists)
            typed = [word for t in typists for word in t.typed]
            return {"round": round_ + 1, "killed": f"plenary{slot + 1}",
                    "typed": len(typed), "acknowledged before the kill": len(acknowledged),
                    "reconnects": sum(t.reconnects for t in typists),
                    "longest offline s": round(recovery, 2),
                    "seconds since kill": round(time.monotonic() - killed_at, 1),
                    "returned as conflicts": len(returned(typists)),
                    "words": (typed, acknowledged, returned(typists))}

        result = asyncio.run(scenario())
        typed, acknowledged, conflicts = result.pop("words")
        stored = stored_words(store, document_id, paragraph_id)
        assert_each_once(acknowledged, stored, f"round {round_ + 1}, acknowledged")
        assert_each_once(typed, stored, f"round {round_ + 1}, typed", conflicts)
        assert result["reconnects"] >= TYPISTS
        result["present once"] = len(set(stored) & set(typed))
        report.append(result)
        print("kill -9:", result, flush=True)
    assert all(r["longest offline s"] < 10 for r in report), report


def test_a_stale_process_hands_its_document_over_and_writes_nothing(the_set) -> None:
    cluster, store, headers = the_set
    document_id, (paragraph_id,) = import_paragraphs(store, [OPENING])

    async def scenario() -> tuple[list[str], int, set[str]]:
        # straight to process 1, past the balancer (a process the balancer moved away from)
        stale = await Typist.join(cluster.server_url(0), document_id, paragraph_id, 0, headers)
        await stale.type_for(1.5, RATE, random.Random(1))
        await stale.client.settle()
        fence_before = store.document_fence(document_id)
        fresh = await Typist.join(cluster.server_url(1), document_id, paragraph_id, 1, headers)
        deadline = time.monotonic() + 10
        while stale.connected and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        assert not stale.connected, "the stale process closed its socket"
        assert document_id not in health(cluster.server_url(0))["documents"]
        code = stale.client._socket.close_code
        stale.url = stale.client.url = ws_url(cluster.server_url(1), document_id)
        await asyncio.gather(stale.type_for(1.5, RATE, random.Random(2)),
                             fresh.type_for(1.5, RATE, random.Random(3)))
        await settle_and_close([stale, fresh])
        assert store.document_fence(document_id) == fence_before + 1, \
            "one claim (the new owner's): the stale process did not claim it back"
        return stale.typed + fresh.typed, code, returned([stale, fresh])

    typed, code, conflicts = asyncio.run(scenario())
    assert code == 1012
    assert_each_once(typed, stored_words(store, document_id, paragraph_id), "hand-over",
                     conflicts)


def test_a_rolling_restart_of_every_process_loses_nothing(the_set) -> None:
    cluster, store, headers = the_set
    documents = [import_paragraphs(store, [f"{n} {OPENING}"]) for n in range(3)]

    async def scenario() -> list[Typist]:
        typists = []
        for document_id, (paragraph_id,) in documents:
            typists += await typists_on(cluster.url, document_id, paragraph_id, 5, headers)
        typing = asyncio.create_task(type_all(typists, 4 + 3 * 6, seed=7))
        await asyncio.sleep(2)
        for slot in range(3):  # a new version, one process at a time
            await asyncio.to_thread(cluster.restart, slot)
            await asyncio.sleep(2)
        await typing
        await settle_and_close(typists)
        return typists

    typists = asyncio.run(scenario())
    conflicts = returned(typists)
    print("rolling restart:", sum(len(t.typed) for t in typists), "words typed,",
          len(conflicts), "returned as conflicts,", sum(t.reconnects for t in typists),
          "reconnects", flush=True)
    for document_id, (paragraph_id,) in documents:
        typed = [w for t in typists if document_id in t.url for w in t.typed]
        assert_each_once(typed, stored_words(store, document_id, paragraph_id),
                         f"rolling restart, {document_id}",
                         returned([t for t in typists if document_id in t.url]))
    assert sum(t.reconnects for t in typists) >= len(typists)


def test_the_set_is_skipped_with_a_reason_without_its_services(monkeypatch) -> None:
    import cluster_set

    monkeypatch.setattr(cluster_set, "answers", lambda host, port: False)
    assert "PostgreSQL" in (cluster_set.missing_service() or "")


def test_deploy_config_routes_by_the_document_in_the_path() -> None:
    config = (Path(__file__).resolve().parent.parent / "deploy" / "haproxy.cfg").read_text()
    assert "hash-type consistent" in config and "balance hash var(txn.document)" in config
    assert "/ws/documents/" in config and "option httpchk GET /healthz" in config
