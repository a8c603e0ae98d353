"""The matcher's tables, one module per kind of record."""

from matcher.models.connections import Connection, ConnectionEvent, Tie
from matcher.models.consent import (
    ConsentScope,
    PeerAvoid,
    PeerConsent,
    PeerConsentBase,
    PeerIntroduction,
    PeerState,
)
from matcher.models.goals import (
    Goal,
    GoalBase,
    GoalCreate,
    GoalStep,
    GoalStepBase,
    GoalStepCreate,
    StepStatus,
)
from matcher.models.outcomes import (
    Answer,
    FollowUp,
    FollowUpKind,
    OutcomeScore,
    TeamOutcomeSettings,
)
from matcher.models.person import GENDERS, Person, PersonBase, PersonCreate, PersonPublic
from matcher.models.shortlist import ShortlistItem

__all__ = [
    "Answer",
    "FollowUp",
    "FollowUpKind",
    "OutcomeScore",
    "TeamOutcomeSettings",
    "ConsentScope",
    "PeerAvoid",
    "PeerConsent",
    "PeerConsentBase",
    "PeerIntroduction",
    "PeerState",
    "Connection",
    "ConnectionEvent",
    "Tie",
    "GENDERS",
    "Goal",
    "GoalBase",
    "GoalCreate",
    "GoalStep",
    "GoalStepBase",
    "GoalStepCreate",
    "Person",
    "PersonBase",
    "PersonCreate",
    "PersonPublic",
    "ShortlistItem",
    "StepStatus",
]
