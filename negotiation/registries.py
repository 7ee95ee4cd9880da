"""Registries of delegations: who may speak in a negotiation, and every name each one goes by.

A ``Delegation`` is one party to a negotiation: a state, an observer state, the European Union
(a union of states) or a negotiating group (the Group of 77 and China, the African Group, AOSIS
...). Its ``key`` is a stable ASCII slug ("venezuela", "g77-china", "eu") that stays the same in
every registry and over time: accounts and memberships refer to delegations by key, never by
name. Its ``name`` is the canonical short name as the organisation writes it, so the same state
has one key and, per organisation, one name::

    oas_member_states().find("B.R. of Venezuela")
        -> Delegation(key="venezuela", name="Venezuela", kind="state", code="VEN", ...)
    registry_for("UNGA").find("República Bolivariana de Venezuela")
        -> Delegation(key="venezuela", name="Venezuela (Bolivarian Republic of)", ...)
    registry_for("UNFCCC").find("G-77")
        -> Delegation(key="g77-china", name="Group of 77 and China", kind="group", code=None,
                      members=())

Where the data comes from:

* names and ISO 3166-1 alpha-3 codes of states, their official and common names and the
  Spanish, French and Portuguese translations of both: pycountry (pinned in pyproject.toml);
* what pycountry lacks, as data in ``negotiation/data/``: which states are UN members and
  observers and the UN's short name for each (``un_member_states.json``), the OAS member states
  with the names OAS texts use (``oas_member_states.json``), the European Union and the
  negotiating groups with their names and, where public record, their members
  (``negotiating_groups.json``).

``Registry.find`` compares names by ``delegation_names.name_key`` (case, accents, punctuation and
articles do not matter; a leading "Delegation of" is allowed). Every alias names one delegation
only: building a registry fails loudly on a clash. ISO codes are never aliases ("CAN", "PER"
are words in running text); common abbreviations are ("USA", "UK", "DPRK", "EU", "G77").

Everything is read on first use and cached; nothing is read at import time.
"""

from __future__ import annotations

import functools
import gettext
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pycountry

from negotiation.delegation_names import DELEGATION_OF, fold, name_key

KINDS = ("state", "observer state", "union", "group")
ORGANISATIONS = ("OAS", "UNGA", "UNFCCC", "WHO", "HRC")
_TRANSLATED = ("es", "fr", "pt")


@dataclass(frozen=True)
class Delegation:
    """One delegation: a state, an observer state, a union of states or a negotiating group."""

    key: str  # stable ASCII slug: "venezuela", "g77-china", "eu"
    name: str  # canonical short name as the organisation writes it
    kind: str  # "state" | "observer state" | "union" | "group"
    code: str | None  # ISO 3166-1 alpha-3 for states; None for unions and groups
    aliases: tuple[str, ...]  # every other way it is written (EN/ES/FR/PT, abbreviations)
    members: tuple[str, ...] = ()  # keys of the member states, where public record


class Registry:
    """The delegations of one organisation or body, with a look-up of any name they go by."""

    def __init__(self, name: str, delegations: Iterable[Delegation]) -> None:
        self.name = name
        self._delegations = tuple(delegations)
        self._by_key: dict[str, Delegation] = {}
        self._by_name: dict[str, Delegation] = {}
        for delegation in self._delegations:
            if self._by_key.setdefault(delegation.key, delegation) is not delegation:
                raise ValueError(f"{name}: two delegations have the key {delegation.key!r}")
            for written in (delegation.name, *delegation.aliases):
                key = name_key(written)
                if not key:
                    continue
                found = self._by_name.setdefault(key, delegation)
                if found is not delegation:
                    raise ValueError(f"{name}: the name {written!r} names both {found.name!r} "
                                     f"and {delegation.name!r}")

    def delegations(self) -> tuple[Delegation, ...]:
        """Every delegation: states in alphabetical order, then observers, unions, groups."""
        return self._delegations

    def find(self, text: str) -> Delegation | None:
        """The delegation ``text`` names (any alias; case, accents and articles ignored)."""
        key = name_key(text)
        found = self._by_name.get(key)
        if found is None:
            found = self._by_name.get(DELEGATION_OF.sub("", key))
        return found

    def get(self, key: str) -> Delegation | None:
        """The delegation with this stable key ("venezuela"), or None."""
        return self._by_key.get(key)

    def __contains__(self, item: object) -> bool:
        """A Delegation (by key), a key ("g77-china") or any name it goes by ("G-77")."""
        if isinstance(item, Delegation):
            return item.key in self._by_key
        if isinstance(item, str):
            return item in self._by_key or self.find(item) is not None
        return False

    def __iter__(self) -> Iterator[Delegation]:
        return iter(self._delegations)

    def __len__(self) -> int:
        return len(self._delegations)

    def __repr__(self) -> str:
        return f"Registry({self.name!r}, {len(self)} delegations)"


# --------------------------------------------------------------------------- the registries


