"""The OAS member states as data, and one canonical name per delegation however written."""

import doctest
import json
from importlib import resources

import pycountry
import pytest

from negotiation import delegations
from negotiation.delegations import Delegation, canonical_delegation, member_states, name_key


def test_there_are_35_member_states_each_once() -> None:
    states = member_states()
    assert len(states) == 35
    assert len({s.name for s in states}) == 35
    assert len({s.code for s in states}) == 35
    assert all(isinstance(s, Delegation) for s in states)


def test_every_code_is_the_iso_alpha3_code_of_that_country() -> None:
    for state in member_states():
        country = pycountry.countries.get(alpha_3=state.code)
        assert country is not None, state
        names = {country.name, getattr(country, "common_name", ""),
                 getattr(country, "official_name", "")}
        assert any(name_key(state.name) in name_key(n) for n in names), (state, names)


def test_every_entry_has_aliases_in_four_languages() -> None:
    raw = resources.files("negotiation.data").joinpath("oas_member_states.json").read_text()
    for entry in json.loads(raw)["member_states"]:
        assert set(entry["aliases"]) == {"en", "es", "fr", "pt"}, entry["name"]
        assert all(entry["aliases"][lang] for lang in entry["aliases"]), entry["name"]


def test_every_name_and_alias_maps_back_to_its_own_state() -> None:
    for state in member_states():
        assert canonical_delegation(state.name) == state.name
        for alias in state.aliases:
            assert canonical_delegation(alias) == state.name, alias


@pytest.mark.parametrize(("written", "canonical"), [
    # case, punctuation and formal names
    ("VENEZUELA", "Venezuela"),
    ("Venezuela", "Venezuela"),
    ("B.R. of Venezuela", "Venezuela"),
    ("BR of Venezuela", "Venezuela"),
    ("Bolivarian Republic of Venezuela", "Venezuela"),
    ("República Bolivariana de Venezuela", "Venezuela"),
    ("Venezuela (Bolivarian Republic of)", "Venezuela"),
    # accents, either way
    ("BELICE", "Belize"),
    ("Republica Bolivariana de Venezuela", "Venezuela"),
    ("HAITI", "Haiti"),
    ("Haïti", "Haiti"),
    # "St." and "the"
    ("ST. KITTS AND NEVIS", "Saint Kitts and Nevis"),
    ("St. Kitts and Nevis", "Saint Kitts and Nevis"),
    ("St Lucia", "Saint Lucia"),
    ("The Bahamas", "Bahamas"),
    ("Commonwealth of The Bahamas", "Bahamas"),
    ("Saint Vincent and Grenadines", "Saint Vincent and the Grenadines"),
    # several words, other languages
    ("TRINIDAD AND TOBAGO", "Trinidad and Tobago"),
    ("Trinité-et-Tobago", "Trinidad and Tobago"),
    ("UNITED STATES", "United States"),
    ("the United States of America", "United States"),
    ("U.S.", "United States"),
    ("Estados Unidos", "United States"),
    ("EE. UU.", "United States"),
    ("États-Unis", "United States"),
    ("Estados Unidos Mexicanos", "Mexico"),
    ("Plurinational State of Bolivia", "Bolivia"),
    ("ANTIGUA AND BARBUDA", "Antigua and Barbuda"),
    ("Antígua e Barbuda", "Antigua and Barbuda"),
    ("Dominica", "Dominica"),
    ("Dominican Republic", "Dominican Republic"),
    ("El Salvador", "El Salvador"),
    ("o Brasil", "Brazil"),
    ("  Canada  ", "Canada"),
    # "delegation of", in four languages
    ("Delegation of the United States", "United States"),
    ("DELEGACIÓN DE MÉXICO", "Mexico"),
    ("la délégation du Canada", "Canada"),
    ("Delegação do Brasil", "Brazil"),
])
def test_written_forms_give_the_canonical_delegation(written: str, canonical: str) -> None:
    assert canonical_delegation(written) == canonical


@pytest.mark.parametrize("written", ["Narnia", "Holy See", "European Union", "", "CAN", "PER",
                                     "Republic", "Saint", "Estados", "Delegation of Narnia",
                                     "Delegation"])
def test_a_name_that_is_no_member_state_gives_none(written: str) -> None:
    assert canonical_delegation(written) is None


def test_name_key_examples_from_the_docstring() -> None:
    assert name_key("B.R. of Venezuela") == "br of venezuela"
    assert name_key("ST. KITTS AND NEVIS") == "saint kitts and nevis"
    assert name_key("Commonwealth of The Bahamas") == "commonwealth of bahamas"
    assert name_key("République de l'Équateur") == "republique de equateur"


