"""Delegations: the OAS member states, and one canonical name for each however it is written.

Negotiators write the same delegation many ways: "VENEZUELA", "Venezuela", "B.R. of Venezuela",
"Bolivarian Republic of Venezuela", "República Bolivariana de Venezuela". Plenary stores one
canonical name per member state, its English short name ("Venezuela"), and maps every written
form to it with ``canonical_delegation``. A name that is not a member state gives None; the
caller keeps it as written and reports it.

The list lives in ``negotiation/data/oas_member_states.json``, one entry per member state::

    {"name": "Venezuela", "code": "VEN",
     "aliases": {"en": ["Venezuela", "Bolivarian Republic of Venezuela", "B.R. of Venezuela"],
                 "es": ["Venezuela", "República Bolivariana de Venezuela"],
                 "fr": [...], "pt": [...]}}

It is read on first use (``functools.cache``), never at import time.

Matching compares *keys*: a name folded to lower case, without accents, with punctuation and
hyphens turned into spaces, "St."/"Ste." read as "Saint"/"Sainte", articles dropped ("the",
"el", "la", "los", "le", "les", "l'" ...) and runs of single letters joined ("B.R." and "BR"
are both "br")::

    "B.R. of Venezuela"               -> "br of venezuela"
    "ST. KITTS AND NEVIS"             -> "saint kitts and nevis"
    "Commonwealth of The Bahamas"     -> "commonwealth of bahamas"
    "République de l'Équateur"        -> "republique de equateur"
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

DATA_FILE = "oas_member_states.json"

# Articles of English, Spanish, French and Portuguese, dropped anywhere in a name. The
# one-letter Portuguese articles "a" and "o" are dropped only at the start ("o Brasil").
ARTICLES = frozenset({"the", "el", "la", "los", "las", "le", "les", "l", "os", "as"})
LEADING_ARTICLES = frozenset({"a", "o"})
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}
_NON_WORD = re.compile(r"[^0-9a-z]+")
# "delegation of", "delegación de", "délégation du", "delegação do", as keys write them
_DELEGATION_OF = re.compile(r"^(?:delegation|delegacion|delegacao) (?:of|de|del|du|des|d|da|do) ")


@dataclass(frozen=True)
class Delegation:
    """One member state: canonical English short name, ISO 3166-1 alpha-3 code, all aliases."""

    name: str
    code: str
    aliases: tuple[str, ...]


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


@functools.cache
def member_states() -> list[Delegation]:
    """The 35 OAS member states, in alphabetical order of their English short names."""
    raw = resources.files("negotiation.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    states = []
    for entry in json.loads(raw)["member_states"]:
        aliases: list[str] = []
        for names in entry["aliases"].values():
            aliases.extend(n for n in names if n not in aliases)
        states.append(Delegation(entry["name"], entry["code"], tuple(aliases)))
    return states


@functools.cache
def _index() -> dict[str, str]:
    """Key of every name and alias -> canonical name. Fails loudly on a clash.

    ISO codes are left out on purpose: "CAN" or "PER" in running text are words, not names.
    """
    index: dict[str, str] = {}
    for state in member_states():
        for written in (state.name, *state.aliases):
            key = name_key(written)
            if index.setdefault(key, state.name) != state.name:
                raise ValueError(f"delegation alias {written!r} names both "
                                 f"{index[key]!r} and {state.name!r}")
    return index


def canonical_delegation(name: str) -> str | None:
    """The canonical name of the member state ``name`` refers to, or None if it is none.

    A leading "Delegation of" (in any of the four languages) is allowed.

    >>> canonical_delegation("B.R. of Venezuela")
    'Venezuela'
    """
    key = name_key(name)
    found = _index().get(key)
    if found is None:
        found = _index().get(_DELEGATION_OF.sub("", key))
    return found
