"""The JSON form of a Document (issue 2's contract) and its exact inverse.

Contract keys (never renamed) and the keys this module adds::

    {"symbol", "title", "organ", "note": str | null,
     "preamble": [Paragraph], "operative": [Paragraph],
     "footnotes": [str],                 the notes' texts, in order
     "artifacts": [str],                 the set-aside texts, in order
     "diagnostics": [{"message", "line", "column",
                      + "paragraph": reference | null, "severity": "warning" | "error"}],
     + "language": "en",
     + "articles": [Paragraph],          treaty style: kind "article", children = paragraphs
     + "footnote_marks": [{"mark": "1", "text", "paragraph_id": id | null}]
                                         one per footnote; null ties it to the title
     + "artifact_details": [{"text", "line", "reason"}]   one per artefact
     UN texts (issue 12), written only when they hold something:
     + "label": "80/4" | "Annex II",     the number before the title, an annex's name
     + "sponsors": [str],                canonical delegations of the sponsor line
     + "headings": [{"text", "label", "kind", "level", "line", "paragraph_id"}]
     + "annexes": [Document],            each annex a document of its own
     + "decisions": [Document]}          several decisions in one file

    Paragraph = {"id", "label": "1" | "1 bis" | "a" | null, "intro": str | null,
                 "text", "children": [Paragraph], "proposed_by": str | null,
                 "proposals": [{"delegation", "text"}],
                 "brackets": [{"options": [str], "requested_by": [str],
                               + "kind", + "depth"}],
                 "status": "open" | "agreed ad referendum" | "agreed" | "adopted",
                 + "kind", + "intro_style", + "requested_by", + "attribution",
                 + "footnote_marks", + "line"}

"brackets" is derived (``brackets.paragraph_brackets``) and ignored when reading back; every
other key maps one-to-one to a model field, so ``document_from_json(document_to_json(d)) == d``.
Issue 12's keys are left out while empty so that a document without them (every OAS text)
keeps its JSON exactly; a reader takes a missing key as empty.
"""

from __future__ import annotations

from typing import Any

from negotiation.brackets import link_refs_of, paragraph_brackets
from negotiation.model import (
    Artifact,
    Diagnostic,
    Document,
    Footnote,
    Heading,
    Paragraph,
    ParagraphKind,
    ParagraphStatus,
    Proposal,
)


def document_to_json(doc: Document) -> dict[str, Any]:
    link_refs = link_refs_of(doc)
    data = {
        "symbol": doc.symbol,
        "title": doc.title,
        "organ": doc.organ,
        "note": doc.note,
        "language": doc.language,
        "preamble": [_paragraph(p, link_refs) for p in doc.preamble],
        "operative": [_paragraph(p, link_refs) for p in doc.operative],
        "articles": [_paragraph(p, link_refs) for p in doc.articles],
        "footnotes": [f.text for f in doc.footnotes],
        "footnote_marks": [{"mark": f.mark, "text": f.text, "paragraph_id": f.paragraph_id}
                           for f in doc.footnotes],
        "artifacts": [a.text for a in doc.artifacts],
        "artifact_details": [{"text": a.text, "line": a.line, "reason": a.reason}
                             for a in doc.artifacts],
        "diagnostics": [{"message": d.message, "line": d.line, "column": d.column,
                         "paragraph": d.paragraph, "severity": d.severity}
                        for d in doc.diagnostics],
    }
    if doc.label is not None:
        data["label"] = doc.label
    if doc.sponsors:
        data["sponsors"] = list(doc.sponsors)
    if doc.headings:
        data["headings"] = [{"text": h.text, "label": h.label, "kind": h.kind,
                             "level": h.level, "line": h.line, "paragraph_id": h.paragraph_id}
                            for h in doc.headings]
    if doc.annexes:
        data["annexes"] = [document_to_json(annex) for annex in doc.annexes]
    if doc.decisions:
        data["decisions"] = [document_to_json(decision) for decision in doc.decisions]
    return data


