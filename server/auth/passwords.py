"""Passwords are stored only as argon2id hashes (argon2-cffi); they are never logged.

The cost is OWASP's first recommended argon2id setting (19 MiB of memory, 2 passes, one
lane), not argon2-cffi's default of 64 MiB: every hash and every login check takes that
memory for its duration, and the server's whole budget is about 120 MB (docs/deployment.md).
At most ``CONCURRENT`` hashes run at once (the others wait their turn), so a burst of logins
cannot multiply it. A hash keeps its own parameters, so hashes made with other settings still
verify; ``needs_rehash`` tells a caller to store the password again with these.
"""

from __future__ import annotations

import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
MEMORY_KIB, PASSES, LANES = 19_456, 2, 1
CONCURRENT = 2
_HASHER = PasswordHasher(time_cost=PASSES, memory_cost=MEMORY_KIB, parallelism=LANES)
_TURNS = threading.BoundedSemaphore(CONCURRENT)


class WeakPassword(ValueError):
    pass


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"a password has at least {MIN_LENGTH} characters")
    with _TURNS:
        return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches; any malformed or non-argon2 hash never matches."""
    try:
        with _TURNS:
            return _HASHER.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def rehashed(stored_hash: str, password: str) -> str | None:
    """After a successful check: the hash to store instead of ``stored_hash`` when that one
    was made with other parameters than today's (None: keep it)."""
    try:
        if not _HASHER.check_needs_rehash(stored_hash):
            return None
    except InvalidHashError:
        return None
    with _TURNS:
        return _HASHER.hash(password)


def is_argon2(stored_hash: str) -> bool:
    return stored_hash.startswith("$argon2id$")
