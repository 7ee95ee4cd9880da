"""Registries of delegations: UN member and observer states, the EU, negotiating groups, OAS."""

from __future__ import annotations

import json
import re
from importlib import resources

import pycountry
import pytest

from negotiation import registries
from negotiation.registries import (
    Delegation,
    Registry,
    all_delegations,
    european_union,
    negotiating_groups,
    oas_member_states,
    registry_for,
    un_member_states,
    un_observer_states,
)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def test_193_un_member_states_each_once_with_valid_iso_codes() -> None:
    states = un_member_states().delegations()
    assert len(states) == 193
    assert len({s.key for s in states}) == len({s.code for s in states}) == 193
    for state in states:
        assert state.kind == "state" and state.members == ()
        assert pycountry.countries.get(alpha_3=state.code) is not None, state


def test_35_oas_member_states_share_their_keys_with_the_un() -> None:
    oas = oas_member_states().delegations()
    assert len(oas) == 35
    un = un_member_states()
    for state in oas:
        twin = un.get(state.key)
        assert twin is not None and twin.code == state.code, state
        assert un.find(state.name) is twin  # "Venezuela" names the UN's Venezuela too


def test_observer_states_and_the_european_union() -> None:
    assert [(d.key, d.name, d.kind, d.code) for d in un_observer_states()] == [
        ("holy-see", "Holy See", "observer state", "VAT"),
        ("state-of-palestine", "State of Palestine", "observer state", "PSE")]
    eu = european_union()
    assert (eu.key, eu.name, eu.kind, eu.code) == ("eu", "European Union", "union", None)
    assert len(eu.members) == 27 and "germany" in eu.members and "united-kingdom" not in eu.members


def test_keys_are_ascii_slugs_and_unique_across_all_delegations() -> None:
    everything = all_delegations().delegations()
    assert len(everything) == 193 + 2 + 1 + len(negotiating_groups())
    assert len({d.key for d in everything}) == len(everything)
    assert all(SLUG.fullmatch(d.key) for d in everything)
    assert {d.kind for d in everything} == set(registries.KINDS)


@pytest.mark.parametrize("registry", [oas_member_states(), un_member_states(),
                                      un_observer_states(), negotiating_groups(),
                                      all_delegations(), registry_for("UNFCCC")],
                         ids=lambda r: r.name)
def test_every_name_and_alias_resolves_to_its_own_delegation_only(registry: Registry) -> None:
    for delegation in registry.delegations():
        for written in (delegation.name, *delegation.aliases):
            assert registry.find(written) is delegation, (written, delegation.key)


def test_a_clash_of_aliases_fails_loudly() -> None:
    first = Delegation("a", "Narnia", "state", None, ("Freedonia",))
    second = Delegation("b", "FREEDONIA", "state", None, ())
    with pytest.raises(ValueError, match="names both"):
        Registry("test", [first, second])
    with pytest.raises(ValueError, match="two delegations have the key"):
        Registry("test", [first, Delegation("a", "Ruritania", "state", None, ())])


def test_group_members_are_un_states() -> None:
    states = {d.key for d in (*un_member_states(), *un_observer_states())}
    sizes = {}
    for group in (*negotiating_groups(), european_union()):
        assert set(group.members) <= states, (group.key, set(group.members) - states)
        assert len(set(group.members)) == len(group.members), group.key
        sizes[group.key] = len(group.members)
    assert {key: sizes[key] for key in ("eu", "african-group", "arab-group", "ldcs", "basic",
                                        "eig", "ailac", "alba", "g77-china")} == {
        "eu": 27, "african-group": 54, "arab-group": 22, "ldcs": 44, "basic": 4, "eig": 6,
        "ailac": 8, "alba": 10, "g77-china": 0}


