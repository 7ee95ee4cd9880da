"""``Accounts``: users, their login sessions and their invitations, in SQL.

Passwords arrive here already hashed (server/auth/passwords.py): this module never sees one.
Sessions are rows so that a session can be ended on the server (log out, removal from a
negotiation) whatever copy of the cookie is left in a browser.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from negotiation.permissions import Role
from server.people.tables import InvitationRecord, SessionRecord
from server.people.types import Invitation, User
from server.store.errors import StoreError
from server.store.ledger import new_id
from server.tables import UserRecord


class AccountError(StoreError):
    """A login taken, an unknown user or invitation: the message says which."""


def normal_login(login: str) -> str:
    return login.strip().lower()


def now() -> datetime:
    return datetime.now(UTC)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


class Accounts:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # writes take SQLite's write lock up front (BEGIN IMMEDIATE, server/db.py): a
        # transaction that reads first and upgrades later fails at once with "database is
        # locked" when a room's commit holds the lock, instead of waiting its turn
        self._writer = engine.execution_options(plenary_write=True)

    # ------------------------------------------------------------------ users

    def create_user(self, login: str, name: str, password_hash: str, *,
                    secretariat: bool = False) -> User:
        login = normal_login(login)
        if not login or "@" not in login or len(login) > 254:
            raise AccountError(f"a login is e-mail-like (name@place), not {login!r}")
        with Session(self._writer) as session:
            if session.exec(select(UserRecord).where(UserRecord.login == login)).first():
                raise AccountError(f"the login {login!r} is taken")
            record = UserRecord(id=new_id(), name=name.strip() or login, login=login,
                                password_hash=password_hash, secretariat=secretariat,
                                created_at=now())
            session.add(record)
            session.commit()
            return _user(record)

    def user(self, user_id: str) -> User | None:
        with Session(self._engine) as session:
            record = session.get(UserRecord, user_id)
            return _user(record) if record and record.login else None

    def find_login(self, login: str) -> tuple[User, str] | None:
        """The user with this login and their stored password hash, or None."""
        with Session(self._engine) as session:
            record = session.exec(select(UserRecord).where(
                UserRecord.login == normal_login(login))).first()
            if record is None or not record.password_hash:
                return None
            return _user(record), record.password_hash

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        with Session(self._writer) as session:
            record = session.get(UserRecord, user_id)
            if record is None:
                raise AccountError(f"no user {user_id!r}")
            record.password_hash = password_hash
            session.add(record)
            session.commit()

    def users(self) -> list[User]:
        with Session(self._engine) as session:
            return [_user(r) for r in session.exec(select(UserRecord).where(
                col(UserRecord.login).is_not(None)).order_by(col(UserRecord.login))).all()]

    # ------------------------------------------------------------------ sessions

    def open_session(self, user_id: str, lifetime: timedelta) -> str:
        started = now()
        record = SessionRecord(id=new_id(), user_id=user_id, created_at=started,
                               expires_at=started + lifetime)
        with Session(self._writer) as session:
            session.add(record)
            session.commit()
            return record.id

    def session_user(self, session_id: str) -> User | None:
        """The user of a live session (not ended, not expired), or None."""
        with Session(self._engine) as session:
            record = session.get(SessionRecord, session_id)
            if record is None or record.ended_at or _aware(record.expires_at) <= now():
                return None
            user = session.get(UserRecord, record.user_id)
            return _user(user) if user else None

    def session_expiry(self, session_id: str) -> datetime | None:
        """When a live session expires (None: no such live session)."""
        with Session(self._engine) as session:
            record = session.get(SessionRecord, session_id)
            if record is None or record.ended_at:
                return None
            return _aware(record.expires_at)

    def end_session(self, session_id: str) -> None:
        with Session(self._writer) as session:
            record = session.get(SessionRecord, session_id)
            if record is not None and record.ended_at is None:
                record.ended_at = now()
                session.add(record)
                session.commit()

    # ------------------------------------------------------------------ invitations

    def invite(self, *, login: str, name: str, negotiation_id: str, role: Role,
               delegation: str | None, created_by: str, lifetime: timedelta) -> Invitation:
        created = now()
        record = InvitationRecord(id=new_id(), login=normal_login(login), name=name.strip(),
                                  negotiation_id=negotiation_id, role=str(role),
                                  delegation=delegation, created_by=created_by,
                                  created_at=created, expires_at=created + lifetime)
        with Session(self._writer) as session:
            session.add(record)
            session.commit()
            return _invitation(record)

    def invitation(self, invitation_id: str) -> Invitation | None:
        with Session(self._engine) as session:
            record = session.get(InvitationRecord, invitation_id)
            return _invitation(record) if record else None

    def spend_invitation(self, invitation_id: str) -> bool:
        """Mark the invitation used, atomically; False when it was already used."""
        with Session(self._writer) as session:
            result = session.exec(update(InvitationRecord).where(
                col(InvitationRecord.id) == invitation_id,
                col(InvitationRecord.used_at).is_(None)).values(used_at=now()))
            session.commit()
            return result.rowcount == 1

def _user(record: UserRecord) -> User:
    return User(id=record.id, login=record.login or "", name=record.name,
                secretariat=bool(record.secretariat))


def _invitation(record: InvitationRecord) -> Invitation:
    return Invitation(id=record.id, login=record.login, name=record.name,
                      negotiation_id=record.negotiation_id, role=Role(record.role),
                      delegation=record.delegation, expires_at=_aware(record.expires_at),
                      used_at=record.used_at)
