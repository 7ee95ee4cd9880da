"""Akoma Ntoso 3.0 (OASIS LegalDocML) of a resolution, following AKN4UN: a ``statement`` named
``resolution`` with its ``meta`` (FRBR identification), a ``preface`` (symbol, title, status),
a ``preamble`` (the organ as formula, then each preambular paragraph as a container) and a
``mainBody`` (the resolving formula as a container, then the operative paragraphs as
``paragraph`` elements with their sub-paragraphs as ``point``s). Footnotes are
``authorialNote``s where they are marked. Each paragraph's ``eId`` is derived from its stable id
("para_p-3f2a9c1d", "para_p-3f2a9c1d__point_p-77e0a1b2"), so it survives renumbering and revisions.

``render_akn(doc, issued, draft=False) -> bytes`` (UTF-8 XML). tests/test_export_akn.py
validates the output against the official schema.
"""

from __future__ import annotations

import re
from datetime import date

from lxml import etree

from negotiation.model import Document, Footnote, Paragraph, ParagraphKind
from negotiation.printed import DRAFT_MARK, RESOLVES_WORDS
from negotiation.references import walk_with_references

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
LANGUAGES = {"en": "eng", "es": "spa", "fr": "fra", "pt": "por"}
ID_PREFIX = {"paragraph": "para", "point": "point"}  # AKN naming convention abbreviations
_NOT_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def _e(tag: str, parent: etree._Element | None = None, text: str | None = None,
       **attributes: str) -> etree._Element:
    element = (etree.SubElement(parent, f"{{{AKN_NS}}}{tag}") if parent is not None
               else etree.Element(f"{{{AKN_NS}}}{tag}", nsmap={None: AKN_NS}))
    for key, value in attributes.items():
        element.set(key, value)
    if text is not None:
        element.text = text
    return element


def element_id(paragraph_id: str) -> str:
    """The stable id as an eId component: letters, digits, "_", "-" and "." kept."""
    return _NOT_NAME.sub("_", paragraph_id)


def render_akn(doc: Document, issued: date, *, draft: bool = False) -> bytes:
    root = _e("akomaNtoso")
    statement = _e("statement", root, name="resolution")
    _meta(statement, doc, issued)
    preface = _e("preface", statement)
    if draft:
        _e("p", preface, DRAFT_MARK, **{"class": "draftMark"})
    for cls, tag, text in (("symbol", "docNumber", doc.symbol), ("title", "docTitle", doc.title),
                           ("status", "docStatus", doc.note)):
        if text:
            element = _e(tag, _e("p", preface, **{"class": cls}), " ".join(text.split()))
            if tag == "docTitle":  # the title's own footnotes (a reservation on the title)
                for footnote in doc.footnotes:
                    if footnote.paragraph_id is None:
                        _note(element, footnote)
    if len(preface) == 0:
        statement.remove(preface)
    notes = {f.mark: f for f in doc.footnotes}
    if doc.organ or doc.preamble:
        preamble = _e("preamble", statement)
        if doc.organ:
            _e("p", _e("formula", preamble, name="enactingFormula"), doc.organ)
        for paragraph in doc.preamble:
            container = _e("container", preamble, name="preambularParagraph",
                           eId=f"pp_{element_id(paragraph.id)}")
            _words(_e("p", container), paragraph, notes)
    body = _e("mainBody", statement)
    if doc.operative:
        _e("p", _e("container", body, name="resolvingFormula"),
           RESOLVES_WORDS.get(doc.language, RESOLVES_WORDS["en"]))
    for paragraph in doc.operative:
        _paragraph(body, paragraph, "paragraph", None, notes)
    for article in doc.articles:
        element = _e("article", body, eId=f"art_{element_id(article.id)}")
        _e("num", element, f"Article {article.label}" if article.label else "")
        if article.text:
            _e("heading", element, article.text)
        if not article.children:
            _e("p", _e("content", element))
        for child in article.children:
            _paragraph(element, child, "paragraph", element.get("eId"), notes)
    if len(body) == 0:
        _e("p", body)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _paragraph(parent: etree._Element, paragraph: Paragraph, tag: str, parent_id: str | None,
               notes: dict[str, Footnote]) -> None:
    own = f"{ID_PREFIX[tag]}_{element_id(paragraph.id)}"
    eid = f"{parent_id}__{own}" if parent_id else own
    element = _e(tag, parent, eId=eid)
    if paragraph.label:
        label = paragraph.label
        _e("num", element, label if "." in label or paragraph.kind is ParagraphKind.OPTION
           else f"{label}.")
    if paragraph.children:
        if paragraph.text or paragraph.proposed_by:
            _words(_e("p", _e("intro", element)), paragraph, notes)
        for child in paragraph.children:
            _paragraph(element, child, "point", eid, notes)
    else:
        _words(_e("p", _e("content", element)), paragraph, notes)


def _words(p: etree._Element, paragraph: Paragraph, notes: dict[str, Footnote]) -> None:
    text = paragraph.text
    if paragraph.intro and paragraph.intro_style == "inline" and text.startswith(paragraph.intro):
        _e("i", p, paragraph.intro).tail = text[len(paragraph.intro):]
    else:
        p.text = text
    for mark in paragraph.footnote_marks:
        footnote = notes.get(mark)
        if footnote is not None:
            _note(p, footnote)


def _note(parent: etree._Element, footnote: Footnote) -> None:
    note = _e("authorialNote", parent, marker=footnote.mark, placement="bottom",
              eId=f"fn_{element_id(footnote.mark)}")
    _e("p", note, footnote.text)


def _meta(statement: etree._Element, doc: Document, issued: date) -> None:
    meta = _e("meta", statement)
    identification = _e("identification", meta, source="#plenary")
    name = element_id(doc.symbol or _first_id(doc) or "resolution").lower()
    work = f"/akn/un/statement/resolution/{issued.isoformat()}/{name}"
    language = LANGUAGES.get(doc.language, "eng")
    expression = f"{work}/{language}@{issued.isoformat()}"
    for level, uri in (("FRBRWork", work), ("FRBRExpression", expression),
                       ("FRBRManifestation", f"{expression}.akn")):
        frbr = _e(level, identification)
        _e("FRBRthis", frbr, value=f"{uri}/!main" if level == "FRBRWork" else uri)
        _e("FRBRuri", frbr, value=uri)
        _e("FRBRdate", frbr, date=issued.isoformat(), name="issued")
        _e("FRBRauthor", frbr, href="#plenary")
        if level == "FRBRWork":
            _e("FRBRcountry", frbr, value="un")
        if level == "FRBRExpression":
            _e("FRBRlanguage", frbr, language=language)
    references = _e("references", meta, source="#plenary")
    _e("TLCOrganization", references, eId="plenary", href="/ontology/organization/plenary",
       showAs=" ".join((doc.organ or "Plenary").split()).rstrip(","))


def _first_id(doc: Document) -> str | None:
    return next((paragraph.id for _, paragraph in walk_with_references(doc)), None)
