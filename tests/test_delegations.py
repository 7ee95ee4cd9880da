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
