"""Every export format of a document, by name: what the command line and the pages offer.

``export(doc, name, issued=..., draft=False)`` returns an ``Export`` (bytes, media type, file
suffix). The clean formats (``clean``, ``markdown``, ``html``, ``docx``, ``akn``) refuse with
``clean_gate.CleanExportRefused`` while anything is not agreed, unless ``draft``: then the
current text, with its brackets, proposals and notes, is laid out the same way and marked
"DRAFT — not agreed". The bracketed formats (``bracketed``, ``markdown-bracketed``,
``html-bracketed``, ``docx-bracketed``) and ``json`` always work.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from negotiation.clean_gate import ensure_clean
from negotiation.export_html import render_html
from negotiation.jsonio import document_to_json
from negotiation.model import Document
from negotiation.printed import DRAFT_MARK
from negotiation.render import render_bracketed
from negotiation.render_markdown import render_markdown

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Export:
    content: bytes
    media_type: str
    suffix: str  # ".txt", ".docx", ...


@dataclass(frozen=True)
class Format:
    name: str
    clean: bool  # refused while anything is open, unless a draft is asked for
    description: str
    media_type: str
    suffix: str
    render: Callable[[Document, bool, date], bytes]


def _text(doc: Document, draft: bool, issued: date) -> bytes:
    text = render_bracketed(doc)  # with nothing open, the bracketed layout is the clean text
    return ((DRAFT_MARK + "\n\n" if draft else "") + text).encode()


def _markdown(doc: Document, draft: bool, issued: date) -> bytes:
    return ((f"**{DRAFT_MARK}**\n\n" if draft else "") + render_markdown(doc)).encode()


def _docx(doc: Document, *, bracketed: bool, draft: bool = False) -> bytes:
    # python-docx and lxml (about 20 MB of a server's memory) load at the first Word export,
    # not in every process that serves a meeting
    from negotiation.export_docx import render_docx

    return render_docx(doc, bracketed=bracketed, draft=draft)


def _akn(doc: Document, draft: bool, issued: date) -> bytes:
    from negotiation.export_akn import render_akn  # lxml: at the first export, as above

    return render_akn(doc, issued, draft=draft)


def _json(doc: Document, draft: bool, issued: date) -> bytes:
    return (json.dumps(document_to_json(doc), ensure_ascii=False, indent=2) + "\n").encode()


FORMATS: dict[str, Format] = {f.name: f for f in [
    Format("clean", True, "clean text", "text/plain; charset=utf-8", ".txt", _text),
    Format("markdown", True, "Markdown", "text/markdown; charset=utf-8", ".md", _markdown),
    Format("html", True, "printable HTML", "text/html; charset=utf-8", ".html",
           lambda doc, draft, issued: render_html(doc, bracketed=draft, draft=draft).encode()),
    Format("docx", True, "Word", DOCX_TYPE, ".docx",
           lambda doc, draft, issued: _docx(doc, bracketed=draft, draft=draft)),
    Format("akn", True, "Akoma Ntoso XML", "application/akn+xml", ".akn.xml", _akn),
    Format("bracketed", False, "bracketed text", "text/plain; charset=utf-8", ".txt",
           lambda doc, draft, issued: render_bracketed(doc).encode()),
    Format("markdown-bracketed", False, "bracketed Markdown", "text/markdown; charset=utf-8",
           ".md", lambda doc, draft, issued: render_markdown(doc).encode()),
    Format("html-bracketed", False, "bracketed printable HTML", "text/html; charset=utf-8",
           ".html", lambda doc, draft, issued: render_html(doc, bracketed=True).encode()),
    Format("docx-bracketed", False, "bracketed Word", DOCX_TYPE, ".docx",
           lambda doc, draft, issued: _docx(doc, bracketed=True)),
    Format("json", False, "JSON (docs/json.md)", "application/json", ".json", _json),
]}


def export(doc: Document, name: str, *, issued: date, draft: bool = False) -> Export:
    """``doc`` in format ``name`` (a key of FORMATS); see the module docstring."""
    chosen = FORMATS[name]
    if chosen.clean and not draft:
        ensure_clean(doc)
    return Export(chosen.render(doc, chosen.clean and draft, issued), chosen.media_type,
                  chosen.suffix)
