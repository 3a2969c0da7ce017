"""Hypothesis profiles: "quick" (the default, a few examples per test) and "deep" (many).

Choose one with ``HYPOTHESIS_PROFILE=deep``. Tests take their example counts from the profile and
never hard-code large ``max_examples``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# Tests import their helpers (strategies, fixtures) as top-level modules.
sys.path.insert(0, str(Path(__file__).parent))

_SLOW_IS_FINE = [HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile("quick", max_examples=12, deadline=None, suppress_health_check=_SLOW_IS_FINE)
settings.register_profile("deep", max_examples=400, deadline=None, suppress_health_check=_SLOW_IS_FINE)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))
