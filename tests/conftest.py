"""Shared test configuration: hypothesis profiles (CI runs fewer examples)."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=200)
settings.register_profile("ci", max_examples=60, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("PLENARY_HYPOTHESIS_PROFILE", "dev"))
