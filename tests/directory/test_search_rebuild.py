"""A full whoosh rebuild: its own analysis and writers give the index whoosh's stock ones would."""

from __future__ import annotations

import os
import random
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import insert
from whoosh import index as windex
from whoosh.analysis import StemmingAnalyzer

from directory import vocabulary
from directory.db import get_engine
from directory.models import Resource, ResourceTag
from directory.models.base import new_id, utcnow
from directory.search import get_search
from directory.search import whoosh_backend as wb
from directory.search.common import load_documents

STOCK = StemmingAnalyzer()
TEXTS = [
    "",
    "Walking football for over-50s, e.g. Tuesdays at 3.50pm (£3.50; concessions £1.00).",
    "Don't miss it: O'Neill's café — naïve résumé, FAÇADE, Straße, İstanbul, ǅemal.",
    "A I a i x y z 1 2 3 v1.2.3 3.14.15 a.b.c ..dots.. end. .start trailing.",
    "THE and OR not BUT of to be -- the quick brown fox jumps over the lazy dogs",
    "snake_case_words __dunder__ tabs\tand\nnewlines\r\n mixed123numbers 42nd ½ ² ³ ٣",
    "running runner runs ran easily fairly generously happiness relational conditional",
    "Emoji 🙂 and CJK 漢字 かな and Arabic مرحبا and Hebrew שלום and Greek Ωμέγα",
    "apostrophes: it's, they're, rock'n'roll; quotes ‘single’ “double” «guillemets»",
    "yes yes yes YES Yes yEs y ye yes.",
]
FILLER = ["group", "support", "walk", "café", "e.g.", "3.50", "O'Neill's", "naïve", "THE", "it's"]
FILLER += ["a", "I", "x", "Ωμέγα"]


def test_analysis_gives_stemming_analyzers_tokens_for_varied_text() -> None:
    analyse = wb.Analysis()
    for text in TEXTS:
        assert analyse(text) == [t.text for t in STOCK(text)], text
    assert analyse("The Walks, e.g. 3.50 and O'Neill's cafés") == [
        "walk",
        "e.g",
        "3.50",
        "neill",
        "café",
    ]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_analysis_gives_stemming_analyzers_tokens_for_any_text(text: str) -> None:
    assert wb.Analysis()(text) == [t.text for t in STOCK(text)]


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    """The whoosh backend on both databases."""
    return {**app_config, "SEARCH_BACKEND": "whoosh"}


def fill(app: Flask, size: int) -> None:
    """Bulk-insert resources whose text mixes vocabulary words with awkward tokens."""
    rng = random.Random(7)
    codes = list(vocabulary.TERMS[vocabulary.INTEREST])
    now = utcnow()
    resources: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    for i in range(size):
        rid = new_id()
        words = rng.choices(FILLER, k=rng.randint(0, 12)) + [rng.choice(TEXTS)]
        resources.append(
            {
                "id": rid,
                "name": f"{rng.choice(FILLER).title()} {i}",
                "description": " ".join(words),
                "status": "active",
                "setting": rng.choice(("community", "online")),
                "review_state": "confirmed",
                "is_public": True,
                "created_at": now,
                "updated_at": now - timedelta(seconds=i),
            }
        )
        for code in rng.sample(codes, rng.randint(0, 2)):
            tags.append({"resource_id": rid, "scheme": vocabulary.INTEREST, "code": code})
    with get_engine(app).begin() as conn:
        conn.execute(insert(Resource.__table__), resources)  # type: ignore[attr-defined]
        if tags:
            conn.execute(insert(ResourceTag.__table__), tags)  # type: ignore[attr-defined]


def stock_index(app: Flask, folder: Path) -> windex.Index:
    """The index whoosh's own writer and analyser make of the same documents."""
    folder.mkdir()
    ix = windex.create_in(str(folder), wb.make_schema())
    writer = ix.writer()
    spelling: set[str] = set()
    for doc in load_documents(get_engine(app)):
        writer.add_document(
            id=doc.id,
            name=doc.name,
            text=doc.text,
            terms=doc.terms,
            interests=" ".join(doc.interests),
            updated=doc.updated_us,
        )
        spelling |= wb.doc_words(doc)
    for word in sorted(spelling):
        writer.add_document(spell=word, kind=wb.SPELL)
    writer.commit()
    return ix


