"""The pure side of integrity: seals (negotiation.seals), expected heads, the chain reaching a
recorded head (negotiation.chain.missed_head) and the state checked against the chain
(negotiation.chain_state)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from negotiation.chain import GENESIS, ChainLink, event_hash, missed_head
from negotiation.chain_state import ChainState, audit, layout_json
from negotiation.seals import Checkpoint, Sealer, checkpoint_line, parse_expected_head

SEALER = Sealer(b"k" * 32)
AT = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def chain(*kinds_and_fields: tuple[str, dict]) -> list[ChainLink]:
    links, previous = [], GENESIS
    for seq, (kind, fields) in enumerate(kinds_and_fields, start=1):
        digest = event_hash(kind, fields, previous)
        links.append(ChainLink(kind, f"e{seq}", seq, fields, previous, digest))
        previous = digest
    return links


def test_a_seal_is_for_one_purpose_and_one_key() -> None:
    seal = SEALER.head("d1", 3, "a" * 64)
    assert SEALER.verifies(seal, "head", ["d1", 3, "a" * 64])
    assert not SEALER.verifies(seal, "checkpoint", ["d1", 3, "a" * 64])
    assert not Sealer(b"j" * 32).verifies(seal, "head", ["d1", 3, "a" * 64])
    assert not SEALER.verifies(None, "head", ["d1", 3, "a" * 64])
    with pytest.raises(ValueError, match="at least 16 bytes"):
        Sealer(b"short")


def test_an_expected_head_is_read_from_the_printed_line_or_seq_hash() -> None:
    line = checkpoint_line(Checkpoint("d1", 7, "b" * 64, AT, "c" * 64))
    assert line == (f"plenary-checkpoint v1 d1 seq=7 head={'b' * 64} "
                    f"at=2026-05-04T09:00:00.000000+00:00 sig={'c' * 64}")
    expected = parse_expected_head(line)
    assert (expected.document_id, expected.seq, expected.hash) == ("d1", 7, "b" * 64)
    assert parse_expected_head(f"7:{'b' * 64}").seq == 7
    assert parse_expected_head("b" * 64).seq is None
    with pytest.raises(ValueError, match="64 lowercase hexadecimal"):
        parse_expected_head("7:xyz")


def test_the_chain_must_still_reach_a_recorded_head() -> None:
    links = chain(("version", {"n": 1}), ("version", {"n": 2}), ("version", {"n": 3}))
    assert missed_head(links, links[1].hash, 2) is None
    assert missed_head(links, links[1].hash) is None
    assert "ends at event 2, before the expected head at event 3" in missed_head(
        links[:2], links[2].hash, 3)
    assert "the chain was rewritten" in missed_head(links, links[0].hash, 2)
    assert "truncated or rewritten" in missed_head(links[:1], links[2].hash)


def test_the_state_is_checked_against_the_latest_layout_and_revision() -> None:
    rows = [{"id": "p1", "section": "operative", "parent_id": None, "position": 0,
             "kind": "operative", "label": "1", "intro": None, "intro_style": None,
             "status": "open", "deleted": False, "details": "{}", "head_version_id": "e1",
             "working_text": "Text.", "working_author": "a", "working_delegation": None,
             "working_at": AT}]
    meta = {"symbol": "S", "title": "T", "organ": None, "note": None, "language": "en",
            "extras": "{}"}
    links = chain(("version", {"paragraph": "p1", "text": "Text.", "at": AT}),
                  ("revision", {**meta, "layout": layout_json(rows)}))
    state = ChainState.from_links(links)
    document = {"id": "d1", **meta}
    assert audit(state, document, rows, sealer=SEALER) == []
    moved = [{**rows[0], "position": 1, "deleted": True, "working_text": "Forged."}]
    found = [d.describe() for d in audit(state, {**document, "title": "X"}, moved,
                                         sealer=SEALER)]
    assert found == [
        "the document, title: is 'X'; the latest revision hashes 'T'",
        "paragraph p1, position: is 1; event 2 records 0",
        "paragraph p1, deleted: is True; event 2 records False",
        "paragraph p1, working_text: differs from its last version and its seal does not "
        "verify (changed outside the server)"]
    sealed = {**rows[0], "working_text": "Typed since.", "working_seal": SEALER.working(
        "d1", "p1", "Typed since.", "a", None, AT)}
    assert audit(state, document, [sealed], sealer=SEALER) == []
    assert "no integrity key" in audit(state, document, [sealed])[0].reason
