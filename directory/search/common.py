"""What both search backends share: query plans, the public text of a resource, snippets.

Each engine filters, ranks, counts facets and pages itself (SQL on PostgreSQL, Whoosh queries
on the embedded default); nothing of the directory is held here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import Connection, Engine, select, union_all
from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem

from directory import vocabulary
from directory.hsds.languages import NAMES
from directory.models import (
    DirectoryState,
    Organisation,
    Resource,
    ResourceLanguage,
    ResourceLocation,
    ResourceTag,
    ResourceTerm,
    SourceTerm,
)

MAX_PHRASE = 4
SNIPPET_WORDS = 30
ID_CHUNK = 5000  # rows a server-side cursor fetches at a time
_WORD = re.compile(r"[^\W_]+")
INTEREST_CODES = tuple(vocabulary.TERMS[vocabulary.INTEREST])
ACCESS_CODES = tuple(vocabulary.TERMS[vocabulary.ACCESS])


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Porter stem of a lower-case word (cached: snippets stem the same words often)."""
    return porter_stem(word)


def words(text: str) -> list[str]:
    """Lower-case words of a text (letters and digits; hyphens and apostrophes split)."""
    return _WORD.findall(text.lower())


def _phrase_index() -> dict[str, frozenset[str]]:
    """Vocabulary phrases (as space-joined words) -> interest codes they name."""
    index: dict[str, set[str]] = {}
    for phrase, codes in vocabulary.synonym_index(vocabulary.INTEREST).items():
        index.setdefault(" ".join(words(phrase)), set()).update(codes)
    return {k: frozenset(v) for k, v in index.items() if k}


PHRASES = _phrase_index()


@dataclass(frozen=True)
class Group:
    """One part of a query: its words (all needed), or any of the interest codes it names."""

    words: tuple[str, ...]
    codes: frozenset[str] = frozenset()
    corrected: str | None = None  # a likely intended word when this one is unknown


@dataclass
class QueryPlan:
    """A query split into groups, every group needed unless the search is relaxed."""

    groups: list[Group]

    @property
    def codes(self) -> set[str]:
        """Every interest code the query names."""
        return {c for g in self.groups for c in g.codes}

    @property
    def all_words(self) -> list[str]:
        """Every query word and correction."""
        out = [w for g in self.groups for w in g.words]
        return out + [g.corrected for g in self.groups if g.corrected]

    def suggestion(self) -> str | None:
        """The query with unknown words replaced by their likely spelling, if any changed."""
        if not any(g.corrected for g in self.groups):
            return None
        return " ".join(g.corrected or " ".join(g.words) for g in self.groups)


def plan_query(query: str) -> QueryPlan:
    """Split a query into groups, joining vocabulary phrases ("walking football") into one."""
    tokens = words(query)[:32]
    groups: list[Group] = []
    i = 0
    while i < len(tokens):
        for n in range(min(MAX_PHRASE, len(tokens) - i), 0, -1):
            phrase = " ".join(tokens[i : i + n])
            if phrase in PHRASES:
                kept = tuple(w for w in tokens[i : i + n] if w not in STOP_WORDS)
                groups.append(Group(kept or tuple(tokens[i : i + n]), PHRASES[phrase]))
                i += n
                break
        else:
            if tokens[i] not in STOP_WORDS:
                groups.append(Group((tokens[i],)))
            i += 1
    return QueryPlan(groups)


def correctable(group: Group) -> bool:
    """Tell whether a group is a single ordinary word worth a spelling check."""
    return not group.codes and len(group.words) == 1 and not group.words[0].isdigit()


def with_corrections(plan: QueryPlan, fixes: dict[str, str]) -> QueryPlan:
    """The plan with corrections attached to the words that had them."""
    return QueryPlan(
        [
            Group(g.words, g.codes, fixes.get(g.words[0])) if correctable(g) else g
            for g in plan.groups
        ]
    )


# ---------------------------------------------------------------- public documents


