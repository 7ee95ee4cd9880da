"""``Negotiations``: negotiations, the documents they hold (adopted or not), their members.

A document in no negotiation (imported on the command line) is reachable by the
installation's secretariat only, until it is added to one.
"""

from __future__ import annotations

import json

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from negotiation.permissions import Role
from negotiation.registries import Delegation, all_delegations, registry_for
from server.people.accounts import AccountError, now
from server.people.tables import MembershipRecord, NegotiationDocumentRecord, NegotiationRecord
from server.people.types import DocumentPlace, Member, Negotiation, User
from server.store.ledger import new_id
from server.tables import UserRecord


class Negotiations:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # writes take SQLite's write lock up front (BEGIN IMMEDIATE, server/db.py): a
        # transaction that reads first and upgrades later fails at once with "database is
        # locked" when a room's commit holds the lock, instead of waiting its turn
        self._writer = engine.execution_options(plenary_write=True)

    def create(self, name: str, organisation: str, *, created_by: str) -> Negotiation:
        registry_for(organisation)  # ValueError for an unknown organisation
        record = NegotiationRecord(id=new_id(), name=name.strip(),
                                   organisation=organisation.strip().upper(),
                                   created_at=now(), created_by=created_by)
        if not record.name:
            raise AccountError("a negotiation needs a name")
        with Session(self._writer) as session:
            session.add(record)
            session.flush()
            session.add(MembershipRecord(negotiation_id=record.id, user_id=created_by,
                                         role=str(Role.SECRETARIAT)))
            session.commit()
            return _negotiation(record)

    def get(self, negotiation_id: str) -> Negotiation | None:
        with Session(self._engine) as session:
            record = session.get(NegotiationRecord, negotiation_id)
            return _negotiation(record) if record else None

    def find_by_name(self, name: str) -> Negotiation | None:
        with Session(self._engine) as session:
            record = session.exec(select(NegotiationRecord).where(
                NegotiationRecord.name == name)).first()
            return _negotiation(record) if record else None

    def all(self) -> list[Negotiation]:
        with Session(self._engine) as session:
            return [_negotiation(r) for r in session.exec(select(NegotiationRecord).order_by(
                col(NegotiationRecord.created_at))).all()]

    def of_user(self, user_id: str) -> list[tuple[Negotiation, Role]]:
        with Session(self._engine) as session:
            rows = session.exec(select(NegotiationRecord, MembershipRecord.role).join(
                MembershipRecord, col(MembershipRecord.negotiation_id) == NegotiationRecord.id
            ).where(MembershipRecord.user_id == user_id).order_by(
                col(NegotiationRecord.created_at))).all()
            return [(_negotiation(record), Role(role)) for record, role in rows]

    # ------------------------------------------------------------------ documents

    def add_document(self, negotiation_id: str, document_id: str) -> None:
        with Session(self._writer) as session:
            if session.get(NegotiationDocumentRecord, document_id) is None:
                session.add(NegotiationDocumentRecord(document_id=document_id,
                                                      negotiation_id=negotiation_id))
                session.commit()

    def documents(self, negotiation_id: str) -> list[DocumentPlace]:
        with Session(self._engine) as session:
            return [_place(r) for r in session.exec(select(NegotiationDocumentRecord).where(
                NegotiationDocumentRecord.negotiation_id == negotiation_id)).all()]

    def place(self, document_id: str) -> DocumentPlace:
        with Session(self._engine) as session:
            record = session.get(NegotiationDocumentRecord, document_id)
            return _place(record) if record else DocumentPlace(document_id, None, False)

    def adopt(self, document_id: str, *, by: str) -> None:
        with Session(self._writer) as session:
            record = session.get(NegotiationDocumentRecord, document_id)
            if record is None:
                raise AccountError(f"document {document_id!r} is in no negotiation")
            if record.adopted_at is None:
                record.adopted_at, record.adopted_by = now(), by
                session.add(record)
                session.commit()

    # ------------------------------------------------------------------ members

    def add_member(self, negotiation_id: str, user_id: str, role: Role,
                   delegation: str | None = None) -> Member:
        negotiation = self.get(negotiation_id)
        if negotiation is None:
            raise AccountError(f"no negotiation {negotiation_id!r}")
        if role is Role.DELEGATE:
            found = registry_for(negotiation.organisation).get(delegation or "")
            if found is None:
                raise AccountError(f"a delegate speaks for a delegation of "
                                   f"{negotiation.organisation}; {delegation!r} is none")
        else:
            delegation = None
        with Session(self._writer) as session:
            record = session.get(MembershipRecord, (negotiation_id, user_id))
            record = record or MembershipRecord(negotiation_id=negotiation_id, user_id=user_id,
                                                role=str(role))
            if role is not Role.DELEGATE or record.delegation != delegation:
                record.speaks_for = None  # named for the seat they held, not a new one
            record.role, record.delegation = str(role), delegation
            session.add(record)
            session.commit()
        member = self.membership(negotiation_id, user_id)
        assert member is not None
        return member

    def name_groups(self, negotiation_id: str, user_id: str, groups: list[str]) -> Member:
        """Name the negotiating groups (registry keys, "g77-china") the delegate ``user_id``
        may also speak for, replacing those named before (none: speaks for their own
        delegation only). ``AccountError`` saying why otherwise: not a delegate, not a group,
        their own delegation."""
        negotiation = self.get(negotiation_id)
        member = self.membership(negotiation_id, user_id)
        if negotiation is None or member is None:
            raise AccountError("no such member of this negotiation")
        if member.role is not Role.DELEGATE:
            raise AccountError(f"only a delegate speaks for a group; {member.user.name} is "
                               f"{member.role}")
        keys: list[str] = []
        for key in groups:
            group = group_of(negotiation.organisation, key)
            if group.key == member.delegation:
                raise AccountError(f"{member.user.name} is seated for {group.name} already")
            if group.key not in keys:
                keys.append(group.key)
        with Session(self._writer) as session:
            record = session.get(MembershipRecord, (negotiation_id, user_id))
            if record is None:
                raise AccountError("no such member of this negotiation")
            record.speaks_for = json.dumps(sorted(keys)) if keys else None
            session.add(record)
            session.commit()
        named = self.membership(negotiation_id, user_id)
        assert named is not None
        return named

    def remove_member(self, negotiation_id: str, user_id: str) -> None:
        with Session(self._writer) as session:
            record = session.get(MembershipRecord, (negotiation_id, user_id))
            if record is not None:
                session.delete(record)
                session.commit()

    def membership(self, negotiation_id: str, user_id: str) -> Member | None:
        return next((m for m in self.members(negotiation_id) if m.user.id == user_id), None)

    def members(self, negotiation_id: str) -> list[Member]:
        with Session(self._engine) as session:
            rows = session.exec(select(MembershipRecord, UserRecord).join(
                UserRecord, col(UserRecord.id) == MembershipRecord.user_id).where(
                MembershipRecord.negotiation_id == negotiation_id).order_by(
                col(UserRecord.login))).all()
            return [Member(negotiation_id, User(u.id, u.login or "", u.name, u.secretariat),
                           Role(m.role), m.delegation, _keys(m.speaks_for)) for m, u in rows]


def group_of(organisation: str, key: str) -> Delegation:
    """The negotiating group with registry key ``key`` (the organisation's registry first,
    then every group Plenary knows); ``AccountError`` saying why when there is none."""
    found = registry_for(organisation).get(key) or all_delegations().get(key)
    if found is None:
        raise AccountError(f"{key[:40]!r} is no delegation of the registries")
    if found.kind != "group":
        raise AccountError(f"{found.name} is a {found.kind}, not a negotiating group: a "
                           "delegate speaks for one state, and for groups besides")
    return found


def _keys(stored: str | None) -> tuple[str, ...]:
    return tuple(json.loads(stored)) if stored else ()


def _negotiation(record: NegotiationRecord) -> Negotiation:
    return Negotiation(record.id, record.name, record.organisation)


def _place(record: NegotiationDocumentRecord) -> DocumentPlace:
    return DocumentPlace(record.document_id, record.negotiation_id,
                         record.adopted_at is not None)
