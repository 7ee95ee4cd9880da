"""A revision issued from the command line while delegations edit (docs/fencing.md), end to end:
the real server (create_app, its store writer processes, tests/live_server.py), real WebSocket
clients (tests/sync_client.py) and a real ``negotiation import --as-revision-of`` process on the
same database.

After the import every open editor shows Rev.1 within a second; no later keystroke restores
what Rev.1 replaced (in the editors, the stored text or a stored version); the words the
delegates type into paragraphs Rev.1 kept, before and after it, survive, each once; and after a
restart the stored text is Rev.1 plus their later edits.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from accounts_fixture import cookie_header, csrf, make_people_on, session_of
from live_server import running
from store_fixture import TEST_SEALER, database_url_fixture  # noqa: F401
from sync_client import SyncClient, ws_url

from negotiation.importer import import_text
from negotiation.render import render_bracketed
from server.app import create_app
from server.db import create_engine_for, upgrade
from server.settings import Settings
from server.store import Store

NEGOTIATION = Path(sys.executable).parent / "negotiation"
DRAFT = """DRAFT RESOLUTION

THE GENERAL ASSEMBLY,

RECALLING resolution AG/RES. 2348 on the rights of the child,

RESOLVES:

1. To urge member states to adopt national measures to protect children in armed conflict.

2. To request the Permanent Council to hold a special meeting on migration before the end of \
the year.

3. To instruct the General Secretariat to prepare a report on regional cooperation and \
present it in 2027.