def test_nothing_is_read_at_import_time() -> None:
    member_states.cache_clear()
    delegations._index.cache_clear()
    assert member_states.cache_info().currsize == 0
    assert canonical_delegation("Chile") == "Chile"
    assert member_states.cache_info().currsize == 1


def test_docstring_examples_run() -> None:
    assert doctest.testmod(delegations).failed == 0


# --------------------------------------------------------------- who a delegation is: its key

SAME_DELEGATION = [
    ("Bolivia (Plurinational State of)", "BOLIVIA", "Plurinational State of Bolivia",
     "BOLIVIA (PLURINATIONAL STATE OF)", "Bolivia", "Estado Plurinacional de Bolivia"),
    ("Türkiye", "Turkey", "TÜRKIYE", "Turkiye"),
    ("Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast", "CÔTE D'IVOIRE", "Côte d’Ivoire"),
    ("Democratic People's Republic of Korea", "DPRK", "Korea (Democratic People's Republic of)",
     "North Korea", "DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA"),
    ("Venezuela (Bolivarian Republic of)", "VENEZUELA", "Venezuela", "B.R. of Venezuela",
     "Bolivarian Republic of Venezuela"),
    ("United States of America", "United States", "USA", "ESTADOS UNIDOS"),
    ("Group of 77 and China", "G-77", "G77", "GROUP OF 77 AND CHINA"),
    ("European Union", "EU", "EUROPEAN UNION"),
    ("Holy See", "HOLY SEE"),
    ("Atlantis", "ATLANTIS", "atlantis"),  # no registry's: the same only as written alike
]


@pytest.mark.parametrize("names", SAME_DELEGATION, ids=lambda names: names[0])
def test_every_spelling_of_a_delegation_has_one_key(names: tuple[str, ...]) -> None:
    assert len({delegations.delegation_key(name) for name in names}) == 1, [
        (name, delegations.delegation_key(name)) for name in names]
    assert all(delegations.same_delegation(names[0], name) for name in names)


def test_different_delegations_have_different_keys() -> None:
    keys = [delegations.delegation_key(names[0]) for names in SAME_DELEGATION]
    assert len(set(keys)) == len(keys)
    assert not delegations.same_delegation("Republic of Korea", "DPRK")
    assert not delegations.same_delegation("Dominica", "Dominican Republic")
    assert not delegations.same_delegation("Niger", "Nigeria")
    assert not delegations.same_delegation("Bolivia", None)
    assert not delegations.same_delegation(None, None)


def test_the_key_is_the_registries_key_in_every_registry() -> None:
    from negotiation.registries import all_delegations, oas_member_states, registry_for

    assert delegations.delegation_key("Ivory Coast") == "cote-divoire"
    assert delegations.delegation_key("Plurinational State of Bolivia") == "bolivia"
    for delegation in (*oas_member_states(), *all_delegations(), *registry_for("UNFCCC")):
        assert delegations.delegation_key(delegation.name) == delegation.key, delegation
        for alias in delegation.aliases:
            assert delegations.delegation_key(alias) == delegation.key, (alias, delegation)


@pytest.mark.parametrize(("written", "organisation", "recorded"), [
    ("BOLIVIA", "UNGA", "Bolivia (Plurinational State of)"),
    ("Plurinational State of Bolivia", "HRC", "Bolivia (Plurinational State of)"),
    ("Bolivia (Plurinational State of)", "OAS", "Bolivia"),
    ("Turkey", "UNFCCC", "Türkiye"),
    ("Ivory Coast", "WHO", "Côte d'Ivoire"),
    ("DPRK", "UNGA", "Democratic People's Republic of Korea"),
    ("VENEZUELA", "OAS", "Venezuela"),
    ("Venezuela", "UNGA", "Venezuela (Bolivarian Republic of)"),
    ("United States of America", "OAS", "United States"),
    ("G-77", "OAS", "Group of 77 and China"),  # no groups in the OAS registry: any registry's
    ("ATLANTIS", "UNGA", "ATLANTIS"),
])
def test_the_recorded_name_is_the_negotiations_registrys(written: str, organisation: str,
                                                         recorded: str) -> None:
    assert delegations.speaking_name(written, organisation) == recorded


def test_matching_name_gives_the_spelling_among_the_names() -> None:
    seat = ("Bolivia (Plurinational State of)", "Group of 77 and China")
    assert delegations.matching_name("BOLIVIA", seat) == seat[0]
    assert delegations.matching_name("G77", seat) == seat[1]
    assert delegations.matching_name("Chile", seat) is None
