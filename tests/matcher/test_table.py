"""The matcher's table of resources: rows kept as columns come back as the records they were."""

from dataclasses import replace

import numpy as np
import pytest

from matcher import features
from matcher.table import Strings, Table


def _records() -> list[features.ResourceRecord]:
    """Records with no place, one place and several, unset and set ages and concessions."""
    return [
        features.ResourceRecord(
            id="b",
            name="Canal walk",
            interests=("walking", "nature"),
            places=((53.8, -1.6), (53.81, -1.61), (53.82, -1.62)),
            sessions=(("sa", "10:00", "12:00"),),
            min_age=18,
            concession_pence=0,
            standard_pence=300,
            age_days=12.5,
        ),
        features.ResourceRecord(id="a", name="Online choir", setting="online", active=False),
        features.ResourceRecord(
            id="c",
            name="Pottery",
            access=("step-free",),
            places=((51.5, -0.1),),
            max_age=65,
            sessions=(("tu", "14:00", ""), ("th", "14:00", "16:00")),
        ),
    ]


def _table(records: list[features.ResourceRecord]) -> Table:
    return Table.of(records, [features.row_facts(r) for r in records], features.CODE_SIZES)


def test_each_row_comes_back_as_the_record_it_was():
    records = _records()
    table = _table(records)
    assert list(features.Records(table)) == records


def test_rows_taken_in_another_order_keep_their_own_places_and_facts():
    records = _records()
    taken = _table(records).take([2, 0])
    assert list(features.Records(taken)) == [records[2], records[0]]
    assert taken.places.tolist() == [[51.5, -0.1], [53.8, -1.6], [53.81, -1.61], [53.82, -1.62]]


def test_a_refresh_replaces_changed_rows_drops_gone_ones_and_keeps_id_order():
    records = _records()  # ids b, a, c
    old = Table.in_id_order([_table(records)])
    assert list(old.ids) == ["a", "b", "c"]
    changed = replace(records[2], name="Pottery (Tuesdays)", places=((53.9, -1.7),))
    added = features.ResourceRecord(id="ab", name="New group", places=((52.0, -1.0),))
    new = old.updated(_table([added, changed]), gone={"b", "c"})  # b deleted, c changed
    assert list(new.ids) == ["a", "ab", "c"]
    assert list(features.Records(new)) == [records[1], added, changed]


def test_the_arrays_built_from_a_table_match_those_built_from_its_records():
    records = _records()
    direct = features.build(records)
    via = features.from_table(_table(records).take([0, 1, 2]))
    for name in ("interests", "access", "sess_start", "sess_end", "place_lat", "min_age"):
        assert np.array_equal(getattr(direct, name), getattr(via, name))


def test_packed_strings_read_back_as_written_and_rows_are_found_by_id():
    names = ["Café Ménage", "", "Ŵ Welsh choir", "Gardening"]
    packed = Strings(names)
    assert list(packed) == names and packed[-1] == "Gardening" and len(Strings()) == 0
    with pytest.raises(IndexError):
        packed[4]
    table = Table.in_id_order([_table(_records())]).take([2, 0, 1])  # ids c, a, b
    assert [table.row(rid) for rid in ("a", "b", "c", "ab", "")] == [1, 2, 0, None, None]
