"""Settings of the Plenary server, read from the environment when the app is created.

Nothing here runs at import: ``Settings.from_environment()`` is called by ``create_app`` callers
(the ``negotiation serve`` command, tests), so importing ``server.app`` reads no variable.

Environment variables (all optional):

=========================  =====================================================================
``DATABASE_URL``           SQLAlchemy URL of the database, e.g.
                           ``postgresql+psycopg://plenary@127.0.0.1:5432/plenary`` or
                           ``sqlite:////srv/plenary/plenary.sqlite3``. Unset: the embedded SQLite
                           file ``plenary.sqlite3`` in ``PLENARY_DATA_DIR``.
``PLENARY_DATA_DIR``       folder of the embedded SQLite file (default ``data``, relative to the
                           working directory); created when missing.
``PLENARY_HOST``           interface ``negotiation serve`` listens on (default ``127.0.0.1``).
``PLENARY_PORT``           TCP port (default ``8000``, range 1–65535; ``--port`` of
                           ``negotiation serve`` takes the same range, ``PORTS``).
``PLENARY_DEMO``           ``1``/``true``/``yes``: load the seed drafts at start-up (default off).
``PLENARY_COALESCE_PAUSE`` seconds of quiet after which one person's burst of keystrokes in a
                           paragraph becomes one version (default ``2.0``, range 0.05–60).
``PLENARY_FENCE_WATCH``    seconds between two reads of an open room's document fence, the
                           fallback that finds a write made outside the room (a revision, an
                           import) when no revision notice reached it (default ``0.5``, range
                           0.05–600; server/live/fence.py).
``PLENARY_SEEDS_DIR``      folder of the demo seed drafts (default ``fixtures/seeds``).
``PLENARY_STORE_WRITER``   where live editing's writes run: ``thread`` (default: a thread of the
                           server) or ``process`` (worker processes of their own, about 60 MB
                           each; see server/store_writer.py).
``PLENARY_REDIS_URL``      Redis URL, e.g. ``redis://127.0.0.1:6379/0``: what crosses documents
                           (claims, revision notices, session revocation) goes through Redis to
                           every server process (server/conference.py), and failed logins are
                           counted there for every process (server/auth/rate_limit.py). Unset
                           (default): the in-process fan-out and counts of one process.
``PLENARY_REDIS_NAMESPACE`` the prefix of every Redis channel and key Plenary uses (default
                           ``plenary``: channel ``plenary:conference``): installations sharing
                           one Redis must each have their own, or they hear each other's
                           notices and session revocations (1–64 letters, digits, ``.``,
                           ``_``, ``-``; server/redis_fanout.py).
``PLENARY_INSTANCE``       this process's name among several (default ``HOST:PORT``), shown by
                           ``/healthz`` and carried on what it publishes through Redis.
``PLENARY_INTEGRITY_KEY``  the integrity key that signs document heads and seals working texts,
                           as 64 hexadecimal digits (32 bytes). Unset: the file
                           ``integrity.key`` in ``PLENARY_DATA_DIR``, made on first run with
                           mode 0600 (server/integrity_key.py, docs/integrity.md). Never in the
                           database, never in the repository.
``PLENARY_EDIT_RATE``      edit messages one connection may send: ``RATE/BURST``, a token
                           bucket refilled with RATE per second holding at most BURST (default
                           ``60/240``); past it an edit gets the error ``rate_limited``.
``PLENARY_PRESENCE_RATE``  focus messages per connection, ``RATE/BURST`` (default ``10/40``).
``PLENARY_STRUCTURE_RATE`` insert, delete and move messages per connection, ``RATE/BURST``
                           (default ``2/20``).
``PLENARY_OUTBOUND_FRAMES`` frames queued for one connection that does not read them before
                           it is closed (code 1013; default ``10000``, at least 16).
``PLENARY_OUTBOUND_BYTES`` the same bound in bytes of queued frames (default ``16777216``, 16
                           MiB, at least 65536).
``PLENARY_SESSION_SECRET`` the secret that signs session cookies and invitation links. Unset:
                           generated once into ``PLENARY_DATA_DIR/session_secret`` (mode 0600).
``PLENARY_SECURE_COOKIES`` ``1``: the session cookie is sent over HTTPS only (set it behind an
                           HTTPS reverse proxy; docs/deployment.md). Default off.
=========================  =====================================================================

``VARIABLES`` below is the list of these names that ``from_environment`` reads (a test checks
that it reads exactly those, and that each is documented here and in README.md). Nothing else
in Plenary reads the environment for a setting: server/db.py and the commands take what the
settings resolved.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

DATABASE_FILE = "plenary.sqlite3"
PORTS = range(1, 65536)  # 0 ("any free port") is refused: the start-up line names the port
PORTS_TEXT = f"{PORTS.start}–{PORTS.stop - 1}"
VARIABLES = {  # environment variable -> the Settings field it sets
    "DATABASE_URL": "database_url", "PLENARY_DATA_DIR": "data_dir", "PLENARY_HOST": "host",
    "PLENARY_PORT": "port", "PLENARY_DEMO": "demo", "PLENARY_COALESCE_PAUSE": "coalesce_pause",
    "PLENARY_FENCE_WATCH": "fence_watch",
    "PLENARY_SEEDS_DIR": "seeds_dir", "PLENARY_STORE_WRITER": "store_writer",
    "PLENARY_REDIS_URL": "redis_url", "PLENARY_REDIS_NAMESPACE": "redis_namespace",
    "PLENARY_INSTANCE": "instance",
    "PLENARY_EDIT_RATE": "edit_rate", "PLENARY_PRESENCE_RATE": "presence_rate",
    "PLENARY_STRUCTURE_RATE": "structure_rate", "PLENARY_OUTBOUND_FRAMES": "outbound_frames",
    "PLENARY_OUTBOUND_BYTES": "outbound_bytes", "PLENARY_INTEGRITY_KEY": "integrity_key",
    "PLENARY_SESSION_SECRET": "session_secret", "PLENARY_SECURE_COOKIES": "secure_cookies"}
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "off"})


class SettingsError(ValueError):
    """An environment variable holds a value Plenary cannot use; the message names it."""


@dataclass(frozen=True)
class Rate:
    """A token bucket's numbers: ``per_second`` tokens added each second, ``burst`` at most."""

    per_second: float
    burst: int

    def __str__(self) -> str:
        return f"{self.per_second:g}/{self.burst}"


