"""The client role of differential synchronisation, for one paragraph (pure, no I/O).

The same state machine as static/sync.js (the browser's), written in Python for the
convergence test, the benchmarks and any Python client. Messages are plain dicts in the
shape of docs/protocol.md.

State of a paragraph on the client, with an example::

    text    "The Council agrees now"   what the user sees, with unsent words
    shadow  "The Council agrees"       base + the unacknowledged edit stack
    base    "The Council"              the server text of revision m
    m       7                          -1: base is unknown to the server (send it along)
    n       3                          the number of stack[0]; the next edit is n+len(stack)
    stack   ["=11\t+ agrees"]          deltas, each from the previous shadow
    in_flight                          an edit message awaits its ack (one at a time)

After a (re)connection the welcome says, per paragraph, how many of this client's edits the
server has merged and committed (``on_welcome``'s ``merged``): the client adopts that
numbering, and drops from its stack the edits numbered below it (they are in the server's
text already: sent again they would only be skipped, and after a reload with an old stack
the new edits would be numbered as if merged).

Only one edit message per paragraph is in flight; patches from others that arrive meanwhile
are held and applied after the ack (those the ack already covers are skipped). A patch that
does not start at ``m`` (a frame was lost) makes ``needs_sync`` true: the next
``outgoing()`` asks for a catch-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from negotiation.diffsync import apply_delta, delta_ops, make_delta

Op = tuple[int, int, str]  # (position, deleted, inserted), UTF-16 units


@dataclass
class ClientParagraph:
    id: str
    text: str
    shadow: str = ""
    base: str = ""
    m: int = 0
    n: int = 0
    stack: list[str] = field(default_factory=list)
    in_flight: bool = False
    needs_sync: bool = False
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    held: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def from_snapshot(cls, paragraph_id: str, text: str, revision: int,
                      merged: int = 0) -> ClientParagraph:
        """A paragraph as the welcome (or a structure message) shows it; ``merged``: the
        welcome's ``n``, this client's edits of it the server has merged already."""
        return cls(paragraph_id, text, text, text, revision, merged)

    @property
    def pending(self) -> bool:
        """Local words the server has not acknowledged yet."""
        return bool(self.stack) or self.text != self.shadow

    def outgoing(self) -> dict[str, Any] | None:
        """The edit message to send now, or None (nothing to send, or one in flight)."""
        if self.in_flight:
            return None
        if self.text != self.shadow:
            self.stack.append(make_delta(self.shadow, self.text))
            self.shadow = self.text
        if not self.stack and not self.needs_sync and self.m >= 0:
            return None
        self.in_flight, self.needs_sync = True, False
        message = {"type": "edit", "p": self.id, "m": self.m, "n": self.n,
                   "deltas": list(self.stack)}
        if self.m < 0:
            message["base"] = self.base
        return message

    def on_ack(self, ack: dict[str, Any]) -> list[Op] | None:
        """Take an ack: the shadow becomes revision ``r``; returns the ops applied to the
        user's text (None when the ack is stale and ignored, or deferred).

        When the server's change touches words the user typed since sending, they are not
        merged here: the shadow stays the text the server has merged, ``m`` becomes -1, and
        the next edit carries that text as ``base`` so the server merges the new words."""
        if not self.in_flight or ack["n"] != self.n + len(self.stack) or ack["m"] != self.m:
            return None  # not the answer to the message in flight (a duplicate, a resend)
        self.n, self.stack, self.in_flight = ack["n"], [], False
        self.conflicts.extend(ack.get("conflicts", ()))
        held, self.held = self.held, []
        ops = self._advance(ack["delta"], ack["r"])
        if ops is None:
            self.base, self.m, self.needs_sync = self.shadow, -1, True
            return None
        for patch in held:  # others' edits merged after this one, seen while in flight
            more = self.on_patch(patch)
            if more:
                ops = ops + more
        return ops

    def on_patch(self, patch: dict[str, Any]) -> list[Op] | None:
        """Take one patch of a ``patch`` frame; None when skipped (or held: while an edit
        is in flight, patches wait for its ack, which says where they start to apply)."""
        if patch["to"] <= self.m:
            return None
        if self.in_flight or self.stack:
            self.held.append(patch)
            return None
        if patch["from"] != self.m:
            self.needs_sync = True
            return None
        ops = self._advance(patch["delta"], patch["to"])
        if ops is None:  # touches unsent words: send them; the ack brings the merge
            self.needs_sync = True
        return ops

    def on_error(self, error: dict[str, Any]) -> None:
        """An error answering this paragraph's edit: the stack is kept and sent again."""
        self.in_flight = False
        if error.get("code") == "unknown_revision":
            self.m = -1

    def on_disconnect(self) -> None:
        self.in_flight = False
        self.held = []

    def on_welcome(self, text: str, revision: int, *, same_server: bool,
                   merged: int | None = None,
                   conflicts: list[dict[str, Any]] | None = None) -> None:
        """After (re)connecting. Without local words, adopt the server's text; with them,
        keep them all and resend (with the base text when the server restarted).

        ``merged`` (the welcome's ``n``; None from a server that does not say): how many of
        this client's edits of the paragraph the server has merged and committed. The
        client takes the server's numbering: the edits of its stack numbered below it are
        in the server's text already and leave the stack (the rest is sent on from the text
        they start from, as ``base``); its next edit is numbered ``merged`` at least. The
        words of those edits that could not be merged come with the welcome (``conflicts``,
        taken only then: otherwise the client had them from an ack already). A restarted
        server no longer knows them: then the words of the dropped edits that are not in its
        text are kept as conflicts here (they may have been refused; at worst someone deleted
        them since, and the user is told about words that did arrive)."""
        if not same_server:
            self.m = -1
        if merged is not None:
            if merged > self.n:
                self.conflicts.extend(conflicts or ())
            self._adopt_numbering(merged, None if same_server else text)
        if not self.pending:
            self.text = self.shadow = self.base = text
            self.m = revision
        else:
            self.needs_sync = True

    def _adopt_numbering(self, merged: int, restarted_text: str | None = None) -> None:
        done = min(max(merged - self.n, 0), len(self.stack))
        if done:
            base = self.base
            for delta in self.stack[:done]:
                if restarted_text is not None:
                    self.conflicts.extend(
                        unconfirmed(words) for _, _, words in delta_ops(base, delta)
                        if words and words not in restarted_text)
                base = apply_delta(base, delta)
            # the rest of the stack starts from a text no revision names: send it along
            self.base, self.stack, self.m = base, self.stack[done:], -1
        self.n = merged

    def _advance(self, delta: str, revision: int) -> list[Op] | None:
        new_shadow = apply_delta(self.shadow, delta)
        ops = rebase_ops(self.text, self.shadow, delta_ops(self.shadow, delta))
        if ops is None:
            return None
        self.text = apply_ops(self.text, ops)
        self.shadow = self.base = new_shadow
        self.m = revision
        return ops


