"""Build the demo directory from the tables in this package, adding only what is missing."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from core.accounts import create_user, find_user, get_or_create_team
from core.models import Team, User
from core.times import utcnow
from directory import geo, vocabulary
from directory.models import (
    CONCESSION_BENEFITS,
    CostIn,
    CostKind,
    GazetteerEntry,
    LocationIn,
    Organisation,
    Resource,
    ResourceCreate,
    ResourceLanguage,
    ReviewState,
    SessionIn,
    Setting,
)
from directory.resources import create_resource
from seeds.activities import ACTIVITIES, Activity
from seeds.area import PHONE_PREFIX, VENUES, gazetteer_rows
from seeds.catalogue import RUNS, Run
from seeds.connections import load_connections
from seeds.organisations import ORGANISATIONS
from seeds.peers import load_peers
from seeds.people import DEMO_PASSWORD, TEAMS, USERS

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://www.example.org/commonground/demo")
SOURCE = "Common Ground demo data"
_SESSION = re.compile(r"^(-?\d)?([a-z]{2}) (\d\d:\d\d)-(\d\d:\d\d)$")


def seed_id(kind: str, key: str) -> str:
    """A stable id for a demo row, the same on every machine and every run."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def resource_id(run: Run) -> str:
    """A run's resource id, from what makes it unique: who, what, where and any own name."""
    return seed_id("resource", f"{run.org}/{run.activity}/{run.venue or 'online'}/{run.name}")


@dataclass
class SeedReport:
    """How many rows of each kind the seeding added."""

    gazetteer: int = 0
    teams: int = 0
    users: int = 0
    organisations: int = 0
    resources: int = 0

    @property
    def changed(self) -> bool:
        """Whether anything was added."""
        return any(vars(self).values())

    def summary(self) -> str:
        """One line for the person running the command."""
        if not self.changed:
            return "Demo data is already loaded: nothing changed."
        return (
            f"Added {self.resources} resources, {self.organisations} organisations, "
            f"{self.users} users, {self.teams} teams and {self.gazetteer} gazetteer entries."
        )


def parse_sessions(when: str) -> list[SessionIn]:
    """'mo 10:00-12:00; 2sa 09:00-10:00' as sessions (a leading ordinal means monthly)."""
    sessions = []
    for part in filter(None, (p.strip() for p in when.split(";"))):
        match = _SESSION.match(part)
        if not match:
            raise ValueError(f"bad session {part!r} in the seed tables")
        ordinal, day, start, end = match.groups()
        sessions.append(
            SessionIn(
                freq="monthly" if ordinal else "weekly",
                day=day,
                ordinal=int(ordinal) if ordinal else None,
                start=start,
                end=end,
            )
        )
    return sessions


def _pounds(pence: int) -> str:
    return f"£{pence // 100}" if pence % 100 == 0 else f"£{pence / 100:.2f}"


def parse_cost(cost: str) -> tuple[list[CostIn], str]:
    """'free', '3' or '3/1.50' as cost rows and a sentence for people."""
    if cost == "free":
        return [], "Free"
    standard, _, concession = cost.partition("/")
    costs = [CostIn(kind=CostKind.STANDARD, amount_pence=round(float(standard) * 100))]
    text = f"{_pounds(costs[0].amount_pence)} a session"
    if concession:
        pence = round(float(concession) * 100)
        costs.append(
            CostIn(kind=CostKind.CONCESSION, amount_pence=pence, label=CONCESSION_BENEFITS)
        )
        text += f"; {'free' if pence == 0 else _pounds(pence)} for {CONCESSION_BENEFITS}"
    return costs, text


def org_contact(key: str) -> tuple[str, str, str]:
    """(phone, email, website) for an organisation, in the drama range and at example.org."""
    index = list(ORGANISATIONS).index(key)
    return (
        f"{PHONE_PREFIX}{100 + index:03d}",
        f"{key}@example.org",
        f"https://www.example.org/{key}",
    )


def venue_places(session: Session) -> dict[str, geo.Place]:
    """Where each venue is, looked up by postcode in the (seeded) gazetteer."""
    places = {}
    for key, venue in VENUES.items():
        place = geo.lookup_offline(session, venue.postcode)
        if place is None:
            raise ValueError(f"{venue.postcode} is missing from the demo gazetteer")
        places[key] = place
    return places


def build_resource(run: Run, places: dict[str, geo.Place]) -> ResourceCreate:
    """The validated resource for one row of the catalogue."""
    activity: Activity = ACTIVITIES[run.activity]
    org_name = ORGANISATIONS[run.org][0]
    phone, email, website = org_contact(run.org)
    venue = VENUES[run.venue] if run.venue else None
    access = list(dict.fromkeys((venue.access if venue else ()) + activity.access + run.access))
    locations = []
    if venue is None:
        setting = Setting.ONLINE
        access = [a for a in access if a not in vocabulary.VENUE_ACCESS]
        where = "Online or by phone."
    else:
        setting = activity.setting
        place = places[str(run.venue)]
        locations.append(
            LocationIn(
                name=venue.name,
                address=venue.address,
                postcode=venue.postcode,
                latitude=place.lat,
                longitude=place.lon,
            )
        )
        where = f"Meets at {venue.name}, {venue.place}."
    name = run.name or (f"{activity.name} in {venue.place}" if venue else _remote(activity.name))
    costs, fees = parse_cost(run.cost)
    description = " ".join(
        part for part in (activity.description, run.extra, where, f"Run by {org_name}.") if part
    )
    return ResourceCreate(
        id=resource_id(run),
        organisation_id=seed_id("organisation", run.org),
        name=name,
        description=description,
        status=run.status,
        setting=setting,
        how_to_join=activity.how,
        join_details=activity.join,  # the phone and email are listed as contacts, once
        url=website,
        email=email,
        phone=phone,
        min_age=activity.min_age,
        max_age=activity.max_age,
        eligibility=activity.eligibility,
        fees_description=fees,
        interests=list(activity.interests),
        access=access,
        locations=locations,
        sessions=parse_sessions(run.when),
        costs=costs,
        source=SOURCE,
        team_notes=run.notes,
    )


