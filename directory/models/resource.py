"""Resources (groups, classes, activities, services) with their places, times, costs and tags."""

# No `from __future__ import annotations` here: SQLModel relationships need real annotations.

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from pydantic import model_validator
from sqlalchemy import JSON, Column, ForeignKey, String
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, Relationship, SQLModel

from directory import vocabulary
from directory.models.base import (
    DAYS,
    LONDON,
    Day,
    Postcode,
    Time,
    minutes,
    new_id,
    utcnow,
)


class Status(StrEnum):
    """Whether a resource is running."""

    ACTIVE = "active"
    TEMPORARILY_CLOSED = "temporarily-closed"
    CLOSED = "closed"


class Setting(StrEnum):
    """Where a resource happens (cg-setting)."""

    COMMUNITY = "community"
    MENTAL_HEALTH_SERVICE = "mental-health-service"
    ONLINE = "online"


class HowToJoin(StrEnum):
    """How someone joins."""

    DROP_IN = "drop-in"
    BOOKING = "booking"
    REFERRAL = "referral"
    # The source does not say (an import never guesses drop-in from silence).
    UNKNOWN = "unknown"


class ReviewState(StrEnum):
    """Whether a team member has confirmed the entry."""

    NEEDS_CHECKING = "needs-checking"
    CONFIRMED = "confirmed"


class CostKind(StrEnum):
    """Standard price for everyone, or a concession."""

    STANDARD = "standard"
    CONCESSION = "concession"


CONCESSION_BENEFITS = "people receiving benefits"
FLAG_REASON_MAX = 300  # characters in a "might have changed" reason


def _json() -> Any:
    return Field(default=None, sa_column=Column(JSON, nullable=True))


def _fk(target: str, primary_key: bool = False) -> Any:
    return Column(
        String(64),
        ForeignKey(target, ondelete="CASCADE"),
        nullable=False,
        index=not primary_key,
        primary_key=primary_key,
    )


class AddressParts(SQLModel):
    """An address as its source gave it, for any country (`address` is the one-line form)."""

    address_1: str = Field(default="", max_length=500)
    address_2: str = Field(default="", max_length=500)
    city: str = Field(default="", max_length=200)
    region: str = Field(default="", max_length=200)
    state_province: str = Field(default="", max_length=200)
    postal_code: str = Field(default="", max_length=40)
    country: str = Field(default="", max_length=100)


class ResourceLocation(AddressParts, table=True):
    """A place where a resource meets."""

    __tablename__ = "resource_location"

    id: int | None = Field(default=None, primary_key=True)
    resource_id: str = Field(default="", sa_column=_fk("resource.id"))
    name: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=500)
    postcode: str = Field(default="", max_length=10, index=True)
    latitude: float | None = None
    longitude: float | None = None
    # The source's location id (services sharing a place share it) and its other HSDS fields.
    source_id: str = Field(default="", max_length=200, index=True)
    extras: dict[str, Any] | None = _json()

    resource: "Resource" = Relationship(back_populates="locations")


class ResourceSession(SQLModel, table=True):
    """A regular meeting time: weekly, or monthly on an ordinal day (second Saturday)."""

    __tablename__ = "resource_session"

    id: int | None = Field(default=None, primary_key=True)
    resource_id: str = Field(default="", sa_column=_fk("resource.id"))
    freq: str = Field(default="weekly", max_length=10)  # weekly | monthly
    day: str = Field(max_length=2)  # mo..su
    ordinal: int | None = None  # monthly only: 1..4, or -1 for the last
    start: str = Field(max_length=5)  # HH:MM, UK local time
    end: str = Field(max_length=5)
    note: str = Field(default="", max_length=200)
    interval: int = Field(default=1, ge=1)  # every n weeks or months
    valid_from: date | None = None
    valid_to: date | None = None
    dtstart: date | None = None
    until: date | None = None
    count: int | None = None
    # '' (the directory's timezone), a UTC offset such as '+01:00', or an IANA zone name.
    timezone: str = Field(default="", max_length=64)

    resource: "Resource" = Relationship(back_populates="sessions")

    def next_on_or_after(self, day: date) -> date:
        """The date of the next session on or after the given date."""
        weekday = DAYS.index(self.day)
        if self.freq != "monthly" or not self.ordinal:
            return day + timedelta(days=(weekday - day.weekday()) % 7)
        probe = day.replace(day=1)
        for _ in range(14):
            candidate = _nth_weekday(probe.year, probe.month, weekday, self.ordinal)
            if candidate >= day:
                return candidate
            probe = (probe + timedelta(days=32)).replace(day=1)
        raise ValueError("no monthly session found")  # pragma: no cover - ordinals are 1..4/-1


