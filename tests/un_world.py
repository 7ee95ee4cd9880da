"""Test helper: a UN General Assembly negotiation (``permission_world.world``) with the
delegates of Bolivia and Chile, seated under the UN registry's names, and a proposal of
Bolivia's recorded as the OAS short name wrote it ("Bolivia"), before delegations were
compared by one key (negotiation/delegations.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from accounts_fixture import PASSWORD, Person, password_hash
from permission_world import World, world_in

from negotiation.author import Author
from negotiation.bracket_book import written_proposal
from negotiation.bracket_events import BracketAction, record_bracket_action
from negotiation.model import Proposal
from negotiation.permissions import Role

BOLIVIA = "Bolivia (Plurinational State of)"


@contextmanager
def un_world(folder: Path) -> Iterator[World]:
    with world_in(folder, organisation="UNGA", coalesce_pause=0.05) as made:
        gatekeeper = made.app.state.gatekeeper
        for key, name in (("bolivia", BOLIVIA), ("chile", "Chile")):
            user = gatekeeper.accounts.create_user(f"{key}@test.plenary", f"Person {key}",
                                                   password_hash())
            gatekeeper.negotiations.add_member(made.negotiation_id, user.id, Role.DELEGATE,
                                               key)
            made.people[key] = Person(key, user.login, PASSWORD, Role.DELEGATE, key, name,
                                      user.id)
        yield made


def table_as_recorded_before_the_key(site: World, document_id: str, wording: str
                                     ) -> Proposal:
    """Bolivia's proposal of ``wording`` under op-2, recorded under "Bolivia"."""
    def tabled(book, status, adopted):
        return record_bracket_action("op-2", BracketAction.TABLED,
                                     written_proposal("Bolivia", wording), option=wording,
                                     author=Author("Person bolivia", "Bolivia"))
    site.store.bracket_action(document_id, "op-2", tabled)
    return site.store.load_document(document_id).find("op-2").proposals[0]