@functools.cache
def oas_member_states() -> Registry:
    """The 35 OAS member states, named as OAS texts name them ("Venezuela", "United States")."""
    keys = {entry["code"]: entry["key"] for entry in _data("un_member_states.json")
            ["member_states"]}
    states = []
    for entry in _data("oas_member_states.json")["member_states"]:
        aliases: list[str] = []
        for names in entry["aliases"].values():
            aliases.extend(n for n in names if n not in aliases)
        states.append(Delegation(keys[entry["code"]], entry["name"], "state", entry["code"],
                                 tuple(aliases)))
    return Registry("OAS member states", states)


@functools.cache
def un_member_states() -> Registry:
    """The 193 member states of the United Nations, under the UN's short names."""
    return Registry("UN member states", _un_states("member_states", "state"))


@functools.cache
def un_observer_states() -> Registry:
    """The UN's non-member observer states: the Holy See and the State of Palestine."""
    return Registry("UN observer states", _un_states("observer_states", "observer state"))


@functools.cache
def european_union() -> Delegation:
    """The European Union, a party in its own right in UNFCCC and an observer in the UN."""
    return _group(_data("negotiating_groups.json")["european_union"], "union")


@functools.cache
def negotiating_groups() -> Registry:
    """Groups that negotiate as one delegation (G77 and China, African Group, AOSIS, ...)."""
    groups = _data("negotiating_groups.json")["groups"]
    return Registry("negotiating groups", [_group(entry, "group") for entry in groups])


@functools.cache
def all_delegations() -> Registry:
    """Every delegation Plenary knows, UN names: member and observer states, EU, groups."""
    return Registry("all delegations", [*un_member_states(), *un_observer_states(),
                                        european_union(), *negotiating_groups()])


@functools.cache
def _un_bodies() -> Registry:
    return Registry("UN member states, observer states, the European Union and negotiating "
                    "groups", all_delegations().delegations())


def registry_for(organisation: str) -> Registry:
    """The delegations of ``organisation``: "OAS", or a UN body ("UNGA", "UNFCCC", "WHO",
    "HRC"), which all get the UN member states, the observer states, the European Union and
    the negotiating groups. Case does not matter; any other name raises ValueError."""
    wanted = organisation.strip().upper()
    if wanted == "OAS":
        return oas_member_states()
    if wanted in ORGANISATIONS:
        return _un_bodies()
    raise ValueError(f"unknown organisation {organisation!r}; expected one of "
                     f"{', '.join(ORGANISATIONS)}")


# --------------------------------------------------------------------------- building them


def _data(name: str) -> dict[str, Any]:
    raw = resources.files("negotiation.data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(raw)


def _un_states(section: str, kind: str) -> list[Delegation]:
    states = []
    oas_aliases = {state.code: state.aliases for state in oas_member_states()}
    for entry in _data("un_member_states.json")[section]:
        code = entry["code"]
        aliases = _pycountry_names(code)
        for names in entry.get("aliases", {}).values():
            aliases.extend(names)
        aliases.extend(oas_aliases.get(code, ()))
        unique = list(dict.fromkeys(a for a in aliases if a != entry["name"]))
        states.append(Delegation(entry["key"], entry["name"], kind, code, tuple(unique)))
    return sorted(states, key=lambda state: name_key(state.name))


def _group(entry: dict[str, Any], kind: str) -> Delegation:
    aliases: list[str] = []
    for names in entry["aliases"].values():
        aliases.extend(n for n in names if n not in aliases and n != entry["name"])
    return Delegation(entry["key"], entry["name"], kind, None, tuple(aliases),
                      tuple(entry.get("members", ())))


def _pycountry_names(code: str) -> list[str]:
    """ISO, official and common names of a country, and their ES/FR/PT translations.

    ISO names invert ("Korea, Republic of"); both the UN's form "Korea (Republic of)" and the
    natural order "Republic of Korea" are added.
    """
    country = pycountry.countries.get(alpha_3=code)
    if country is None:  # pragma: no cover - the data test holds every code
        return []
    english = [getattr(country, field, None) for field in ("name", "official_name",
                                                            "common_name")]
    names = [name for name in english if name]
    for language in _TRANSLATED:
        translate = _translation(language)
        names.extend(translate(name) for name in english if name)
    return [form for name in names for form in _forms(name)]


@functools.cache
def _translation(language: str) -> Callable[[str], str]:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language],
                               fallback=True).gettext


def _forms(name: str) -> list[str]:
    """"Korea, Republic of" → itself, "Korea (Republic of)", "Republic of Korea"."""
    if ", " not in name:
        return [name]
    head, tail = name.split(", ", 1)
    tail_first = fold(tail[:1]) == tail[:1] and tail[:1].isalpha()
    natural = f"{tail} {head}" if not tail_first else f"{tail[:1].upper()}{tail[1:]} {head}"
    return [name, f"{head} ({tail})", natural]
