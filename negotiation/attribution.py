"""Attribution notes and status marks: the parenthesised notes written after a paragraph.

An attribution note says which delegations hold the brackets of the paragraph it follows::

    "(Phrase in brackets at the request of the B.R. of Venezuela)"
        -> Attribution(delegations=("Venezuela",), unrecognised=(), scope="phrase")
    "(Text in brackets at the request of the delegations of Canada, Chile and Narnia)"
        -> Attribution(delegations=("Canada", "Chile"), unrecognised=("Narnia",), scope="text")
    "(Texto entre corchetes a solicitud de la delegación de Venezuela)"      Spanish
    "(Phrase entre crochets à la demande des délégations du Canada et du Chili)"  French
    "(Texto entre colchetes a pedido da delegação do Brasil)"               Portuguese

``scope`` is what the note says is bracketed:

* "phrase"    — a phrase, word, term or expression inside the paragraph ("Phrase in brackets",
  "Frase entre corchetes", "Mots entre crochets", "Palavras entre colchetes");
* "text"      — bracketed text in the paragraph, extent unsaid ("Text in brackets", "Texto ...");
* "paragraph" — the whole paragraph ("Paragraph in brackets", "Párrafo entre corchetes") or no
  word at all ("(In brackets at the request of ...)", which OAS drafts write after a paragraph
  that is bracketed whole).

Delegation names are normalised with ``negotiation.delegations.canonical_delegation``; a name
that is no member state is kept as written in ``unrecognised`` so that it can be reported.

A status mark says how far the paragraph has come: "(Agreed ad referendum)", "(Agreed)",
"(Acordado ad referéndum)", "(Aprobado)", "(Approuvé)", "(Aprovado ad referendum)" ...
``parse_status_mark`` gives the ``ParagraphStatus`` (a str: "agreed ad referendum", "agreed").

Both parsers work on a folded copy of the note (lower case, accents removed, same length, see
``delegations.fold``) and cut names out of the note as written, so "Haïti" stays "Haïti".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from negotiation.delegations import canonical_delegation, fold
from negotiation.model import ParagraphStatus

SCOPES = {
    "phrase": ("phrase", "phrases", "word", "words", "term", "terms", "expression", "expressions",
               "frase", "frases", "palabra", "palabras", "termino", "terminos", "expresion",
               "expresiones", "mot", "mots", "terme", "termes", "palavra", "palavras", "termo",
               "termos", "expressao", "expressoes"),
    "text": ("text", "texts", "wording", "language", "texto", "textos", "texte", "textes",
             "redaccion", "libelle"),
    "paragraph": ("paragraph", "paragraphs", "subparagraph", "sub-paragraph", "parrafo",
                  "parrafos", "inciso", "paragraphe", "alinea", "paragrafo", "paragrafos",
                  "whole paragraph", "entire paragraph", "full paragraph", "todo el parrafo",
                  "tout le paragraphe", "todo o paragrafo"),
}
_SCOPE_OF = {word: scope for scope, words in SCOPES.items() for word in words}

_BRACKETED = (r"(?:(?:in|entre)\s+(?:square\s+)?(?:brackets|corchetes|crochets|colchetes)"
              r"|bracketed|placed\s+in\s+brackets|between\s+brackets)")
_REQUESTED = (r"(?:at\s+the\s+request|as\s+requested\s+by|requested\s+by|upon\s+request"
              r"|a\s+solicitud|por\s+solicitud|a\s+peticion|por\s+peticion|a\s+pedido"
              r"|por\s+pedido|a\s+instancia|a\s+la\s+demande|sur\s+(?:la\s+)?demande"
              r"|a\s+solicitacao|por\s+solicitacao|a\s+pedido)")
ATTRIBUTION = re.compile(
    rf"^\s*\(?\s*(?P<scope>[\w-]+(?:\s+[\w-]+)?\s+)?{_BRACKETED}\s*,?\s+{_REQUESTED}\b"
    r"(?P<who>.*?)[\s.;)]*$", re.DOTALL)

# What may stand before a name in the list: prepositions ("of", "de", "du", "da" ...),
# "the delegation(s) of", "la delegación de", "des délégations du", "da delegação da" ...
_LEADING = re.compile(
    r"^(?:(?:of|by|de|del|du|des|da|do|das|dos)(?:\s+|$)|d'|d’"
    r"|(?:(?:the|la|las|los|les|a|as|el)\s+)?(?:delegations?|delegacion|delegaciones"
    r"|delegacao|delegacoes)\b\s*|(?:and|y|e|et|&)\s+)")
_TRAILING = re.compile(r"\s+(?:delegations?)$")
_CONJUNCTION = re.compile(r"\s+(?:and|y|e|et|&)\s+")
_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*")

STATUS_MARK = re.compile(
    r"^\s*\(?\s*(?P<word>agreed|approved|acordado|aprobado|convenido|consensuado|approuve"
    r"|convenu|accepte|aprovado|acordada|aprobada|aprovada)"
    r"(?P<ad>\s+ad[\s-]*ref(?:erendum|\.)?)?[\s.;)]*$")


@dataclass(frozen=True)
class Attribution:
    """Who holds a paragraph's brackets, per the note written after it."""

    delegations: tuple[str, ...]  # canonical names, in the order written, without repeats
    unrecognised: tuple[str, ...]  # names that are no member state, kept as written
    scope: str  # "phrase" | "text" | "paragraph"


