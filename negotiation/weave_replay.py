"""A paragraph's ``Weave`` brought up to date with what was stored after it.

The store keeps each paragraph's weave beside its text (server/store/attribution.py), written
by the live room with every commit. Other writers (an imported revision, a paragraph inserted,
text left unversioned by a crash) append versions without touching it, so a stored weave is
read as "the attribution as of version X": the versions stored after X are replayed onto it
with ``Weave.set_text`` (the words each inserts are its author's), and a working text that is
ahead of every version is shown as pending words of whoever wrote it last::

    weave = replay(stored, later)                  # stored: None -> from every version
    weave = with_working_text(weave, text, author)  # a copy, for reading only
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from negotiation.author import Author
from negotiation.authorship import Run, Weave
from negotiation.edit_ops import op_between
from negotiation.weave_json import weave_to_json
from negotiation.weave_runs import versioned

VersionStep = tuple[str, str, Author]  # (version id, text, author), oldest first


def versioned_only(weave: Weave) -> Weave:
    """``weave`` without its pending changes: pending words dropped, pending deletions
    undone. Its ``text`` is then its ``versioned_text``."""
    return Weave(Run(run.text, run.author, run.version) for run in weave.runs
                 if run.version is not None)


def sealed_digest(weave: Weave) -> str:
    """The digest of ``weave``'s versioned attribution (``versioned_only(weave).digest()``):
    what a version records right after it is sealed. Pending changes never alter it, so a
    weave stored later, before the next version, still gives the same digest."""
    return sealed_digest_of(weave.runs)


def sealed_digest_of(runs: Sequence[Run]) -> str:
    """``sealed_digest`` of the weave of ``runs`` (merged runs of a weave), made without a
    second ``Weave``: the runs need no checking, and without pending changes the versioned
    weave names no pending author. The same bytes as ``versioned_only(weave).digest()``.

    Made for every sealed version, by the store's writer, while the room's event loop waits
    for the interpreter lock: the versioned runs are picked by a C-level scan, and merged
    where a pending insertion or deletion between two of them is left out."""
    merged: list[tuple[list[str], Author, str]] = []
    author: Author | None = None
    version: str | None = None
    for text, typist, in_version, _ in versioned(runs):
        if in_version == version and (typist is author or typist == author):
            merged[-1][0].append(text)
        else:
            merged.append(([text], typist, in_version))
            author, version = typist, in_version
    rows = [("".join(texts), typist, in_version, None) for texts, typist, in_version in merged]
    return hashlib.sha256(weave_to_json(rows, ()).encode("utf-8")).hexdigest()


def replay(stored: Weave | None, later: Iterable[VersionStep]) -> Weave:
    """``stored`` (None: an empty paragraph) with the versions ``later`` set on it in order.

    A stored weave's pending changes belong to the text it was stored with; once another
    writer stored a version after it, they are dropped (the working text is read again with
    ``with_working_text``)."""
    steps = list(later)
    weave = Weave() if stored is None else stored.copy()
    if steps:
        weave = versioned_only(weave)
        for version_id, text, author in steps:
            weave.set_text(text, author, version_id)
    return weave


def with_working_text(weave: Weave, text: str, author: Author) -> Weave:
    """A copy of ``weave`` whose current text is ``text``: what differs is ``author``'s,
    pending (the stored working text is ahead of the weave only after a crash or when
    another writer changed it)."""
    copied = weave.copy()
    if copied.text != text:
        copied.apply(op_between(copied.text, text), author)
    return copied
