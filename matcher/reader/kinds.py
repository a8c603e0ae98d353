"""The roles a term can have in a note, and the kinds of cue that give them."""

from __future__ import annotations

INTEREST, PAST, WANT, SKILL = "interest", "past", "want", "skill"
DEFAULT = "default"  # an interest named with no cue: any cued reading of the term wins over it
HEDGE = "hedge"  # a cue that makes what follows no one's stated wish ("staff suggested")
RELAY = "relay"  # a cue that carries on the one before it ("wants help with")