@dataclass
class Document:
    """The public, searchable text of one resource (never team notes, provenance or people)."""

    id: str
    name: str
    text: str  # description and organisation name
    terms: str  # names and synonyms of its interest, access and setting terms
    details: str  # its places (names, addresses, postcodes, districts), languages, and the
    # categories of the directory it was imported from
    interests: list[str]
    status: str
    updated_us: int  # updated_at in microseconds since the epoch

    @property
    def all_words(self) -> str:
        """Every searchable word, for spelling suggestions."""
        return " ".join(
            dict.fromkeys(words(f"{self.name} {self.text} {self.terms} {self.details}"))
        )


def _term_text(scheme: str, code: str) -> str:
    t = vocabulary.TERMS.get(scheme, {}).get(code)
    return f"{t.name} {' '.join(t.synonyms)}" if t else code


# Every English name of each language code ("zh": "cantonese mandarin chinese").
LANGUAGE_NAMES: dict[str, str] = {}
for _name, _code in NAMES.items():
    LANGUAGE_NAMES[_code] = f"{LANGUAGE_NAMES.get(_code, '')} {_name}".strip()


def _spoken(ids: list[str] | None = None) -> Any:
    """(resource id, code or name): its languages' ISO codes and its source categories' names."""
    lang = ResourceLanguage.__table__  # type: ignore[attr-defined]
    rt, st = ResourceTerm.__table__, SourceTerm.__table__  # type: ignore[attr-defined]
    languages = select(lang.c.resource_id, lang.c.code)
    terms = select(rt.c.resource_id, st.c.name).select_from(rt.join(st, rt.c.term_id == st.c.id))
    if ids is not None:
        languages = languages.where(lang.c.resource_id.in_(ids))
        terms = terms.where(rt.c.resource_id.in_(ids))
    return union_all(languages, terms)


def place_codes(postcode: str) -> set[str]:
    """The keys a postcode is asked for by: whole without spaces or hyphens, and its first part
    ("LS12 3AA": ls123aa and ls12; a ZIP+4 "21215-3104": 212153104 and 21215)."""
    parts = words(postcode)
    return {"".join(parts), parts[0]} if parts else set()


def postcode_keys(plan: QueryPlan) -> dict[int, list[str]]:
    """By group: the postcode keys its word may be (a word with a digit, alone or joined with
    the next group's word: "ls12 3aa"), so services at that postcode rank above mentions."""
    out: dict[int, list[str]] = {}
    for i, group in enumerate(plan.groups):
        if len(group.words) != 1 or not any(c.isdigit() for c in group.words[0]):
            continue
        keys = [group.words[0]]
        after = plan.groups[i + 1].words if i + 1 < len(plan.groups) else ()
        if len(after) == 1:
            keys.append(group.words[0] + after[0])
        out[i] = keys
    return out


def _place_text(name: str | None, address: str | None, postcode: str | None) -> str:
    """A place as searchable words: its postcode whole and its district ("LS12 3AA LS12")."""
    code = postcode or ""
    return " ".join(p for p in (name, address, code, code.split(" ")[0]) if p)


def _micros(value: object) -> int:
    if not isinstance(value, datetime):
        return 0
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return int(value.timestamp() * 1_000_000)


