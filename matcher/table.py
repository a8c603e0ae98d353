"""Every resource's facts as columns, one row per resource: what the ranking arrays come from."""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence, Set
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any

import numpy as np

from directory.models import Setting

SETTINGS = (Setting.COMMUNITY.value, Setting.MENTAL_HEALTH_SERVICE.value, Setting.ONLINE.value)
COMMUNITY, MENTAL_HEALTH, ONLINE = 0, 1, 2
SETTING_CODES = {s: i for i, s in enumerate(SETTINGS)}
# What a description says of a resource beyond its coded fields, one bool per row.
FLAGS = ("novice", "for_men", "comes_to_you", "small", "adapted", "swap", "on_foot")
# Codes read from the name and description, as (codes, n) bool matrices.
CODED = ("main", "caution", "faith", "condition")
# The per-row numbers a record holds (the rest are FLAGS).
_RECORD_NUMBERS = ("setting", "active", "min_age", "max_age", "standard", "concession", "age_days")


@dataclass(frozen=True, slots=True)
class ResourceRecord:
    """The facts about one resource the matcher needs, as plain data."""

    id: str
    name: str
    setting: str = Setting.COMMUNITY.value
    active: bool = True
    interests: tuple[str, ...] = ()
    access: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    standard_pence: int = 0
    concession_pence: int | None = None  # benefits concession
    # (latitude, longitude) of each physical place.
    places: tuple[tuple[float, float], ...] = ()
    # (day code, "HH:MM" start, "HH:MM" end) of each weekly or monthly session.
    sessions: tuple[tuple[str, str, str], ...] = ()
    age_days: float = 0.0  # since anyone last confirmed it
    text: str = ""  # name and description, for caution topics (dropped once analysed)


@dataclass(frozen=True, slots=True)
class RowFacts:
    """What build() reads from one record: its analysed text and coded fields, as indices."""

    interests: tuple[int, ...]  # interest term indices
    main: tuple[int, ...]  # the terms it is mainly about
    access: tuple[int, ...]
    sessions: tuple[tuple[int, int, int], ...]  # (day index, start minute, end minute)
    caution: tuple[int, ...]
    faith: tuple[int, ...]
    condition: tuple[int, ...]
    novice: bool
    for_men: bool
    comes_to_you: bool
    small: bool
    adapted: bool
    swap: bool
    on_foot: bool
    name_words: tuple[str, ...]  # interned word stems


def _none_as_nan(values: Iterator[int | None]) -> np.ndarray:
    """Floats, nan where a value is unset."""
    return np.fromiter((np.nan if v is None else v for v in values), dtype=float)


def matrix(rows: int, per_row: Iterable[tuple[int, ...]]) -> np.ndarray:
    """A (rows, n) bool matrix, True at (k, i) for each k listed for row i."""
    lists = list(per_row)
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    out = np.zeros((rows, len(lists)), dtype=bool)
    out[
        np.fromiter(chain.from_iterable(lists), dtype=np.int64),
        np.repeat(np.arange(len(lists)), counts),
    ] = True
    return out


def _coded(sizes: dict[str, int], facts: Sequence[RowFacts]) -> dict[str, np.ndarray]:
    """Each coded fact as a (codes, n) bool matrix."""
    return {name: matrix(size, (getattr(x, name) for x in facts)) for name, size in sizes.items()}


class Strings(Sequence[str]):
    """Strings packed one after another in one UTF-8 buffer, each decoded when read."""

    # 100k ids and names cost 15.5 MB as Python strings (bench/memory.py), 7.3 MB packed here.

    def __init__(self, values: Iterable[str] = ()) -> None:
        packed, ends, at = bytearray(), array("q"), 0
        for value in values:  # one at a time: no list of every string, even for a moment
            encoded = value.encode()
            packed += encoded
            at += len(encoded)
            ends.append(at)
        self.packed = bytes(packed)
        self.ends = np.frombuffer(ends, dtype=np.int64) if ends else np.zeros(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self.ends)

    def __getitem__(self, i: int | np.integer[Any]) -> str:  # type: ignore[override]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i = int(i) % len(self)
        start = int(self.ends[i - 1]) if i else 0
        return self.packed[start : int(self.ends[i])].decode()