def parse_attribution(note: str) -> Attribution | None:
    """The attribution ``note`` states, or None when it is not an attribution note."""
    folded = fold(note)
    match = ATTRIBUTION.match(folded)
    if match is None:
        return None
    scope_words = " ".join((match.group("scope") or "").split())
    scope = _scope(scope_words)
    if scope is None:
        return None
    start, end = match.span("who")
    delegations: list[str] = []
    unrecognised: list[str] = []
    for name in _names(note[start:end], folded[start:end]):
        canonical = canonical_delegation(name)
        if canonical is None:
            unrecognised.append(name)
        elif canonical not in delegations:
            delegations.append(canonical)
    if not delegations and not unrecognised:
        return None
    return Attribution(tuple(delegations), tuple(unrecognised), scope)


def parse_status_mark(note: str) -> ParagraphStatus | None:
    """The status a mark such as "(Agreed ad referendum)" gives its paragraph, or None."""
    match = STATUS_MARK.match(fold(note))
    if match is None:
        return None
    if match.group("ad"):
        return ParagraphStatus.AGREED_AD_REFERENDUM
    return ParagraphStatus.AGREED


def _scope(words: str) -> str | None:
    """"Phrase" -> "phrase"; no word -> "paragraph"; an unknown word -> None (not a note)."""
    if not words:
        return "paragraph"
    if words in _SCOPE_OF:
        return _SCOPE_OF[words]
    last = words.split()[-1]
    return _SCOPE_OF.get(last)


def _names(written: str, folded: str) -> list[str]:
    """Split "the delegations of Canada, Chile and Trinidad and Tobago" into names as written.

    Commas always separate; a conjunction ("and", "y", "e", "et") separates unless the words
    around it form one member state's name ("Trinidad and Tobago"): of all ways to group the
    pieces between conjunctions, the one that recognises most member states wins.
    """
    names: list[str] = []
    position = 0
    for separator in [*_LIST_SEPARATOR.finditer(folded), None]:
        stop = separator.start() if separator else len(folded)
        names.extend(_split_conjunctions(written[position:stop], folded[position:stop]))
        position = separator.end() if separator else stop
    return [name for name in names if name]


def _split_conjunctions(written: str, folded: str) -> list[str]:
    bounds = [0]
    for conjunction in _CONJUNCTION.finditer(folded):
        bounds.extend((conjunction.start(), conjunction.end()))
    bounds.append(len(folded))
    pieces = [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2)]
    # best[i]: (recognised, groups, names) for the first i pieces.
    best: list[tuple[int, int, list[str]]] = [(0, 0, [])]
    for i in range(1, len(pieces) + 1):
        options = []
        for j in range(i):
            name = _clean(written[pieces[j][0]:pieces[i - 1][1]],
                          folded[pieces[j][0]:pieces[i - 1][1]])
            recognised, groups, names = best[j]
            known = canonical_delegation(name) is not None if name else False
            options.append((recognised + known, groups + 1, [*names, name]))
        best.append(max(options, key=lambda option: (option[0], option[1])))
    return best[-1][2]


def _clean(written: str, folded: str) -> str:
    """Strip "of", "the delegation of", "de la delegación de" ... from around one name."""
    start, end = 0, len(folded)
    while True:
        stripped = folded[start:end].lstrip()
        start = end - len(stripped)
        match = _LEADING.match(stripped)
        if match is None or match.end() == 0:
            break
        start += match.end()
    trailing = _TRAILING.search(folded[start:end])
    if trailing:
        end = start + trailing.start()
    return written[start:end].strip(" \t\n.;:()")
