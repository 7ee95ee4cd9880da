"""A document that fails verification says so on every one of its pages (role=alert, naming
what was altered), and the API says it does not verify; an untouched one shows no warning."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from live_server import Site, site
from store_fixture import at, resolution, type_and_seal
from tamper import tamper

from server.app import create_app
from server.settings import Settings

WARNING = 'role="alert" aria-labelledby="integrity-warning-title"'


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Site]:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'plenary.sqlite3'}",
                        data_dir=tmp_path, store_writer="thread",
                        integrity_key="5e" * 32)
    with site(create_app(settings)) as client:
        yield client


def pages(document_id: str) -> list[str]:
    return [f"/documents/{document_id}", f"/documents/{document_id}/revisions",
            f"/documents/{document_id}/paragraphs/op1/history"]


def test_an_untouched_document_shows_no_warning(client) -> None:
    document_id = client.store.import_document(resolution(), author="sec")
    for path in pages(document_id):
        response = client.get(path)
        assert response.status_code == 200 and WARNING not in response.text
    assert client.get(f"/api/documents/{document_id}").json()["verified"] is True


def test_a_tampered_document_shows_the_warning_on_each_page(client) -> None:
    document_id = client.store.import_document(resolution(), author="sec")
    tamper(client.store, ["UPDATE paragraphs SET working_text = 'To urge nobody.' "
                          "WHERE id = 'op1'"])
    for path in pages(document_id):
        page = client.get(path).text
        assert WARNING in page, path
        assert "This document fails verification" in page
        assert "paragraph op1, working_text: differs from its last version" in page
    answer = client.get(f"/api/documents/{document_id}").json()
    assert answer["verified"] is False
    assert answer["problems"] == [
        f"document {document_id}: paragraph op1, working_text: differs from its last version "
        "and its seal does not verify (changed outside the server)"]


def test_an_altered_attribution_shows_the_warning_on_each_page(client) -> None:
    document_id = client.store.import_document(resolution(), author="sec")
    version = type_and_seal(client.store, document_id, "op1", "Also ", author="maria",
                            delegation="Chile", when=at(5))
    tamper(client.store, ["UPDATE paragraph_weaves SET weave = replace(weave, '\"Chile\"', "
                          "'\"Peru\"') WHERE paragraph_id = 'op1'"])
    for path in pages(document_id):
        page = client.get(path).text
        assert WARNING in page, path
        assert "paragraph op1, attribution: the stored weave" in page
    assert client.get(f"/api/documents/{document_id}").json()["problems"] == [
        f"document {document_id}: paragraph op1, attribution: the stored weave "
        f"(paragraph_weaves) does not give the digest version {version} records: who wrote "
        "which words was altered outside the server"]
