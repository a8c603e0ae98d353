"""Resources (groups, classes, activities, services) with their places, times, costs and tags."""

# No `from __future__ import annotations` here: SQLModel relationships need real annotations.

from datetime import date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo, field_validator, model_validator
from sqlalchemy import JSON, Column, ForeignKey, Index, String, event, false
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, Relationship, SQLModel

from core.models.base import new_id
from core.times import LONDON, utcnow
from directory import vocabulary
from directory.models.base import DAY_NAMES, DAYS, Day, OptionalTime, Postcode, Time, minutes
from directory.models.keys import normalise_phone, set_keys
from directory.models.patterns import next_on_or_after, next_start


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
    """Standard price for everyone, a concession, or pay what you can."""

    STANDARD = "standard"
    CONCESSION = "concession"
    PAY_WHAT_YOU_CAN = "what-you-can"


class CostUnit(StrEnum):
    """What a price pays for."""

    SESSION = "session"
    WEEK = "week"
    MONTH = "month"
    COURSE = "course"


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
    # Places near a point are found through this (the duplicate check, migration 0022).
    __table_args__ = (Index("ix_resource_location_point", "latitude", "longitude"),)

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
    """A regular meeting time: weekly, every N weeks or monthly, less any cancelled dates."""

    # Every N weeks counts from a start date; monthly is on an ordinal day (second Saturday);
    # any of them may run between optional dates.

    __tablename__ = "resource_session"

    id: int | None = Field(default=None, primary_key=True)
    resource_id: str = Field(default="", sa_column=_fk("resource.id"))
    freq: str = Field(default="weekly", max_length=10)  # weekly | monthly
    day: str = Field(max_length=2)  # mo..su
    ordinal: int | None = None  # monthly only: 1..4, or -1 for the last
    interval: int = Field(default=1)  # weekly only: every N weeks
    anchor: date | None = None  # the first session (which weeks, when every N weeks)
    start: str = Field(max_length=5)  # HH:MM, UK local time
    end: str = Field(default="", max_length=5)  # '' when only the start is known ("from 10:00")
    valid_from: date | None = None  # no sessions before (a summer-only group)
    valid_to: date | None = None  # no sessions after
    cancelled: list[str] = Field(default_factory=list, sa_type=JSON)  # ISO dates, one-off breaks
    note: str = Field(default="", max_length=200)
    until: date | None = None  # the source's RRULE end (HSDS `until`)
    count: int | None = None
    # '' (the directory's timezone), a UTC offset such as '+01:00', or an IANA zone name.
    timezone: str = Field(default="", max_length=64)

    resource: "Resource" = Relationship(back_populates="sessions")

    def next_on_or_after(self, day: date) -> date | None:
        """The date of the next session on or after the given date (None: no more)."""
        return next_on_or_after(self, day)


class ResourceCost(SQLModel, table=True):
    """A price per session, for everyone or as a concession."""

    __tablename__ = "resource_cost"

    id: int | None = Field(default=None, primary_key=True)
    resource_id: str = Field(default="", sa_column=_fk("resource.id"))
    kind: str = Field(default=CostKind.STANDARD.value, max_length=12)
    amount_pence: int = Field(ge=0)  # pay what you can: a suggested amount, or 0
    label: str = Field(default="", max_length=120)  # who the concession is for
    unit: str = Field(default=CostUnit.SESSION.value, max_length=10)
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
    # How the last confirmation was made (ConfirmedHow: phone, visit...); '' when not recorded.
    last_confirmed_how: str = Field(default="", max_length=20)
    # Facts heard but not yet confirmed are held in resource_pending_change; this says some are.
    has_pending: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow, index=True)
    version: int = Field(default=1)
    # Every phone number with its label ("Bookings"); `phone` stays the first, for the feeds.
    phones: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    # The name and contacts as the duplicate check compares them (directory/models/keys.py),
    # set on every write; the database indexes them (migration 0022). Never shown or exported.
    name_key: str = Field(default="", max_length=200)
    phone_key: str = Field(default="", max_length=40, index=True)
    email_key: str = Field(default="", max_length=254, index=True)
    url_key: str = Field(default="", max_length=500, index=True)

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

    def next_session(
        self, now: datetime | None = None, zone: tzinfo = LONDON
    ) -> tuple[date, ResourceSession] | None:
        """The next session from now, or None when none is fixed."""
        # A session's times are in its own timezone, else `zone` (the directory's).
        return next_start(self.sessions, now or utcnow(), zone)

    def is_stale(self, stale_after_days: int, now: datetime | None = None) -> bool:
        """True when nobody has confirmed it within the period."""
        seen = self.last_confirmed_at or self.created_at
        return (now or utcnow()) - seen > timedelta(days=stale_after_days)


