"""Map between HSDS 3.0 objects and the directory's models: ids, statuses, costs, times, text."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from directory import vocabulary
from directory.models import (
    CONCESSION_BENEFITS,
    DAYS,
    CostKind,
    HowToJoin,
    Setting,
    Status,
    normalise_postcode,
)

# Namespace for ids derived from non-UUID source ids (Ohana rows) and for exported child rows.
NAMESPACE = uuid.UUID("4f1c1c7e-8a53-5b0e-9d0e-6b2f3c6a9c11")
JOIN = "cg-join"
JOIN_TAXONOMY_ID = str(uuid.uuid5(NAMESPACE, f"taxonomy:{JOIN}"))
JOIN_TERMS = {
    HowToJoin.DROP_IN.value: ("Drop in", "Just turn up."),
    HowToJoin.BOOKING.value: ("Book first", "Book a place before you come."),
    HowToJoin.REFERRAL.value: ("Referral", "Needs a referral from a practitioner."),
}
HSDS_STATUS = {
    "active": Status.ACTIVE,
    "temporarily closed": Status.TEMPORARILY_CLOSED,
    "inactive": Status.CLOSED,
    "defunct": Status.CLOSED,
}
EXPORT_STATUS = {
    Status.ACTIVE.value: "active",
    Status.TEMPORARILY_CLOSED.value: "temporarily closed",
    Status.CLOSED.value: "inactive",
}
CONCESSION_PREFIX = "concession"
_ORDINAL_DAY = re.compile(r"^([+-]?\d+)?([A-Za-z]{2})$")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*([ap]\.?m\.?)?$", re.IGNORECASE)
_OFFSET = re.compile(r"^(.*?)(Z|[+-]\d{2}:?\d{2})$")
_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


@dataclass
class Problem:
    """Something wrong with one row: where it is (file and line, or JSON path) and what."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def is_uuid(value: str) -> bool:
    """Tell whether the text is a UUID."""
    try:
        uuid.UUID(value)
    except (ValueError, AttributeError, TypeError):
        return False
    return True


def hsds_id(kind: str, raw: Any, namespace: str = "") -> str:
    """A UUID for a source id: the id itself when it is a UUID, else a stable UUIDv5."""
    text = str(raw).strip()
    if is_uuid(text):
        return str(uuid.UUID(text))
    return str(uuid.uuid5(NAMESPACE, f"{namespace}:{kind}:{text}"))


def child_id(parent: str, kind: str, key: Any) -> str:
    """A stable UUID for an exported child row."""
    return str(uuid.uuid5(NAMESPACE, f"{parent}:{kind}:{key}"))


def term_id(scheme: str, code: str) -> str:
    """The exported id of a vocabulary term."""
    return str(uuid.uuid5(NAMESPACE, f"term:{scheme}:{code}"))


def taxonomy_id(scheme: str) -> str:
    """The exported id of a taxonomy (the published ids for the cg-* schemes)."""
    return vocabulary.TAXONOMY_IDS.get(scheme) or JOIN_TAXONOMY_ID


def text(value: Any) -> str:
    """A value as stripped text ('' for None)."""
    if value is None:
        return ""
    return str(value).strip()


def clip(value: Any, limit: int, field: str, notes: list[str]) -> str:
    """Text cut to the column's limit, noting when something was cut."""
    value = text(value)
    if len(value) > limit:
        notes.append(f"{field} is longer than {limit} characters; shortened on the page")
        return value[: limit - 1].rstrip() + "…"
    return value


def status_of(value: Any, notes: list[str]) -> Status:
    """Our status for an HSDS status."""
    key = text(value).lower().replace("_", " ")
    if key in HSDS_STATUS:
        return HSDS_STATUS[key]
    notes.append(f"unknown status {text(value)!r}; treated as active")
    return Status.ACTIVE


def how_to_join_of(application_process: str) -> HowToJoin:
    """Guess how someone joins from the application process text."""
    low = application_process.lower()
    if (
        re.search(r"\breferr", low)
        and "self-refer" not in low
        and "self refer" not in low
        and "no referral" not in low
    ):
        return HowToJoin.REFERRAL
    if re.search(r"drop[ -]?in|turn up|walk[ -]?in|come along|just come", low):
        return HowToJoin.DROP_IN
    if re.search(r"\bbook|sign up|regist|enrol|appointment|apply|application", low):
        return HowToJoin.BOOKING
    # Silence is not "drop in": the text stays as the source wrote it, the way in is unknown.
    return HowToJoin.UNKNOWN


def parse_time(value: Any) -> str | None:
    """HH:MM from '18:00', '18:00:00', '9am' or '4:00 PM'; None when it is not a time."""
    match = _TIME.match(text(value))
    if not match:
        return None
    hours, mins = int(match.group(1)), int(match.group(2) or 0)
    meridiem = (match.group(3) or "").lower().replace(".", "")
    if meridiem:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if meridiem == "pm" else 0)
    if hours > 23 or mins > 59:
        return None
    return f"{hours:02d}:{mins:02d}"


