"""Accounts over HTTP: argon2-only passwords, login and its rate limit, sessions in signed
HttpOnly SameSite cookies, one-time invitations that expire, CSRF, security headers, the
session secret, and the secretariat's work from the web (negotiation, members, upload)."""

from __future__ import annotations

import logging
import os
import re
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from accounts_fixture import PASSWORD, csrf, csrf_of, log_in, logged_in
from permission_world import World, world_in
from sqlalchemy import text

from server.auth.headers import HEADERS
from server.auth.invitations import InvitationRefused, InvitationSigner
from server.auth.passwords import hash_password, verify_password
from server.auth.rate_limit import MAX_FAILURES
from server.auth.secret import SECRET_FILE, session_secret

ROOT = Path(__file__).resolve().parent.parent
SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
UPLOAD = """DRAFT RESOLUTION

TESTING THE UPLOAD

THE GENERAL ASSEMBLY,

RESOLVES:

1. To [note the report.

2. To ask the Council.
"""


@pytest.fixture
def site(tmp_path: Path) -> Iterator[World]:
    with world_in(tmp_path) as made:
        yield made


def test_passwords_are_stored_only_as_argon2_hashes(site: World) -> None:
    with httpx.Client(base_url=site.base) as http:
        log_in(http, site.people["chair"].login)
    with site.store.engine.connect() as connection:
        rows = connection.execute(text("SELECT login, password_hash FROM users "
                                       "WHERE login IS NOT NULL")).all()
        columns = [c[1] for c in connection.execute(text("PRAGMA table_info(users)")).all()]
    assert len(rows) >= 7
    for login, stored in rows:
        assert stored.startswith("$argon2id$"), login
        assert PASSWORD not in stored
        assert verify_password(stored, PASSWORD)
    assert not {"password", "password_plain"} & set(columns)


def test_a_hash_made_with_costlier_parameters_is_replaced_at_login(site: World) -> None:
    """An account hashed with argon2-cffi's default 64 MiB (as before) still logs in, and the
    login stores the password again with today's parameters (19 MiB)."""
    from argon2 import PasswordHasher

    login = site.people["chair"].login
    user = site.people["chair"]
    old = PasswordHasher().hash(PASSWORD)
    assert "m=65536" in old
    with site.store.engine.begin() as connection:
        connection.execute(text("UPDATE users SET password_hash = :h WHERE login = :l"),
                           {"h": old, "l": login})
    with httpx.Client(base_url=site.base) as http:
        assert log_in(http, login).status_code == 303
    with site.store.engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM users WHERE login = :l"),
                                    {"l": login}).scalar_one()
    assert stored != old and "m=19456,t=2,p=1" in stored, (user, stored)
    assert verify_password(stored, PASSWORD)


def test_a_hash_that_is_not_argon2_never_matches() -> None:
    assert not verify_password("plain text", "plain text")
    assert not verify_password(hash_password("0123456789x"), "0123456789")


def test_a_wrong_password_is_refused_and_the_attempts_are_rate_limited(site: World,
                                                                      caplog) -> None:
    login = site.people["chair"].login
    with httpx.Client(base_url=site.base, timeout=30) as http, caplog.at_level(logging.INFO):
        for _ in range(MAX_FAILURES):
            answer = log_in(http, login, "wrong password 1")
            assert answer.status_code == 400 and "wrong login or password" in answer.text
            assert http.get("/").status_code == 303  # still not logged in
        answer = log_in(http, login, PASSWORD)  # even the right one, now
        assert answer.status_code == 429 and "too many failed attempts" in answer.text
    assert "wrong password 1" not in caplog.text  # passwords are never logged
    other = logged_in(site.base, site.people["observer"])  # another login is not blocked
    other.close()


def test_failed_logins_counted_in_redis_are_one_count_for_every_process() -> None:
    """Two limiters on Redis stand for two server processes (the real set:
    tests/test_cluster_notices.py); a Redis that does not answer falls back to this
    process's count, never to no limit."""
    import asyncio
    import secrets
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        pytest.skip("Redis does not answer at 127.0.0.1:6379")
    from server.auth.rate_limit import LoginLimiter
    from server.auth.redis_failures import RedisFailures

    key = f"login:redis-{secrets.token_hex(4)}@test.plenary"

    async def scenario() -> dict[str, object]:
        counts = [RedisFailures("redis://127.0.0.1:6379/0", window=1.5) for _ in range(2)]
        one, two = (LoginLimiter(counts=c) for c in counts)
        for attempt in range(MAX_FAILURES - 1):
            await (one if attempt % 2 else two).failed(key)
        seen = {"before the last": (await one.blocked(key), await two.blocked(key))}
        await one.failed(key)
        seen["after the last"] = (await one.blocked(key), await two.blocked(key))
        await asyncio.sleep(1.7)
        seen["after the window"] = (await one.blocked(key), await two.blocked(key))
        for _ in range(MAX_FAILURES):
            await two.failed(key)
        await one.succeeded(key)
        seen["after a success"] = (await one.blocked(key), await two.blocked(key))
        away = LoginLimiter(counts=RedisFailures("redis://127.0.0.1:1/0"))
        for _ in range(MAX_FAILURES):
            await away.failed(key)
        seen["redis away"] = await away.blocked(key)
        for c in [*counts, away.counts]:
            await c.aclose()
        return seen

    seen = asyncio.run(scenario())
    assert seen == {"before the last": (False, False), "after the last": (True, True),
                    "after the window": (False, False), "after a success": (False, False),
                    "redis away": True}


