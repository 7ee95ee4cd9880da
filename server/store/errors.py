"""Errors the store raises for mistakes a user can act on; each message is one clear line.

Raw database errors never escape the store for such mistakes: callers (the CLI, the pages, the
room) catch ``StoreError`` and show its message.
"""

from __future__ import annotations


class StoreError(Exception):
    """A storage failure with a message fit to show as is."""

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as message and attributes, not as constructor arguments: the errors cross
        from the room's writer processes (server/store_writer.py) and back as they were."""
        return (_rebuilt, (type(self), str(self), dict(self.__dict__)))


def _rebuilt(kind: type[StoreError], message: str, attributes: dict[str, object]
             ) -> StoreError:
    error = kind.__new__(kind)
    Exception.__init__(error, message)
    error.__dict__.update(attributes)
    return error


class DocumentNotFound(StoreError):
    def __init__(self, document_id: str) -> None:
        super().__init__(f"no document {document_id!r} in the database")
        self.document_id = document_id


class ParagraphNotFound(StoreError):
    def __init__(self, document_id: str, paragraph_id: str) -> None:
        super().__init__(f"document {document_id!r} has no paragraph {paragraph_id!r}")
        self.document_id = document_id
        self.paragraph_id = paragraph_id


class RevisionNotFound(StoreError):
    def __init__(self, document_id: str, name: str) -> None:
        super().__init__(f"document {document_id!r} has no revision named {name!r}")


class RevisionExists(StoreError):
    def __init__(self, document_id: str, name: str) -> None:
        super().__init__(f"document {document_id!r} already has a revision named {name!r}; "
                         "revision names are unique within a document")


class InvalidDocument(StoreError):
    """A document the store refuses to keep (no paragraphs, duplicate paragraph ids, ...)."""


class TamperedText(StoreError):
    """Stored text the chain and the integrity key do not vouch for: refused, never versioned
    (docs/integrity.md). ``problems`` names each paragraph and field."""

    def __init__(self, document_id: str, problems: list[str]) -> None:
        super().__init__(f"document {document_id!r} fails verification, refused: "
                         f"{'; '.join(problems)} (run `negotiation verify {document_id}`)")
        self.document_id = document_id
        self.problems = problems


class HeadMoved(StoreError):
    """A fenced write found that someone else wrote the document since its writer claimed it
    (``seen``: the fence the writer held; ``now``: the fence the document has). Nothing of
    the write was written; the writer reloads the document (``Store.claim_document``)."""

    def __init__(self, document_id: str, seen: int, now: int) -> None:
        super().__init__(f"document {document_id!r} was written by someone else (fence {seen} "
                         f"is now {now}); nothing was written: reload it and write again")
        self.document_id = document_id
        self.seen = seen
        self.now = now