def split_offset(value: Any) -> tuple[str, str]:
    """('10:00', '+01:00') from '10:00+01:00'; ('10:00', '') when no UTC offset is given."""
    raw = text(value)
    match = _OFFSET.match(raw)
    if not match or not match.group(1):
        return raw, ""
    offset = match.group(2)
    if offset == "Z":
        return match.group(1), "+00:00"
    return match.group(1), offset if ":" in offset else f"{offset[:3]}:{offset[3:]}"


def offset_of_hours(value: Any) -> str:
    """'+01:00' from an HSDS schedule timezone (hours from UTC); '' when not a number."""
    try:
        hours = float(value)
    except (TypeError, ValueError):
        return ""
    if not -14 <= hours <= 14:
        return ""
    sign = "-" if hours < 0 else "+"
    total = round(abs(hours) * 60)
    return f"{sign}{total // 60:02d}:{total % 60:02d}"


def date_of(value: Any) -> str | None:
    """YYYY-MM-DD from an HSDS date or date-time; None when it is not one."""
    raw = text(value)[:10]
    return raw if re.match(r"^\d{4}-\d{2}-\d{2}$", raw) else None


def _repeat(schedule: dict[str, Any], notes: list[str]) -> dict[str, Any] | None:
    """interval, valid_from/valid_to, dtstart/until, count of a schedule (None: unusable)."""
    out: dict[str, Any] = {}
    interval = schedule.get("interval")
    if interval not in (None, ""):
        try:
            out["interval"] = int(float(interval))
        except (TypeError, ValueError):
            out["interval"] = 0
        if not 1 <= out["interval"] <= 52:
            notes.append(f"schedule interval {interval!r} is not 1-52; left out")
            return None
    for key in ("valid_from", "valid_to", "dtstart", "until"):
        if text(schedule.get(key)):
            found = date_of(schedule.get(key))
            if found is None:
                notes.append(f"schedule {key} {schedule.get(key)!r} is not a date; left out")
                return None
            out[key] = found
    count = schedule.get("count")
    if count not in (None, ""):
        try:
            out["count"] = max(1, int(float(count)))
        except (TypeError, ValueError):
            notes.append(f"schedule count {count!r} is not a number; left out")
            return None
    return out


def sessions_of(schedule: dict[str, Any], notes: list[str]) -> list[dict[str, Any]]:
    """One session per day of a WEEKLY or MONTHLY (ordinal) HSDS schedule."""
    freq = text(schedule.get("freq")).upper() or "WEEKLY"
    days = [d.strip() for d in text(schedule.get("byday")).split(",") if d.strip()]
    opens, offset = split_offset(schedule.get("opens_at"))
    closes, _ = split_offset(schedule.get("closes_at"))
    # No closing time: the session is kept with its start alone ("from 10:00").
    start, end = parse_time(opens), parse_time(closes) if closes else ""
    if freq not in ("WEEKLY", "MONTHLY"):
        notes.append(f"schedule frequency {freq!r} is not weekly or monthly; left out")
        return []
    if not days or start is None or end is None:
        notes.append("schedule has no day, no opening time or an unreadable closing time; left out")
        return []
    if end and end <= start:
        notes.append(f"schedule closes ({end}) before it opens ({start}); left out")
        return []
    repeat = _repeat(schedule, notes)
    if repeat is None:
        return []
    repeat = _as_pattern(repeat, freq, notes)
    timezone = offset or offset_of_hours(schedule.get("timezone"))
    note = text(schedule.get("description"))[:200]
    found = []
    for day in days:
        row = _session_day(day, freq, notes)
        if row is not None:
            found.append(_anchored({**row, **repeat, "start": start, "end": end, "note": note,
                                    "timezone": timezone}, notes))  # fmt: skip
    return found


def _as_pattern(repeat: dict[str, Any], freq: str, notes: list[str]) -> dict[str, Any]:
    """The schedule's repeat as our session pattern: every N weeks counts from its dtstart."""
    out = dict(repeat)
    out["anchor"] = out.pop("dtstart", None)
    if out.get("interval", 1) > 1 and freq != "WEEKLY":
        notes.append(f"schedule repeats every {out['interval']} months or on several days; "
                     "kept as every month or week")  # fmt: skip
        out["interval"] = 1
    return out


