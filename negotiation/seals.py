"""Keyed seals (HMAC-SHA256) over what the hash chain alone cannot anchor.

The hash chain (negotiation.chain) shows that no stored event was changed *unless* whoever
changed it also recomputed every later hash and the document's head, which anyone who can write
the database can do. A seal is an HMAC under a key that lives outside the database (the server's
settings): without the key, a rewritten head, a changed working text or a changed client count
cannot be given a seal that verifies. The key is handed in; nothing here reads it.

What is sealed, one purpose each (the purpose is part of the message, so a seal made for one
purpose never verifies for another)::

    head        document id, head seq, head hash           (documents.head_signature)
    checkpoint  document id, seq, hash, time               (a checkpoint kept for the record)
    working     document id, paragraph id, text, author, delegation, time, attribution digest
    progress    document id, client id, paragraph id, applied

A checkpoint is printed for the meeting's record as one line, ``checkpoint_line``::

    plenary-checkpoint v1 7e0c2b1d9f3a4c55 seq=42 head=5b0e... at=2026-05-04T09:00:00...
        sig=...   (one line: head and sig are 64 hexadecimal digits each)
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from negotiation.chain import canonical_time

SEAL_VERSION = "v1"
CHECKPOINT_PREFIX = "plenary-checkpoint"


# what ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))`` makes, without making
# an encoder for every seal (a live room's commits seal thousands of client counts a second)
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _message(purpose: str, fields: list[object]) -> bytes:
    values = [canonical_time(v) if isinstance(v, datetime) else v for v in fields]
    return _ENCODER.encode([SEAL_VERSION, purpose, *values]).encode("utf-8")


@dataclass(frozen=True)
class Sealer:
    """Makes and checks seals with one key (at least 16 bytes)."""

    key: bytes

    def __post_init__(self) -> None:
        if len(self.key) < 16:
            raise ValueError("an integrity key must be at least 16 bytes")

    def __repr__(self) -> str:  # never print the key
        return "Sealer(key=...)"

    def seal(self, purpose: str, fields: list[object]) -> str:
        return hmac.new(self.key, _message(purpose, fields), hashlib.sha256).hexdigest()

    def verifies(self, seal: str | None, purpose: str, fields: list[object]) -> bool:
        return seal is not None and hmac.compare_digest(seal, self.seal(purpose, fields))

    # the purposes, spelled once
    def head(self, document_id: str, seq: int, head_hash: str) -> str:
        return self.seal("head", [document_id, seq, head_hash])

    def checkpoint(self, document_id: str, seq: int, head_hash: str, at: datetime) -> str:
        return self.seal("checkpoint", [document_id, seq, head_hash, at])

    def working(self, document_id: str, paragraph_id: str, text: str, author: str | None,
                delegation: str | None, at: datetime | None, weave: str | None = None) -> str:
        """``weave``: the digest of the paragraph's attribution for this text, when the store
        keeps one (None until then); it is sealed with the words it attributes."""
        return self.seal("working", [document_id, paragraph_id, text, author, delegation, at,
                                     weave])

    def progress(self, document_id: str, client_id: str, paragraph_id: str,
                 applied: int) -> str:
        return self.seal("progress", [document_id, client_id, paragraph_id, applied])


@dataclass(frozen=True)
class Checkpoint:
    """A document's head at one moment, signed: what ``negotiation checkpoint`` prints."""

    document_id: str
    seq: int
    hash: str
    at: datetime
    signature: str | None


def checkpoint_line(checkpoint: Checkpoint) -> str:
    return (f"{CHECKPOINT_PREFIX} {SEAL_VERSION} {checkpoint.document_id} seq={checkpoint.seq} "
            f"head={checkpoint.hash} at={canonical_time(checkpoint.at)} "
            f"sig={checkpoint.signature or 'unsigned'}")


@dataclass(frozen=True)
class ExpectedHead:
    """What ``verify --expect`` is given: a head hash, optionally with its seq and document."""

    hash: str
    seq: int | None = None
    document_id: str | None = None


def parse_expected_head(text: str) -> ExpectedHead:
    """A checkpoint line as printed, ``SEQ:HASH``, or a bare 64-hex-digit hash.

    Raises ValueError naming what is wrong."""
    text = text.strip()
    if text.startswith(CHECKPOINT_PREFIX):
        parts = text.split()
        values = dict(part.split("=", 1) for part in parts[3:] if "=" in part)
        if len(parts) < 5 or "seq" not in values or "head" not in values:
            raise ValueError("a checkpoint line reads 'plenary-checkpoint v1 DOC seq=N head=HASH"
                             " ...'")
        return ExpectedHead(_hash(values["head"]), _seq(values["seq"]), parts[2])
    if ":" in text:
        seq, head = text.split(":", 1)
        return ExpectedHead(_hash(head), _seq(seq))
    return ExpectedHead(_hash(text))


def _hash(text: str) -> str:
    if len(text) != 64 or any(c not in "0123456789abcdef" for c in text):
        raise ValueError(f"a head is 64 lowercase hexadecimal digits, not {text!r}")
    return text


def _seq(text: str) -> int:
    if not text.isdigit():
        raise ValueError(f"a seq is a whole number, not {text!r}")
    return int(text)
