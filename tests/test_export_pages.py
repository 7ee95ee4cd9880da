"""Exports and the pages that read a negotiation's course, on the real app and a real SQLite
file: the export menu and download, refusals, a live-edited document's live words, the
paragraph path, the path table, compare and the burndown; `negotiation export` of a stored
document."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import docx
import pytest
from accounts_fixture import cookie_header
from live_server import Site, site
from sync_client import SyncClient, ws_url

from negotiation.importer import import_text
from server.app import create_app
from server.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
NEGOTIATED = SEEDS / "003_8d28965fcda24f33.txt"
ADOPTED = SEEDS / "004_e08f240b2092f966.txt"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database_url=f"sqlite:///{tmp_path / 'plenary.sqlite3'}",
                    data_dir=tmp_path, seeds_dir=SEEDS, store_writer="thread",
                    coalesce_pause=0.05,
                    integrity_key=os.environ["PLENARY_INTEGRITY_KEY"])  # the commands' key


@pytest.fixture
def client(settings: Settings) -> Iterator[Site]:
    with site(create_app(settings)) as client:
        yield client


def add(client: Site, source: Path) -> str:
    return client.store.import_document(import_text(source.read_text(encoding="utf-8")),
                                        author="Secretariat")


def test_export_menu_on_the_editor_and_revisions_pages(client: Site) -> None:
    document_id = add(client, NEGOTIATED)
    for page in (f"/documents/{document_id}", f"/documents/{document_id}/revisions"):
        text = client.get(page).text
        assert f'action="/documents/{document_id}/export"' in text
        assert '<option value="docx">Word</option>' in text
        assert '<option value="akn">Akoma Ntoso XML</option>' in text


def test_word_download_of_an_adopted_document(client: Site) -> None:
    document_id = add(client, ADOPTED)
    response = client.get(f"/documents/{document_id}/export?format=docx")
    assert response.status_code == 200
    assert response.headers["content-disposition"] == (
        'attachment; filename="CD-RES.-10-82-R-07.docx"')
    word = docx.Document(BytesIO(response.content))
    assert word.paragraphs[0].text == "CD/RES. 10 (82-R/07)"
    assert any(p.text.startswith("5.\tTo promote the consolidation") for p in word.paragraphs)


def test_a_clean_export_with_open_brackets_is_refused_with_the_list(client: Site) -> None:
    document_id = add(client, NEGOTIATED)
    response = client.get(f"/documents/{document_id}/export?format=html")
    assert response.status_code == 409
    assert "operative paragraph 3 (c): [BELIZE: Conduct a study" in response.text
    draft = client.get(f"/documents/{document_id}/export?format=html&draft=1")
    assert draft.status_code == 200 and "DRAFT — not agreed" in draft.text
    assert client.get(f"/documents/{document_id}/export?format=pdf").status_code == 400


def test_export_of_a_live_edited_document_contains_the_live_words(client: Site) -> None:
    document_id = add(client, NEGOTIATED)
    first = client.store.load_document(document_id).operative[0]
    url = ws_url(str(client.http.base_url).rstrip("/"), document_id)

    async def type_live() -> None:
        delegate = await SyncClient.connect(url, name="Ana", delegation=None,
                                            headers=cookie_header(client.http))
        delegate.edit(first.id, delegate.text(first.id) + " Typed live by Belize.")
        await delegate.settle()
        await delegate.close()

    asyncio.run(type_live())
    response = client.get(f"/documents/{document_id}/export?format=bracketed")
    assert response.status_code == 200
    assert "Typed live by Belize." in response.text


def test_paragraph_path_and_path_table_and_compare(client: Site) -> None:
    store = client.store
    document_id = add(client, NEGOTIATED)
    paragraph = store.load_document(document_id).preamble[9]
    store.create_revision(document_id, "Rev.1", author="Secretariat")
    text = paragraph.text.replace("[shared responsibility / co-responsibility]",
                                  "shared responsibility")
    store.append_version(document_id, paragraph.id, text, author="Ana", delegation="Venezuela")
    store.create_revision(document_id, "Rev.2", author="Secretariat")

    editor = client.get(f"/documents/{document_id}").text
    assert f'href="/documents/{document_id}/paragraphs/{paragraph.id}/path"' in editor
    path = client.get(f"/documents/{document_id}/paragraphs/{paragraph.id}/path")
    assert path.status_code == 200
    assert "Path of preambular paragraph 10" in path.text
    assert "changed by Venezuela" in path.text
    assert "<del>[shared responsibility / co-responsibility]</del>" in path.text \
        or "<del>[</del>" in path.text

    table = client.get(f"/documents/{document_id}/path").text
    assert "<th scope=\"col\">Rev.2</th>" in table
    assert '<td class="cell-edited">edited</td>' in table

    compare = client.get(f"/documents/{document_id}/compare?from=Rev.1&to=Rev.2")
    assert compare.status_code == 200
    assert "1 edited · 0 new · 0 dropped · 25 unchanged" in compare.text
    assert "Venezuela" in compare.text
    inline = client.get(f"/documents/{document_id}/compare?from=Rev.1&to=Rev.2&view=inline")
    assert "<del>" in inline.text
    assert client.get(f"/documents/{document_id}/compare?from=Rev.9").status_code == 404


def test_burndown_chart_and_figures(client: Site) -> None:
    document_id = add(client, NEGOTIATED)
    svg = client.get(f"/documents/{document_id}/burndown.svg")
    assert svg.status_code == 200 and svg.headers["content-type"] == "image/svg+xml"
    assert "Draft (" in svg.text and ": 5 open brackets" in svg.text
    revisions = client.get(f"/documents/{document_id}/revisions").text
    assert f'src="/documents/{document_id}/burndown.svg"' in revisions
    assert '<th scope="col">Venezuela</th>' in revisions


def test_negotiation_export_of_a_stored_document(settings: Settings, client: Site,
                                                 tmp_path: Path) -> None:
    document_id = add(client, ADOPTED)
    out = tmp_path / "adopted.docx"
    script = Path(sys.executable).with_name("negotiation")
    result = subprocess.run([str(script), "export", document_id, "--format", "docx", "-o",
                             str(out), "--db", settings.database_url, "--revision", "Draft"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert docx.Document(str(out)).paragraphs[0].text == "CD/RES. 10 (82-R/07)"
    missing = subprocess.run([str(script), "export", "no-such-doc", "--format", "clean",
                              "--db", settings.database_url],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr


def test_a_paragraph_followed_back_into_an_earlier_document(client: Site) -> None:
    draft_2007 = add(client, NEGOTIATED)
    resolution_2009 = add(client, SEEDS / "002_cbe63643953223b7.txt")
    later = client.store.load_document(resolution_2009).operative[3]  # operative paragraph 4
    page = client.get(f"/documents/{resolution_2009}/paragraphs/{later.id}/path"
                      f"?earlier={draft_2007}")
    assert page.status_code == 200
    assert '<option value="' + draft_2007 + '" selected>' in page.text
    assert "Before: in HEMISPHERIC COOPERATION EFFORTS" in page.text
    assert "<h3>operative paragraph 2</h3>" in page.text
    assert "In this document" in page.text