@dataclass
class Table:
    """Resources as columns: plain per-row lists of shared tuples and numpy arrays."""

    # The one copy of the directory a process holds (bench/memory.py): a row costs its id, name and
    # a few pointers and numbers, not an object per record and per analysed record.

    ids: Strings
    names: Strings
    interests: list[tuple[str, ...]]
    access: list[tuple[str, ...]]
    sessions: list[tuple[tuple[str, str, str], ...]]
    # The same as indices and minutes (RowFacts), and the words of each name.
    interest_ids: list[tuple[int, ...]]
    access_ids: list[tuple[int, ...]]
    session_minutes: list[tuple[tuple[int, int, int], ...]]
    name_words: list[tuple[str, ...]]
    # Per row: setting (int8), active, min_age, max_age, standard, concession (nan: none),
    # age_days and each of FLAGS.
    numbers: dict[str, np.ndarray]
    coded: dict[str, np.ndarray]  # CODED, each (codes, n)
    places: np.ndarray  # (p, 2) latitude and longitude in degrees, the rows' places in row order
    place_counts: np.ndarray  # per row
    place_from: np.ndarray = field(init=False)  # per row: where its places start in `places`

    def __post_init__(self) -> None:
        self.place_from = np.cumsum(self.place_counts) - self.place_counts

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def id_order(self) -> np.ndarray:
        """The rows in id order (made at the first look-up by id)."""
        # A sorted permutation (4 bytes a row), not an id → row dict (66 bytes a row at 100k).
        return np.asarray(sorted(range(len(self)), key=self.ids.__getitem__), dtype=np.int32)

    def row(self, rid: str) -> int | None:
        """The row of the resource with this id (None when the table has none)."""
        at = bisect_left(self.id_order, rid, key=self.ids.__getitem__)
        if at < len(self) and self.ids[self.id_order[at]] == rid:
            return int(self.id_order[at])
        return None

    @classmethod
    def of(
        cls, records: Sequence[ResourceRecord], facts: Sequence[RowFacts], sizes: dict[str, int]
    ) -> Table:
        """The table of these records and their analysed facts (`sizes`: codes per CODED)."""
        numbers = {
            "setting": np.fromiter(
                (SETTING_CODES.get(r.setting, COMMUNITY) for r in records), dtype=np.int8
            ),
            "active": np.fromiter((r.active for r in records), dtype=bool),
            "min_age": _none_as_nan(r.min_age for r in records),
            "max_age": _none_as_nan(r.max_age for r in records),
            "standard": np.fromiter((r.standard_pence for r in records), dtype=float),
            "concession": _none_as_nan(r.concession_pence for r in records),
            "age_days": np.fromiter((r.age_days for r in records), dtype=float),
        }
        for flag in FLAGS:
            numbers[flag] = np.fromiter((getattr(x, flag) for x in facts), dtype=bool)
        coords = chain.from_iterable(chain.from_iterable(r.places for r in records))
        return cls(
            ids=Strings(r.id for r in records),
            names=Strings(r.name for r in records),
            interests=[r.interests for r in records],
            access=[r.access for r in records],
            sessions=[r.sessions for r in records],
            interest_ids=[x.interests for x in facts],
            access_ids=[x.access for x in facts],
            session_minutes=[x.sessions for x in facts],
            name_words=[x.name_words for x in facts],
            numbers=numbers,
            coded=_coded(sizes, facts),
            places=np.fromiter(coords, dtype=float).reshape(-1, 2),
            place_counts=np.fromiter((len(r.places) for r in records), dtype=np.int64),
        )

    def take(self, rows: Sequence[int] | np.ndarray) -> Table:
        """A table of these rows, in this order."""
        return Table.merged([self], np.asarray(rows, dtype=np.int64))

    @classmethod
    def merged(cls, parts: Sequence[Table], order: np.ndarray | None = None) -> Table:
        """The parts' rows one after another, or those `order` picks from them, in its order."""
        # Column by column, so that at most one column's joined copy exists besides the result.

        def listed(name: str) -> list[Any]:
            column = list(chain.from_iterable(getattr(p, name) for p in parts))
            return column if order is None else [column[i] for i in order]

        def packed(name: str) -> Strings:
            column = Strings(chain.from_iterable(getattr(p, name) for p in parts))
            return column if order is None else Strings(column[i] for i in order)

        def stacked(columns: list[np.ndarray], axis: int = 0) -> np.ndarray:
            joined = np.concatenate(columns, axis=axis)
            return joined if order is None else np.take(joined, order, axis=axis)

        counts = np.concatenate([p.place_counts for p in parts])
        places = np.concatenate([p.places for p in parts])
        if order is not None:
            starts = np.cumsum(counts) - counts
            counts = counts[order]
            # Each picked row's places: its start, then one on for each further place.
            offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
            places = places[np.repeat(starts[order], counts) + offsets]
        first = parts[0]
        return cls(
            ids=packed("ids"),
            names=packed("names"),
            interests=listed("interests"),
            access=listed("access"),
            sessions=listed("sessions"),
            interest_ids=listed("interest_ids"),
            access_ids=listed("access_ids"),
            session_minutes=listed("session_minutes"),
            name_words=listed("name_words"),
            numbers={k: stacked([p.numbers[k] for p in parts]) for k in first.numbers},
            coded={k: stacked([p.coded[k] for p in parts], axis=1) for k in first.coded},
            places=places.reshape(-1, 2),
            place_counts=counts,
        )

    def updated(self, fresh: Table, gone: Set[str]) -> Table:
        """This table (in id order) less `gone`, with fresh's rows (in id order) in their places."""
        # A merge, not a sort: a few changed rows are placed among many by bisection.
        kept = [i for i, rid in enumerate(self.ids) if rid not in gone]
        kept_ids = [self.ids[i] for i in kept]
        at = [bisect_left(kept_ids, rid) for rid in fresh.ids]
        order = np.insert(np.asarray(kept, dtype=np.int64), at, len(self) + np.arange(len(fresh)))
        return Table.merged([self, fresh], order)

    @classmethod
    def in_id_order(cls, parts: Sequence[Table]) -> Table:
        """The parts' rows in id order (Python's, not a database's)."""
        ids = list(chain.from_iterable(p.ids for p in parts))
        order = sorted(range(len(ids)), key=ids.__getitem__)
        return cls.merged(parts, np.asarray(order, dtype=np.int64))

    def record(self, i: int) -> ResourceRecord:
        """Row i as a record (without its description text)."""
        num = {k: self.numbers[k][i].item() for k in _RECORD_NUMBERS}
        start = int(self.place_from[i])
        places = self.places[start : start + int(self.place_counts[i])]
        return ResourceRecord(
            id=self.ids[i],
            name=self.names[i],
            setting=SETTINGS[num["setting"]],
            active=num["active"],
            interests=self.interests[i],
            access=self.access[i],
            min_age=None if np.isnan(num["min_age"]) else int(num["min_age"]),
            max_age=None if np.isnan(num["max_age"]) else int(num["max_age"]),
            standard_pence=int(num["standard"]),
            concession_pence=None if np.isnan(num["concession"]) else int(num["concession"]),
            places=tuple((float(lat), float(lon)) for lat, lon in places),
            sessions=self.sessions[i],
            age_days=num["age_days"],
        )


class Records(Sequence[ResourceRecord]):
    """A table's rows as records, each made when asked for."""

    def __init__(self, table: Table) -> None:
        self.table = table

    def __len__(self) -> int:
        return len(self.table)

    def __getitem__(self, i: int | np.integer[Any]) -> ResourceRecord:  # type: ignore[override]
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        return self.table.record(int(i) % len(self))
