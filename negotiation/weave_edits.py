"""The edits made to a paragraph's weave since it was last stored, in their stored form.

The live room stores a paragraph's whole weave (``Weave.to_json``) only when it seals a
version there, or after ``SNAPSHOT_EDITS`` edits; with every group commit it stores instead
the edits applied to the weave since then, each with its author, so that the weave read back
is exactly the room's (docs/attribution.md). One entry is ``[author, op]``, ``author`` as
``Author.as_json`` and ``op`` as ``Weave.apply`` takes it; the whole is a JSON list::

    [[{"delegation":"Belize","name":"li"},[12,"and ",30]],[{"name":"ana"},[3,-4,35]]]

``entry_json`` makes one entry (the room keeps them, so a commit only joins strings),
``edits_json`` the list, ``read_edits`` reads it back and ``apply_edits`` plays it onto a weave.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence

from negotiation.author import Author
from negotiation.authorship import Weave
from negotiation.errors import EditError, WeaveFormatError
from negotiation.weave_runs import Component

SNAPSHOT_EDITS = 256  # edits after which the room stores the whole weave again
Edit = tuple[Sequence[Component], Author]  # (op, who made it)


def entry_json(op: Sequence[Component], author: Author) -> str:
    """One stored entry: ``[author, op]`` as compact JSON."""
    return json.dumps([author.as_json(), list(op)], ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))


def edits_json(entries: Iterable[str]) -> str:
    """The stored list of entries made by ``entry_json``."""
    return "[" + ",".join(entries) + "]"


def edits_digest(data: str | None) -> str | None:
    """sha256 (hex) of a stored list (None for none): what the working seal covers of it."""
    return None if data is None else hashlib.sha256(data.encode("utf-8")).hexdigest()


def read_edits(data: str) -> list[Edit]:
    """The edits of a stored list; ``WeaveFormatError`` naming what is wrong."""
    try:
        entries = json.loads(data)
    except (TypeError, ValueError) as error:
        raise WeaveFormatError(f"stored weave edits are not JSON: {error}") from None
    if not isinstance(entries, list):
        raise WeaveFormatError("stored weave edits are a list of [author, op]")
    edits: list[Edit] = []
    for position, entry in enumerate(entries):
        if not (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list)):
            raise WeaveFormatError(f"stored weave edit {position} is [author, op]; got "
                                   f"{str(entry)[:80]!r}")
        try:
            author = Author.from_json(entry[0])
        except (TypeError, ValueError) as error:
            raise WeaveFormatError(f"stored weave edit {position}: {error}") from None
        edits.append((entry[1], author))
    return edits


def apply_edits(weave: Weave, edits: Iterable[Edit]) -> Weave | None:
    """A copy of ``weave`` with ``edits`` applied in order, or None when one does not apply
    (they were made on another text)."""
    copied = weave.copy()
    try:
        for op, author in edits:
            copied.apply(op, author)
    except EditError:
        return None
    return copied
