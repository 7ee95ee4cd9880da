"""`negotiation users create LOGIN --name NAME [--secretariat]`: an account on the command line,
the first secretariat account of a new installation above all; `negotiation users list`.

The password is read from the terminal without echo (twice), or from standard input with
``--password-stdin`` (for scripts); it is never an argument, so it never lands in the shell's
history or the process list, and it is stored only as an argon2 hash."""

from __future__ import annotations

import argparse
import getpass
import sys

from server.commands import CommandError
from server.commands.database import add_database_argument, open_store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("users", help="create and list accounts",
                                   description="Accounts of people who log in to Plenary.")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create an account (e.g. the first secretariat)")
    create.add_argument("login", metavar="LOGIN", help="e-mail-like login, e.g. sg@oas.org")
    create.add_argument("--name", required=True, help="the person's name as others see it")
    create.add_argument("--secretariat", action="store_true",
                        help="may create negotiations and manage their members")
    create.add_argument("--password-stdin", action="store_true",
                        help="read the password from standard input (one line)")
    add_database_argument(create)
    create.set_defaults(handler=run_create)
    listing = actions.add_parser("list", help="list the accounts")
    add_database_argument(listing)
    listing.set_defaults(handler=run_list)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise CommandError("the two passwords differ")
    return first


def run_create(args: argparse.Namespace) -> int:
    from server.auth.passwords import WeakPassword, hash_password
    from server.people.accounts import Accounts

    try:
        password_hash = hash_password(_password(args.password_stdin))
    except WeakPassword as problem:
        raise CommandError(str(problem)) from None
    with open_store(args.db) as store:
        user = Accounts(store.engine).create_user(args.login, args.name, password_hash,
                                                  secretariat=args.secretariat)
    role = " (secretariat)" if user.secretariat else ""
    print(f"created {user.login}{role}: {user.name}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from server.people.accounts import Accounts

    with open_store(args.db) as store:
        for user in Accounts(store.engine).users():
            print(f"{user.login}\t{user.name}{chr(9) + 'secretariat' if user.secretariat else ''}")
    return 0