def unconfirmed(words: str) -> dict[str, Any]:
    """A conflict, in the ack's shape, for words of an edit merged before the server restarted
    that its text does not hold: the conflicts of that merge (if any) died with the server."""
    return {"text": words, "removed": "", "context": "",
            "message": f'your words "{words}" are not in the text after the server restarted: '
                       "they may not have been applied; please check them"}


# -- moving the server's ops through the user's unsent change (UTF-16 units, as in JS) ------

def _units(text: str) -> bytes:
    return text.encode("utf-16-be", "surrogatepass")


def _text(units: bytes) -> str:
    return units.decode("utf-16-be", "surrogatepass")


def _common_prefix(a: bytes, b: bytes) -> int:
    """Length in bytes of the common prefix of two byte strings: the first differing byte
    is the highest set byte of their XOR read big-endian (all in C, fast on 100 KB)."""
    n = min(len(a), len(b))
    difference = int.from_bytes(a[:n], "big") ^ int.from_bytes(b[:n], "big")
    return n - (difference.bit_length() + 7) // 8


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """Length in bytes of the common suffix, at most ``limit`` (read little-endian)."""
    if limit <= 0:
        return 0
    difference = int.from_bytes(a[len(a) - limit:], "little") ^ int.from_bytes(
        b[len(b) - limit:], "little")
    return limit if not difference else limit - 1 - (difference.bit_length() - 1) // 8


def local_hunk(shadow: str, text: str) -> tuple[int, int, int]:
    """The user's unsent change as one hunk by common prefix and suffix, in UTF-16 units:
    ``(start, shadow_end, text_end)``; never splits a surrogate pair."""
    a, b = _units(shadow), _units(text)
    prefix = _common_prefix(a, b) // 2
    if prefix and 0xD8 <= a[2 * prefix - 2] <= 0xDB:  # do not end inside a pair
        prefix -= 1
    suffix = _common_suffix(a, b, min(len(a), len(b)) - 2 * prefix) // 2
    if suffix and 0xDC <= a[len(a) - 2 * suffix] <= 0xDF:  # do not start inside a pair
        suffix -= 1
    return prefix, len(a) // 2 - suffix, len(b) // 2 - suffix


def rebase_ops(text: str, shadow: str, ops: list[Op]) -> list[Op] | None:
    """The server's ``ops`` (on ``shadow``, ascending) as ops on the user's ``text``, to be
    applied in the order returned (descending positions); None when a server op touches the
    span of the user's unsent change (then the server merges: see ``ClientParagraph``).

    The unsent change is taken as one span by common prefix and suffix, so ops outside it
    only shift; nothing inside it is ever guessed."""
    if text == shadow:
        return list(reversed(ops))
    start, shadow_end, text_end = local_hunk(shadow, text)
    shift = text_end - shadow_end
    result: list[Op] = []
    for position, deleted, inserted in reversed(ops):
        if position + deleted <= start:
            result.append((position, deleted, inserted))
        elif position >= shadow_end:
            result.append((position + shift, deleted, inserted))
        else:
            return None
    return result


def apply_ops(text: str, ops: list[Op]) -> str:
    units = _units(text)
    for position, deleted, inserted in ops:
        units = units[:2 * position] + _units(inserted) + units[2 * (position + deleted):]
    return _text(units)


def new_edit_text(text: str, position: int, deleted: int, inserted: str) -> str:
    """``text`` with one change at a code-point ``position`` (for simulated typists)."""
    return text[:position] + inserted + text[position + deleted:]


__all__ = ["ClientParagraph", "apply_ops", "local_hunk", "make_delta", "rebase_ops"]
