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

Who a delegation is, whatever the organisation and however it is written, is its *key*
(``delegation_key``): the registries' stable slug, the same in every registry ("Bolivia",
"BOLIVIA", "Bolivia (Plurinational State of)", "Plurinational State of Bolivia" -> "bolivia";
"Türkiye", "Turkey" -> "turkiye"; "G-77" -> "g77-china"), else, for a name no registry
knows, its ``name_key``. Everything that compares delegations (the permission table's own
delegation condition, bracket holders, typed proposals, the console) compares keys
(``same_delegation``), so records made under another spelling ("Bolivia", as the OAS writes
it, in a UN negotiation) stay the same delegation's without being renamed. What is recorded
and shown is the name of the negotiation's registry (``speaking_name(name, organisation)``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from negotiation.delegation_names import fold, name_key
from negotiation.registries import (
    Delegation,
    Registry,
    all_delegations,
    oas_member_states,
    registry_for,
)

__all__ = [
    "Delegation",
    "canonical_delegation",
    "delegation_key",
    "fold",
    "matching_name",
    "member_states",
    "name_key",
    "same_delegation",
    "speaking_name",
]


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


def speaking_name(name: str, organisation: str = "OAS") -> str:
    """The name under which the delegation ``name`` is recorded and shown in a negotiation of
    ``organisation``: the name its registry gives it (registries.registry_for), else the name
    any registry gives it (a negotiating group in an OAS negotiation: a group is written many
    ways too, "G-77", "GROUP OF 77 AND CHINA"), else ``name`` as written.

    >>> speaking_name("GROUP OF 77 AND CHINA")
    'Group of 77 and China'
    >>> speaking_name("VENEZUELA")
    'Venezuela'
    >>> speaking_name("VENEZUELA", "UNGA")
    'Venezuela (Bolivarian Republic of)'
    """
    found = registry_for(organisation).find(name) or all_delegations().find(name)
    return found.name if found is not None else name


@functools.lru_cache(maxsize=4096)
def delegation_key(name: str) -> str:
    """Who ``name`` is: the registry key of the delegation it names in any registry (the same
    slug in every registry), else the ``name_key`` of the name as written (a name no registry
    knows is the same delegation only as written alike; a name key never holds the hyphen of
    a registry key of more than one word).

    >>> delegation_key("Bolivia (Plurinational State of)") == delegation_key("BOLIVIA")
    True
    >>> delegation_key("Ivory Coast")
    'cote-divoire'
    """
    found = all_delegations().find(name) or oas_member_states().find(name)
    return found.key if found is not None else name_key(name)


def same_delegation(one: str | None, other: str | None) -> bool:
    """Whether two names (either may be None) name the same delegation."""
    if not one or not other:
        return False
    return one == other or delegation_key(one) == delegation_key(other)


def matching_name(name: str | None, names: Iterable[str | None]) -> str | None:
    """The one of ``names`` that names the same delegation as ``name``, as it is written
    there (the seat's "Bolivia (Plurinational State of)" for a typed "BOLIVIA"), or None."""
    return next((each for each in names if same_delegation(name, each)), None)