def _nth_weekday(year: int, month: int, weekday: int, ordinal: int) -> date:
    """The nth (or last, for -1) given weekday of a month."""
    if ordinal > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (ordinal - 1))
    nxt = (date(year, month, 28) + timedelta(days=4)).replace(day=1)
    last = nxt - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


class ResourceCost(SQLModel, table=True):
    """A price per session, for everyone or as a concession."""

    __tablename__ = "resource_cost"

    id: int | None = Field(default=None, primary_key=True)
    resource_id: str = Field(default="", sa_column=_fk("resource.id"))
    kind: str = Field(default=CostKind.STANDARD.value, max_length=12)
    amount_pence: int = Field(ge=0)
    label: str = Field(default="", max_length=120)  # who the concession is for
    currency: str = Field(default="", max_length=3)  # '' when the source does not say
    amount_description: str = Field(default="", max_length=500)

    resource: "Resource" = Relationship(back_populates="costs")


class ResourceTag(SQLModel, table=True):
    """A vocabulary term (interest or access) attached to a resource."""

    __tablename__ = "resource_tag"

    resource_id: str = Field(default="", sa_column=_fk("resource.id", primary_key=True))
    scheme: str = Field(primary_key=True, max_length=20)
    code: str = Field(primary_key=True, max_length=40, index=True)

    resource: "Resource" = Relationship(back_populates="tags")


class ResourceLanguage(SQLModel, table=True):
    """A language a resource is offered in (ISO 639 code, or the name when it has none)."""

    __tablename__ = "resource_language"

    resource_id: str = Field(default="", sa_column=_fk("resource.id", primary_key=True))
    code: str = Field(primary_key=True, max_length=40, index=True)

    resource: "Resource" = Relationship(back_populates="languages")


class SourceTerm(SQLModel, table=True):
    """A term of an imported directory's own taxonomy, kept as the source published it."""

    __tablename__ = "source_term"

    id: str = Field(primary_key=True, max_length=64)
    source: str = Field(default="", max_length=200, index=True)
    taxonomy: str = Field(default="", max_length=200)
    code: str = Field(default="", max_length=200, index=True)
    name: str = Field(default="", max_length=500)
    parent_id: str = Field(default="", max_length=64)
    interest: str = Field(default="", max_length=40)  # the app's interest term it maps onto
    doc: dict[str, Any] | None = _json()  # the HSDS taxonomy_term (and its taxonomy)


class ResourceTerm(SQLModel, table=True):
    """A source taxonomy term attached to a resource."""

    __tablename__ = "resource_term"

    resource_id: str = Field(default="", sa_column=_fk("resource.id", primary_key=True))
    term_id: str = Field(default="", sa_column=_fk("source_term.id", primary_key=True))

    resource: "Resource" = Relationship(back_populates="source_terms")
    term: SourceTerm = Relationship(sa_relationship_kwargs={"lazy": "joined"})


class ResourceBase(SQLModel):
    """Public fields every view of a resource shares."""

    name: str = Field(min_length=2, max_length=200)
    description: str = Field(default="", max_length=5000)
    status: Status = Field(default=Status.ACTIVE, sa_type=String(20), index=True)
    setting: Setting = Field(default=Setting.COMMUNITY, sa_type=String(30))
    how_to_join: HowToJoin = Field(default=HowToJoin.DROP_IN, sa_type=String(20))
    join_details: str = Field(default="", max_length=1000)
    url: str = Field(default="", max_length=500)
    email: str = Field(default="", max_length=254)
    phone: str = Field(default="", max_length=40)
    min_age: int | None = Field(default=None, ge=0, le=120)
    max_age: int | None = Field(default=None, ge=0, le=120)
    eligibility: str = Field(default="", max_length=1000)
    fees_description: str = Field(default="", max_length=500)


