"""Shared test configuration: hypothesis profiles (CI runs fewer examples)."""

import logging
import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=200)
settings.register_profile("ci", max_examples=60, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("PLENARY_HYPOTHESIS_PROFILE", "dev"))

# The integrity key every server, command and store of the suite holds (docs/integrity.md),
# so that no test makes a key file in a shared data folder; tests of the key file unset it.
TEST_INTEGRITY_KEY = "5e" * 32
os.environ.setdefault("PLENARY_INTEGRITY_KEY", TEST_INTEGRITY_KEY)


@pytest.fixture
def log_lines(caplog):
    """The log records of Plenary's loggers, from INFO on."""
    caplog.set_level(logging.INFO, logger="plenary")
    return caplog
