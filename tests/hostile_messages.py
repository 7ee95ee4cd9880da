"""Test helper: generated bad messages of every category, each with the answer the protocol
documents for it (docs/protocol.md, *error* and *Closes*).

``session_messages(rng, document)`` are sent after a valid hello: each gets one ``error`` whose
code is in ``codes`` (and echoes ``ref`` when the message was read far enough to have one), or,
for a text frame that is not UTF-8, the close ``close`` and nothing else. ``first_frames(rng)``
are the first frame of a new connection: each gets its error, then the close 1008.
"""

from __future__ import annotations

import json
import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from server import protocol as wire

NO_REF = object()  # the error's ref is null: the message could not be read that far


@dataclass(frozen=True)
class Bad:
    category: str
    frame: str | bytes
    codes: frozenset[str] = frozenset()  # the error codes that may answer it
    ref: Any = NO_REF  # the ref the error echoes
    close: int | None = None  # the close that follows the error (or comes alone)
    as_text: bool = False  # bytes sent as a text frame (not UTF-8)


@dataclass(frozen=True)
class Target:
    """What a generated message may name: the document's paragraphs, their texts at revision
    0 (the welcome)."""

    paragraph_ids: tuple[str, ...]
    texts: tuple[str, ...]


def lone_surrogate(rng: random.Random) -> str:
    return chr(rng.randint(0xD800, 0xDFFF))


def poisoned(rng: random.Random, text: str = "") -> str:
    """``text`` with a lone surrogate or a NUL somewhere in it."""
    bad = lone_surrogate(rng) if rng.random() < 0.8 else "\x00"
    at = rng.randint(0, len(text))
    return text[:at] + bad + text[at:]


def garbage(rng: random.Random, size: int = 20) -> str:
    return "".join(rng.choice(string.printable) for _ in range(rng.randint(1, size)))


def _json(message: dict[str, Any]) -> str:
    return json.dumps(message)  # ensure_ascii: a lone surrogate travels as its \\u escape


def _answered(category: str, message: dict[str, Any], *codes: str,
              echo: bool = True) -> Bad:
    return Bad(category, _json(message), frozenset(codes),
               message.get("ref") if echo else NO_REF)


# -- in a session -------------------------------------------------------------------------

def not_json(rng: random.Random, _: Target, ref: str) -> Bad:
    frame = rng.choice(["{not json", "", "nul", "{'type': 'edit'}", '{"type": "edit"',
                        "[1, 2", garbage(rng), "\t", '{"type": "focus", "p": null}}'])
    return Bad("not JSON", frame, frozenset({wire.BAD_JSON}))


def not_an_object(rng: random.Random, _: Target, ref: str) -> Bad:
    frame = rng.choice(["[]", "1", '"edit"', "null", "true", '[{"type": "focus"}]', "3.5"])
    return Bad("not an object", frame, frozenset({wire.BAD_MESSAGE}))


def binary(rng: random.Random, _: Target, ref: str) -> Bad:
    frame = rng.choice([rng.randbytes(rng.randint(1, 40)), b"\xff\xfe binary",
                        _json({"type": "focus", "p": None, "ref": ref}).encode()])
    return Bad("binary frame", frame, frozenset({wire.BAD_JSON}))


def unknown_type(rng: random.Random, _: Target, ref: str) -> Bad:
    kind = rng.choice([[], {}, 5, None, True, "shout", "welcome", "ack", "HELLO", "edit ",
                       poisoned(rng, "edit"), ["edit"]])
    message = {"type": kind, "ref": ref} if kind is not None else {"ref": ref}
    return _answered("unknown type", message, wire.UNKNOWN_TYPE)


def bad_ref(rng: random.Random, target: Target, ref: str) -> Bad:
    value = rng.choice([{}, [], "r" * 65, poisoned(rng, "ref"), {"a": [1]}])
    frame = _json({"type": "focus", "p": None, "ref": value})
    if rng.random() < 0.3:
        number = rng.choice(["NaN", "Infinity", "-Infinity", "1e400"])
        frame = '{"type": "focus", "p": null, "ref": ' + number + "}"
    return Bad("bad ref", frame, frozenset({wire.BAD_MESSAGE}))


