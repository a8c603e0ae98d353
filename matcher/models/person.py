"""People a team supports: what is recorded about them (a label, never a full name by default)."""

# No `from __future__ import annotations` here: SQLModel relationships need real annotations.

from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationInfo, field_validator, model_validator
from sqlalchemy import JSON
from sqlmodel import Field, Relationship, SQLModel

from core.times import utcnow
from directory import vocabulary
from directory.models.base import check_day, check_time, minutes, normalise_postcode
from matcher.facts import KNOWN, NOT_INTERESTED
from matcher.labels import FULL_NAME, PERSON_INSTEAD, looks_like_full_name

if TYPE_CHECKING:
    from matcher.models.goals import Goal

GENDERS = ("", "woman", "man", "non-binary")


def _known(scheme: str, values: list[str], what: str) -> list[str]:
    codes = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
    unknown = [c for c in codes if not vocabulary.is_term(scheme, c)]
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(unknown)}")
    return codes


def _check_not_interested(codes: list[str], theirs: set[str]) -> None:
    """Refuse 'not-interested:' codes of no interest term, or of one also given as theirs."""
    prefix = NOT_INTERESTED + ":"
    said = [c[len(prefix) :] for c in codes if c.startswith(prefix)]
    wrong = [c for c in said if not vocabulary.is_term(vocabulary.INTEREST, c)]
    if wrong:
        raise ValueError(
            f"{NOT_INTERESTED}: unknown interest {', '.join(map(repr, wrong))} "
            f"(use an interest code of the {vocabulary.INTEREST} vocabulary)"
        )
    both = [vocabulary.label(vocabulary.INTEREST, c) for c in said if c in theirs]
    if both:
        raise ValueError(f"{', '.join(both)}: given both as an interest and as not interested")


FREE_KEYS = ("day", "from", "to")
INTEREST_FIELDS = ("interests", "past_interests", "want_to_try", "skills_to_share")
FACTS_DESCRIPTION = (
    "Facts about the person the practitioner accepted (matcher/facts.py codes), such as "
    "'faith:muslim', 'avoid:alcohol', 'condition:carers', 'access:quiet-space' or "
    "'online-only'; and 'not-interested:<interest code>' (for example "
    "'not-interested:football'): an interest they said they are not interested in. Nothing "
    "mainly about it is suggested, and it gives no reason to suggest anything. An unknown "
    "code is refused, as is an interest also given in interests, past_interests, want_to_try "
    "or skills_to_share."
)


class PersonBase(SQLModel):
    """What is recorded about a person the team supports (a label, never a full name by default)."""

    label: str = Field(min_length=1, max_length=80)
    reference: str = Field(default="", max_length=40)
    age: int | None = Field(default=None, ge=0, le=120)
    age_band: str = Field(default="", max_length=20)
    gender: str = Field(default="", max_length=20)
    postcode: str = Field(default="", max_length=10)
    place: str = Field(default="", max_length=120)
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    interests: list[str] = Field(default_factory=list, sa_type=JSON)
    past_interests: list[str] = Field(default_factory=list, sa_type=JSON)
    want_to_try: list[str] = Field(default_factory=list, sa_type=JSON)
    skills_to_share: list[str] = Field(default_factory=list, sa_type=JSON)
    budget_pence: int | None = Field(default=None, ge=0, le=100_000)
    receives_benefits: bool = False
    max_km: float | None = Field(default=None, gt=0, le=200)
    travel_modes: list[str] = Field(default_factory=list, sa_type=JSON)
    needs_company_first_time: bool = False
    access_needs: list[str] = Field(default_factory=list, sa_type=JSON)
    # [{"day": "tu", "from": "14:00", "to": "16:00"}, ...]
    free_times: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    avoid_mental_health_settings: bool = False
    prefer_peer_support_first: bool = False
    women_only: bool = False
    prefer_quiet: bool = False
    prefer_small_groups: bool = False
    avoid_resource_ids: list[str] = Field(default_factory=list, sa_type=JSON)
    notes: str = Field(default="", max_length=5000)
    # Facts read from the notes that the practitioner accepted (matcher/facts.py codes), and
    # interests they are not interested in, recorded from the notes or ticked on the form.
    accepted_facts: list[str] = Field(
        default_factory=list,
        sa_type=JSON,
        description=FACTS_DESCRIPTION,
    )

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str) -> str:
        # Stored as the gazetteer keeps it ("LS12 4AB"); a district ("LS12") or anything else
        # that is no full postcode is kept as typed, upper-cased.
        try:
            return normalise_postcode(value) if value.strip() else ""
        except ValueError:
            return value.strip().upper()

    @field_validator(*INTEREST_FIELDS)
    @classmethod
    def _interests(cls, values: list[str]) -> list[str]:
        return _known(vocabulary.INTEREST, values, "interest")

    @field_validator("accepted_facts")
    @classmethod
    def _facts(cls, values: list[str], info: ValidationInfo) -> list[str]:
        codes = list(dict.fromkeys(v.strip() for v in values if v and v.strip()))
        theirs = {c for name in INTEREST_FIELDS for c in info.data.get(name, ())}
        _check_not_interested(codes, theirs)
        unknown = [c for c in codes if c not in KNOWN]
        if unknown:
            raise ValueError(f"unknown fact from the notes: {', '.join(unknown)}")
        return codes

    @field_validator("access_needs")
    @classmethod
    def _access(cls, values: list[str]) -> list[str]:
        return _known(vocabulary.ACCESS, values, "access need")

    @field_validator("gender")
    @classmethod
    def _gender(cls, value: str) -> str:
        value = value.strip().lower()
        if value not in GENDERS:
            raise ValueError("gender is woman, man or non-binary (or left blank)")
        return value

    @field_validator("free_times")
    @classmethod
    def _free_times(cls, values: list[dict[str, Any]]) -> list[dict[str, str]]:
        out = []
        for w in values:
            if not isinstance(w, dict) or not all(isinstance(w.get(k), str) for k in FREE_KEYS):
                raise ValueError("each free time needs a day, a 'from' time and a 'to' time")
            day, start, end = check_day(w["day"]), check_time(w["from"]), check_time(w["to"])
            if minutes(end) <= minutes(start):
                raise ValueError(f"a free time ends ({end}) before it starts ({start})")
            out.append({"day": day, "from": start, "to": end})
        return out

    @model_validator(mode="after")
    def _both_coordinates(self) -> "PersonBase":
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        return self


class Person(PersonBase, table=True):
    """Someone a team supports; only that team sees them."""

    # An erased person's number is never given to anyone else (SQLite would reuse the highest
    # rowid; PostgreSQL's sequence never goes back): the audit log and erasure lists hold it.
    __table_args__ = {"sqlite_autoincrement": True}

    id: int | None = Field(default=None, primary_key=True)
    team_id: int = Field(foreign_key="team.id", index=True)
    label: str = Field(max_length=80)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)

    goals: list["Goal"] = Relationship(
        back_populates="person",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"},
    )


class PersonCreate(PersonBase):
    """A person as submitted by a form or the API."""

    @field_validator("label")
    @classmethod
    def _not_a_full_name(cls, value: str) -> str:
        if looks_like_full_name(value):
            raise ValueError(FULL_NAME + PERSON_INSTEAD)
        return value


class PersonPublic(PersonBase):
    """A person as shown to their own team (never on public pages)."""

    id: int
    team_id: int
