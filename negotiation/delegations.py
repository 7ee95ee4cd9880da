"""Delegations of the OAS: the member states, and one canonical name for each however written.

Negotiators write the same delegation many ways: "VENEZUELA", "Venezuela", "B.R. of Venezuela",
"Bolivarian Republic of Venezuela", "República Bolivariana de Venezuela". Plenary stores one
canonical name per member state, its English short name ("Venezuela"), and maps every written
form to it with ``canonical_delegation``. A name that is not a member state gives None; the
caller keeps it as written and reports it.

The member states are the registry ``negotiation.registries.oas_member_states()``, read from
``negotiation/data/oas_member_states.json``, one entry per member state::

    {"name": "Venezuela", "code": "VEN",
     "aliases": {"en": ["Venezuela", "Bolivarian Republic of Venezuela", "B.R. of Venezuela"],
                 "es": ["Venezuela", "República Bolivariana de Venezuela"],
                 "fr": [...], "pt": [...]}}

It is read on first use (``functools.cache``), never at import time. Names are compared by
``name_key`` (``negotiation.delegation_names``: case, accents, punctuation, "St." and articles
do not matter)::

    "B.R. of Venezuela"               -> "br of venezuela"
    "ST. KITTS AND NEVIS"             -> "saint kitts and nevis"
    "Commonwealth of The Bahamas"     -> "commonwealth of bahamas"
    "République de l'Équateur"        -> "republique de equateur"

UN bodies name more delegations (observer states, the European Union, negotiating groups) and
name some states otherwise ("Venezuela (Bolivarian Republic of)"): see ``negotiation.registries``.
"""

from __future__ import annotations

import functools

from negotiation.delegation_names import fold, name_key
from negotiation.registries import (
    Delegation,
    Registry,
    negotiating_groups,
    oas_member_states,
)

__all__ = ["Delegation", "canonical_delegation", "fold", "member_states", "name_key",
           "speaking_name"]


@functools.cache
def member_states() -> list[Delegation]:
    """The 35 OAS member states, in alphabetical order of their English short names."""
    return list(oas_member_states().delegations())


@functools.cache
def _index() -> Registry:
    """The member states as a registry: every name and alias, by key. ISO codes are left out
    on purpose: "CAN" or "PER" in running text are words, not names."""
    return Registry("OAS member states", member_states())


def canonical_delegation(name: str) -> str | None:
    """The canonical name of the member state ``name`` refers to, or None if it is none.

    A leading "Delegation of" (in any of the four languages) is allowed.

    >>> canonical_delegation("B.R. of Venezuela")
    'Venezuela'
    """
    found = _index().find(name)
    return found.name if found is not None else None


def speaking_name(name: str) -> str:
    """The name under which whom a person speaks for is compared: the member state's canonical
    name, else the negotiating group's registry name (a group is written many ways too: "G-77",
    "GROUP OF 77 AND CHINA", "Group of 77 and China"), else ``name`` as written.

    >>> speaking_name("GROUP OF 77 AND CHINA")
    'Group of 77 and China'
    >>> speaking_name("VENEZUELA")
    'Venezuela'
    """
    state = canonical_delegation(name)
    if state is not None:
        return state
    group = negotiating_groups().find(name)
    return group.name if group is not None else name