@pytest.mark.parametrize(("written", "key", "name"), [
    # the UN short forms of issue 12
    ("G77", "g77-china", "Group of 77 and China"),
    ("G-77", "g77-china", "Group of 77 and China"),
    ("Group of 77 and China", "g77-china", "Group of 77 and China"),
    ("the Group of 77 and China", "g77-china", "Group of 77 and China"),
    ("Groupe des 77 et la Chine", "g77-china", "Group of 77 and China"),
    ("AOSIS", "aosis", "Alliance of Small Island States"),
    ("LDCs", "ldcs", "Least Developed Countries"),
    ("EIG", "eig", "Environmental Integrity Group"),
    ("LMDC", "lmdc", "Like-Minded Developing Countries"),
    ("AILAC", "ailac", "Independent Association of Latin America and the Caribbean"),
    ("ALBA", "alba", "Bolivarian Alliance for the Peoples of Our America"),
    ("BASIC", "basic", "BASIC"),
    ("Arab Group", "arab-group", "Arab Group"),
    ("African Group", "african-group", "African Group"),
    ("Grupo Africano", "african-group", "African Group"),
    ("Umbrella Group", "umbrella-group", "Umbrella Group"),
    ("EU", "eu", "European Union"),
    ("Union européenne", "eu", "European Union"),
    # UN short names of states, and other ways to write them
    ("Venezuela (Bolivarian Republic of)", "venezuela", "Venezuela (Bolivarian Republic of)"),
    ("B.R. of Venezuela", "venezuela", "Venezuela (Bolivarian Republic of)"),
    ("Venezuela (République bolivarienne du)", "venezuela",
     "Venezuela (Bolivarian Republic of)"),
    ("Bolivia (Plurinational State of)", "bolivia", "Bolivia (Plurinational State of)"),
    ("Estado Plurinacional de Bolivia", "bolivia", "Bolivia (Plurinational State of)"),
    ("Türkiye", "turkiye", "Türkiye"),
    ("TURKIYE", "turkiye", "Türkiye"),
    ("Turkey", "turkiye", "Türkiye"),
    ("Côte d'Ivoire", "cote-divoire", "Côte d'Ivoire"),
    ("Cote d’Ivoire", "cote-divoire", "Côte d'Ivoire"),
    ("Democratic People's Republic of Korea", "democratic-peoples-republic-of-korea",
     "Democratic People's Republic of Korea"),
    ("Republic of Korea", "republic-of-korea", "Republic of Korea"),
    ("République de Corée", "republic-of-korea", "Republic of Korea"),
    ("Iran (Islamic Republic of)", "iran", "Iran (Islamic Republic of)"),
    ("United Kingdom", "united-kingdom", "United Kingdom of Great Britain and Northern Ireland"),
    ("USA", "united-states", "United States of America"),
    ("Estados Unidos", "united-states", "United States of America"),
    ("Netherlands", "netherlands", "Netherlands (Kingdom of the)"),
    ("Russian Federation", "russian-federation", "Russian Federation"),
    ("Holy See", "holy-see", "Holy See"),
    ("Palestine", "state-of-palestine", "State of Palestine"),
    ("Delegation of Brazil", "brazil", "Brazil"),
])
def test_written_forms_find_their_un_delegation(written: str, key: str, name: str) -> None:
    found = registry_for("UNFCCC").find(written)
    assert found is not None, written
    assert (found.key, found.name) == (key, name)


@pytest.mark.parametrize("written", ["Narnia", "CAN", "PER", "VEN", "", "Korea", "Group",
                                     "Republic", "Delegation of Narnia"])
def test_names_of_no_delegation_find_nothing(written: str) -> None:
    assert registry_for("UNGA").find(written) is None


def test_registry_for_each_organisation() -> None:
    assert registry_for("OAS") is oas_member_states()
    assert registry_for("oas").find("Venezuela").name == "Venezuela"
    assert registry_for("OAS").find("Holy See") is None
    assert registry_for("OAS").find("G77") is None
    bodies = [registry_for(body) for body in ("UNGA", "UNFCCC", "WHO", "HRC")]
    assert all(body is bodies[0] for body in bodies)
    assert len(bodies[0]) == len(all_delegations())
    assert "g77-china" in bodies[0] and "European Union" in bodies[0] and "Narnia" not in bodies[0]
    assert european_union() in bodies[0] and european_union() not in oas_member_states()
    with pytest.raises(ValueError, match="unknown organisation 'ASEAN'"):
        registry_for("ASEAN")


def test_member_states_come_in_alphabetical_order_then_observers_union_groups() -> None:
    kinds = [d.kind for d in all_delegations()]
    assert kinds == sorted(kinds, key=["state", "observer state", "union", "group"].index)
    names = [d.name for d in un_member_states()]
    assert names[:3] == ["Afghanistan", "Albania", "Algeria"] and names[-1] == "Zimbabwe"
    assert names.index("Türkiye") < names.index("Turkmenistan")


def test_un_names_differ_from_iso_names_only_where_the_data_says() -> None:
    raw = resources.files("negotiation.data").joinpath("un_member_states.json").read_text()
    data = json.loads(raw)
    differing = sorted(entry["code"] for entry in data["member_states"]
                       if entry["name"] != pycountry.countries.get(alpha_3=entry["code"]).name)
    assert differing == ["BOL", "COD", "FSM", "GBR", "IRN", "KOR", "MDA", "NLD", "PRK", "TZA",
                         "USA", "VEN"]


def test_nothing_is_read_at_import_time() -> None:
    for cached in (registries.un_member_states, registries.oas_member_states,
                   registries.all_delegations, registries._un_bodies):
        cached.cache_clear()
    assert registries.un_member_states.cache_info().currsize == 0
    assert registry_for("HRC").find("Chile") is not None
    assert registries.un_member_states.cache_info().currsize == 1
