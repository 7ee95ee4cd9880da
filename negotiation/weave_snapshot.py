"""A weave's runs as they stood at one moment, written out later (pure).

A live room seals a version at every burst's end and stores a paragraph's whole weave after
each seal. The whole weave's JSON form and a sealed version's digest cost as much as the
paragraph's attribution is long, and the room's event loop is where every keystroke waits:
at 200 editors over 20 paragraphs, making them there stalled the loop for tens of
milliseconds at each sweep of the bursts (bench/load.py). A snapshot costs a copy of the list
of runs (a run is an immutable tuple); the store's writer makes the JSON and the digest from
it, off the event loop (server/store/types.py, ``resolved``), the same bytes as
``Weave.to_json`` and ``sealed_digest`` of the weave at that moment.

The room stores the weave as it stood right after a seal, so one snapshot serves both the
sealed version's digest and the whole weave; when nothing was pending then (one delegate
typing in the paragraph, the common case), the digest is the hash of that same JSON, made
once.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass

from negotiation.author import Author
from negotiation.authorship import Run, Weave
from negotiation.weave_json import weave_to_json
from negotiation.weave_replay import sealed_digest_of


@dataclass(frozen=True)
class WeaveSnapshot:
    runs: tuple[Run, ...]
    pending: tuple[Author, ...]  # the weave's pending authors in order (none: no run pending)

    @classmethod
    def of(cls, weave: Weave) -> WeaveSnapshot:
        return cls(weave.runs, tuple(weave.pending_authors()))

    def to_json(self) -> str:
        """``Weave.to_json`` of the weave when the snapshot was taken."""
        return self._json

    @functools.cached_property
    def _json(self) -> str:
        return weave_to_json(self.runs, self.pending)

    def sealed_digest(self) -> str:
        """``sealed_digest`` of the weave when the snapshot was taken: with nothing pending,
        the versioned weave is the weave itself, so its JSON is ``to_json``'s."""
        if not self.pending:
            return hashlib.sha256(self._json.encode("utf-8")).hexdigest()
        return sealed_digest_of(self.runs)