def cost_after_concession(standard: int, concession: int | None, receives_benefits: bool) -> int:
    """What one session costs, in pence, for someone who does or does not receive benefits."""
    if receives_benefits and concession is not None:
        return min(standard, concession)
    return standard


class Resource(ResourceBase, table=True):
    """A group, class, activity or service in the directory."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=64)
    organisation_id: str | None = Field(
        default=None, foreign_key="organisation.id", index=True, max_length=64
    )
    name: str = Field(max_length=200, index=True)
    review_state: str = Field(default=ReviewState.NEEDS_CHECKING.value, max_length=20, index=True)
    is_public: bool = Field(default=True)
    flagged_changed: bool = Field(default=False)
    # What a team member heard when flagging it: team-only, never public, indexed or exported.
    flag_reason: str = Field(default="", max_length=FLAG_REASON_MAX)
    # Provenance: never shown on public pages or indexed. Each team's own notes are kept apart,
    # in resource_team_note (directory/models/team_notes.py).
    source: str = Field(default="", max_length=200)
    added_by_id: int | None = Field(default=None, foreign_key="user.id")
    # The source's own id for this record (with `source`, the import's identity for it), the
    # date the source stopped listing it, and the source's HSDS fields the columns cannot hold.
    source_id: str = Field(default="", max_length=200, index=True)
    gone_at: datetime | None = None
    extras: dict[str, Any] | None = _json()
    last_confirmed_at: datetime | None = None
    last_confirmed_by_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)
    version: int = Field(default=1)

    locations: list[ResourceLocation] = Relationship(
        back_populates="resource",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"},
    )
    sessions: list[ResourceSession] = Relationship(
        back_populates="resource",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"},
    )
    costs: list[ResourceCost] = Relationship(
        back_populates="resource",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"},
    )
    tags: list[ResourceTag] = Relationship(
        back_populates="resource",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"},
    )
    languages: list[ResourceLanguage] = Relationship(
        back_populates="resource",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"},
    )
    source_terms: list[ResourceTerm] = Relationship(
        back_populates="resource",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"},
    )

    @declared_attr  # type: ignore[arg-type, misc]
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805
        # Optimistic locking: an UPDATE must match the version it read.
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]

    def terms(self, scheme: str) -> list[str]:
        """The resource's codes in one vocabulary scheme, sorted."""
        return sorted(t.code for t in self.tags if t.scheme == scheme)

    @property
    def interests(self) -> list[str]:
        """Interest codes."""
        return self.terms(vocabulary.INTEREST)

    @property
    def access(self) -> list[str]:
        """Access and audience codes."""
        return self.terms(vocabulary.ACCESS)

    @property
    def standard_pence(self) -> int:
        """The cheapest price for everyone (0 when no price is recorded)."""
        prices = [c.amount_pence for c in self.costs if c.kind == CostKind.STANDARD.value]
        return min(prices) if prices else 0

    @property
    def concession_pence(self) -> int | None:
        """The cheapest concession price, if there is one."""
        prices = [c.amount_pence for c in self.costs if c.kind == CostKind.CONCESSION.value]
        return min(prices) if prices else None

    def cost_for(self, receives_benefits: bool) -> int:
        """What one session costs this person, in pence, after any concession."""
        return cost_after_concession(self.standard_pence, self.concession_pence, receives_benefits)

    @property
    def is_free(self) -> bool:
        """Free for everyone."""
        return self.standard_pence == 0

    def next_session(self, now: datetime | None = None) -> tuple[date, ResourceSession] | None:
        """The next session from now (UK local time), or None when none is fixed."""
        now = (now or utcnow()).astimezone(LONDON)
        today = now.date()
        best: tuple[date, ResourceSession] | None = None
        for s in self.sessions:
            day = s.next_on_or_after(today)
            if day == today and minutes(s.start) < now.hour * 60 + now.minute:
                day = s.next_on_or_after(today + timedelta(days=1))
            if best is None or (day, s.start) < (best[0], best[1].start):
                best = (day, s)
        return best

    def is_stale(self, stale_after_days: int, now: datetime | None = None) -> bool:
        """True when nobody has confirmed it within the period."""
        seen = self.last_confirmed_at or self.created_at
        return (now or utcnow()) - seen > timedelta(days=stale_after_days)


