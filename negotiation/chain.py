"""The hash chain of a document's event log, over plain data.

Nothing here touches a database: the store hands in what each event hashes and gets hashes or
the first broken link back, so every rule below is testable with a few literals.

Every change to a document is an *event* with a position ``seq`` (1, 2, 3, ...) in that
document's single ordered log: a paragraph version, a bracket event, a status change, a structural
change (insert, delete, move) or a named revision. Each event is hashed as::

    sha256( canonical_bytes(kind, fields) + b"\\n" + previous_hash )

where ``previous_hash`` is the hash of the document's previous event (``GENESIS`` for the first)
and ``canonical_bytes`` is compact JSON with sorted keys, UTF-8, times in UTC with microseconds.
A version's fields also carry ``parent_hash``, the hash of the version it was edited from, so a
version is chained both to its own paragraph's line and to the document's log. Example fields of
a version::

    {"id": "9f1c...", "document": "d3a1...", "paragraph": "op-3", "seq": 17,
     "text": "Urges [all] States ...", "author": "maria", "delegation": "Chile",
     "at": "2026-05-01T14:03:22.120000+00:00", "parent": "77aa...", "parent_hash": "5b0e...",
     "patch": "@@ -1,6 +1,12 @@ ..."}

Changing any stored field, deleting or reordering an event breaks every hash from there on;
``first_broken_link`` names the first event that no longer matches.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

GENESIS = "0" * 64  # the "previous hash" of a document's first event


def canonical_time(at: datetime) -> str:
    """A time as hashed: UTC, ISO 8601 with microseconds. A naive time is read as UTC
    (SQLite hands timestamps back without their zone)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def canonical_bytes(kind: str, fields: dict[str, object]) -> bytes:
    """The exact bytes hashed for one event: compact, key-sorted JSON of ``kind`` + fields."""
    payload = {"kind": kind}
    for key, value in fields.items():
        payload[key] = canonical_time(value) if isinstance(value, datetime) else value
    return json.dumps(payload, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def event_hash(kind: str, fields: dict[str, object], previous_hash: str) -> str:
    """The hash of one event, chained to the document's previous event."""
    digest = hashlib.sha256(canonical_bytes(kind, fields))
    digest.update(b"\n" + previous_hash.encode("ascii"))
    return digest.hexdigest()


@dataclass(frozen=True)
class ChainLink:
    """One stored event as the verifier sees it: what was hashed, and the stored hashes."""

    kind: str  # "version" | "bracket_event" | "status_change" | "structure_change" | "revision"
    id: str
    seq: int
    fields: dict[str, object]
    previous_hash: str  # as stored
    hash: str  # as stored


@dataclass(frozen=True)
class BrokenLink:
    kind: str
    id: str
    seq: int
    reason: str

    def describe(self) -> str:
        return f"{self.kind.replace('_', ' ')} {self.id} (event {self.seq}): {self.reason}"


def first_broken_link(links: Iterable[ChainLink], expected_head: str | None = None
                      ) -> BrokenLink | None:
    """Walk one document's events in ``seq`` order and return the first that does not match.

    Checks, in this order for each event: the numbering has no gap (an event was not deleted),
    the stored previous hash is the previous event's hash (nothing was reordered or spliced in),
    and the recomputed hash equals the stored one (no field was changed). ``expected_head`` is the
    document's recorded last hash; a mismatch there means events were cut off the end.
    """
    previous, last = GENESIS, None
    for position, link in enumerate(sorted(links, key=lambda link: link.seq), start=1):
        if link.seq != position:
            return BrokenLink(link.kind, link.id, link.seq,
                              f"event {position} is missing (expected seq {position})")
        if link.previous_hash != previous:
            return BrokenLink(link.kind, link.id, link.seq,
                              "its previous hash is not the hash of the event before it")
        recomputed = event_hash(link.kind, link.fields, previous)
        if recomputed != link.hash:
            return BrokenLink(link.kind, link.id, link.seq,
                              "its stored hash does not match its contents")
        previous, last = link.hash, link
    if expected_head is not None and expected_head != previous:
        seq = last.seq if last else 0
        return BrokenLink("document", "head", seq,
                          "the document's last hash is not the hash of its last event "
                          "(events were removed from the end)")
    return None


def missed_head(links: Iterable[ChainLink], head_hash: str, seq: int | None = None
                ) -> str | None:
    """Why the chain does not reach ``head_hash`` (a head recorded earlier, outside the
    database: ``negotiation checkpoint``), or None when one of its events has that hash (at
    ``seq`` when given). Events after it are fine: the record only grows."""
    ordered = sorted(links, key=lambda link: link.seq)
    if seq is not None:
        at = next((link for link in ordered if link.seq == seq), None)
        if at is None:
            last = ordered[-1].seq if ordered else 0
            return (f"the chain ends at event {last}, before the expected head at event {seq}"
                    " (events were removed)")
        if at.hash != head_hash:
            return (f"event {seq} has hash {at.hash}, not the expected head {head_hash} "
                    "(the chain was rewritten)")
        return None
    if any(link.hash == head_hash for link in ordered):
        return None
    return f"no event has the expected head {head_hash} (the chain was truncated or rewritten)"
