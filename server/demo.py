"""The demo negotiation: the five OAS seed drafts, loaded into the store so a new user sees a
room, and (``load_demo_accounts``) the demo's people: a chair, the secretariat, delegates of
Venezuela, Belize, Mexico and the United States, an observer, whom the login page lists as
one-click logins in the demo only.

Loading is idempotent: a seed whose (symbol, title) is already in the store is skipped, so
``negotiation serve --demo`` can be started again and again on the same database.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from negotiation.importer import import_text
from server.assets import PACKAGED_SEEDS_DIR
from server.auth.gatekeeper import Gatekeeper
from server.store import Store

DEMO_AUTHOR = "Plenary demo"
FALLBACK_SEEDS_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def seed_files(seeds_dir: Path, fallback: Path = FALLBACK_SEEDS_DIR,
               packaged: Path = PACKAGED_SEEDS_DIR) -> list[Path]:
    """The seed drafts (*.txt) in ``seeds_dir``, or in ``fallback`` (../shared/seeds) when
    that has none, or else the ones the package ships (an installed wheel, any folder)."""
    for folder in (seeds_dir, fallback, packaged):
        files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
        if files:
            return files
    raise FileNotFoundError(
        f"no seed drafts (*.txt) in {seeds_dir} nor in {fallback} nor in {packaged}")


def load_demo(store: Store, seeds_dir: Path) -> list[str]:
    """Import every seed draft not yet in the store; returns the ids of the documents imported."""
    present = {(summary.symbol, summary.title) for summary in store.list_documents()}
    imported: list[str] = []
    for path in seed_files(seeds_dir):
        document = import_text(path.read_text(encoding="utf-8"))
        key = (document.symbol, document.title)
        if key in present:
            continue
        imported.append(store.import_document(document, author=DEMO_AUTHOR, revision="Draft"))
        present.add(key)
    return imported


# --------------------------------------------------------------------------- demo accounts

DEMO_NEGOTIATION = "OAS Permanent Council: trafficking in persons (demo)"
DEMO_PASSWORD = "plenary-demo"  # the demo only: the login page shows these accounts
DEMO_DRAFT_TITLE = "HEMISPHERIC COOPERATION EFFORTS"  # the 2007 draft, with its brackets
# (login, name, role, delegation key)
DEMO_PEOPLE = (
    ("chair@demo.plenary", "Chair of the working group", "chair", None),
    ("secretariat@demo.plenary", "OAS Secretariat", "secretariat", None),
    ("venezuela@demo.plenary", "Delegate of Venezuela", "delegate", "venezuela"),
    ("belize@demo.plenary", "Delegate of Belize", "delegate", "belize"),
    ("mexico@demo.plenary", "Delegate of Mexico", "delegate", "mexico"),
    ("united-states@demo.plenary", "Delegate of the United States", "delegate",
     "united-states"),
    ("observer@demo.plenary", "Observer", "observer", None),
)


@dataclass(frozen=True)
class DemoAccount:
    login: str
    name: str
    role: str
    delegation: str | None  # the delegation's name
    password: str = DEMO_PASSWORD


def demo_draft_id(store: Store) -> str | None:
    """The id of the 2007 draft with its real brackets, the demo's first document."""
    return next((s.id for s in store.list_documents()
                 if (s.title or "").upper().startswith(DEMO_DRAFT_TITLE)), None)


def load_demo_accounts(store: Store, gatekeeper: Gatekeeper) -> list[DemoAccount]:
    """The demo negotiation (every seed draft in it) and its people, made once."""
    from negotiation.permissions import Role
    from negotiation.registries import oas_member_states
    from server.auth.passwords import hash_password

    accounts, negotiations = gatekeeper.accounts, gatekeeper.negotiations
    users = {}
    password_hash = None
    for login, name, _, _ in DEMO_PEOPLE:
        found = accounts.find_login(login)
        if found is None:
            password_hash = password_hash or hash_password(DEMO_PASSWORD)
            users[login] = accounts.create_user(login, name, password_hash,
                                                secretariat=login.startswith("secretariat"))
        else:
            users[login] = found[0]
    negotiation = negotiations.find_by_name(DEMO_NEGOTIATION) or negotiations.create(
        DEMO_NEGOTIATION, "OAS", created_by=users["secretariat@demo.plenary"].id)
    for summary in store.list_documents():
        negotiations.add_document(negotiation.id, summary.id)
    made = []
    for login, name, role, delegation in DEMO_PEOPLE:
        negotiations.add_member(negotiation.id, users[login].id, Role(role), delegation)
        found = oas_member_states().get(delegation) if delegation else None
        made.append(DemoAccount(login, name, role, found.name if found else None))
    return made
