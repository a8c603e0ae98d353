"""Demo people who agreed to be suggested as peers (all fictional), so peer pages show something."""

from __future__ import annotations

from sqlmodel import Session, select

from core.models import Team
from matcher.consent import record_consent
from matcher.models import PeerConsent, PeerConsentBase, Person

CMHT = "Aire Valley Community Mental Health Team"
SP = "Kirkbeck Social Prescribing Team"
TUESDAY = [{"day": "tu", "from": "13:00", "to": "17:00"}]

# (reference, team, label, place, lat, lon, interests, want to try, could share, scope, seeking)
PEOPLE: list[
    tuple[str, str, str, str, float, float, list[str], list[str], list[str], str, bool]
] = [
    (
        "demo-peer-1",
        CMHT,
        "A.K.",
        "Kirkbeck",
        53.8229,
        -1.5806,
        ["walking", "photography"],
        ["chess", "guitar"],
        [],
        "deployment",
        True,
    ),
    (
        "demo-peer-2",
        CMHT,
        "M.B.",
        "Kirkbeck",
        53.8240,
        -1.5830,
        ["walking", "chess"],
        [],
        ["guitar"],
        "team",
        True,
    ),
    (
        "demo-peer-3",
        CMHT,
        "R.D.",
        "Kirkbeck",
        53.8215,
        -1.5790,
        ["chess", "board-games"],
        [],
        [],
        "deployment",
        True,
    ),
    (
        "demo-peer-4",
        CMHT,
        "S.E.",
        "Kirkbeck",
        53.8221,
        -1.5841,
        ["chess"],
        ["photography"],
        [],
        "team",
        False,
    ),
    (
        "demo-peer-5",
        SP,
        "J.F.",
        "Kirkbeck",
        53.8236,
        -1.5815,
        ["chess", "walking"],
        [],
        [],
        "deployment",
        True,
    ),
    (
        "demo-peer-6",
        SP,
        "L.G.",
        "Kirkbeck",
        53.8210,
        -1.5822,
        ["chess"],
        ["walking"],
        [],
        "deployment",
        False,
    ),
]


def load_peers(session: Session) -> int:
    """Add the demo peers that are missing, each with consent; returns how many were added."""
    added = 0
    for ref, team_name, label, place, lat, lon, likes, wants, shares, scope, seeking in PEOPLE:
        team = session.exec(select(Team).where(Team.name == team_name)).first()
        if team is None:
            continue
        person = session.exec(
            select(Person).where(Person.team_id == team.id, Person.reference == ref)
        ).first()
        if person is None:
            person = Person(
                team_id=int(team.id or 0),
                label=label,
                reference=ref,
                place=place,
                latitude=lat,
                longitude=lon,
                max_km=3.0,
                interests=likes,
                want_to_try=wants,
                skills_to_share=shares,
                free_times=TUESDAY,
            )
            session.add(person)
            session.flush()
            added += 1
        has_consent = session.exec(
            select(PeerConsent.id).where(PeerConsent.person_id == person.id)
        ).first()
        if has_consent is None:
            choices = PeerConsentBase(scope=scope, seeking=seeking)
            record_consent(session, person, choices, None)
    return added