def load_documents(engine: Engine, ids: Iterable[str] | None = None) -> Iterable[Document]:
    """Yield documents for the given ids (all resources when None), reading public columns only."""
    r = Resource.__table__  # type: ignore[attr-defined]
    o = Organisation.__table__  # type: ignore[attr-defined]
    t = ResourceTag.__table__  # type: ignore[attr-defined]
    loc = ResourceLocation.__table__  # type: ignore[attr-defined]
    wanted = None if ids is None else sorted(set(ids))
    chunk = 5000
    with engine.connect() as conn:
        starts = [None] if wanted is None else range(0, len(wanted), chunk)
        for start in starts:
            rows = select(
                r.c.id,
                r.c.name,
                r.c.description,
                r.c.setting,
                r.c.status,
                r.c.updated_at,
                o.c.name,
            ).select_from(r.outerjoin(o, r.c.organisation_id == o.c.id))
            tags = select(t.c.resource_id, t.c.scheme, t.c.code)
            where = select(loc.c.resource_id, loc.c.name, loc.c.address, loc.c.postcode)
            spoken = _spoken()
            if wanted is not None and start is not None:
                part = wanted[start : start + chunk]
                rows = rows.where(r.c.id.in_(part))
                tags = tags.where(t.c.resource_id.in_(part))
                where = where.where(loc.c.resource_id.in_(part))
                spoken = _spoken(part)
            by_id: dict[str, list[tuple[str, str]]] = {}
            for rid, scheme, code in conn.execute(tags):
                by_id.setdefault(rid, []).append((scheme, code))
            details: dict[str, list[str]] = {}
            for rid, *parts in conn.execute(where):
                details.setdefault(rid, []).append(_place_text(*parts))
            for rid, said in conn.execute(spoken):  # a language also by its names
                details.setdefault(rid, []).append(f"{said} {LANGUAGE_NAMES.get(said, '')}")
            for rid, name, desc, setting, status, updated, org in conn.execute(rows):
                tagged = by_id.get(rid, [])
                term_text = [_term_text(s, c) for s, c in tagged]
                term_text.append(_term_text(vocabulary.SETTING, setting))
                yield Document(
                    id=rid,
                    name=name,
                    text=f"{desc or ''} {org or ''}".strip(),
                    terms=" ".join(term_text),
                    details=" ".join(details.get(rid, [])),
                    interests=sorted(c for s, c in tagged if s == vocabulary.INTEREST),
                    status=status,
                    updated_us=_micros(updated),
                )


_VERSION = select(DirectoryState.__table__.c.version).where(  # type: ignore[attr-defined]
    DirectoryState.__table__.c.id == 1  # type: ignore[attr-defined]
)


def directory_version(conn: Connection) -> int:
    """The directory's change counter."""
    return int(conn.execute(_VERSION).scalar() or 0)


def stream(conn: Connection, query: Any) -> Iterator[Any]:
    """A query's rows as they are read, never all of them in memory at once."""
    if conn.dialect.name == "sqlite":  # its cursor already steps through rows as they are read
        yield from conn.execute(query)
    else:  # a server-side cursor, ID_CHUNK rows at a time
        yield from conn.execute(query.execution_options(yield_per=ID_CHUNK))


def fade_after_days() -> int | None:
    """The app's period before an entry counts as not recently checked (None outside an app)."""
    if not has_app_context():
        return None
    days = current_app.config.get("STALE_AFTER_DAYS")
    return int(days) if days else None


# ---------------------------------------------------------------- snippets


def query_stems(plan: QueryPlan) -> set[str]:
    """Stems of every query word and correction, for highlighting."""
    return {stem(w) for w in plan.all_words}


@lru_cache(maxsize=4096)
def snippet(text: str, stems: frozenset[str], size: int = SNIPPET_WORDS) -> str:
    """An HTML-escaped window of the text around the first match, matches in <mark>."""
    spans = [m.span() for m in _WORD.finditer(text)]
    if not spans:
        return html.escape(text)
    low = text.lower()
    hits = [i for i, (a, b) in enumerate(spans) if stem(low[a:b]) in stems]
    first = max(0, (hits[0] if hits else 0) - size // 3)
    last = min(len(spans), first + size)
    begin = spans[first][0]
    end = spans[last - 1][1] if last < len(spans) else len(text)
    out = ["… " if first else ""]
    pos = begin
    for i in hits:
        if first <= i < last:
            a, b = spans[i]
            out.append(html.escape(text[pos:a]))
            out.append(f"<mark>{html.escape(text[a:b])}</mark>")
            pos = b
    out.append(html.escape(text[pos:end]))
    out.append(" …" if last < len(spans) else "")
    return "".join(out)
