"""The clean export of a stored document that fails verification is refused, naming what was
altered. The export of stored documents (``server.export_checks.ensure_verified``, which asks
``Store.verify``) arrives with the exports work; until it is merged this test is skipped with
that reason."""

from __future__ import annotations

import pytest
from store_fixture import (  # noqa: F401
    at,
    resolution,
    store_fixture,
    type_and_seal,
    upgraded_sqlite_template,
)
from tamper import tamper

export_checks = pytest.importorskip(
    "server.export_checks", reason="the export of stored documents is not merged yet")
clean_gate = pytest.importorskip("negotiation.clean_gate")


def test_a_tampered_document_is_refused_the_clean_export(store) -> None:
    document_id = store.import_document(resolution(), author="sec", at=at(0))
    export_checks.ensure_verified(store, document_id)  # untouched: allowed
    tamper(store, ["UPDATE paragraphs SET working_text = 'To urge nobody.' WHERE id = 'op1'"])
    with pytest.raises(clean_gate.CleanExportRefused, match="paragraph op1, working_text"):
        export_checks.ensure_verified(store, document_id)


def test_a_document_with_altered_attribution_is_refused_the_clean_export(store) -> None:
    document_id = store.import_document(resolution(), author="sec", at=at(0))
    type_and_seal(store, document_id, "op1", "Also ", author="maria", delegation="Chile",
                  when=at(5))
    export_checks.ensure_verified(store, document_id)  # untouched: allowed
    tamper(store, ["UPDATE paragraph_weaves SET weave = replace(weave, '\"Chile\"', "
                   "'\"Peru\"') WHERE paragraph_id = 'op1'"])
    with pytest.raises(clean_gate.CleanExportRefused, match="paragraph op1, attribution"):
        export_checks.ensure_verified(store, document_id)
