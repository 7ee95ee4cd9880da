"""What a document's state must be, given its hash chain; and every place the stored state differs.

The store keeps *state* rows that are updated in place (the document's title and head, each
paragraph's place, status, deleted flag, latest version and working text, each client's count)
beside the append-only *log*. Pages, the API and the live room serve the state, so the state is
checked against the log, not trusted:

* metadata (symbol, title, organ, note, language, extras) equals the latest revision's, which
  hashes them;
* the layout of every paragraph (section, parent, position, kind, label, intro, status, deleted,
  details) equals the ``layout`` recorded by the latest event that changes layout (a structure
  change, a status change or a revision hashes the whole layout after it: ``layout_json``);
* each paragraph's ``head_version_id`` is its last version in the log;
* its working text equals that version's text, or (text typed since, not yet a version) carries
  a working seal that verifies under the key;
* each client's count carries a seal that verifies under the key;
* each paragraph's stored attribution (its weave) is as of the latest version that records an
  attribution digest (or later), and its versioned part gives the digest its version records
  (``negotiation.weave_replay.sealed_digest``); the edits stored since it are covered by the
  working seal.

Without a key the seals cannot be checked: a working text ahead of its version is then reported
as unverifiable, never taken on trust. Everything here is plain data in, ``Discrepancy`` out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from negotiation.authorship import Weave
from negotiation.chain import ChainLink, canonical_time
from negotiation.errors import WeaveFormatError
from negotiation.seals import Sealer
from negotiation.weave_edits import edits_digest
from negotiation.weave_replay import sealed_digest

META_FIELDS = ("symbol", "title", "organ", "note", "language", "extras")
LAYOUT_FIELDS = ("section", "parent_id", "position", "kind", "label", "intro", "intro_style",
                 "status", "deleted", "details")
LAYOUT_KINDS = ("structure_change", "status_change", "revision",  # events that change layout
                "bracket_event")


@dataclass(frozen=True)
class Discrepancy:
    """One stored value that the chain does not vouch for."""

    paragraph_id: str | None  # None: the document itself
    field: str  # "working_text", "position", "deleted", "title", "head_version_id", ...
    reason: str

    def describe(self) -> str:
        where = f"paragraph {self.paragraph_id}" if self.paragraph_id else "the document"
        return f"{where}, {self.field}: {self.reason}"


def layout_json(rows: Iterable[Mapping[str, Any]]) -> str:
    """The canonical layout of a document's paragraphs (all of them, deleted ones included):
    compact JSON ``{"op1": [section, parent, position, kind, ...], ...}`` in id order."""
    table = {str(row["id"]): [bool(row[f]) if f == "deleted" else row[f] for f in LAYOUT_FIELDS]
             for row in rows}
    return json.dumps(dict(sorted(table.items())), ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class VersionFacts:
    id: str
    text: str
    at: str  # canonical time


@dataclass
class ChainState:
    """The state the log vouches for: read off the links of one verified chain."""

    heads: dict[str, VersionFacts] = field(default_factory=dict)  # paragraph -> last version
    layout: str | None = None  # the latest recorded layout (None: not recorded)
    layout_event: int = 0  # seq of the event that recorded it
    layout_missing_at: int = 0  # seq of a later layout-changing event without one (old data)
    meta: dict[str, object] | None = None  # the latest revision's metadata
    # version id -> (seq, paragraph, attribution digest or None); paragraph -> the id of its
    # latest version that records a digest
    versions: dict[str, tuple[int, str, str | None]] = field(default_factory=dict)
    sealed: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_links(cls, links: Iterable[ChainLink]) -> ChainState:
        state = cls()
        for link in sorted(links, key=lambda item: item.seq):
            fields = link.fields
            if link.kind == "version":
                paragraph = str(fields["paragraph"])
                state.heads[paragraph] = VersionFacts(
                    link.id, str(fields["text"]), _canonical(fields["at"]))  # type: ignore[arg-type]
                digest = fields.get("weave")
                state.versions[link.id] = (link.seq, paragraph,
                                           None if digest is None else str(digest))
                if digest is not None:
                    state.sealed[paragraph] = link.id
            if link.kind in LAYOUT_KINDS:
                if fields.get("layout") is not None:
                    state.layout, state.layout_event = str(fields["layout"]), link.seq
                    state.layout_missing_at = 0
                else:
                    state.layout_missing_at = link.seq
            if link.kind == "revision":
                state.meta = {name: fields[name] for name in META_FIELDS}
        return state


def audit(state: ChainState, document: Mapping[str, Any],
          paragraphs: Sequence[Mapping[str, Any]], progress: Sequence[Mapping[str, Any]] = (),
          sealer: Sealer | None = None, weaves: Sequence[Mapping[str, Any]] = ()
          ) -> list[Discrepancy]:
    """Every stored value of one document that ``state`` (read off its chain) does not vouch
    for, document first, then paragraphs in id order; ``weaves``: the stored attribution
    rows (paragraph_id, version_id, weave)."""
    found: list[Discrepancy] = []
    if state.meta is not None:
        found += [Discrepancy(None, name, f"is {document[name]!r}; the latest revision hashes "
                                          f"{state.meta[name]!r}")
                  for name in META_FIELDS if document[name] != state.meta[name]]
    if state.layout is not None and not state.layout_missing_at:
        found += _layout_differences(state, paragraphs)
    stored_weaves = {str(row["paragraph_id"]): row for row in weaves}
    for row in sorted(paragraphs, key=lambda r: str(r["id"])):
        found += _paragraph_differences(state, document, row, sealer)
        found += _weave_differences(state, str(row["id"]), stored_weaves.get(str(row["id"])))
    if sealer is not None:
        for row in progress:
            if not sealer.verifies(row.get("seal"), "progress", [
                    document["id"], row["client_id"], row["paragraph_id"], row["applied"]]):
                found.append(Discrepancy(
                    str(row["paragraph_id"]), "client count",
                    f"client {row['client_id']}'s count {row['applied']} has no valid seal"))
    return found


def _layout_differences(state: ChainState, paragraphs: Sequence[Mapping[str, Any]]
                        ) -> list[Discrepancy]:
    recorded: dict[str, list[object]] = json.loads(state.layout or "{}")
    current: dict[str, list[object]] = json.loads(layout_json(paragraphs))
    found = []
    for pid in sorted(set(recorded) | set(current)):
        if pid not in current:
            found.append(Discrepancy(pid, "paragraph", "is missing; event "
                                     f"{state.layout_event} records it"))
        elif pid not in recorded:
            found.append(Discrepancy(pid, "paragraph", "is not in the layout recorded by event "
                                     f"{state.layout_event}"))
        else:
            for name, was, now in zip(LAYOUT_FIELDS, recorded[pid], current[pid], strict=True):
                if was != now:
                    found.append(Discrepancy(pid, name, f"is {now!r}; event "
                                             f"{state.layout_event} records {was!r}"))
    return found


def _paragraph_differences(state: ChainState, document: Mapping[str, Any],
                           row: Mapping[str, Any], sealer: Sealer | None) -> list[Discrepancy]:
    pid = str(row["id"])
    head = state.heads.get(pid)
    if head is None:
        return [Discrepancy(pid, "head_version_id", "the paragraph has no version in the log")]
    found = []
    if row["head_version_id"] != head.id:
        found.append(Discrepancy(pid, "head_version_id", f"is {row['head_version_id']!r}; "
                                 f"its last version in the log is {head.id}"))
    text = row["working_text"]
    if text == head.text and row.get("working_ops") is None:
        return found
    what = "differs from its last version" if text != head.text else \
        "carries attribution edits since its last version"
    if sealer is None:
        found.append(Discrepancy(pid, "working_text", f"{what} and no integrity key is "
                                 "configured to check its seal"))
        return found
    at = row["working_at"]
    sealed = sealer.verifies(row.get("working_seal"), "working", [
        document["id"], pid, text, row["working_author"], row["working_delegation"], at,
        edits_digest(row.get("working_ops"))])
    if not sealed:
        found.append(Discrepancy(pid, "working_text", f"{what} and its seal does not "
                                 "verify (changed outside the server)"))
    return found


def _weave_differences(state: ChainState, pid: str, row: Mapping[str, Any] | None
                       ) -> list[Discrepancy]:
    """The stored weave of paragraph ``pid`` against the attribution digests of its versions.
    A weave as of a version that records none (written by an import, or before migration
    0009) is not checked beyond that; nor is one naming no version of the paragraph (the
    store does not read it: it rebuilds the attribution from the versions)."""
    last = state.sealed.get(pid)
    if row is None:
        return [] if last is None else [Discrepancy(
            pid, "attribution", f"no stored weave (paragraph_weaves), but version {last} "
            "records its digest (deleted outside the server)")]
    version = row["version_id"]
    seq, paragraph, digest = state.versions.get(version, (0, "", None))
    if paragraph != pid:
        return [] if last is None else [Discrepancy(
            pid, "attribution", f"the stored weave names {version!r}, no version of this "
            f"paragraph; version {last} records its digest (altered outside the server)")]
    if last is not None and seq < state.versions[last][0]:
        return [Discrepancy(pid, "attribution", f"the stored weave is as of version {version}, "
                            f"older than version {last}, which records its digest (put back "
                            "outside the server)")]
    if digest is None:
        return []
    try:
        stored = sealed_digest(Weave.from_json(row["weave"]))
    except WeaveFormatError as error:
        return [Discrepancy(pid, "attribution", f"the stored weave cannot be read ({error}); "
                            f"version {version} records its digest")]
    if stored != digest:
        return [Discrepancy(pid, "attribution", "the stored weave (paragraph_weaves) does not "
                            f"give the digest version {version} records: who wrote which words "
                            "was altered outside the server")]
    return []


def _canonical(at: datetime | str) -> str:
    return at if isinstance(at, str) else canonical_time(at)
