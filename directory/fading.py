"""How much an entry's ranking keeps as its last confirmation ages: a smooth factor, no cliff."""

from __future__ import annotations

from typing import Any

import numpy as np
from flask import Flask

# Past the period, each further period of the same length takes this much more off:
# 1 / (1 + STRENGTH * periods past), so one period past keeps 2/3, two keep 1/2.
STRENGTH = 0.5


def fade(age_days: Any, after_days: float) -> Any:
    """The share of its score an entry keeps `age_days` after its last confirmation (arrays too)."""
    # 1 up to `after_days`, then falling smoothly towards 0 (never reaching it).
    past = np.maximum(np.asarray(age_days, dtype=np.float64) - after_days, 0.0)
    return 1.0 / (1.0 + STRENGTH * past / max(float(after_days), 1.0))


def fade_after_days(app: Flask) -> int | None:
    """The app's period before an entry's ranking starts to fade (None: it never does)."""
    days = app.config.get("STALE_AFTER_DAYS")
    return int(days) if days else None