def _review(resource: Resource, index: int, members: list[User], now: datetime) -> None:
    """Give the demo a realistic spread: mostly confirmed, some stale, a few to check."""
    checker = members[index % len(members)]
    if index % 15 == 7:  # added recently by a team member, not yet checked
        resource.review_state = ReviewState.NEEDS_CHECKING.value
        resource.last_confirmed_at = None
        resource.last_confirmed_by_id = None
        resource.created_at = now - timedelta(days=index % 10 + 1)
    else:
        resource.review_state = ReviewState.CONFIRMED.value
        stale = index % 5 == 2  # last confirmed more than six months ago
        days = 190 + (index * 37) % 300 if stale else 1 + (index * 13) % 120
        resource.last_confirmed_at = now - timedelta(days=days)
        resource.last_confirmed_by_id = checker.id
        resource.created_at = resource.last_confirmed_at - timedelta(days=30 + (index * 7) % 400)
    resource.updated_at = resource.last_confirmed_at or resource.created_at


def load(session: Session, now: datetime | None = None) -> SeedReport:
    """Add whatever part of the demo data is missing, in the session's transaction."""
    now = now or utcnow()
    report = SeedReport()
    _load_gazetteer(session, report)
    teams, members = _load_people(session, report)
    _load_organisations(session, report)
    _load_resources(session, report, members, now)
    # Demo connections and ties for the first team's practitioner (idempotent by reference).
    first_team = next(iter(TEAMS))
    practitioner = next(
        (u for u in members if u.team_id == teams[first_team].id and u.role == "practitioner"),
        None,
    )
    load_connections(
        session, teams[first_team], practitioner, [resource_id(r) for r in RUNS[:3]], now.date()
    )
    load_peers(session)  # demo people who agreed to be suggested as peers
    return report


def _load_gazetteer(session: Session, report: SeedReport) -> None:
    """The demo places the search can find by name."""
    rows = gazetteer_rows()
    keys = [row[0] for row in rows]
    have = set(
        session.exec(select(GazetteerEntry.key).where(GazetteerEntry.key.in_(keys))).all()  # type: ignore[attr-defined]
    )
    for key, kind, name, lat, lon in rows:
        if key not in have:
            session.add(
                GazetteerEntry(
                    key=key, kind=kind, name=name, latitude=lat, longitude=lon, source=SOURCE
                )
            )
            report.gazetteer += 1
    session.flush()


def _load_people(session: Session, report: SeedReport) -> tuple[dict[str, Team], list[User]]:
    """The demo teams and their sign-ins; the team members among them."""
    teams: dict[str, Team] = {}
    for team_name, (phone, email) in TEAMS.items():
        existing = session.exec(select(Team).where(Team.name == team_name)).first()
        if existing is None:
            report.teams += 1
        teams[team_name] = existing or get_or_create_team(
            session, team_name, contact_phone=phone, contact_email=email
        )
    members: list[User] = []
    for email, display_name, role, team_name in USERS:
        user = find_user(session, email)
        if user is None:
            user = create_user(
                session, email, display_name, DEMO_PASSWORD, role, teams.get(team_name)
            )
            report.users += 1
        if user.team_id is not None:  # the owner adds nothing to the directory
            members.append(user)
    return teams, members


def _load_organisations(session: Session, report: SeedReport) -> None:
    """The organisations that run the demo activities."""
    for key, (org_name, about) in ORGANISATIONS.items():
        org_id = seed_id("organisation", key)
        if session.get(Organisation, org_id) is None:
            phone, email, website = org_contact(key)
            session.add(
                Organisation(
                    id=org_id,
                    name=org_name,
                    description=about,
                    website=website,
                    email=email,
                    phone=phone,
                )
            )
            report.organisations += 1
    session.flush()


def _load_resources(
    session: Session, report: SeedReport, members: list[User], now: datetime
) -> None:
    """The demo activities, each added by one of the team members and reviewed."""
    ids = {resource_id(run) for run in RUNS}
    present = set(session.exec(select(Resource.id).where(Resource.id.in_(ids))).all())  # type: ignore[attr-defined]
    missing = [(i, run) for i, run in enumerate(RUNS) if resource_id(run) not in present]
    places = venue_places(session) if missing else {}
    for index, run in missing:
        data = build_resource(run, places)
        added_by = members[index % len(members)]
        resource = create_resource(session, data, added_by_id=added_by.id, confirmed=True)
        spoken = ACTIVITIES[run.activity].languages  # as an import records them
        resource.languages = [ResourceLanguage(code=code) for code in spoken]
        _review(resource, index, members, now)
        report.resources += 1
    session.flush()


# Words that already say an activity is held remotely: "Telephone befriending", "Listening line".
_SAYS_REMOTE = re.compile(r"\b(online|phone|telephone|line|forum|video|zoom|remote)\b", re.I)


def _remote(name: str) -> str:
    """A remote activity's name, saying "(online)" unless it already says how it is held."""
    return name if _SAYS_REMOTE.search(name) else f"{name} (online)"