def bad_field(rng: random.Random, target: Target, ref: str) -> Bad:
    pid = rng.choice(target.paragraph_ids)
    edit = {"type": "edit", "p": pid, "m": 0, "n": 0, "deltas": [], "ref": ref}
    broken = rng.choice([
        {"p": None}, {"p": 7}, {"p": [pid]}, {"p": "op 1"}, {"p": "x" * 200}, {"m": "0"},
        {"m": True}, {"m": -2}, {"m": 1.5}, {"m": 2**53}, {"n": -1}, {"n": "1"}, {"n": None},
        {"deltas": "=3"}, {"deltas": [1]}, {"deltas": {}}, {"deltas": None},
        {"deltas": [""] * (wire.MAX_DELTAS + 1)}, {"base": 5}, {"base": []},
    ])
    others = [
        {"type": "focus", "p": 5, "ref": ref}, {"type": "focus", "p": [], "ref": ref},
        {"type": "insert", "after": None, "section": "annex", "text": "", "ref": ref},
        {"type": "insert", "after": None, "section": None, "text": "", "ref": ref},
        {"type": "insert", "after": None, "section": "operative", "text": 5, "ref": ref},
        {"type": "insert", "after": 5, "section": "operative", "text": "", "ref": ref},
        {"type": "delete", "p": None, "ref": ref}, {"type": "move", "p": 5, "ref": ref},
        {"type": "hello", "protocol": 1, "clientId": "x", "name": "Again", "ref": ref},
    ]
    message = dict(edit, **broken) if rng.random() < 0.6 else rng.choice(others)
    return _answered("wrong field", message, wire.BAD_MESSAGE)


def poisoned_string(rng: random.Random, target: Target, ref: str) -> Bad:
    index = rng.randrange(len(target.paragraph_ids))
    pid, text = target.paragraph_ids[index], target.texts[index]
    choice = rng.randrange(6)
    if choice == 0:
        message = {"type": "edit", "p": pid, "m": -1, "n": 0, "base": poisoned(rng, text),
                   "deltas": [], "ref": ref}
        return _answered("lone surrogate or NUL", message, wire.BAD_MESSAGE)
    if choice == 1:
        message = {"type": "edit", "p": pid, "m": 0, "n": 0, "ref": ref,
                   "deltas": [f"=1\t+{poisoned(rng, 'words')}"]}
        return _answered("lone surrogate or NUL", message, wire.BAD_DELTA)
    if choice == 2:
        message = {"type": "insert", "after": pid, "section": "operative", "ref": ref,
                   "text": poisoned(rng, "New paragraph")}
        return _answered("lone surrogate or NUL", message, wire.BAD_MESSAGE)
    if choice == 3:
        message = {"type": "focus", "p": poisoned(rng, pid), "ref": ref}
        return _answered("lone surrogate or NUL", message, wire.BAD_MESSAGE)
    if choice == 4:
        message = {"type": "hello", "protocol": 1, "clientId": "again-12345", "ref": ref,
                   "name": poisoned(rng, "evil"), "delegation": poisoned(rng, "EVIL")}
        return _answered("lone surrogate or NUL", message, wire.BAD_MESSAGE)
    message = {"type": "edit", "p": poisoned(rng, pid), "m": 0, "n": 0, "deltas": [],
               "ref": ref}
    return _answered("lone surrogate or NUL", message, wire.BAD_MESSAGE)


def bad_escape(rng: random.Random, target: Target, ref: str) -> Bad:
    words = rng.choice(["%ZZ", "%", "%4", "50%", "%FF", "%C3", "%C3%28", "%ED%A0%80",
                        "%00", "ok%G1", "%E2%82", "%F0%9F%98"])
    pid = rng.choice(target.paragraph_ids)
    message = {"type": "edit", "p": pid, "m": 0, "n": 0, "deltas": [f"=2\t+{words}"],
               "ref": ref}
    return _answered("bad %-escape", message, wire.BAD_DELTA)


def bad_token(rng: random.Random, target: Target, ref: str) -> Bad:
    token = rng.choice(["=x", "-", "=-1", "*3", "=1.5", "x", "= 3", "+a\t?", "=١٢"])
    message = {"type": "edit", "p": rng.choice(target.paragraph_ids), "m": 0, "n": 0,
               "deltas": [token], "ref": ref}
    return _answered("bad delta token", message, wire.BAD_DELTA)


def misfit(rng: random.Random, target: Target, ref: str) -> Bad:
    pid = rng.choice(target.paragraph_ids)
    delta = rng.choice(["=999999\t+x", "-3", "=5", "=1\t-99", "+x"])
    message = {"type": "edit", "p": pid, "m": -1, "n": 0, "base": "abcd", "deltas": [delta],
               "ref": ref}
    return _answered("delta that does not fit", message, wire.BAD_DELTA)


