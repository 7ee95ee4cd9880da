"""Who did something: the person and the delegation they spoke for.

An ``Author`` is a value: two authors are the same when all their fields are equal::

    Author("María Pérez", "Venezuela")      a delegate of Venezuela
    Author("Chair")                         no delegation (the chair, the secretariat, an import)

Its JSON form (``as_json``) is an object holding only the fields that are set, with sorted
keys, e.g. ``{"delegation": "Venezuela", "name": "María Pérez"}``. A field added later (a
``user_id``, say) must default to None and is then written only when set, so every JSON form
written before it, and every digest signed over one, stays exactly the same.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class Author:
    """A person and the delegation they spoke for (None: no delegation)."""

    name: str
    delegation: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"an author's name must be a non-empty string; got {self.name!r}")
        if self.delegation is not None and not isinstance(self.delegation, str):
            raise ValueError(f"an author's delegation must be a string or None; "
                             f"got {self.delegation!r}")

    def as_json(self) -> dict[str, str]:
        """The fields that are set, e.g. ``{"delegation": "Belize", "name": "li"}``."""
        return {f.name: getattr(self, f.name) for f in sorted(fields(self), key=_name)
                if getattr(self, f.name) is not None}

    @classmethod
    def from_json(cls, data: Any) -> Author:
        """The author ``as_json`` wrote; ``ValueError`` naming what is wrong otherwise."""
        known = {f.name for f in fields(cls)}
        if not isinstance(data, dict) or not set(data) <= known:
            raise ValueError(f"an author is an object with keys among {sorted(known)}; "
                             f"got {data!r}")
        try:
            return cls(**data)
        except TypeError as error:
            raise ValueError(f"an author needs a name; got {data!r} ({error})") from None

    def __str__(self) -> str:
        return f"{self.name} ({self.delegation})" if self.delegation else self.name


def _name(field: Any) -> str:
    return field.name