def _anchored(row: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """The row with its start date on its own day."""
    # Every N weeks counts from the dtstart, or (RFC 5545 with no DTSTART) from the first such
    # day on or after valid_from.
    anchor, day, interval = _date(row.get("anchor")), DAYS.index(row["day"]), row.get("interval", 1)
    if anchor is None and interval > 1 and row.get("valid_from"):
        start = _date(row["valid_from"]) or date.min
        anchor = start + timedelta(days=(day - start.weekday()) % 7)
    if anchor is not None and anchor.weekday() != day:
        notes.append(f"schedule dtstart {anchor} is not a {row['day']} day; left out")
        anchor = None
    if anchor is None and interval > 1:
        notes.append(f"schedule repeats every {interval} weeks with no start date; "
                     "kept as every week")  # fmt: skip
        interval = 1
    return {**row, "anchor": anchor, "interval": interval}


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _session_day(day: str, freq: str, notes: list[str]) -> dict[str, Any] | None:
    match = _ORDINAL_DAY.match(day)
    code = match.group(2).lower() if match else ""
    if code not in ("mo", "tu", "we", "th", "fr", "sa", "su"):
        notes.append(f"schedule day {day!r} is not a day of the week; left out")
        return None
    ordinal = int(match.group(1)) if match and match.group(1) else None
    if freq != "MONTHLY":
        return {"day": code}
    if ordinal is None or ordinal == 0 or not -1 <= ordinal <= 4:
        notes.append(f"monthly day {day!r} needs an ordinal 1-4 or -1; left out")
        return None
    return {"day": code, "freq": "monthly", "ordinal": ordinal}


def cost_of(option: dict[str, Any], notes: list[str]) -> dict[str, Any] | None:
    """A cost row (pence) for an HSDS cost option, or None when it has no usable amount."""
    label = text(option.get("option"))
    amount = option.get("amount")
    if amount in (None, ""):
        if label.lower() == "free":
            amount = 0
        else:
            notes.append(f"cost option {label!r} has no amount; left out")
            return None
    try:
        pence = round(float(amount) * 100)
    except (TypeError, ValueError):
        notes.append(f"cost amount {amount!r} is not a number; left out")
        return None
    if not 0 <= pence <= 100_000:
        notes.append(f"cost amount {amount!r} is outside 0-1000; left out")
        return None
    low = label.lower()
    given = {
        "currency": text(option.get("currency")).upper()[:3],
        "amount_description": text(option.get("amount_description"))[:500],
    }
    if low.startswith(CONCESSION_PREFIX):
        who = label[len(CONCESSION_PREFIX) :].lstrip(" :-").strip()
        return {"kind": CostKind.CONCESSION, "amount_pence": pence, "label": who[:120], **given}
    if low in ("", "standard", "free"):
        label = ""
    return {"kind": CostKind.STANDARD, "amount_pence": pence, "label": label[:120], **given}


def cost_option_label(kind: str, label: str, pence: int) -> str:
    """The HSDS `option` text for one of our costs."""
    if kind == CostKind.CONCESSION.value:
        return f"{CONCESSION_PREFIX}: {label or CONCESSION_BENEFITS}"
    return label or ("free" if pence == 0 else "standard")


def url_of(value: Any) -> str:
    """A web address with a scheme ('www.x.org' -> 'http://www.x.org'), or ''."""
    url = text(value)
    if url and not re.match(r"^[a-z][a-z0-9+.-]*:", url, re.IGNORECASE) and "." in url:
        url = "http://" + url
    return url if _URL.match(url) else ""


def email_of(value: Any) -> str:
    """An e-mail address when it looks like one, else ''."""
    email = text(value)
    return email if re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", email) else ""


def uk_postcode(value: Any) -> str:
    """The canonical UK postcode, or '' when the text is not one."""
    try:
        return normalise_postcode(text(value))
    except ValueError:
        return ""


def setting_of(code: str) -> Setting | None:
    """The setting for a cg-setting code."""
    try:
        return Setting(code)
    except ValueError:
        return None


def split_address(address: str) -> tuple[str, str, str]:
    """Split our one-line address into address_1, address_2 and city."""
    parts = [p.strip() for p in address.split(",") if p.strip()]
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return parts[0], "", ""
    if len(parts) == 2:
        return parts[0], "", parts[1]
    return parts[0], ", ".join(parts[1:-1]), parts[-1]


# UK postcode areas by nation (Royal Mail); a district list where an area crosses a border.
SCOTLAND = frozenset(
    ["AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "TD", "ZE"]
)
WALES = frozenset(["CF", "LD", "LL", "NP", "SA"])
ACROSS_BORDER = {"CH": ("Wales", range(5, 9)), "SY": ("Wales", range(15, 26))}
ENGLISH_DISTRICTS = {"TD15"}


def uk_nation(postcode: str) -> str:
    """The UK nation a postcode is in (the state/province of a UK address), or ''."""
    outward = uk_postcode(postcode).split(" ")[0]
    area = re.match(r"[A-Z]+", outward)
    if not area:
        return ""
    code, district = area.group(), outward[area.end() :]
    if code == "BT":
        return "Northern Ireland"
    if code in ACROSS_BORDER and district.isdigit():
        nation, districts = ACROSS_BORDER[code]
        return nation if int(district) in districts else "England"
    if code in SCOTLAND and outward not in ENGLISH_DISTRICTS:
        return "Scotland"
    return "Wales" if code in WALES else "England"
