"""negotiation.chain over plain data: canonical bytes, event hashes, the first broken link."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

from negotiation.chain import (
    GENESIS,
    ChainLink,
    canonical_bytes,
    canonical_time,
    event_hash,
    first_broken_link,
)

T0 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def test_canonical_bytes_are_compact_sorted_json_with_utc_times() -> None:
    paris = timezone(timedelta(hours=2))
    fields = {"text": "Urge [all] États", "at": datetime(2026, 5, 4, 11, 0, tzinfo=paris),
              "author": "maria"}
    assert canonical_bytes("version", fields) == (
        '{"at":"2026-05-04T09:00:00.000000+00:00","author":"maria","kind":"version",'
        '"text":"Urge [all] États"}').encode()


def test_a_naive_time_is_read_as_utc() -> None:
    assert canonical_time(datetime(2026, 5, 4, 9, 0)) == canonical_time(T0)


def test_event_hash_is_sha256_of_the_bytes_and_the_previous_hash() -> None:
    fields = {"id": "v1", "text": "x"}
    expected = hashlib.sha256(canonical_bytes("version", fields) + b"\n" + GENESIS.encode())
    assert event_hash("version", fields, GENESIS) == expected.hexdigest()
    assert event_hash("version", fields, "1" * 64) != expected.hexdigest()


def chain(n: int) -> list[ChainLink]:
    links, previous = [], GENESIS
    for seq in range(1, n + 1):
        fields = {"id": f"e{seq}", "seq": seq, "text": f"text {seq}"}
        digest = event_hash("version", fields, previous)
        links.append(ChainLink("version", f"e{seq}", seq, fields, previous, digest))
        previous = digest
    return links


def test_an_intact_chain_verifies_in_any_order() -> None:
    links = chain(5)
    assert first_broken_link(reversed(links), expected_head=links[-1].hash) is None


def test_a_changed_field_names_that_event() -> None:
    links = chain(5)
    links[2] = ChainLink("version", "e3", 3, {**links[2].fields, "text": "forged"},
                         links[2].previous_hash, links[2].hash)
    broken = first_broken_link(links)
    assert (broken.id, broken.seq) == ("e3", 3)
    assert "stored hash does not match its contents" in broken.describe()


def test_a_rehashed_forgery_breaks_the_next_link() -> None:
    links = chain(5)
    forged = {**links[1].fields, "text": "forged"}
    links[1] = ChainLink("version", "e2", 2, forged, links[1].previous_hash,
                         event_hash("version", forged, links[1].previous_hash))
    broken = first_broken_link(links)
    assert broken.id == "e3"
    assert "previous hash" in broken.reason


def test_a_deleted_event_is_a_gap() -> None:
    links = chain(5)
    del links[1]
    broken = first_broken_link(links)
    assert broken.id == "e3" and "event 2 is missing" in broken.reason


def test_events_cut_off_the_end_are_seen_through_the_head() -> None:
    links = chain(5)
    assert first_broken_link(links[:3], expected_head=links[-1].hash).reason.startswith(
        "the document's last hash")
