"""Invitation links: ``/invitations/{token}``, the token signed (itsdangerous) with the session
secret and carrying the invitation's id; it expires after ``max_age`` seconds and works once
(the row's ``used_at``, server/store/accounts.py)."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "plenary.invitation"
LIFETIME_SECONDS = 7 * 24 * 3600


class InvitationRefused(ValueError):
    """An invitation link that is forged, expired or already used; the message says which."""


class InvitationSigner:
    def __init__(self, secret: str, max_age: int = LIFETIME_SECONDS) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=SALT)
        self.max_age = max_age

    def token(self, invitation_id: str) -> str:
        return self._serializer.dumps(invitation_id)

    def invitation_id(self, token: str) -> str:
        try:
            return str(self._serializer.loads(token, max_age=self.max_age))
        except SignatureExpired:
            raise InvitationRefused("this invitation has expired; ask the secretariat for "
                                    "a new one") from None
        except BadSignature:
            raise InvitationRefused("this invitation link is not valid") from None