# The keys follow the name and contacts on every write, however the resource was changed.
event.listen(Resource, "before_insert", set_keys)
event.listen(Resource, "before_update", set_keys)


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


DEFAULT = {"validate_default": True}  # so a rule about a missing value runs
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def _plausible(value: date | None) -> date | None:
    """A session date this century (a typo such as 9999 would make every pattern overflow)."""
    if value is not None and not EARLIEST <= value <= LATEST:
        raise ValueError(f"{value.year} is not a year this date can be in: check the year")
    return value


SessionDate = Annotated[date | None, AfterValidator(_plausible)]
ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}


def _day_words(day: date) -> str:
    return f"{DAY_NAMES[DAYS[day.weekday()]]} {day.day} {day:%B %Y}"


class SessionIn(SQLModel):
    """A meeting time as submitted ("fortnightly" is read as every 2 weeks)."""

    freq: str = Field(default="weekly", max_length=11)
    interval: int = Field(default=1, ge=1, le=12)
    day: Day
    ordinal: int | None = Field(default=None, ge=-1, le=4, schema_extra=DEFAULT)
    anchor: SessionDate = Field(default=None, schema_extra=DEFAULT)
    start: Time
    end: OptionalTime = ""  # not known: the session is shown as "from 10:00"
    valid_from: SessionDate = None
    valid_to: SessionDate = None
    cancelled: list[SessionDate] = Field(default_factory=list, max_length=100)
    note: str = Field(default="", max_length=200)
    until: date | None = None
    count: int | None = Field(default=None, ge=1)
    timezone: str = Field(default="", max_length=64)

    @field_validator("freq")
    @classmethod
    def _freq(cls, value: str) -> str:
        if value not in ("weekly", "fortnightly", "monthly"):
            raise ValueError("say how often it meets: weekly, fortnightly or monthly")
        return "weekly" if value == "fortnightly" else value

    @field_validator("interval")
    @classmethod
    def _interval(cls, value: int, info: ValidationInfo) -> int:
        raw = info.data.get("freq")
        if raw == "monthly" and value != 1:
            raise ValueError("a monthly session meets every month: leave 'every N weeks' at 1")
        return value

    @model_validator(mode="before")
    @classmethod
    def _fortnightly(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("freq") == "fortnightly":
            return {**data, "interval": 2}
        return data

    @field_validator("ordinal")
    @classmethod
    def _ordinal(cls, value: int | None, info: ValidationInfo) -> int | None:
        if info.data.get("freq") == "monthly" and value in (None, 0):
            raise ValueError("a monthly session needs which week: 1 to 4, or -1 for the last")
        return value if info.data.get("freq") == "monthly" else None

    @field_validator("anchor")
    @classmethod
    def _anchor(cls, value: date | None, info: ValidationInfo) -> date | None:
        interval, day = info.data.get("interval") or 1, info.data.get("day")
        if value is None and interval > 1:
            raise ValueError(
                f"a session every {interval} weeks needs a start date (the first day it meets)"
            )
        if value is not None and day and DAYS[value.weekday()] != day:
            raise ValueError(f"the start date, {_day_words(value)}, is not a {DAY_NAMES[day]}")
        return value

    @field_validator("end")
    @classmethod
    def _order(cls, value: str, info: ValidationInfo) -> str:
        start = info.data.get("start")
        if value and start and minutes(value) <= minutes(start):
            raise ValueError(f"the session ends ({value}) before it starts ({start})")
        return value

    @field_validator("valid_to")
    @classmethod
    def _season(cls, value: date | None, info: ValidationInfo) -> date | None:
        begins = info.data.get("valid_from")
        if value is not None and begins is not None and value < begins:
            raise ValueError("the last date is before the first date")
        return value

    @field_validator("cancelled")
    @classmethod
    def _cancelled(cls, value: list[date | None], info: ValidationInfo) -> list[date]:
        day = info.data.get("day")
        dates = [d for d in value if d is not None]
        wrong = [d for d in dates if day and DAYS[d.weekday()] != day]
        if wrong:
            raise ValueError(f"{_day_words(wrong[0])} is not a {DAY_NAMES[str(day)]}")
        return sorted(set(dates))


class CostIn(SQLModel):
    """A price as submitted, in pence, and what it pays for."""

    kind: CostKind = CostKind.STANDARD
    amount_pence: int = Field(ge=0, le=100_000)
    label: str = Field(default="", max_length=120)
    unit: CostUnit = CostUnit.SESSION
    currency: str = Field(default="", max_length=3)
    amount_description: str = Field(default="", max_length=500)


class PhoneIn(SQLModel):
    """A phone number with what it is for ("Bookings", "Mobile")."""

    label: str = Field(default="", max_length=60)
    number: str = Field(min_length=3, max_length=40)


class ResourceCreate(ResourceBase):
    """A resource as submitted by a form, the API, an import or the seeds."""

    id: str | None = Field(default=None, max_length=64)
    organisation_id: str | None = Field(default=None, max_length=64)
    interests: list[str] = Field(default_factory=list)
    access: list[str] = Field(default_factory=list)
    locations: list[LocationIn] = Field(default_factory=list)
    sessions: list[SessionIn] = Field(default_factory=list)
    costs: list[CostIn] = Field(default_factory=list)
    phones: list[PhoneIn] = Field(default_factory=list, max_length=10)
    is_public: bool = True
    source: str = Field(default="", max_length=200)
    # The submitting team's own notes (None leaves them as they are); never public.
    told_by: str | None = Field(default=None, max_length=200)
    team_notes: str | None = Field(default=None, max_length=5000)
    team_contact: str | None = Field(default=None, max_length=500)
    team_notes_shared: bool | None = None  # True: every team in the deployment sees them

    @field_validator("interests")
    @classmethod
    def _interests(cls, value: list[str]) -> list[str]:
        unknown = [c for c in value if not vocabulary.is_term(vocabulary.INTEREST, c)]
        if unknown:
            raise ValueError(f"unknown interest: {', '.join(unknown)}")
        return value

    @field_validator("access")
    @classmethod
    def _access(cls, value: list[str]) -> list[str]:
        unknown = [c for c in value if not vocabulary.is_term(vocabulary.ACCESS, c)]
        if unknown:
            raise ValueError(f"unknown access feature: {', '.join(unknown)}")
        return value

    @field_validator("max_age")
    @classmethod
    def _ages(cls, value: int | None, info: ValidationInfo) -> int | None:
        low = info.data.get("min_age")
        if value is not None and low is not None and low > value:
            raise ValueError("the minimum age is above the maximum age")
        return value

    @field_validator("costs")
    @classmethod
    def _costs(cls, value: list[CostIn]) -> list[CostIn]:
        kinds = [c.kind for c in value]
        if CostKind.CONCESSION in kinds and CostKind.STANDARD not in kinds:
            raise ValueError("a concession price needs a standard price beside it")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "ResourceCreate":
        if self.setting != Setting.ONLINE and not self.locations:
            raise ValueError("say where it happens (a postcode or place), or set it as online")
        self._phones_in_step()
        return self

    def _phones_in_step(self) -> None:
        """Make `phone` the first of `phones`, whichever of the two was given."""
        # A number given alone (quick add, a heard change, a feed) is the main one: it goes
        # first, in place of the one it replaces. Otherwise the first labelled number is the one
        # feeds and cards give.
        first = self.phones[0].number if self.phones else ""
        same = bool(first) and normalise_phone(self.phone) == normalise_phone(first)
        if self.phone and not same:
            # (kept as given: `phone` has no shortest length, and nothing is dropped)
            self.phones = [PhoneIn.model_construct(label="", number=self.phone), *self.phones[1:]]
        self.phone = self.phones[0].number if self.phones else ""


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
    # The change feed has been pruned up to this seq (directory/feed.py); 0: never.
    feed_start: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class DirectoryChange(SQLModel, table=True):
    """One resource changed (or deleted) by a committed write: the directory's change feed."""

    __tablename__ = "directory_change"
    __table_args__ = {"sqlite_autoincrement": True}

    seq: int | None = Field(default=None, primary_key=True)
    resource_id: str = Field(max_length=64)
    deleted: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    at: datetime = Field(default_factory=utcnow)