def test_the_session_cookie_is_signed_httponly_and_samesite(site: World) -> None:
    with httpx.Client(base_url=site.base, timeout=30) as http:
        answer = log_in(http, site.people["chair"].login)
        cookie = answer.headers["set-cookie"].lower()
        assert cookie.startswith("plenary_session=") and "httponly" in cookie
        assert "samesite=lax" in cookie and "path=/" in cookie
        value = http.cookies["plenary_session"]
        http.cookies.set("plenary_session", value[:-4] + "AAAA")  # tampered: not signed
        assert http.get("/").status_code == 303


def test_a_forged_or_missing_csrf_token_is_refused(site: World) -> None:
    http = site.http("secretariat")
    url = f"/negotiations/{site.negotiation_id}/invitations"
    form = {"login": "x@test.plenary", "role": "observer"}
    before = site.fingerprint()
    assert http.post(url, data=form).status_code == 403
    assert http.post(url, data=dict(form, csrf_token="forged")).status_code == 403
    other = logged_in(site.base, site.people["chair"])  # another session's token
    assert http.post(url, data=dict(form, csrf_token=csrf(other))).status_code == 403
    other.close()
    assert site.fingerprint() == before
    assert http.post(url, data=form, headers={"X-CSRF-Token": csrf(http)}).status_code == 200


def invite(site: World, login: str, role: str = "delegate", delegation: str = "mexico"
           ) -> str:
    http = site.http("secretariat")
    answer = http.post(f"/negotiations/{site.negotiation_id}/invitations", data={
        "login": login, "name": "Invited", "role": role, "delegation": delegation,
        "csrf_token": csrf(http)})
    assert answer.status_code == 200, answer.text[:300]
    return re.search(r'id="invitation-link" href="([^"]+)"', answer.text).group(1)


def test_an_invitation_works_once_and_makes_a_member(site: World) -> None:
    link = invite(site, "mexico@test.plenary")
    path = httpx.URL(link).path
    with httpx.Client(base_url=site.base, timeout=30) as http:
        page = http.get(path)
        assert page.status_code == 200 and "delegate" in page.text
        token = csrf_of(page.text)
        assert http.post(path, data={"password": "new password 1", "confirm":
                                     "new password 1"}).status_code == 403  # no CSRF token
        answer = http.post(path, data={"password": "new password 1",
                                       "confirm": "new password 1", "csrf_token": token})
        assert answer.status_code == 303
        assert "Test negotiation" in http.get(answer.headers["location"]).text
    members = site.app.state.gatekeeper.negotiations.members(site.negotiation_id)
    mexico = next(m for m in members if m.user.login == "mexico@test.plenary")
    assert (mexico.role, mexico.delegation) == ("delegate", "mexico")
    with httpx.Client(base_url=site.base, timeout=30) as again:  # reused: refused
        answer = again.get(path)
        assert answer.status_code == 400 and "already been used" in answer.text
    logged_in(site.base, "mexico@test.plenary", "new password 1").close()


def test_an_expired_or_forged_invitation_is_refused(site: World) -> None:
    link = invite(site, "late@test.plenary")
    token = httpx.URL(link).path.rsplit("/", 1)[1]
    signer: InvitationSigner = site.app.state.invitation_signer
    expired = InvitationSigner("the secret", max_age=-1)
    with pytest.raises(InvitationRefused, match="expired"):
        expired.invitation_id(expired.token("x"))
    with httpx.Client(base_url=site.base, timeout=30) as http:
        assert "not valid" in http.get(f"/invitations/{token}x").text
        assert "not valid" in http.get(
            f"/invitations/{InvitationSigner('another secret').token('x')}").text
        signer.max_age = -1
        try:
            answer = http.get(f"/invitations/{token}")
        finally:
            signer.max_age = 7 * 24 * 3600
        assert answer.status_code == 400 and "expired" in answer.text


