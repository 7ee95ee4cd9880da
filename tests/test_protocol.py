"""server.protocol: one error shape, limits, and the same message types as static/sync.js."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from server import protocol as wire

ROOT = Path(__file__).resolve().parent.parent
HELLO = {"type": "hello", "protocol": 1, "clientId": "abcdef123456", "name": "Ana",
         "delegation": "CHILE"}


def js_message_types() -> set[str]:
    source = (ROOT / "static" / "sync.js").read_text(encoding="utf-8")
    block = re.search(r"export const MESSAGE = Object\.freeze\(\{(.*?)\}\);", source, re.S)
    assert block, "static/sync.js must export const MESSAGE = Object.freeze({...})"
    pairs = re.findall(r"(\w+):\s*\"([a-z_]+)\"", block.group(1))
    assert all(key == value for key, value in pairs), pairs
    return {value for _, value in pairs}


def test_javascript_and_python_speak_the_same_message_types() -> None:
    assert js_message_types() == set(wire.MESSAGE_TYPES)


def test_javascript_protocol_version_matches() -> None:
    source = (ROOT / "static" / "sync.js").read_text(encoding="utf-8")
    assert f"export const PROTOCOL_VERSION = {wire.PROTOCOL_VERSION};" in source


def test_every_message_type_and_error_code_is_documented() -> None:
    doc = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    for kind in wire.MESSAGE_TYPES:
        assert f'"type": "{kind}"' in doc, f"docs/protocol.md has no example of {kind}"
    for code in wire.ERROR_CODES:
        assert f"`{code}`" in doc, f"docs/protocol.md does not explain error {code}"


def test_a_valid_hello_and_edit_parse() -> None:
    hello = wire.parse(json.dumps(HELLO))
    assert hello == wire.Hello("abcdef123456", "Ana", "CHILE")
    edit = wire.parse(json.dumps({"type": "edit", "p": "op-1", "m": 3, "n": 0,
                                  "deltas": ["=3\t+x"], "ref": "edit:op-1"}))
    assert edit == wire.Edit("op-1", 3, 0, ("=3\t+x",), None, "edit:op-1")


@pytest.mark.parametrize(("frame", "code", "words"), [
    ("{not json", wire.BAD_JSON, "not JSON"),
    ("[1, 2]", wire.BAD_MESSAGE, "JSON object"),
    ('{"type": "shout"}', wire.UNKNOWN_TYPE, "unknown message type 'shout'"),
    ('{"type": "welcome"}', wire.UNKNOWN_TYPE, "unknown message type"),
    ('{"type": "edit", "p": "op-1", "m": 0, "n": -1, "deltas": []}', wire.BAD_MESSAGE,
     "'n' must be an integer >= 0"),
    ('{"type": "edit", "p": "op 1", "m": 0, "n": 0, "deltas": []}', wire.BAD_MESSAGE,
     "'p' must be a paragraph id"),
    ('{"type": "edit", "p": "op-1", "m": 0, "n": 0, "deltas": [3]}', wire.BAD_MESSAGE,
     "'deltas' must be a list"),
    ('{"type": "edit", "p": "op-1", "m": true, "n": 0, "deltas": []}', wire.BAD_MESSAGE,
     "'m' must be an integer"),
    ('{"type": "hello", "protocol": 2, "clientId": "abcdef123456", "name": "A"}',
     wire.PROTOCOL_MISMATCH, "'protocol' must be 1"),
    ('{"type": "hello", "protocol": 1, "clientId": "x", "name": "A"}', wire.BAD_MESSAGE,
     "'clientId' must be 8-64"),
    ('{"type": "insert", "section": "annex", "text": ""}', wire.BAD_MESSAGE,
     "'section' must be one of"),
    ('{"type": "focus", "p": "op-1", "ref": {"a": 1}}', wire.BAD_MESSAGE, "'ref' must be"),
])
def test_bad_frames_get_one_error_that_names_the_rule(frame: str, code: str,
                                                       words: str) -> None:
    with pytest.raises(wire.ProtocolError) as caught:
        wire.parse(frame)
    assert caught.value.code == code
    assert words in str(caught.value)
    shape = json.loads(wire.encode(wire.error(caught.value.code, str(caught.value),
                                              caught.value.ref)))
    assert set(shape) == {"type", "code", "message", "ref"} and shape["type"] == "error"


def test_the_ref_of_a_bad_message_is_echoed() -> None:
    with pytest.raises(wire.ProtocolError) as caught:
        wire.parse('{"type": "edit", "p": "op-1", "ref": 42}')
    assert caught.value.ref == 42


def test_an_oversized_frame_is_refused_before_it_is_decoded() -> None:
    frame = json.dumps({"type": "edit", "p": "op-1", "m": 0, "n": 0,
                        "deltas": ["+" + "x" * wire.MAX_FRAME_BYTES]})
    with pytest.raises(wire.ProtocolError) as caught:
        wire.parse(frame)
    assert caught.value.code == wire.TOO_LARGE


def test_deeply_nested_json_is_a_bad_json_error_not_a_crash() -> None:
    with pytest.raises(wire.ProtocolError) as caught:
        wire.parse("[" * 100_000 + "]" * 100_000)
    assert caught.value.code in (wire.BAD_JSON, wire.BAD_MESSAGE)


def test_limits_are_what_the_welcome_announces() -> None:
    assert wire.LIMITS["maxFrameBytes"] == wire.MAX_FRAME_BYTES
    assert wire.LIMITS["maxParagraphUnits"] == wire.MAX_PARAGRAPH_UNITS


def documented_examples() -> list[dict]:
    doc = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    examples = []
    decoder = json.JSONDecoder()
    for block in re.findall(r"```json\n(.*?)```", doc, re.S):
        position = 0
        while position < len(block.strip()):
            while block[position].isspace():
                position += 1
            value, position = decoder.raw_decode(block, position)
            examples.append(value)
            if not block[position:].strip():
                break
    return examples


def test_every_documented_client_message_is_accepted_by_the_server() -> None:
    examples = documented_examples()
    assert len(examples) >= 13
    clients = [e for e in examples if e.get("type") in wire.CLIENT_TYPES]
    assert {e["type"] for e in clients} == set(wire.CLIENT_TYPES)
    for example in clients:
        assert wire.parse(json.dumps(example)).type == example["type"]
    errors = [e for e in examples if e.get("type") == "error"]
    assert all(set(e) == {"type", "code", "message", "ref"} for e in errors)


EDIT = '{"type": "edit", "p": "op-1", "m": 0, "n": 0, "deltas": [%s]}'


@pytest.mark.parametrize(("frame", "code", "words"), [
    ('{"type": []}', wire.UNKNOWN_TYPE, "unknown message type []"),
    ('{"type": {"a": 1}}', wire.UNKNOWN_TYPE, "unknown message type"),
    (b'{"type": "focus", "p": null}', wire.BAD_JSON, "binary frame"),
    ('{"type": "hello", "protocol": 1, "clientId": "abcdef123456", "name": "evil\\ud800"}',
     wire.BAD_MESSAGE, "'name' holds a lone surrogate U+D800"),
    ('{"type": "hello", "protocol": 1, "clientId": "abcdef123456", "name": "A", '
     '"delegation": "\\udc00X"}', wire.BAD_MESSAGE, "'delegation' holds a lone surrogate"),
    ('{"type": "hello", "protocol": 1, "clientId": "abcdef123456", "name": "A\\u0000"}',
     wire.BAD_MESSAGE, "'name' holds NUL"),
    (EDIT % '"=3\\t+x\\ud83d"', wire.BAD_DELTA, "deltas[0] holds a lone surrogate U+D83D"),
    (EDIT % '"=3\\t+%ZZ"', wire.BAD_DELTA, "deltas[0], token 2: invalid %-escape '%ZZ'"),
    (EDIT % '"+50%"', wire.BAD_DELTA, "invalid %-escape '%'"),
    (EDIT % '"+%FF%FE"', wire.BAD_DELTA, "not UTF-8"),
    (EDIT % '"+%ED%A0%80"', wire.BAD_DELTA, "not UTF-8"),  # an escaped surrogate
    (EDIT % '"+%00"', wire.BAD_DELTA, "token 1 holds NUL"),
    (EDIT % '"=x"', wire.BAD_DELTA, "'=' must be followed by a count"),
    (EDIT % '"=-3"', wire.BAD_DELTA, "'=' must be followed by a count"),
    (EDIT % '"*3"', wire.BAD_DELTA, "a token starts with '=', '-' or '+'"),
    ('{"type": "edit", "p": "op-1", "m": 0, "n": 0, "deltas": [], "base": "a\\udfffb"}',
     wire.BAD_MESSAGE, "'base' holds a lone surrogate"),
    ('{"type": "insert", "section": "operative", "text": "\\ud800"}', wire.BAD_MESSAGE,
     "'text' holds a lone surrogate"),
    ('{"type": "focus", "p": null, "ref": NaN}', wire.BAD_MESSAGE, "'ref' must be a finite"),
    ('{"type": "focus", "p": null, "ref": "\\ud800"}', wire.BAD_MESSAGE, "'ref' holds"),
    ('{"type": "focus", "p": ["op-1"]}', wire.BAD_MESSAGE, "'p' must be a paragraph id"),
    ('{"type": "move", "p": "op-1", "after": 7}', wire.BAD_MESSAGE, "'after' must be"),
])
def test_hostile_strings_are_refused_with_the_rule_named(frame: str | bytes, code: str,
                                                          words: str) -> None:
    with pytest.raises(wire.ProtocolError) as caught:
        wire.parse(frame)
    assert caught.value.code == code
    assert words in str(caught.value)
    str(caught.value).encode("utf-8")  # the message itself can always be sent


@pytest.mark.parametrize("delta", ["", "=0", "=3\t+a b\t-2", "+%F0%9F%98%80", "+100%25",
                                   "=1\t\t+x", "+;/?:@&=+$,#"])
def test_well_formed_deltas_pass(delta: str) -> None:
    edit = wire.parse(json.dumps({"type": "edit", "p": "op-1", "m": 0, "n": 0,
                                  "deltas": [delta]}))
    assert isinstance(edit, wire.Edit) and edit.deltas == (delta,)


def test_every_server_frame_can_be_encoded_even_with_a_lone_surrogate_inside() -> None:
    frame = wire.encode(wire.Presence((wire.Editor("evil\ud800", None, "op-1"),)))
    frame.encode("utf-8")
    assert json.loads(frame)["editors"][0]["name"] == "evil\ud800"
    assert "é" in wire.encode(wire.Editor("é", None, None).to_wire())  # UTF-8 when it can be


def test_the_documented_closes_and_limits_are_the_codes() -> None:
    from server.settings import Settings

    doc = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
    closes = doc[doc.index("### Closes"):doc.index("## Acknowledgements")]
    for code in wire.CLOSE_CODES:
        assert f"| {code} |" in closes, f"docs/protocol.md does not explain close {code}"
    defaults = Settings()
    for what, rate in (("`edit` messages", defaults.edit_rate),
                       ("`focus` messages", defaults.presence_rate),
                       ("`insert`, `delete` and `move` messages", defaults.structure_rate)):
        row = next(line for line in doc.splitlines() if line.startswith(f"| {what}"))
        assert f"{rate.per_second:g} a second, bursts of {rate.burst}" in row, row
    outbound = f"{defaults.outbound_frames:,} frames or {defaults.outbound_bytes // 2**20} MiB"
    assert outbound in closes and outbound in doc[doc.index("## Limits"):]
    assert f"| bad messages in a row | {wire.MAX_ERRORS}, then" in doc
