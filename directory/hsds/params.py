"""The HSDS API's query parameters: parsed, checked and named when refused (never ignored)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from directory.models.base import DAYS

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_PAGE = 10_000
MAX_TEXT = 200
MAX_PROXIMITY_M = 200_000
DAY_CODES = {
    **{d: d for d in DAYS},
    **{name: d for d, name in zip(DAYS, ("monday", "tuesday", "wednesday", "thursday",
                                         "friday", "saturday", "sunday"), strict=True)},
}  # fmt: skip
_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::[0-5]\d)?$")


class BadParam(ValueError):
    """A query parameter with a value the API cannot use; the message names it."""


@dataclass(frozen=True)
class ApiQuery:
    """Every documented query parameter of the HSDS API, already checked."""

    page: int = 1
    per_page: int = PER_PAGE
    search: str = ""
    taxonomy_term_id: str = ""
    taxonomy_id: str = ""
    organization_id: str = ""
    modified_after: datetime | None = None
    minimal: bool = False
    full: bool = False
    full_service: bool = False
    ndjson: bool = False
    postcode: str = ""
    proximity_m: float | None = None
    minimum_age: float | None = None
    maximum_age: float | None = None
    start_time: str = ""
    end_time: str = ""
    day: str = ""
    top_only: bool = False
    parent_id: str = ""

    @property
    def filters_services(self) -> bool:
        """Tell whether a filter other than `search` narrows the services."""
        return bool(
            self.taxonomy_term_id or self.taxonomy_id or self.organization_id
            or self.modified_after or self.minimum_age is not None
            or self.maximum_age is not None or self.start_time or self.end_time or self.day
        )  # fmt: skip


def _one(args: Mapping[str, str], name: str) -> str | None:
    """The parameter's single value (None when absent); given twice is refused."""
    getlist = getattr(args, "getlist", None)
    values = getlist(name) if getlist else ([args[name]] if name in args else [])
    if len(values) > 1:
        raise BadParam(f"'{name}' must be given once")
    return values[0] if values else None


def text(args: Mapping[str, str], name: str) -> str:
    """A short text parameter without control characters ('' when absent)."""
    raw = _one(args, name) or ""
    if len(raw) > MAX_TEXT:
        raise BadParam(f"'{name}' must be {MAX_TEXT} characters or fewer")
    if any(ord(ch) < 32 for ch in raw):
        raise BadParam(f"'{name}' must not contain control characters")
    return raw.strip()


def whole(args: Mapping[str, str], name: str, default: int, high: int) -> int:
    """A whole number from 1 to high."""
    raw = _one(args, name)
    if raw is None:
        return default
    value = raw.strip()
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= high:
        raise BadParam(f"'{name}' must be a whole number from 1 to {high}")
    return int(value)


def boolean(args: Mapping[str, str], name: str) -> bool:
    """true or false (any case); absent is false."""
    raw = _one(args, name)
    if raw is None:
        return False
    value = raw.strip().lower()
    if value not in ("true", "false"):
        raise BadParam(f"'{name}' must be true or false")
    return value == "true"


def number(args: Mapping[str, str], name: str, high: float) -> float | None:
    """A number from 0 to high, or None when absent."""
    raw = _one(args, name)
    if raw is None:
        return None
    try:
        value = float(raw.strip())
    except ValueError:
        value = -1.0
    if not 0 <= value <= high:  # also refuses nan
        raise BadParam(f"'{name}' must be a number from 0 to {high:g}")
    return value


def moment(args: Mapping[str, str], name: str) -> datetime | None:
    """An ISO 8601 date or date-time (UTC when it names no offset), or None when absent."""
    raw = _one(args, name)
    if raw is None:
        return None
    value = raw.strip().replace(" ", "+")  # an unescaped '+' in a query string reads as ' '
    try:
        found = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        try:
            found = datetime.combine(date.fromisoformat(value), time())
        except ValueError:
            raise BadParam(
                f"'{name}' must be an ISO 8601 date or date-time, e.g. 2024-05-01T09:30:00Z"
            ) from None
    if found.tzinfo is None:
        return found.replace(tzinfo=UTC)
    try:
        return found.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00:00+05:00: before anything was modified
        return datetime.min.replace(tzinfo=UTC)


def clock(args: Mapping[str, str], name: str) -> str:
    """A time of day as HH:MM ('' when absent)."""
    raw = _one(args, name)
    if raw is None:
        return ""
    match = _TIME.match(raw.strip())
    if not match:
        raise BadParam(f"'{name}' must be a time of day such as 09:30")
    return f"{match.group(1)}:{match.group(2)}"


def weekday(args: Mapping[str, str], name: str) -> str:
    """A day of the week as mo..su ('' when absent); MO, Monday and monday all work."""
    raw = _one(args, name)
    if raw is None:
        return ""
    code = DAY_CODES.get(raw.strip().lower())
    if code is None:
        raise BadParam(f"'{name}' must be a day of the week: MO, TU, WE, TH, FR, SA or SU")
    return code


def output_format(args: Mapping[str, str]) -> bool:
    """True for format=ndjson, False for json (the default)."""
    raw = _one(args, "format")
    value = "json" if raw is None else raw.strip().lower()
    if value not in ("json", "ndjson"):
        raise BadParam("'format' must be json or ndjson")
    return value == "ndjson"


def paging(args: Mapping[str, str], minimal: bool = False) -> tuple[int, int]:
    """The page (from 1) and page size (a minimal list has the largest page by default)."""
    default = MAX_PER_PAGE if minimal else PER_PAGE
    return whole(args, "page", 1, MAX_PAGE), whole(args, "per_page", default, MAX_PER_PAGE)


def service_query(args: Mapping[str, str]) -> ApiQuery:
    """The parameters of /services and /service_at_locations."""
    minimal = boolean(args, "minimal")  # with full as well, minimal wins (the documented rule)
    page, per_page = paging(args, minimal)
    low, high = number(args, "minimum_age", 150), number(args, "maximum_age", 150)
    start, end = clock(args, "start_time"), clock(args, "end_time")
    return ApiQuery(
        page=page, per_page=per_page, search=text(args, "search"),
        taxonomy_term_id=text(args, "taxonomy_term_id"), taxonomy_id=text(args, "taxonomy_id"),
        organization_id=text(args, "organization_id"),
        modified_after=moment(args, "modified_after"), minimal=minimal,
        full=boolean(args, "full") and not minimal, ndjson=output_format(args),
        minimum_age=low, maximum_age=high, start_time=start, end_time=end,
        day=weekday(args, "day"),
    )  # fmt: skip


def place_query(args: Mapping[str, str]) -> ApiQuery:
    """The parameters of /service_at_locations: those of /services with postcode and proximity."""
    base = service_query(args)
    postcode = text(args, "postcode")
    proximity = number(args, "proximity", MAX_PROXIMITY_M)
    return ApiQuery(**{**base.__dict__, "postcode": postcode, "proximity_m": proximity})


def list_query(args: Mapping[str, str], *names: str) -> ApiQuery:
    """The parameters of the other lists: paging, format, search and the named extras."""
    page, per_page = paging(args)
    found: dict[str, object] = {"page": page, "per_page": per_page, "ndjson": output_format(args)}
    found["search"] = text(args, "search")
    for name in names:
        found[name] = (
            boolean(args, name)
            if name in ("full", "full_service", "top_only")
            else (text(args, name))
        )
    return ApiQuery(**found)  # type: ignore[arg-type]
