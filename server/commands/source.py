"""Reading the text file a command is given, with one clear line for each way it can fail."""

from __future__ import annotations

import json
from pathlib import Path

from negotiation.importer import import_text
from negotiation.model import Document
from server.commands import CommandError


def read_bytes(name: str) -> bytes:
    """The file's bytes; ``CommandError`` when it does not exist, is a directory or cannot be
    read."""
    path = Path(name)
    if not path.exists():
        raise CommandError(f"{name}: no such file")
    if path.is_dir():
        raise CommandError(f"{name}: is a directory, not a text file")
    try:
        return path.read_bytes()
    except PermissionError:
        raise CommandError(f"{name}: permission denied") from None
    except OSError as error:
        raise CommandError(f"{name}: cannot be read ({error.strerror or error})") from None


def read_source(name: str) -> str:
    """The file's text, decoded as UTF-8 (a leading byte-order mark is dropped).

    Raises ``CommandError`` naming the file and the rule broken: it does not exist, it is a
    directory, it cannot be read, it is not UTF-8 (with the byte offset, line and column of
    the first bad byte), or it holds nothing but white space.
    """
    data = read_bytes(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(_not_utf8(name, data, error)) from None
    if not text.strip():
        raise CommandError(f"{name}: the file is empty, there is nothing to read")
    return text


def _not_utf8(name: str, data: bytes, error: UnicodeDecodeError) -> str:
    offset = error.start
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return (f"{name}: not UTF-8 text: byte 0x{data[offset]:02x} at byte {offset} "
            f"(line {line}, column {column}); save the file as UTF-8 and try again")


def load_document(name: str) -> Document:
    """Read FILE and import it, never with a traceback: a Word file (.docx, known by its
    content) through ``negotiation.word_import``, any other as UTF-8 text through
    ``negotiation.importer.import_text``."""
    from negotiation.word_import import NotAWordFile, import_docx, is_docx

    data = read_bytes(name)
    if is_docx(data):
        try:
            return import_docx(data, source=name)
        except NotAWordFile as error:
            raise CommandError(f"{name}: {error}") from None
    return import_text(read_source(name), source=name)


def dump_json(value: object) -> str:
    """JSON as the commands print it: UTF-8 characters kept, two-space indentation."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"