4. To thank the delegations for their work on this text.
"""
REPLACED = "hold a special meeting on migration before the end of the year"
REPLACEMENT = "convene a working group on migration in March"
DROPPED = "To instruct the General Secretariat"
TYPING_SECONDS = 0.08  # one word per client this often


def revision_one(text: str) -> str:
    """The secretariat's Rev.1 of the text as exported: one sentence rewritten, paragraph 3
    dropped (the others as they stood, delegates' words included)."""
    assert REPLACED in text
    text = text.replace(REPLACED, REPLACEMENT)
    return re.sub(r"\n3\. To instruct[^\n]*\n", "\n", text)


class Typist:
    """A delegate who appends numbered words to some paragraphs, noting when each was typed
    and whether the editor showed Rev.1 by then."""

    def __init__(self, client: SyncClient, tag: str, paragraphs: list[str]) -> None:
        self.client, self.tag, self.paragraphs = client, tag, paragraphs
        self.words: list[tuple[str, str, bool]] = []  # (paragraph, word, typed after Rev.1)

    def shows_rev1(self) -> bool:
        texts = [p.text for p in self.client.paragraphs.values()]
        return any(REPLACEMENT in t for t in texts) and not any(DROPPED in t for t in texts)

    def type_one(self) -> None:
        paragraph = self.paragraphs[len(self.words) % len(self.paragraphs)]
        if paragraph not in self.client.paragraphs:
            return
        word = f"{self.tag}{len(self.words):03d}"
        after = self.shows_rev1()
        text = self.client.text(paragraph)
        self.client.edit(paragraph, text[:-1] + f" {word}" + text[-1:])  # before the period
        self.words.append((paragraph, word, after))

    async def type_for(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.type_one()
            await asyncio.sleep(TYPING_SECONDS)


def test_a_revision_imported_while_delegates_type_is_never_undone(database_url,
                                                                  tmp_path) -> None:
    """On SQLite and PostgreSQL (skipped with the reason when it does not answer)."""
    url = database_url
    engine = create_engine_for(url)
    upgrade(engine)
    store = Store(engine, TEST_SEALER)  # the key of the server and of the command below
    document_id = store.import_document(import_text(DRAFT, source="draft.txt"),
                                        author="secretariat")
    ids = [p.id for p in store.load_document(document_id).paragraphs()]
    urge, request, instruct, thank = ids[1:]
    settings = Settings(database_url=url, data_dir=tmp_path, coalesce_pause=0.2,
                        store_writer="process", integrity_key=TEST_SEALER.key.hex())
    rev1_file = tmp_path / "rev1.txt"
    people = make_people_on(engine, [document_id])

    def cookie(base: str, key: str) -> dict[str, str]:
        with session_of(base, people[key]) as http:
            return cookie_header(http)

    async def editing(base: str) -> dict[str, str]:
        venezuela = Typist(await SyncClient.connect(
            ws_url(base, document_id), name="Ana", delegation="Venezuela",
            headers=cookie(base, "venezuela")), "ven", [urge, request])
        belize = Typist(await SyncClient.connect(
            ws_url(base, document_id), name="Bo", delegation="Belize",
            headers=cookie(base, "belize")), "bel", [thank, instruct])
        typists = [venezuela, belize]
        clients = [t.client for t in typists]
        for _ in range(4):  # before Rev.1 is drafted: in it, as the secretariat exports it
            for typist in typists:
                typist.type_one()
        for client in clients:
            await client.settle()
        before = {t.tag: list(t.words) for t in typists}
        rev1_file.write_text(revision_one(render_bracketed(store.load_document(document_id))),
                             encoding="utf-8")

        typing = [asyncio.ensure_future(t.type_for(1.0)) for t in typists]
        process = await asyncio.create_subprocess_exec(
            str(NEGOTIATION), "import", str(rev1_file), "--as-revision-of", document_id,
            "--name", "Rev.1", "--db", url, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        _, err = await process.communicate()
        imported = time.monotonic()
        assert process.returncode == 0, err.decode()
        # every open editor shows Rev.1 within a second, while its delegate keeps typing
        while not all(t.shows_rev1() for t in typists):
            assert time.monotonic() - imported < 1.0, "an editor still shows the old text"
            await asyncio.sleep(0.01)
        await asyncio.gather(*typing)
        await asyncio.gather(*(t.type_for(1.0) for t in typists))  # after Rev.1
        for client in clients:
            await client.settle()
        await asyncio.sleep(0.5)  # the last bursts become versions
        for client in clients:
            await client.settle()

        # a freshly opened editor shows Rev.1 and the later words too
        late = await SyncClient.connect(ws_url(base, document_id), name="Cy", delegation=None,
                                        headers=cookie(base, "observer"))
        texts = {pid: p.text for pid, p in late.paragraphs.items()}
        assert instruct not in texts and all(REPLACED not in t for t in texts.values())
        for client in clients:
            assert {pid: p.text for pid, p in client.paragraphs.items()} == texts
        stored = {p.id: p.text for p in store.load_document(document_id).paragraphs()}
        assert stored == texts
        for typist in typists:
            for paragraph, word, after_rev1 in typist.words:
                found = sum(text.count(word) for text in texts.values())
                conflicted = any(word in c["text"] for c in typist.client.conflicts)
                assert found <= 1, f"{word} is there {found} times"
                if paragraph == instruct:
                    assert found == 0  # typed into the paragraph Rev.1 dropped
                elif (paragraph, word, after_rev1) in before[typist.tag] or after_rev1:
                    assert found == 1 or conflicted, f"{word} ({paragraph}) was lost"
        for client in [*clients, late]:
            await client.close()
        return texts

    with running(create_app(settings)) as base:
        shown = asyncio.run(editing(base))

    # what a restarted server serves: Rev.1 plus the delegates' later words
    with running(create_app(settings)) as base:
        async def reopen() -> dict[str, str]:
            client = await SyncClient.connect(ws_url(base, document_id), name="Di",
                                              delegation=None, headers=cookie(base, "chair"))
            texts = {pid: p.text for pid, p in client.paragraphs.items()}
            await client.close()
            return texts
        assert asyncio.run(reopen()) == shown
    assert REPLACEMENT in shown[request] and "ven" in shown[urge] and "bel" in shown[thank]
    rev1 = {p.id: p.text for p in store.revision_document(document_id, "Rev.1").paragraphs()}
    assert instruct not in rev1 and REPLACEMENT in rev1[request]
    history = store.paragraph_history(document_id, request).entries
    rev1_at = next(r.at for r in store.revisions(document_id) if r.name == "Rev.1")
    for entry in history:
        if entry.version.at > rev1_at:  # no version after Rev.1 restores what it replaced
            assert REPLACED not in entry.version.text, entry.version
    assert store.verify(document_id).ok
    engine.dispose()


def test_a_revision_issued_on_the_web_with_its_export_keeps_every_word(database_url,
                                                                       tmp_path) -> None:
    """The secretariat exports the text, delegates go on typing (their words acknowledged,
    so stored), and Rev.1 is issued on the revisions page, with the export it was drafted
    from, while they still type: Rev.1's change reaches every editor and every word typed, in
    the paragraph Rev.1 changes and in those it keeps, is in the editors and the stored text
    exactly once, where it was typed; nothing is a conflict (negotiation/revision_merge.py).
    Without the export, the words acknowledged after it would be replaced (docs/fencing.md)."""
    url = database_url
    engine = create_engine_for(url)
    upgrade(engine)
    store = Store(engine, TEST_SEALER)
    document_id = store.import_document(import_text(DRAFT, source="draft.txt"),
                                        author="secretariat")
    ids = [p.id for p in store.load_document(document_id).paragraphs()]
    urge, request, _, thank = ids[1:]
    settings = Settings(database_url=url, data_dir=tmp_path, coalesce_pause=0.2,
                        store_writer="process", integrity_key=TEST_SEALER.key.hex())
    people = make_people_on(engine, [document_id])

    async def editing(base: str) -> tuple[list[Typist], dict[str, str]]:
        typists = []
        for key, tag, paragraphs in (("venezuela", "ven", [request, urge]),
                                     ("belize", "bel", [thank, request])):
            with session_of(base, people[key]) as http:
                headers = cookie_header(http)
            client = await SyncClient.connect(ws_url(base, document_id), name=tag,
                                              delegation=people[key].delegation_name,
                                              headers=headers)
            typists.append(Typist(client, tag, paragraphs))
        for _ in range(4):
            for typist in typists:
                typist.type_one()
        for typist in typists:
            await typist.client.settle()
        export = render_bracketed(store.load_document(document_id))
        assert export.count(REPLACED) == 1
        for _ in range(4):  # after the export: acknowledged, so stored, before Rev.1
            for typist in typists:
                typist.type_one()
        for typist in typists:
            await typist.client.settle()

        def issue() -> None:
            with session_of(base, people["secretariat"]) as http:
                path = f"/documents/{document_id}/revisions"
                answer = http.post(path, data={"csrf_token": csrf(http, path),
                                               "name": "Rev.1"}, files={
                    "file": ("rev1.txt", export.replace(REPLACED, REPLACEMENT).encode()),
                    "drafted_from": ("export.txt", export.encode())})
                assert answer.status_code == 303, answer.text[:500]

        typing = [asyncio.ensure_future(t.type_for(1.5)) for t in typists]
        await asyncio.sleep(0.3)
        await asyncio.to_thread(issue)  # while both type
        await asyncio.gather(*typing)
        for typist in typists:
            await typist.client.settle()
        await asyncio.sleep(0.5)  # a reload still under way ends; the last acks come
        for typist in typists:
            await typist.client.settle()
        texts = {pid: p.text for pid, p in typists[0].client.paragraphs.items()}
        assert {pid: p.text for pid, p in typists[1].client.paragraphs.items()} == texts
        for typist in typists:
            await typist.client.close()
        return typists, texts

    with running(create_app(settings)) as base:
        typists, shown = asyncio.run(editing(base))

    stored = {p.id: p.text for p in store.load_document(document_id).paragraphs()}
    assert stored == shown
    assert REPLACEMENT in shown[request] and REPLACED not in shown[request]
    for typist in typists:
        assert typist.client.conflicts == []
        assert len(typist.words) > 12
        for paragraph, word, _ in typist.words:
            assert shown[paragraph].count(word) == 1, f"{word} ({paragraph}): {shown}"
            assert sum(text.count(word) for text in shown.values()) == 1
    rev1 = {p.id: p.text for p in store.revision_document(document_id, "Rev.1").paragraphs()}
    assert REPLACEMENT in rev1[request]
    assert all(word in rev1[paragraph] for typist in typists
               for paragraph, word, _ in typist.words[:8])  # settled before Rev.1 was issued
    assert store.verify(document_id).ok
    engine.dispose()


def test_an_editor_shows_a_revision_timed_before_the_rooms_last_commit(tmp_path) -> None:
    """A room's commit can win the write lock while an import waits for it, so the words it
    stores are timed after the import began (here: an import timed a minute ago, by another
    writer on the same database). The revision still becomes the text: the open editor shows
    it within a second and keeps the delegate's later words; it was once only a version, the
    editor never showed it and the room wrote the replaced words back."""
    url = f"sqlite:///{tmp_path / 'plenary.sqlite3'}"
    engine = create_engine_for(url)
    upgrade(engine)
    store = Store(engine, TEST_SEALER)
    document_id = store.import_document(import_text(DRAFT, source="draft.txt"),
                                        author="secretariat")
    request = [p.id for p in store.load_document(document_id).paragraphs()][2]
    settings = Settings(database_url=url, data_dir=tmp_path, coalesce_pause=0.2,
                        store_writer="thread", integrity_key=TEST_SEALER.key.hex())
    people = make_people_on(engine, [document_id])

    async def editing(base: str) -> str:
        with session_of(base, people["venezuela"]) as http:
            headers = cookie_header(http)
        client = await SyncClient.connect(ws_url(base, document_id), name="Ana",
                                          delegation="Venezuela", headers=headers)
        typist = Typist(client, "ven", [request])
        typist.type_one()
        await client.settle()  # committed now: the working text is timed now
        exported = store.load_document(document_id)
        revised = import_text(render_bracketed(exported).replace(REPLACED, REPLACEMENT))
        await asyncio.to_thread(lambda: store.import_revision(
            document_id, revised, revision="Rev.1", author="secretariat",
            at=datetime.now(UTC) - timedelta(minutes=1)))
        await client.wait_for(lambda: REPLACEMENT in client.text(request), timeout=2)
        typist.type_one()
        await client.settle()
        text = client.text(request)
        await client.close()
        return text

    with running(create_app(settings)) as base:
        shown = asyncio.run(editing(base))
    assert REPLACEMENT in shown and "ven000" in shown and "ven001" in shown
    stored = store.load_document(document_id).find(request).text
    assert stored == shown
    assert all(REPLACED not in entry.version.text for entry in store.paragraph_history(
        document_id, request).entries if "ven001" in entry.version.text)
    engine.dispose()
