"""Who may see an entry: the one rule for public pages, the HSDS API and the search engines."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_

from directory.models import Resource, ReviewState, Status

_R = Resource.__table__.c  # type: ignore[attr-defined]


def is_listed(status: str, review_state: str, is_public: bool) -> bool:
    """Anyone may see an entry that is active, confirmed by the team and marked public."""
    return (
        status == Status.ACTIVE.value
        and review_state == ReviewState.CONFIRMED.value
        and bool(is_public)
    )


def visible(resource: Any) -> bool:
    """The rule applied to a resource or a row with its columns."""
    return is_listed(resource.status, resource.review_state, resource.is_public)


def visible_clause() -> ColumnElement[bool]:
    """The rule as SQL, for queries over the resource table."""
    return and_(
        _R.status == Status.ACTIVE.value,
        _R.review_state == ReviewState.CONFIRMED.value,
        _R.is_public.is_(True),
    )


def exported_clause() -> ColumnElement[bool]:
    """What an HSDS export file may hold: confirmed and marked public, in any status."""
    # A closed service is exported as inactive, so a consumer sees it go.
    return and_(_R.review_state == ReviewState.CONFIRMED.value, _R.is_public.is_(True))
