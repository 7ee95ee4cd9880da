"""The pages, rendered by the real app on a real SQLite file: list, editor, history, revisions."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import Site, site

from negotiation.model import Document, Paragraph, ParagraphKind
from server.app import create_app
from server.demo import load_demo, seed_files
from server.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
HOSTILE = '<script>alert("x")</script> & [FRANCE: <b>bold</b>]'


def small_document() -> Document:
    return Document(
        symbol="CP/TEST 1/26", title="Testing <the> pages",
        preamble=[Paragraph(id="pre-1", kind=ParagraphKind.PREAMBULAR,
                            text="RECALLING [its resolution / the resolutions] on the subject;")],
        operative=[
            Paragraph(id="op-1", kind=ParagraphKind.OPERATIVE, label="1",
                      text="To request the Permanent Council [to report]."),
            Paragraph(id="op-2", kind=ParagraphKind.OPERATIVE, label="2", text=HOSTILE),
        ])


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'plenary.sqlite3'}",
                    data_dir=tmp_path, seeds_dir=SEEDS, store_writer="thread")


@pytest.fixture
def client(settings: Settings) -> Iterator[Site]:
    with site(create_app(settings)) as client:
        yield client


def add_small_document(client: Site) -> str:
    return client.store.import_document(small_document(), author="Test")


def test_document_list_shows_the_demo_seeds(settings: Settings) -> None:
    with site(create_app(Settings(**{**settings.__dict__, "demo": True}))) as client:
        documents = client.store.list_documents()
        page = client.get("/")
    assert page.status_code == 200
    assert len(documents) == len(seed_files(SEEDS)) == 5
    for summary in documents:
        assert f'href="/documents/{summary.id}"' in page.text
        if summary.title:
            assert html.escape(summary.title, quote=False) in page.text


def test_demo_loading_is_idempotent(client: Site) -> None:
    first = load_demo(client.store, SEEDS)
    second = load_demo(client.store, SEEDS)
    assert len(first) == 5
    assert second == []
    assert len(client.store.list_documents()) == 5


def test_empty_list_says_how_to_get_documents(client: Site) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "No documents yet" in page.text


def test_editor_shows_every_paragraph_editable(client: Site) -> None:
    document_id = add_small_document(client)
    page = client.get(f"/documents/{document_id}")
    assert page.status_code == 200
    document = client.store.load_document(document_id)
    for paragraph in document.paragraphs():
        editable = re.search(
            rf'<div class="paragraph-text" contenteditable="plaintext-only"[^>]*'
            rf'data-paragraph-id="{paragraph.id}">(.*?)</div>', page.text, re.S)
        assert editable, f"paragraph {paragraph.id} is not rendered editable"
        assert html.unescape(editable.group(1)) == paragraph.text
    assert "RESOLVES:" in page.text
    assert re.search(r'<script type="module" src="[^"]*/static/editor.js">', page.text)
    assert 'data-document-id="' + document_id + '"' in page.text


def test_editor_of_a_seed_draft_keeps_its_text_exactly(settings: Settings) -> None:
    with site(create_app(Settings(**{**settings.__dict__, "demo": True}))) as client:
        summary = client.store.list_documents()[0]
        document = client.store.load_document(summary.id)
        page = client.get(f"/documents/{summary.id}")
    texts = [html.unescape(t) for t in re.findall(
        r'<div class="paragraph-text"[^>]*>(.*?)</div>', page.text, re.S)]
    assert texts == [p.text for p in document.paragraphs()]


def test_user_text_is_escaped_everywhere(client: Site) -> None:
    document_id = add_small_document(client)
    client.store.append_version(document_id, "op-2", HOSTILE + " <img src=x>", author="<i>Eve</i>",
                                    delegation="<b>Nowhere</b>")
    pages = [client.get("/"), client.get(f"/documents/{document_id}"),
             client.get(f"/documents/{document_id}/paragraphs/op-2/history"),
             client.get(f"/documents/{document_id}/revisions")]
    for page in pages:
        assert page.status_code == 200, page.url
        assert "<script>alert" not in page.text
        for raw in ("<b>", "<i>Eve", "<img src=x>"):
            assert raw not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in pages[1].text
    assert "Testing &lt;the&gt; pages" in pages[0].text
    assert "&lt;i&gt;Eve&lt;/i&gt;" in pages[2].text


def test_the_editor_names_the_session_not_a_picker(client: Site) -> None:
    """Who is editing comes from the session: no menu of delegations to pick from."""
    document_id = add_small_document(client)
    page = client.get(f"/documents/{document_id}")
    assert 'data-name="Site secretariat"' in page.text
    assert 'data-role="secretariat"' in page.text
    assert "identity-dialog" not in page.text and "member-states" not in page.text
    assert "<script>" not in page.text  # no inline script: the CSP forbids it


def test_history_page_lists_versions_with_their_changes(client: Site) -> None:
    document_id = add_small_document(client)
    store = client.store
    store.append_version(document_id, "op-1",
                         "To request the Permanent Council [to report][to inform].",
                         author="Ana", delegation="Chile")
    page = client.get(f"/documents/{document_id}/paragraphs/op-1/history")
    assert page.status_code == 200
    history = store.paragraph_history(document_id, "op-1")
    assert len(history.entries) == 2
    assert page.text.count('class="version"') == 2
    assert "Ana" in page.text and "(Chile)" in page.text
    assert "<ins>[to inform]</ins>" in page.text or "<ins>" in page.text
    assert "2 versions" in page.text


def test_history_of_an_unknown_paragraph_is_404(client: Site) -> None:
    document_id = add_small_document(client)
    page = client.get(f"/documents/{document_id}/paragraphs/nope/history")
    assert page.status_code == 404
    assert "has no paragraph &#39;nope&#39;" in page.text


def test_revisions_page_lists_named_revisions(client: Site) -> None:
    document_id = add_small_document(client)
    client.store.create_revision(document_id, "Rev. 1", author="Chair")
    page = client.get(f"/documents/{document_id}/revisions")
    assert page.status_code == 200
    names = re.findall(r'<td class="revision-name">(.*?)</td>', page.text)
    assert names == [r.name for r in client.store.revisions(document_id)]
    assert "Rev. 1" in names and "Draft" in names


def test_unknown_document_is_a_404_page(client: Site) -> None:
    for path in ("/documents/nope", "/documents/nope/revisions",
                 "/documents/nope/paragraphs/p/history"):
        page = client.get(path)
        assert page.status_code == 404, path
        assert page.headers["content-type"].startswith("text/html")
        assert "Not found" in page.text
        assert "no document &#39;nope&#39;" in page.text


@pytest.mark.postgres
def test_the_pages_work_on_postgresql_too() -> None:
    """The same app on PostgreSQL (DATABASE_URL): migrated at start-up, demo loaded, editor shown.
    Skipped with the reason when nothing answers at 127.0.0.1:5432."""
    from store_fixture import postgres_schema

    for url in postgres_schema():
        settings = Settings(database_url=url, seeds_dir=SEEDS, demo=True, store_writer="thread",
                            integrity_key="5e" * 32)  # no key file in the working folder
        with site(create_app(settings)) as client:
            documents = client.store.list_documents()
            assert len(documents) == 5
            page = client.get(f"/documents/{documents[0].id}")
            assert page.status_code == 200
            assert page.text.count('class="paragraph-text"') == len(
                list(client.store.load_document(documents[0].id).paragraphs()))
            assert client.get("/documents/nope").status_code == 404
