"""Notes → interests and facts: what the app imports of the reader in matcher/reader/."""

from matcher.reader.cues import negation_at as negation_at
from matcher.reader.descriptions import ADAPTED_WORDS as ADAPTED_WORDS
from matcher.reader.descriptions import CONDITIONS as CONDITIONS
from matcher.reader.descriptions import FAITHS as FAITHS
from matcher.reader.descriptions import SKILL_SWAP_WORDS as SKILL_SWAP_WORDS
from matcher.reader.descriptions import is_novice as is_novice
from matcher.reader.descriptions import mentioned as mentioned
from matcher.reader.descriptions import own_words as own_words
from matcher.reader.dislikes import Dislike as Dislike
from matcher.reader.dislikes import dislikes as dislikes
from matcher.reader.dislikes import group_codes as group_codes
from matcher.reader.reading import Suggestion as Suggestion
from matcher.reader.reading import extract as extract
from matcher.reader.text import Clause as Clause
from matcher.reader.text import clauses as clauses