def test_security_headers_on_every_page_and_no_inline_script(site: World) -> None:
    for path in ("/login", "/", f"/documents/{site.document()}", "/static/style.css"):
        answer = site.http("chair").get(path)
        for name, value in HEADERS.items():
            assert answer.headers[name] == value, (path, name)
    assert "unsafe-inline" not in HEADERS["content-security-policy"]
    assert "frame-ancestors 'none'" in HEADERS["content-security-policy"]
    for template in (ROOT / "server" / "templates").glob("*.html"):
        for tag in re.findall(r"<script[^>]*>", template.read_text(encoding="utf-8")):
            assert "src=" in tag or 'type="application/json"' in tag, (template.name, tag)
        assert not re.search(r"<[^>]+\son[a-z]+=", template.read_text(encoding="utf-8"))


def test_the_session_secret_is_generated_once_into_the_data_folder(tmp_path: Path) -> None:
    first = session_secret(None, tmp_path / "data")
    assert len(first) >= 40
    path = tmp_path / "data" / SECRET_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert session_secret(None, tmp_path / "data") == first
    assert session_secret("from the settings", tmp_path / "data") == "from the settings"
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    assert SECRET_FILE not in tracked.stdout


def test_the_secretariat_creates_a_negotiation_and_uploads_a_draft(site: World) -> None:
    admin = site.http("admin")
    answer = admin.post("/negotiations", data={"name": "COP working group",
                                               "organisation": "UNFCCC",
                                               "csrf_token": csrf(admin)})
    assert answer.status_code == 303
    page = admin.get(answer.headers["location"]).text
    assert "COP working group" in page and "Group of 77 and China" in page
    negotiation_id = answer.headers["location"].rsplit("/", 1)[1]
    upload = admin.get(f"/negotiations/{negotiation_id}/upload")
    answer = admin.post(f"/negotiations/{negotiation_id}/documents",
                        data={"csrf_token": csrf_of(upload.text)},
                        files={"file": ("draft.txt", UPLOAD.encode(), "text/plain")})
    assert answer.status_code == 200 and "Imported" in answer.text
    # the importer's diagnostics, with paragraph, line and column
    table = re.search(r'<table class="diagnostics">.*?</table>', answer.text, re.S).group(0)
    assert "<td>operative paragraph 1</td><td>9</td><td>7</td>" in table
    delegates = admin.get("/")  # the secretariat sees the new negotiation
    assert "COP working group" in delegates.text
    # a delegate of another negotiation does not see it
    assert "COP working group" not in site.http("venezuela").get("/").text


def test_the_secretariat_uploads_a_word_draft(site: World) -> None:
    """A Word file (a seed draft with brackets, written by the Word export) is read by the upload as
    by `negotiation import`: same paragraphs, same brackets."""
    from negotiation.export_docx import render_docx
    from negotiation.importer import import_text

    seed = import_text((SEEDS / "003_8d28965fcda24f33.txt").read_text(encoding="utf-8"))
    admin = site.http("admin")
    negotiation_id = site.negotiation_id
    upload = admin.get(f"/negotiations/{negotiation_id}/upload")
    answer = admin.post(f"/negotiations/{negotiation_id}/documents",
                        data={"csrf_token": csrf_of(upload.text)},
                        files={"file": ("draft.docx", render_docx(seed, bracketed=True),
                                        "application/octet-stream")})
    assert answer.status_code == 200 and "Imported" in answer.text
    document_id = re.search(r'href="/documents/([0-9a-f]+)"', answer.text).group(1)
    stored = site.store.load_document(document_id)
    assert [p.text for p in stored.paragraphs()] == [p.text for p in seed.paragraphs()]
    refused = admin.post(f"/negotiations/{negotiation_id}/documents",
                         data={"csrf_token": csrf_of(upload.text)},
                         files={"file": ("draft.docx", b"\xff\xfe not a draft", "x")})
    assert refused.status_code == 400 and "draft.docx" in refused.text


def test_negotiation_users_create_makes_the_first_secretariat(tmp_path: Path) -> None:
    from accounts_fixture import NEGOTIATION, create_account_cli

    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    create_account_cli(url, "sg@example.org")
    listing = subprocess.run([str(NEGOTIATION), "users", "list", "--db", url],
                             capture_output=True, text=True, timeout=60)
    assert listing.stdout == "sg@example.org\tsg\tsecretariat\n"
    for login, password, reason in [("sg@example.org", PASSWORD, "is taken"),
                                    ("other@example.org", "short", "at least 10")]:
        refused = subprocess.run(
            [str(NEGOTIATION), "users", "create", login, "--name", "X", "--password-stdin",
             "--db", url], input=password + "\n", capture_output=True, text=True, timeout=60)
        assert refused.returncode == 2 and reason in refused.stderr
        assert password not in refused.stderr + refused.stdout
