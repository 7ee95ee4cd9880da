"""Settings come from the environment, with clear errors naming the variable at fault."""

from dataclasses import fields
from pathlib import Path

import pytest

import server.settings
from server.settings import PORTS, VARIABLES, Settings, SettingsError

README = Path(__file__).resolve().parent.parent / "README.md"


def test_defaults_without_environment() -> None:
    settings = Settings.from_environment({})
    assert settings == Settings()
    assert (settings.host, settings.port, settings.demo) == ("127.0.0.1", 8000, False)
    assert settings.resolved_database_url() == (
        f"sqlite:///{Path('data').resolve() / 'plenary.sqlite3'}")


def test_every_variable_is_read(tmp_path: Path) -> None:
    settings = Settings.from_environment({
        "DATABASE_URL": "postgresql+psycopg://plenary@127.0.0.1:5432/plenary",
        "PLENARY_DATA_DIR": str(tmp_path), "PLENARY_HOST": "0.0.0.0", "PLENARY_PORT": "8123",
        "PLENARY_DEMO": "yes", "PLENARY_COALESCE_PAUSE": "0.5", "PLENARY_FENCE_WATCH": "30",
        "PLENARY_SEEDS_DIR": str(tmp_path / "seeds"), "PLENARY_STORE_WRITER": "thread"})
    assert settings.database_url == "postgresql+psycopg://plenary@127.0.0.1:5432/plenary"
    assert settings.resolved_database_url() == settings.database_url
    assert settings.data_dir == tmp_path
    assert (settings.host, settings.port, settings.demo) == ("0.0.0.0", 8123, True)
    assert settings.coalesce_pause == 0.5
    assert settings.fence_watch == 30.0
    assert settings.seeds_dir == tmp_path / "seeds"
    assert settings.store_writer == "thread"


def test_the_redis_namespace_defaults_to_plenary_and_is_read() -> None:
    assert Settings.from_environment({}).redis_namespace == "plenary"
    assert Settings.from_environment(
        {"PLENARY_REDIS_NAMESPACE": " un-geneva_2026.b "}).redis_namespace == "un-geneva_2026.b"


def test_data_dir_gives_the_sqlite_file(tmp_path: Path) -> None:
    settings = Settings.from_environment({"PLENARY_DATA_DIR": str(tmp_path)})
    assert settings.resolved_database_url() == f"sqlite:///{tmp_path / 'plenary.sqlite3'}"


@pytest.mark.parametrize(("name", "value", "rule"), [
    ("PLENARY_PORT", "eighty", "port number 1–65535"),
    ("PLENARY_PORT", "70000", "port number 1–65535"),
    ("PLENARY_PORT", "0", "port number 1–65535"),
    ("PLENARY_DEMO", "maybe", "1/true/yes/on or 0/false/no/off"),
    ("PLENARY_COALESCE_PAUSE", "soon", "seconds 0.05–60"),
    ("PLENARY_COALESCE_PAUSE", "600", "seconds 0.05–60"),
    ("PLENARY_FENCE_WATCH", "never", "seconds 0.05–600"),
    ("PLENARY_FENCE_WATCH", "0", "seconds 0.05–600"),
    ("PLENARY_STORE_WRITER", "fork", "one of process, thread"),
    ("PLENARY_REDIS_NAMESPACE", "two words", "1–64 letters, digits"),
    ("PLENARY_REDIS_NAMESPACE", "x" * 65, "1–64 letters, digits"),
    ("PLENARY_REDIS_NAMESPACE", "a:b", "1–64 letters, digits"),
])
def test_bad_values_name_the_variable_and_the_rule(name: str, value: str, rule: str) -> None:
    with pytest.raises(SettingsError) as raised:
        Settings.from_environment({name: value})
    assert name in str(raised.value)
    assert rule in str(raised.value)
    assert repr(value) in str(raised.value)


def test_overrides_replace_only_what_is_given() -> None:
    base = Settings.from_environment({"PLENARY_PORT": "9000", "PLENARY_DEMO": "1"})
    changed = base.with_overrides(host="0.0.0.0", port=None, database_url=None, demo=None)
    assert (changed.host, changed.port, changed.demo) == ("0.0.0.0", 9000, True)


def test_the_port_range_is_1_to_65535() -> None:
    """One range for PLENARY_PORT and ``negotiation serve --port`` (tests/test_serve.py)."""
    assert (PORTS.start, PORTS.stop) == (1, 65536)
    for port in ("1", "65535"):
        assert Settings.from_environment({"PLENARY_PORT": port}).port == int(port)


class RecordingEnvironment(dict):
    """An empty environment that notes every name it is asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key, default=None):
        self.asked.add(key)
        return default

    def __getitem__(self, key):
        self.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key) -> bool:
        self.asked.add(key)
        return False


def test_from_environment_reads_exactly_the_variables_table() -> None:
    """``VARIABLES`` is derived from the code, not listed again here: the names
    ``from_environment`` asks for are the table's, and every setting has its variable."""
    environment = RecordingEnvironment()
    Settings.from_environment(environment)
    assert environment.asked == set(VARIABLES)
    assert set(VARIABLES.values()) == {f.name for f in fields(Settings)}


@pytest.mark.parametrize("name", sorted(VARIABLES))
def test_every_variable_is_documented(name: str) -> None:
    """Each variable ``from_environment`` reads is in the module docstring and README.md's
    table of settings."""
    assert f"``{name}``" in server.settings.__doc__, f"{name} is not in server/settings.py's doc"
    assert f"| `{name}` |" in README.read_text(encoding="utf-8"), f"{name} is not in README.md"
