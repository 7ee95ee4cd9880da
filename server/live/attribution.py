"""A live room's attribution: each paragraph's ``Weave``, kept up to date edit by edit, and the
versions it seals when someone's burst of typing ends (docs/attribution.md).

The room calls, all on its event loop, in stream order::

    authors.load(store.document_weaves(id), texts)     opening (and after a structure change)
    authors.merged(pid, before, after, author)         every merged edit that changed the text
    authors.burst_ended(pid, author, still_typing)     a burst ended: seal versions
    edits, versions = authors.take(batch_edits, text_of)   composing a group commit
    authors.restore(edits)                             that commit failed: weaves again
    authors.rebase(stored, claimed, texts, changed)    someone else wrote the document

``take`` hands every paragraph whose weave changed to the commit with the edits made to its
weave since the weave was last stored (negotiation.weave_edits: small, made as the edits
come), and the sealed versions in order; the whole weave (canonical JSON, ``Weave.to_json``,
which costs as much as the weave is long) goes only with the first commit after a version of
that paragraph is sealed, as it stood right after the seal (with the edits made since), or
once ``SNAPSHOT_EDITS`` edits have piled up. Each sealed version
carries the digest of the attribution it seals (``sealed_digest``), which the hash chain
covers. The whole weave and the digest go as snapshots of the weave's runs
(negotiation/weave_snapshot.py), written out by the store's writer, off the event loop.
``Store.record_edits`` writes them in one transaction, so text, versions and attribution are
durable together.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import uuid
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime

from negotiation.author import Author
from negotiation.authorship import Weave
from negotiation.edit_ops import op_between
from negotiation.errors import EditError
from negotiation.weave_edits import SNAPSHOT_EDITS, edits_json, entry_json
from negotiation.weave_snapshot import WeaveSnapshot
from server.store import ParagraphEdit, SealedVersion, StoredWeave

log = logging.getLogger("plenary.attribution")
UNKNOWN = Author("unknown")  # text found ahead of the stored weave (should not happen)


@functools.lru_cache(maxsize=4096)
def author_of(name: str, delegation: str | None) -> Author:
    """The author of a connection's edits (its hello's name and delegation); an ``Author`` is
    a value, so one is made per person and delegation (asked for at every keystroke, and for
    everyone typing in a paragraph at every burst's end)."""
    return Author(name or UNKNOWN.name, delegation or None)


class LiveAttribution:
    """The weaves of one room's paragraphs and the versions sealed but not yet committed."""

    def __init__(self, new_id: Callable[[], str] = lambda: uuid.uuid4().hex) -> None:
        self._new_id = new_id
        self._weaves: dict[str, Weave] = {}
        self._heads: dict[str, str | None] = {}  # the latest version each weave is as of
        self._last: dict[str, Author] = {}  # who changed each paragraph last
        # the edits made to each weave since the weave the store holds (or will hold after
        # the next commit), in stored form; and the paragraphs whose whole weave goes with
        # the next commit (a version was sealed there: a seal is not an edit), as it stood
        # right after that seal (the sealed version's digest is made of the same snapshot),
        # or None: as it is at the commit
        self._edits: dict[str, list[str]] = {}
        self._whole: dict[str, WeaveSnapshot | None] = {}
        self._dirty: set[str] = set()  # weaves changed since the last ``take``
        self._sealed: list[SealedVersion] = []

    def load(self, stored: Mapping[str, StoredWeave], texts: Mapping[str, str]) -> None:
        """Weaves for the paragraphs of ``texts`` (paragraph id -> text) not held yet; the
        ones no longer there are dropped."""
        for gone in set(self._weaves) - set(texts):
            del self._weaves[gone]
            self._heads.pop(gone, None)
            self._edits.pop(gone, None)
            self._whole.pop(gone, None)
        for pid, text in texts.items():
            if pid in self._weaves:
                continue
            self._take_stored(pid, stored.get(pid))
            if self._weaves[pid].text != text:
                log.warning("paragraph %s: the stored attribution does not hold its text; "
                            "the difference is credited to %s", pid, UNKNOWN)
                self._edit(pid, op_between(self._weaves[pid].text, text), UNKNOWN)

    def _take_stored(self, pid: str, entry: StoredWeave | None) -> None:
        """Hold the weave the store gives for ``pid``: edits are counted from it."""
        self._weaves[pid] = entry.weave.copy() if entry is not None else Weave()
        self._heads[pid] = entry.version_id if entry is not None else None
        self._edits[pid] = [entry_json(op, author) for op, author in entry.edits] \
            if entry is not None else []
        self._whole.pop(pid, None)

    def _edit(self, pid: str, op: list, author: Author) -> None:
        """Apply ``op`` to the weave of ``pid`` and keep it for the next commit
        (``EditError``, nothing changed, when it is not made on the weave's text)."""
        self._weaves[pid].apply(op, author)
        self._edits.setdefault(pid, []).append(entry_json(op, author))
        self._dirty.add(pid)

    @property
    def waiting(self) -> bool:
        """Sealed versions or changed weaves wait for the next ``take``."""
        return bool(self._sealed or self._dirty)

    def pending(self, paragraph_id: str) -> bool:
        """Someone's changes of the paragraph wait for their version (a burst's end that
        finds none has nothing to seal: at 200 editors most ends find none)."""
        weave = self._weaves.get(paragraph_id)
        return weave is not None and weave.has_pending

    def weave(self, paragraph_id: str) -> Weave | None:
        return self._weaves.get(paragraph_id)

    def merged(self, paragraph_id: str, before: str, after: str, author: Author, *,
               op: list | None = None) -> None:
        """A merged edit of ``author`` turned ``before`` into ``after``; ``op``: the op exactly
        as the stream applied it (server/live/stream.py, ``MergedEdit``), else the one
        between the two texts."""
        weave = self._weaves.get(paragraph_id)
        if weave is None or before == after:
            return
        try:
            self._edit(paragraph_id, op if op is not None else op_between(before, after),
                       author)
        except EditError:  # never stops an edit: the difference is credited to its author
            log.error("paragraph %s: its attribution had drifted from its text; the "
                      "difference is credited to %s", paragraph_id, author)
            self._edit(paragraph_id, op_between(weave.text, after), author)
        self._last[paragraph_id] = author

    def burst_ended(self, paragraph_id: str, author: Author,
                    still_typing: Collection[Author] = (), at: datetime | None = None) -> int:
        """Seal ``author``'s version of the paragraph, then those of everyone with pending
        changes there who is not typing any more (a deletion of someone's pending words can
        be sealed only after their version). Returns how many versions were sealed."""
        weave = self._weaves.get(paragraph_id)
        if weave is None:
            return 0
        at = at or datetime.now(UTC)
        still_typing = set(still_typing)
        sealed = 0
        while True:
            pending = weave.pending_authors()
            candidates = [a for a in (author, *pending) if a in pending
                          and (a == author or a not in still_typing)]
            candidates = list(dict.fromkeys(candidates))
            progress = False
            for who in candidates:
                version = weave.seal(who, self._new_id())
                if version is not None:
                    snapshot = WeaveSnapshot.of(weave)
                    self._sealed.append(SealedVersion(
                        paragraph_id, version.version_id, version.text, who.name,
                        who.delegation, at, sealed=snapshot))
                    self._heads[paragraph_id] = version.version_id
                    self._whole[paragraph_id] = snapshot
                    self._edits[paragraph_id] = []  # edits are counted from the snapshot
                    self._dirty.add(paragraph_id)
                    sealed += 1
                    progress = True
            if not progress:
                return sealed

    def take(self, edits: Mapping[str, ParagraphEdit], text_of: Callable[[str], str]
             ) -> tuple[dict[str, ParagraphEdit], list[SealedVersion]]:
        """The batch's edits, each with the attribution of its text: the edits made to the
        stored weave since, or the whole weave when a version was sealed there or
        ``SNAPSHOT_EDITS`` edits piled up (a paragraph whose weave changed without a new
        text gets an edit with its current text); and the versions sealed since the last
        ``take``, in order."""
        out = dict(edits)
        for pid in self._dirty | set(out):
            weave = self._weaves.get(pid)
            if weave is None:
                continue
            edit = out.get(pid)
            if edit is None:
                last = self._last.get(pid, UNKNOWN)
                edit = ParagraphEdit(pid, text_of(pid), last.name, last.delegation,
                                     datetime.now(UTC))
            since = self._edits.setdefault(pid, [])
            if pid in self._whole or len(since) >= SNAPSHOT_EDITS:
                snapshot = self._whole.pop(pid, None)
                if snapshot is None:
                    snapshot = WeaveSnapshot.of(weave)
                    since.clear()
                out[pid] = dataclasses.replace(edit, weave=None, weave_snapshot=snapshot,
                                               weave_version=self._heads.get(pid),
                                               weave_edits=edits_json(since) if since
                                               else None)
            else:
                out[pid] = dataclasses.replace(edit, weave=None, weave_version=None,
                                               weave_edits=edits_json(since) if since
                                               else None)
        self._dirty.clear()
        versions, self._sealed = self._sealed, []
        return out, versions

    def restore(self, edits: Mapping[str, ParagraphEdit]) -> None:
        """A commit failed: the attribution of these paragraphs goes again with the next one
        (a whole weave it carried, again whole; the committer keeps its sealed versions,
        first in the next commit)."""
        for pid, edit in edits.items():
            if pid in self._weaves:
                self._dirty.add(pid)
                if edit.weave is not None or edit.weave_snapshot is not None:
                    self._whole.setdefault(pid, None)  # as the weave is then

    def rebase(self, stored: Mapping[str, StoredWeave], claimed: Mapping[str, str],
               texts: Mapping[str, str], changed: Collection[str]) -> None:
        """Someone else wrote the document (a revision from the command line): the weaves of
        the ``changed`` paragraphs are read again from the store (``stored``, as of the
        ``claimed`` texts), the room's own words not committed yet added on top as pending
        words of the paragraph's last writer, and their sealed versions not committed yet
        dropped (they were made on the text the outside write replaced)."""
        for pid in changed:
            entry = stored.get(pid)
            if entry is None or pid not in texts:
                continue
            self._take_stored(pid, entry)
            weave = self._weaves[pid]
            if weave.text != claimed.get(pid, weave.text):
                self._edit(pid, op_between(weave.text, claimed[pid]), UNKNOWN)
            if weave.text != texts[pid]:
                self._edit(pid, op_between(weave.text, texts[pid]),
                           self._last.get(pid, UNKNOWN))
            self._dirty.add(pid)
        self._sealed = [v for v in self._sealed if v.paragraph_id not in changed]
        self.load(stored, texts)
