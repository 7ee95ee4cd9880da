"""The protocol's vocabulary: its version, message types, error codes, close codes and limits.

docs/protocol.md explains each of them; tests/test_protocol.py checks that every type and
code is documented there and that static/sync.js speaks the same types.
"""

from __future__ import annotations

PROTOCOL_VERSION = 1

# client -> server
HELLO = "hello"
EDIT = "edit"
FOCUS = "focus"
INSERT = "insert"
DELETE = "delete"
MOVE = "move"
BRACKET = "bracket"  # the chair's messages: server/chair_messages.py
STATUS = "status"
SELECT = "select"
# server -> client
WELCOME = "welcome"
ACK = "ack"
PATCH = "patch"
PRESENCE = "presence"
STRUCTURE = "structure"
ERROR = "error"
BRACKET_EVENT = "bracket_event"
STATUS_EVENT = "status_event"
SELECTED = "selected"

CLIENT_TYPES = frozenset({HELLO, EDIT, FOCUS, INSERT, DELETE, MOVE, BRACKET, STATUS, SELECT})
SERVER_TYPES = frozenset({WELCOME, ACK, PATCH, PRESENCE, STRUCTURE, ERROR, BRACKET_EVENT,
                          STATUS_EVENT, SELECTED})
CHAIR_TYPES = frozenset({BRACKET, STATUS, SELECT})
MESSAGE_TYPES = CLIENT_TYPES | SERVER_TYPES
STRUCTURE_TYPES = frozenset({INSERT, DELETE, MOVE})

# error codes
BAD_JSON = "bad_json"
TOO_LARGE = "too_large"
BAD_MESSAGE = "bad_message"
UNKNOWN_TYPE = "unknown_type"
PROTOCOL_MISMATCH = "protocol_version"
HELLO_FIRST = "hello_first"
UNKNOWN_DOCUMENT = "unknown_document"
DOCUMENT_TAMPERED = "document_tampered"  # fails verification: refused, never edited
UNKNOWN_PARAGRAPH = "unknown_paragraph"
UNKNOWN_REVISION = "unknown_revision"
OUT_OF_ORDER = "out_of_order"
BAD_DELTA = "bad_delta"
PARAGRAPH_TOO_LONG = "paragraph_too_long"
STORE_FAILED = "store_failed"
RATE_LIMITED = "rate_limited"
TOO_MANY_ERRORS = "too_many_errors"
SERVER_ERROR = "server_error"
FORBIDDEN = "forbidden"  # the permission table refuses this message or action
IDENTITY_CLAIM = "identity_claim"  # hello claimed another delegation; the session's is used
SESSION_ENDED = "session_ended"  # log out, expiry, removal or adoption; the socket closes
BRACKET_GONE = "bracket_gone"  # the bracket acted on is not there any more
REFUSED = "refused"  # a bracket or status rule refuses it
FOREIGN_PROPOSAL = "foreign_proposal"  # an edit types "[NAME: ...]" for another delegation
ERROR_CODES = frozenset({BAD_JSON, TOO_LARGE, BAD_MESSAGE, UNKNOWN_TYPE, PROTOCOL_MISMATCH,
                         HELLO_FIRST, UNKNOWN_DOCUMENT, DOCUMENT_TAMPERED, UNKNOWN_PARAGRAPH,
                         UNKNOWN_REVISION, OUT_OF_ORDER, BAD_DELTA, PARAGRAPH_TOO_LONG,
                         STORE_FAILED, RATE_LIMITED, TOO_MANY_ERRORS, SERVER_ERROR, FORBIDDEN,
                         IDENTITY_CLAIM, SESSION_ENDED, BRACKET_GONE, REFUSED,
                         FOREIGN_PROPOSAL})

# WebSocket close codes the server ends a connection with
POLICY_VIOLATION = 1008  # hello_first, protocol_version, unknown_document, document_tampered,
# too_many_errors
SERVER_FAILURE = 1011  # server_error: the server failed on this connection; reconnect
TOO_SLOW = 1013  # the client stopped reading: its outbound queue passed its bound; reconnect
CLOSE_CODES = frozenset({POLICY_VIOLATION, SERVER_FAILURE, TOO_SLOW})

# limits (the welcome message repeats them to the client)
MAX_FRAME_BYTES = 1_048_576  # one incoming frame, UTF-8 bytes
MAX_PARAGRAPH_UNITS = 262_144  # one paragraph's text, UTF-16 units
MAX_DELTAS = 1_000  # deltas in one edit message (the unacknowledged stack)
MAX_NAME = 80  # characters of a name or delegation
MAX_REF = 64  # characters of a string ref
MAX_ERRORS = 50  # errors in a row before the server closes the connection (code 1008)
HELLO_TIMEOUT = 10.0  # seconds a client has to say hello
LIMITS = {"maxFrameBytes": MAX_FRAME_BYTES, "maxParagraphUnits": MAX_PARAGRAPH_UNITS,
          "maxDeltas": MAX_DELTAS, "maxName": MAX_NAME, "maxErrors": MAX_ERRORS}

SECTIONS = frozenset({"preamble", "operative", "articles"})

__all__ = [name for name in dir() if name.isupper()]
