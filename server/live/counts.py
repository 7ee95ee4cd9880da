"""Each client's count of merged edits per paragraph, and the conflicts not yet taken.

What makes a resent edit recognisable is each client's count of merged edits per paragraph
(``applied``). The commit that makes a batch durable stores the counts it changed, with the
texts, so after a crash between commit and ack the new process reads them back when the client
says hello (``restore``) and skips the resent edit instead of merging it twice; the welcome
tells the client its committed count (``durable``) so that it drops those edits from its stack.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Key = tuple[str, str]  # (client id, paragraph id)


class ClientCounts:
    def __init__(self) -> None:
        # (client id, paragraph) -> that client's edits merged into the text: ``applied`` as
        # merged in memory (what a resent edit is checked against), ``durable`` as committed
        # (what a welcome tells the client: only a committed edit may leave its stack)
        self.applied: dict[Key, int] = {}
        self.durable: dict[Key, int] = {}
        self._conflicts: dict[Key, list[dict[str, str]]] = {}  # not yet taken

    def restore(self, client_id: str, stored: Mapping[str, int]) -> None:
        """The counts the store holds for a client who says hello."""
        for paragraph_id, applied in stored.items():
            key = (client_id, paragraph_id)
            # never lower a count: memory may be ahead of the store (a batch not committed yet)
            self.applied[key] = max(self.applied.get(key, applied), applied)
            self.durable[key] = max(self.durable.get(key, applied), applied)

    def committed(self, progress: Iterable[tuple[Key, int]]) -> None:
        """Counts a commit made durable."""
        for key, applied in progress:
            self.durable[key] = max(self.durable.get(key, applied), applied)

    def merged(self, key: Key, applied: int, took_ack: bool,
               conflicts: Iterable[dict[str, str]]) -> list[dict[str, str]]:
        """A merge of the client's edits: its new count, whether it took the last ack (it sent
        from beyond what was merged), and the conflicts its merge reported. Returns the
        conflicts not yet taken, sent again in every ack until the client has taken one."""
        self.applied[key] = applied
        if took_ack:
            self._conflicts.pop(key, None)  # the client took the ack that carried them
        pending = self._conflicts.setdefault(key, [])
        pending.extend(conflicts)
        if not pending:
            del self._conflicts[key]
        return pending

    def welcome_conflicts(self, key: Key) -> list[dict[str, str]] | None:
        """Conflicts for a welcome, when every merged edit is committed: a client whose ack
        was lost drops those edits from its stack by ``n``, and would never see the ack that
        carries them. (When some are not committed yet, the client sends them again and the
        ack of that resend carries the conflicts.)"""
        if self._conflicts.get(key) and self.durable.get(key) == self.applied.get(key):
            return list(self._conflicts[key])
        return None
