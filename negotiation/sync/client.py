"""The client side of a paragraph's synchronisation (pure, no I/O).

The same state machine as static/sync.js (the browser's), in Python, for the convergence
tests, the benchmarks and any Python client. Messages are plain dicts in the shape of
docs/protocol.md.

State of a paragraph on the client, with an example::

    text    "The Council agrees now"   what the user sees, with unsent words
    shadow  "The Council agrees"       base + the unacknowledged edit stack
    base    "The Council"              the server text of revision m
    m       7                          -1: base is unknown to the server (send it along)
    n       3                          the number of stack[0]; the next edit is n+len(stack)
    stack   ["=11\\t+ agrees"]         minimal deltas, each on the previous shadow
    in_flight                          an edit message awaits its ack (one at a time)

Only one edit message per paragraph is in flight; patches from others that arrive meanwhile
are held and applied after the ack. A server change (an ack's or a patch's delta, on the
shadow) reaches the user's text through the user's unsent change exactly: both are ops on the
shadow, and ``ops.transform`` gives the server's change as it applies to the text (the
server's words first where both typed at one place: the unsent words will reach the server
after them). So the text always equals the shadow plus the unsent change (``local``, composed
from each change as the user made it), and the next edit is that change written as a delta.

A patch that does not start at ``m`` (a frame was lost) makes ``needs_sync`` true: the next
``outgoing()`` asks for a catch-up.
"""

from __future__ import annotations

from typing import Any

from negotiation.sync import delta as codec
from negotiation.sync import ops
from negotiation.sync.ops import Op


class ClientParagraph:
    """One paragraph's state on the client (see the module docstring).

    ``text`` is what the user sees; assigning it is the user's editing: each assignment's
    change (its minimal op from the previous text) is composed into ``local``, the unsent
    change as an op on the shadow. Tracking each change as it happens keeps the user's intent
    (one diff of a long unsent change could pair characters of different words)."""

    def __init__(self, id: str, text: str, shadow: str | None = None, base: str | None = None,
                 m: int = 0, n: int = 0) -> None:
        self.id = id
        self._text = text
        self.shadow = text if shadow is None else shadow
        self.base = self.shadow if base is None else base
        self.m, self.n = m, n
        self.local: Op = ops.between(self.shadow, text)  # the unsent change, on the shadow
        self.stack: list[str] = []
        self.in_flight = False
        self.needs_sync = False
        self.conflicts: list[dict[str, Any]] = []
        self.held: list[dict[str, Any]] = []

    @property
    def text(self) -> str:
        return self._text

    @text.setter
    def text(self, new_text: str) -> None:
        if new_text != self._text:
            self.local = ops.compose(self.local or _keep(self.shadow),
                                     ops.between(self._text, new_text))
            self._text = new_text

    def _reset(self, text: str, revision: int) -> None:
        """Take the server's ``text`` of ``revision`` as it is (nothing unsent)."""
        self._text = self.shadow = self.base = text
        self.local, self.m = [], revision

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
            self.stack.append(codec.from_op(self.shadow, self.local))
            self.shadow, self.local = self.text, []
        if not self.stack and not self.needs_sync and self.m >= 0:
            return None
        self.in_flight, self.needs_sync = True, False
        message = {"type": "edit", "p": self.id, "m": self.m, "n": self.n,
                   "deltas": list(self.stack)}
        if self.m < 0:
            message["base"] = self.base
        return message

    def on_ack(self, ack: dict[str, Any]) -> Op | None:
        """Take an ack: the shadow becomes revision ``r``; returns the op applied to the
        user's text (None when the ack is stale and ignored)."""
        if not self.in_flight or ack["n"] != self.n + len(self.stack) or ack["m"] != self.m:
            return None  # not the answer to the message in flight (a duplicate, a resend)
        self.n, self.stack, self.in_flight = ack["n"], [], False
        self.conflicts.extend(ack.get("conflicts", ()))
        held, self.held = self.held, []
        change = self._advance(ack["delta"], ack["r"])
        for patch in held:  # others' edits merged after this one, seen while in flight
            more = self.on_patch(patch)
            if more:
                change = ops.compose(change, more)
        return change

    def on_patch(self, patch: dict[str, Any]) -> Op | None:
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
        return self._advance(patch["delta"], patch["to"])

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
        keep them all and resend.

        To the same server (same epoch), the stack is sent again as it was, with its ``m``
        and numbers: the server recognises the edits it merged already (its stream knows
        them) and transforms the rest exactly. To a restarted server (or one whose count
        ``merged`` is below this client's: it lost its database), the client takes the
        server's numbering: the edits of its stack numbered below ``merged`` are in the
        server's text already and leave the stack; the rest is sent from the text they
        start from, as ``base`` (the recovery path). The words of dropped edits that the
        restarted server's text lacks are kept as conflicts (their conflicts died with the
        server)."""
        if merged is not None and merged > self.n:
            self.conflicts.extend(conflicts or ())
        if not same_server:
            self.m = -1
            if merged is not None:
                self._adopt_numbering(merged, text)
        elif merged is not None and (merged < self.n or merged > self.n + len(self.stack)):
            self._adopt_numbering(merged)
        if not self.pending:
            self._reset(text, revision)
        else:
            self.needs_sync = True

    def _adopt_numbering(self, merged: int, restarted_text: str | None = None) -> None:
        done = min(max(merged - self.n, 0), len(self.stack))
        if done:
            base = self.base
            for delta in self.stack[:done]:
                op = codec.to_op(base, delta)
                if restarted_text is not None:
                    self.conflicts.extend(unconfirmed(words) for words in op
                                          if isinstance(words, str)
                                          and words not in restarted_text)
                base = ops.apply(base, op)
            # the rest of the stack starts from a text no revision names: send it along
            self.base, self.stack, self.m = base, self.stack[done:], -1
        self.n = merged

    def _advance(self, delta: str, revision: int) -> Op:
        server = codec.to_op(self.shadow, delta)
        if self.text == self.shadow:
            change, local = server, []
        else:
            change, local = ops.transform(server, self.local or _keep(self.shadow))
        self._text = ops.apply(self._text, change)
        self.shadow = self.base = ops.apply(self.shadow, server)
        self.local, self.m = ops.normalize(local), revision
        return change


def _keep(text: str) -> Op:
    return [len(text)] if text else []


def unconfirmed(words: str) -> dict[str, Any]:
    """A conflict, in the ack's shape, for words of an edit merged before the server restarted
    that its text does not hold: the conflicts of that merge (if any) died with the server."""
    return {"text": words, "removed": "", "context": "",
            "message": f'your words "{words}" are not in the text after the server restarted: '
                       "they may not have been applied; please check them"}


def new_edit_text(text: str, position: int, deleted: int, inserted: str) -> str:
    """``text`` with one change at a code-point ``position`` (for simulated typists)."""
    return text[:position] + inserted + text[position + deleted:]


__all__ = ["ClientParagraph", "new_edit_text", "unconfirmed"]
