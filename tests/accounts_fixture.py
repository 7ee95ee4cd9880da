"""Test helpers for accounts: make people, log them in over HTTP as a browser would (the
login page's CSRF token, then POST /login), and hand the session cookie to WebSocket clients.

    people = make_people(app)                    # every role, in one negotiation
    http = logged_in(base, people["venezuela"])  # an httpx.Client with the session cookie
    headers = cookie_header(http)                # for websockets.connect / SyncClient
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from negotiation.permissions import Role
from server.auth.passwords import hash_password

PASSWORD = "correct horse battery"
NEGOTIATION = Path(sys.executable).parent / "negotiation"
_HASH: dict[str, str] = {}


@dataclass(frozen=True)
class Person:
    key: str
    login: str
    password: str
    role: Role | None  # None: an account in no negotiation (a stranger)
    delegation: str | None = None  # registry key, for delegates
    delegation_name: str | None = None
    user_id: str = ""


# key -> (role, delegation key, delegation name)
CAST = {
    "secretariat": (Role.SECRETARIAT, None, None),
    "chair": (Role.CHAIR, None, None),
    "vice-chair": (Role.VICE_CHAIR, None, None),
    "venezuela": (Role.DELEGATE, "venezuela", "Venezuela"),
    "belize": (Role.DELEGATE, "belize", "Belize"),
    "observer": (Role.OBSERVER, None, None),
    "stranger": (None, None, None),
}


def password_hash() -> str:
    if PASSWORD not in _HASH:
        _HASH[PASSWORD] = hash_password(PASSWORD)
    return _HASH[PASSWORD]


def make_people(app, document_ids: list[str] = (), *, organisation: str = "OAS"
                ) -> dict[str, Person]:
    """One negotiation holding ``document_ids`` and a person in every role (and a stranger);
    the app's lifespan must be running."""
    people = make_people_on(app.state.store.engine, document_ids, organisation=organisation)
    app.state.test_negotiation_id = people["admin"].delegation
    return people


def make_people_on(engine, document_ids: list[str] = (), *, organisation: str = "OAS"
                   ) -> dict[str, Person]:
    """As ``make_people``, on a database before (or while) a server runs on it. The
    installation's secretariat ("admin") carries the negotiation's id as its delegation."""
    from server.people.accounts import Accounts
    from server.people.negotiations import Negotiations

    accounts, negotiations = Accounts(engine), Negotiations(engine)
    admin = accounts.create_user("admin@test.plenary", "Installation secretariat",
                                 password_hash(), secretariat=True)
    negotiation = negotiations.create("Test negotiation", organisation, created_by=admin.id)
    negotiations.remove_member(negotiation.id, admin.id)
    for document_id in document_ids:
        negotiations.add_document(negotiation.id, document_id)
    people = {"admin": Person("admin", admin.login, PASSWORD, Role.SECRETARIAT,
                              negotiation.id, user_id=admin.id)}
    for key, (role, delegation, name) in CAST.items():
        user = accounts.create_user(f"{key}@test.plenary", f"Person {key}", password_hash())
        if role is not None:
            negotiations.add_member(negotiation.id, user.id, role, delegation)
        people[key] = Person(key, user.login, PASSWORD, role, delegation, name, user.id)
    return people


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, "no CSRF token in the page"
    return found.group(1)


def log_in(http: httpx.Client, login: str, password: str = PASSWORD) -> httpx.Response:
    """Log ``http`` in as a browser does; returns the answer to POST /login."""
    token = csrf_of(http.get("/login").text)
    return http.post("/login", data={"login": login, "password": password,
                                     "csrf_token": token})


def logged_in(base: str, person: Person | str, password: str = PASSWORD) -> httpx.Client:
    http = httpx.Client(base_url=base, timeout=30)
    answer = log_in(http, person if isinstance(person, str) else person.login, password)
    assert answer.status_code == 303, answer.text[:500]
    return http


def csrf(http: httpx.Client, path: str = "/") -> str:
    """The session's CSRF token, read from a page as a browser would."""
    return csrf_of(http.get(path).text)


def cookie_header(http: httpx.Client) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{name}={value}" for name, value in http.cookies.items())}


def create_account_cli(database_url: str, login: str, *, secretariat: bool = True,
                       password: str = PASSWORD, cwd: Path | None = None) -> None:
    """``negotiation users create`` in a subprocess, as on a new installation."""
    command = [str(NEGOTIATION), "users", "create", login, "--name", login.split("@")[0],
               "--password-stdin", "--db", database_url]
    if secretariat:
        command.append("--secretariat")
    result = subprocess.run(command, input=password + "\n", capture_output=True, text=True,
                            timeout=60, cwd=cwd)
    assert result.returncode == 0, result.stderr


@contextmanager
def session_of(base: str, person: Person | str, password: str = PASSWORD
               ) -> Iterator[httpx.Client]:
    """A logged-in client, closed at the end of the block."""
    http = logged_in(base, person, password)
    try:
        yield http
    finally:
        http.close()
