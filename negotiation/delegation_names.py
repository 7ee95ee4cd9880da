"""How delegation names are compared: one key per name, however it is written.

Negotiators write the same delegation many ways: "VENEZUELA", "B.R. of Venezuela",
"Venezuela (Bolivarian Republic of)", "República Bolivariana de Venezuela", "G-77", "G77".
Registries (``negotiation.registries``) index every name and alias of a delegation by its *key*:
the name folded to lower case, without accents, with punctuation and hyphens turned into spaces,
"St."/"Ste." read as "Saint"/"Sainte", articles dropped ("the", "el", "la", "los", "le", "les",
"l'" ...) and runs of single letters joined ("B.R." and "BR" are both "br")::

    "B.R. of Venezuela"               -> "br of venezuela"
    "ST. KITTS AND NEVIS"             -> "saint kitts and nevis"
    "Commonwealth of The Bahamas"     -> "commonwealth of bahamas"
    "République de l'Équateur"        -> "republique de equateur"
    "G-77"                            -> "g 77"
"""

from __future__ import annotations

import re
import unicodedata

# Articles of English, Spanish, French and Portuguese, dropped anywhere in a name. The
# one-letter Portuguese articles "a" and "o" are dropped only at the start ("o Brasil").
ARTICLES = frozenset({"the", "el", "la", "los", "las", "le", "les", "l", "os", "as"})
LEADING_ARTICLES = frozenset({"a", "o"})
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}
_NON_WORD = re.compile(r"[^0-9a-z]+")
# "delegation of", "delegación de", "délégation du", "delegação do", as keys write them
DELEGATION_OF = re.compile(r"^(?:delegation|delegacion|delegacao) (?:of|de|del|du|des|d|da|do) ")


def fold(text: str) -> str:
    """Lower case without accents, one character for one character where Latin letters go.

    "Haïti" -> "haiti", "ÉTATS-UNIS" -> "etats-unis". Used by ``name_key`` and by the
    attribution parser, which relies on the length being kept for accented Latin letters.
    """
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append((base or char).lower() if len(base) == 1 else char.lower())
    return "".join(out)


def name_key(name: str) -> str:
    """The comparison key of a delegation name (see the module docstring for examples)."""
    tokens = _NON_WORD.sub(" ", fold(name)).split()
    if tokens and tokens[0] in LEADING_ARTICLES and len(tokens) > 1:
        tokens = tokens[1:]
    tokens = [ABBREVIATIONS.get(t, t) for t in tokens if t not in ARTICLES]
    joined: list[str] = []
    run = ""
    for token in tokens:
        if len(token) == 1 and token.isalpha():
            run += token
            continue
        if run:
            joined.append(run)
            run = ""
        joined.append(token)
    if run:
        joined.append(run)
    return " ".join(joined)