def contents(ix: windex.Index) -> dict[str, Any]:
    """Every document's postings, field lengths and values (keyed by resource id or spelling
    word), and each term's statistics."""
    with ix.searcher() as searcher:
        reader = searcher.reader()
        names: dict[int, str] = {}
        for docnum in reader.all_doc_ids():
            rid = reader.stored_fields(docnum).get("id")
            names[docnum] = f"id:{rid}" if rid else ""
        for text in reader.lexicon("spell"):
            for docnum in reader.postings("spell", text).all_ids():
                names[docnum] = f"spell:{text.decode()}"
        postings: dict[tuple[str, str, str], tuple[float, int]] = {}
        terms: dict[tuple[str, str], tuple[float, ...]] = {}
        for fieldname, text in reader.all_terms():
            info = reader.term_info(fieldname, text)
            terms[(fieldname, text.decode())] = (
                info.weight(),
                info.doc_frequency(),
                info.min_length(),
                info.max_length(),
                info.max_weight(),
            )
            matcher = reader.postings(fieldname, text)
            while matcher.is_active():
                key = (names[matcher.id()], fieldname, text.decode())
                postings[key] = (matcher.weight(), matcher.value_as("frequency"))
                matcher.next()
        fields = ["name", "text", "terms", "interests"]
        # whoosh 2.7 gives None for a length of 0 read from a column, 0 when there is none.
        lengths = {
            (names[d], f): reader.doc_field_length(d, f) or 0
            for d in reader.all_doc_ids()
            for f in fields
        }
        updated = reader.column_reader("updated")
        return {
            "docs": sorted(names.values()),
            "postings": postings,
            "terms": terms,
            "lengths": lengths,
            "totals": {f: reader.field_length(f) for f in fields},
            "updated": {names[d]: updated[d] for d in reader.all_doc_ids()},
        }


def test_parallel_rebuild_makes_the_index_whooshs_stock_writer_would(
    app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(app, 240)
    monkeypatch.setattr(wb, "PARALLEL_FROM", 100)  # two processes, each reading its share
    monkeypatch.setattr(wb, "PROGRESS_EVERY", 50)
    backend = get_search(app)
    reports: list[tuple[int, int]] = []
    assert backend.reindex(lambda done, total: reports.append((done, total))) == 240
    assert reports[-1] == (240, 240)
    assert [done for done, _ in reports] == sorted(done for done, _ in reports)
    ours = windex.open_dir(app.config["INDEX_DIR"])
    assert len(ours._segments()) == 2  # one per process
    expected = contents(stock_index(app, tmp_path / "stock"))
    assert len(expected["postings"]) > 2000
    assert contents(ours) == expected
    assert backend.is_current()


def test_one_process_rebuild_makes_the_same_index(app: Flask, tmp_path: Path) -> None:
    fill(app, 60)
    assert get_search(app).reindex() == 60
    ours = windex.open_dir(app.config["INDEX_DIR"])
    assert len(ours._segments()) == 1
    assert contents(ours) == contents(stock_index(app, tmp_path / "stock"))


def test_a_rebuild_process_that_dies_leaves_one_process_to_write_it_all(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(app, 150)
    backend = get_search(app)
    backend.reindex()
    before = contents(windex.open_dir(app.config["INDEX_DIR"]))
    monkeypatch.setattr(wb, "PARALLEL_FROM", 100)
    write = wb.WhooshBackend._write_share

    def dies_first(self: wb.WhooshBackend, pipe: Any, ids: list[str], counts: Any, k: int) -> None:
        if k == 0:
            os._exit(1)  # as if killed: no segment sent back
        write(self, pipe, ids, counts, k)

    monkeypatch.setattr(wb.WhooshBackend, "_write_share", dies_first)
    assert backend.reindex() == 150
    after = windex.open_dir(app.config["INDEX_DIR"])
    assert len(after._segments()) == 1
    assert contents(after) == before
    holders = {k[0] for k in before["postings"] if k[1] in wb.FIELD_BOOSTS and k[2] == "group"}
    assert backend.search("group").total == len(holders) > 0
