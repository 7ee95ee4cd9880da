"""An uploaded draft made a document: a Word file (.docx, known by its content) through
negotiation.word_import, anything else as UTF-8 text through the importer. The secretariat's
upload page (accounts and roles) calls ``document_from_upload``; a file that cannot be read is
an ``UploadRefused`` whose message says why, for the page to show."""

from __future__ import annotations

from negotiation.importer import import_text
from negotiation.model import Document


class UploadRefused(ValueError):
    """The upload is not a Word file nor UTF-8 text, or holds nothing."""


def document_from_upload(data: bytes, filename: str) -> Document:
    # python-docx and lxml (about 20 MB of a server's memory) load at the first upload, not
    # in every process that serves a meeting
    from negotiation.word_import import NotAWordFile, import_docx, is_docx

    if is_docx(data):
        try:
            return import_docx(data, source=filename)
        except NotAWordFile as error:
            raise UploadRefused(f"{filename}: {error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadRefused(f"{filename}: neither a Word (.docx) file nor UTF-8 text (byte "
                            f"0x{data[error.start]:02x} at byte {error.start})") from None
    if not text.strip():
        raise UploadRefused(f"{filename}: the file is empty, there is nothing to read")
    return import_text(text, source=filename)