def unknown_names(rng: random.Random, target: Target, ref: str) -> Bad:
    pid = rng.choice(target.paragraph_ids)
    message = rng.choice([
        ({"type": "edit", "p": "op-404", "m": 0, "n": 0, "deltas": []}, wire.UNKNOWN_PARAGRAPH),
        ({"type": "delete", "p": "op-404"}, wire.UNKNOWN_PARAGRAPH),
        ({"type": "move", "p": "op-404", "after": None}, wire.UNKNOWN_PARAGRAPH),
        ({"type": "move", "p": pid, "after": "op-404"}, wire.UNKNOWN_PARAGRAPH),
        ({"type": "insert", "after": "op-404", "section": "operative", "text": ""},
         wire.UNKNOWN_PARAGRAPH),
        ({"type": "move", "p": pid, "after": pid}, wire.BAD_MESSAGE),
        ({"type": "edit", "p": pid, "m": 10**9, "n": 0, "deltas": []}, wire.UNKNOWN_REVISION),
    ])
    return _answered("names what does not exist", dict(message[0], ref=ref), message[1])


def too_large(rng: random.Random, target: Target, ref: str) -> Bad:
    pid = rng.choice(target.paragraph_ids)
    if rng.random() < 0.5:
        message = {"type": "edit", "p": pid, "m": 0, "n": 0, "ref": ref,
                   "deltas": ["+" + "x" * (wire.MAX_FRAME_BYTES + 10)]}
        return Bad("too large", _json(message), frozenset({wire.TOO_LARGE}))
    message = {"type": "edit", "p": pid, "m": -1, "n": 0, "base": "", "ref": ref,
               "deltas": ["+" + "y" * (wire.MAX_PARAGRAPH_UNITS + 10)]}
    return _answered("too large", message, wire.PARAGRAPH_TOO_LONG)


Maker = Callable[[random.Random, Target, str], Bad]
CHEAP: list[Maker] = [not_json, not_an_object, binary, unknown_type, bad_ref, bad_field,
                      poisoned_string, bad_escape, bad_token, misfit, unknown_names]


def session_messages(rng: random.Random, target: Target, count: int) -> list[Bad]:
    """``count`` bad messages of every category (a few costly large ones among them)."""
    made = []
    for index in range(count):
        maker = too_large if index % 100 == 50 else CHEAP[index % len(CHEAP)] \
            if index < len(CHEAP) * 3 else rng.choice(CHEAP)
        made.append(maker(rng, target, f"bad:{index}"))
    return made


def not_utf8_text(rng: random.Random) -> Bad:
    """A text frame that is not UTF-8: the WebSocket layer closes with 1007, no error."""
    frame = rng.choice([b'{"type": "focus", "p": "\xff"}', b"\xc3\x28", rng.randbytes(12)
                        + b"\xff"])
    return Bad("text frame not UTF-8", frame, close=1007, as_text=True)


# -- the first frame ------------------------------------------------------------------------

def hello(client_id: str, name: Any = "Noise", delegation: Any = None,
          **more: Any) -> dict[str, Any]:
    return {"type": "hello", "protocol": 1, "clientId": client_id, "name": name,
            "delegation": delegation, **more}


def first_frames(rng: random.Random, count: int) -> list[Bad]:
    made = []
    for index in range(count):
        client_id = f"first-{index:05d}"
        ref = f"first:{index}"
        choice = index % 9
        if choice == 0:
            made.append(Bad("first: binary", _json(hello(client_id)).encode(),
                            frozenset({wire.BAD_JSON}), close=wire.POLICY_VIOLATION))
        elif choice == 1:
            made.append(Bad("first: not JSON", garbage(rng), frozenset({wire.BAD_JSON}),
                            close=wire.POLICY_VIOLATION))
        elif choice == 2:
            made.append(Bad("first: not hello", _json({"type": "focus", "p": None, "ref": ref}),
                            frozenset({wire.HELLO_FIRST}), ref, close=wire.POLICY_VIOLATION))
        elif choice == 3:
            made.append(Bad("first: poisoned name", _json(hello(client_id, poisoned(
                rng, "evil"), ref=ref)), frozenset({wire.BAD_MESSAGE}), ref,
                close=wire.POLICY_VIOLATION))
        elif choice == 4:
            made.append(Bad("first: poisoned delegation", _json(hello(
                client_id, "Eve", poisoned(rng, "EVIL"), ref=ref)),
                frozenset({wire.BAD_MESSAGE}), ref, close=wire.POLICY_VIOLATION))
        elif choice == 5:
            made.append(Bad("first: unknown type", _json({"type": [], "ref": ref}),
                            frozenset({wire.UNKNOWN_TYPE}), ref, close=wire.POLICY_VIOLATION))
        elif choice == 6:
            made.append(Bad("first: protocol", _json(dict(hello(client_id), protocol=2,
                                                          ref=ref)),
                            frozenset({wire.PROTOCOL_MISMATCH}), ref,
                            close=wire.POLICY_VIOLATION))
        elif choice == 7:
            made.append(Bad("first: bad client id", _json(hello("x", ref=ref)),
                            frozenset({wire.BAD_MESSAGE}), ref, close=wire.POLICY_VIOLATION))
        else:
            made.append(not_utf8_text(rng))
    return made