def _paragraph(paragraph: Paragraph, link_refs: frozenset[str]) -> dict[str, Any]:
    return {
        "id": paragraph.id,
        "kind": paragraph.kind.value,
        "label": paragraph.label,
        "intro": paragraph.intro,
        "intro_style": paragraph.intro_style,
        "text": paragraph.text,
        "children": [_paragraph(child, link_refs) for child in paragraph.children],
        "proposed_by": paragraph.proposed_by,
        "proposals": [{"delegation": p.delegation, "text": p.text}
                      for p in paragraph.proposals],
        "brackets": [b.as_dict() for b in paragraph_brackets(paragraph, link_refs)],
        "requested_by": list(paragraph.requested_by),
        "attribution": paragraph.attribution,
        "status": paragraph.status.value,
        "footnote_marks": list(paragraph.footnote_marks),
        "line": paragraph.line,
    }


def document_from_json(data: dict[str, Any]) -> Document:
    """The Document ``data`` describes. Keys not in the contract may be missing."""
    marks = data.get("footnote_marks")
    if marks is None:
        footnotes = [Footnote(mark=str(n), text=t) for n, t in
                     enumerate(data.get("footnotes", []), start=1)]
    else:
        footnotes = [Footnote(m["mark"], m["text"], m.get("paragraph_id")) for m in marks]
    details = data.get("artifact_details")
    if details is None:
        artifacts = [Artifact(text=t, line=0, reason="") for t in data.get("artifacts", [])]
    else:
        artifacts = [Artifact(a["text"], a["line"], a["reason"]) for a in details]
    return Document(
        symbol=data.get("symbol"),
        title=data.get("title"),
        organ=data.get("organ"),
        note=data.get("note"),
        language=data.get("language", "en"),
        preamble=[_paragraph_from(p, ParagraphKind.PREAMBULAR)
                  for p in data.get("preamble", [])],
        operative=[_paragraph_from(p, ParagraphKind.OPERATIVE)
                   for p in data.get("operative", [])],
        articles=[_paragraph_from(p, ParagraphKind.ARTICLE) for p in data.get("articles", [])],
        footnotes=footnotes,
        artifacts=artifacts,
        diagnostics=[Diagnostic(d["message"], d["line"], d["column"], d.get("paragraph"),
                                d.get("severity", "warning"))
                     for d in data.get("diagnostics", [])],
        label=data.get("label"),
        sponsors=list(data.get("sponsors", [])),
        headings=[Heading(h["text"], h.get("label"), h.get("kind", "section"),
                          h.get("level", 1), h.get("line", 0), h.get("paragraph_id"))
                  for h in data.get("headings", [])],
        annexes=[document_from_json(annex) for annex in data.get("annexes", [])],
        decisions=[document_from_json(decision) for decision in data.get("decisions", [])],
    )


def _paragraph_from(data: dict[str, Any], default_kind: ParagraphKind) -> Paragraph:
    kind = ParagraphKind(data.get("kind", default_kind.value))
    child_kind = (ParagraphKind.OPERATIVE if kind is ParagraphKind.ARTICLE
                  else ParagraphKind.OPTION if kind is ParagraphKind.OPTIONS
                  else ParagraphKind.SUBPARAGRAPH)
    return Paragraph(
        id=data["id"],
        kind=kind,
        text=data.get("text", ""),
        label=data.get("label"),
        intro=data.get("intro"),
        intro_style=data.get("intro_style"),
        children=[_paragraph_from(c, child_kind) for c in data.get("children", [])],
        proposed_by=data.get("proposed_by"),
        proposals=[Proposal(p["delegation"], p["text"]) for p in data.get("proposals", [])],
        requested_by=list(data.get("requested_by", [])),
        attribution=data.get("attribution"),
        status=ParagraphStatus(data.get("status", ParagraphStatus.OPEN.value)),
        footnote_marks=list(data.get("footnote_marks", [])),
        line=data.get("line"),
    )
