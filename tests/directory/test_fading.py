"""Confirmation fades: ranking demotes entries gradually as their last check ages past the
period, in search (both backends) and in matching."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from flask import Flask

from core.db import get_session
from core.times import utcnow
from directory.fading import fade
from directory.models import ResourceCreate
from directory.resources import create_resource
from directory.search import get_search

PLACE = {"postcode": "N7 6QT", "latitude": 51.555, "longitude": -0.119}


def test_fade_keeps_everything_until_the_period_then_falls_smoothly() -> None:
    ages = np.arange(0, 2000, 0.5)
    kept = fade(ages, 183)
    assert np.all(kept[ages <= 183] == 1.0)
    steps = np.diff(kept)
    assert np.all(steps <= 0) and np.max(np.abs(steps)) < 0.002  # no cliff anywhere
    assert 0 < kept[-1] < 0.2
    assert fade(366, 183) == 1 / 1.5


def _add(app: Flask, name: str, days_ago: int) -> str:
    with app.app_context():
        session = get_session()
        resource = create_resource(
            session,
            ResourceCreate(name=name, description="A knitting group.", locations=[PLACE]),
            confirmed=True,
        )
        resource.last_confirmed_at = utcnow() - timedelta(days=days_ago)
        session.commit()
        return resource.id


def test_search_ranks_an_entry_checked_long_ago_below_an_equal_fresh_one(app: Flask) -> None:
    # "Alpha" sorts first by name, so only the fading can put "Omega" above it.
    old = _add(app, "Alpha knit circle", 700)
    fresh = _add(app, "Omega knit circle", 10)
    recent = _add(app, "Delta knit circle", 100)
    with app.app_context():
        ids = get_search(app).search("knitting").ids
    assert ids.index(fresh) < ids.index(old)
    assert ids.index(recent) < ids.index(fresh)  # both within the period: no demotion, by name


def test_just_past_the_period_is_a_nudge_not_a_cliff(app: Flask) -> None:
    app.config["STALE_AFTER_DAYS"] = 183
    just_past = _add(app, "Alpha knitting knitting circle", 190)
    fresh = _add(app, "Omega knit circle", 10)
    long_ago = _add(app, "Beta knit circle", 2000)
    with app.app_context():
        ids = get_search(app).search("knitting").ids
    # The better match a week past the period still leads; an equal one years past falls
    # behind the fresh one (though its name comes first).
    assert ids == [just_past, fresh, long_ago]