class LocationIn(AddressParts):
    """A place as submitted: an address with a postcode, or coordinates, or both."""

    name: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=500)
    postcode: Postcode = ""
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    source_id: str = Field(default="", max_length=200)
    extras: dict[str, Any] | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> "LocationIn":
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("give both latitude and longitude, or neither")
        if not self.postcode and self.latitude is None and not self.address.strip():
            raise ValueError("a place needs a postcode, an address or coordinates")
        return self


class SessionIn(SQLModel):
    """A meeting time as submitted."""

    freq: str = Field(default="weekly", regex="^(weekly|monthly)$")
    day: Day
    ordinal: int | None = Field(default=None, ge=-1, le=4)
    start: Time
    end: Time
    note: str = Field(default="", max_length=200)
    interval: int = Field(default=1, ge=1, le=52)
    valid_from: date | None = None
    valid_to: date | None = None
    dtstart: date | None = None
    until: date | None = None
    count: int | None = Field(default=None, ge=1)
    timezone: str = Field(default="", max_length=64)

    @model_validator(mode="after")
    def _order(self) -> "SessionIn":
        if minutes(self.end) <= minutes(self.start):
            raise ValueError(f"the session ends ({self.end}) before it starts ({self.start})")
        if self.freq == "monthly" and self.ordinal in (None, 0):
            raise ValueError("a monthly session needs which week: 1 to 4, or -1 for the last")
        return self


class CostIn(SQLModel):
    """A price as submitted, in pence."""

    kind: CostKind = CostKind.STANDARD
    amount_pence: int = Field(ge=0, le=100_000)
    label: str = Field(default="", max_length=120)
    currency: str = Field(default="", max_length=3)
    amount_description: str = Field(default="", max_length=500)


class ResourceCreate(ResourceBase):
    """A resource as submitted by a form, the API, an import or the seeds."""

    id: str | None = Field(default=None, max_length=64)
    organisation_id: str | None = Field(default=None, max_length=64)
    interests: list[str] = Field(default_factory=list)
    access: list[str] = Field(default_factory=list)
    locations: list[LocationIn] = Field(default_factory=list)
    sessions: list[SessionIn] = Field(default_factory=list)
    costs: list[CostIn] = Field(default_factory=list)
    is_public: bool = True
    source: str = Field(default="", max_length=200)
    # The submitting team's own notes (None leaves them as they are); never public.
    told_by: str | None = Field(default=None, max_length=200)
    team_notes: str | None = Field(default=None, max_length=5000)
    team_contact: str | None = Field(default=None, max_length=500)
    team_notes_shared: bool | None = None  # True: every team in the deployment sees them

    @model_validator(mode="after")
    def _consistent(self) -> "ResourceCreate":
        unknown = [c for c in self.interests if not vocabulary.is_term(vocabulary.INTEREST, c)]
        if unknown:
            raise ValueError(f"unknown interest: {', '.join(unknown)}")
        unknown = [c for c in self.access if not vocabulary.is_term(vocabulary.ACCESS, c)]
        if unknown:
            raise ValueError(f"unknown access feature: {', '.join(unknown)}")
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise ValueError("the minimum age is above the maximum age")
        if self.setting != Setting.ONLINE and not self.locations:
            raise ValueError("say where it happens (a postcode or place), or set it as online")
        kinds = [c.kind for c in self.costs]
        if CostKind.CONCESSION in kinds and CostKind.STANDARD not in kinds:
            raise ValueError("a concession price needs a standard price beside it")
        return self


class ResourceUpdate(ResourceCreate):
    """A resource as edited: the full record plus the version the editor started from."""

    version: int = Field(ge=1)
    # The version of the team's notes the editor started from (0: none yet); None skips the check.
    team_notes_version: int | None = Field(default=None, ge=0)


class ResourcePublic(ResourceBase):
    """A resource as anyone may see it: no provenance, team notes or contacts."""

    id: str
    organisation_id: str | None
    interests: list[str]
    access: list[str]
    last_confirmed_at: datetime | None
    updated_at: datetime


class DirectoryState(SQLModel, table=True):
    """One row whose version counts every change to the directory (for caches on every node)."""

    __tablename__ = "directory_state"

    id: int = Field(default=1, primary_key=True)
    version: int = Field(default=0)
