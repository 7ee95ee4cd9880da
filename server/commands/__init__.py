"""Sub-commands of `negotiation`; one module each, listed here in help order."""

from __future__ import annotations

COMMAND_MODULES: list[str] = [
    "import_", "history", "path", "revisions", "lineage", "verify", "checkpoint", "show",
    "brackets", "export", "serve", "users",
]


class CommandError(Exception):
    """A failure the user can act on: printed as one line, exit code non-zero, no traceback."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code