@dataclass(frozen=True)
class Settings:
    database_url: str | None = None  # None: the embedded SQLite file in data_dir
    data_dir: Path = Path("data")
    host: str = "127.0.0.1"
    port: int = 8000
    demo: bool = False
    coalesce_pause: float = 2.0  # seconds, 0.05–60
    fence_watch: float = 0.5  # seconds between fence reads of an open room, 0.05–600
    seeds_dir: Path = field(default_factory=lambda: Path("fixtures/seeds"))
    store_writer: str = "thread"  # "thread" or "process"
    redis_url: str | None = None  # None: one process, the in-process fan-out
    redis_namespace: str = "plenary"  # prefix of Redis channels and keys: one per installation
    instance: str = ""  # "": HOST:PORT (``instance_name``)
    integrity_key: str | None = field(default=None, repr=False)  # hex; None: the key file
    # per connection (server/ws.py): messages per second and burst, and the outbound bound
    edit_rate: Rate = Rate(60, 240)
    presence_rate: Rate = Rate(10, 40)
    structure_rate: Rate = Rate(2, 20)
    outbound_frames: int = 10_000
    outbound_bytes: int = 16 * 1024 * 1024
    session_secret: str | None = field(default=None, repr=False)  # None: in data_dir
    secure_cookies: bool = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from environment variables (``os.environ`` unless given); see module doc."""
        env = os.environ if environ is None else environ
        raw = {field: env.get(name) or "" for name, field in VARIABLES.items()}
        default = cls()
        return cls(
            database_url=raw["database_url"] or None,
            data_dir=Path(raw["data_dir"] or default.data_dir),
            host=raw["host"] or default.host,
            port=_port(raw["port"], default.port),
            demo=_flag("PLENARY_DEMO", raw["demo"]),
            coalesce_pause=_seconds("PLENARY_COALESCE_PAUSE", raw["coalesce_pause"],
                                    default.coalesce_pause, 60),
            fence_watch=_seconds("PLENARY_FENCE_WATCH", raw["fence_watch"],
                                 default.fence_watch, 600),
            seeds_dir=Path(raw["seeds_dir"] or default.seeds_dir),
            store_writer=_choice("PLENARY_STORE_WRITER", raw["store_writer"],
                                 ("process", "thread"), default.store_writer),
            redis_url=_redis_url(raw["redis_url"]),
            redis_namespace=_namespace(raw["redis_namespace"], default.redis_namespace),
            instance=raw["instance"].strip(),
            integrity_key=_hex_key(raw["integrity_key"]),
            edit_rate=_rate("PLENARY_EDIT_RATE", raw["edit_rate"], default.edit_rate),
            presence_rate=_rate("PLENARY_PRESENCE_RATE", raw["presence_rate"],
                                default.presence_rate),
            structure_rate=_rate("PLENARY_STRUCTURE_RATE", raw["structure_rate"],
                                 default.structure_rate),
            outbound_frames=_count("PLENARY_OUTBOUND_FRAMES", raw["outbound_frames"],
                                   default.outbound_frames, low=16),
            outbound_bytes=_count("PLENARY_OUTBOUND_BYTES", raw["outbound_bytes"],
                                  default.outbound_bytes, low=65_536),
            session_secret=raw["session_secret"] or None,
            secure_cookies=_flag("PLENARY_SECURE_COOKIES", raw["secure_cookies"]),
        )

    def with_overrides(self, **changes: object) -> Settings:
        """A copy with the given fields replaced; ``None`` values leave a field as it is."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def instance_name(self) -> str:
        return self.instance or f"{self.host}:{self.port}"

    def resolved_database_url(self) -> str:
        """The URL to connect to: ``database_url``, or the SQLite file in ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / DATABASE_FILE).resolve()}"


def _hex_key(raw: str) -> str | None:
    key = raw.strip().lower()
    if not key:
        return None
    if len(key) < 32 or len(key) % 2 or any(c not in "0123456789abcdef" for c in key):
        raise SettingsError("PLENARY_INTEGRITY_KEY must be at least 32 hexadecimal digits "
                            "(64 recommended); the value given is not")  # never echo a key
    return key


def _port(raw: str, default: int) -> int:
    if not raw:
        return default
    if not raw.isdigit() or int(raw) not in PORTS:
        raise SettingsError(f"PLENARY_PORT must be a port number {PORTS_TEXT}, not {raw!r}")
    return int(raw)


def _redis_url(raw: str) -> str | None:
    if not raw:
        return None
    if not raw.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError(
            f"PLENARY_REDIS_URL must start with redis://, rediss:// or unix://, not {raw!r}")
    return raw


def _namespace(raw: str, default: str) -> str:
    name = raw.strip()
    if not name:
        return default
    if len(name) > 64 or any(not (c.isascii() and (c.isalnum() or c in "._-")) for c in name):
        raise SettingsError("PLENARY_REDIS_NAMESPACE must be 1–64 letters, digits, '.', '_' "
                            f"or '-', not {raw!r}")
    return name


def _choice(name: str, raw: str, choices: tuple[str, ...], default: str) -> str:
    if not raw:
        return default
    if raw.strip().lower() not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw.strip().lower()


def _flag(name: str, raw: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingsError(f"{name} must be one of 1/true/yes/on or 0/false/no/off, not {raw!r}")


def _seconds(name: str, raw: str, default: float, most: float) -> float:
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0.05 <= value <= most:
        raise SettingsError(f"{name} must be a number of seconds 0.05–{most:g}, not {raw!r}")
    return value


def _rate(name: str, raw: str, default: Rate) -> Rate:
    if not raw:
        return default
    per_second, _, burst = raw.strip().partition("/")
    try:
        rate = Rate(float(per_second), int(burst))
    except ValueError:
        rate = Rate(0, 0)
    if not (0 < rate.per_second <= 1e6 and 1 <= rate.burst <= 10**6):
        raise SettingsError(f"{name} must be RATE/BURST (messages per second > 0, burst "
                            f"1–1000000), e.g. 60/240, not {raw!r}")
    return rate


def _count(name: str, raw: str, default: int, *, low: int) -> int:
    if not raw:
        return default
    if not raw.strip().isdigit() or int(raw) < low:
        raise SettingsError(f"{name} must be a whole number of at least {low}, not {raw!r}")
    return int(raw)
