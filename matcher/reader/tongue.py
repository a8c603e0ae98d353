"""English as another language: whether 'English' alone in a note means ESOL, not basic skills.

"Wants to get better at English" is a class in English for speakers of other languages (ESOL)
when the note says English is not the person's first language (another language spoken, little
English, newly arrived); otherwise it is adult basic skills (maths and English). A note that says
nothing either way keeps basic skills: ESOL only with a cue of another first language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from matcher.lexicon import LEXICON
from matcher.reader.hits import Hit
from matcher.reader.text import Clause

# Languages a person may speak first; Welsh, Gaelic, Irish and BSL users mostly speak English too.
_OTHER_LANGUAGES = sorted(
    {w[1:] for w in LEXICON["languages"] if w.startswith("~") and w[1:].isalpha()}
    - {"language", "languages", "interpreter", "translator", "translation", "bsl", "welsh"}
    - {"gaelic", "irish", "latin", "patois", "creole"},
    key=len,
    reverse=True,
)
_LANG = "|".join(_OTHER_LANGUAGES)
_ANOTHER_TONGUE = re.compile(
    rf"\b(speaks?|speaking|spoke|fluent in|only) (\w+ )?({_LANG})\b|"
    rf"\b({_LANG})[- ](speaker|speaking)\b|"
    rf"\b({_LANG}) (is )?(his|her|their) (first|main|home|native) language\b|"
    rf"\b(first|main|home|native) language (is )?({_LANG})\b|\bmother tongue\b|"
    r"\benglish (is )?(not|n'?t|isn'?t) (his|her|their) (first|main) language\b|"
    r"\b(little|limited|broken|basic|no|poor|some) english\b|"
    r"\benglish (is|isn'?t|is not) (very )?(limited|poor|basic|not (good|great|fluent))\b|"
    r"\binterpreter\b|\brefugee|\basylum\b|"
    # a class in English for speakers of other languages is for someone who has another
    r"\besol\b|\benglish as a second language\b|"
    r"\b(arrived|came|moved) (\w+ )?(in|to) (the uk|england|britain|scotland|wales|this country)\b|"
    r"\b(recently arrived|new to (the uk|england|britain|this country))\b"
)
# Said plainly to be their first language, or spoken well: basic skills, if anything.
_ENGLISH_FIRST = re.compile(
    r"\benglish (is )?(his|her|their) (first|main|only) language\b|"
    r"\b(first|main|native) language (is )?english\b|\b(fluent|good|excellent|perfect) english\b|"
    r"\benglish (is )?(fluent|good|excellent|perfect)\b"
)
# English as a subject of schooling: qualifications and literacy, not a second language.
_SCHOOLING = re.compile(
    r"\b(maths?|gcses?|functional skills|qualifications?|exams?|literature|a[- ]levels?|"
    r"literacy|numeracy|reading|writing|spelling)\b"
)


def speaks_another_tongue(said: Iterable[Clause]) -> bool:
    """Whether the person's own clauses say English is not their first language."""
    mine = [c.text for c in said if not c.other]
    return any(_ANOTHER_TONGUE.search(t) for t in mine) and not any(
        _ENGLISH_FIRST.search(t) for t in mine
    )


def english_alone(clause: Clause, hit: Hit) -> bool:
    """Whether a hit is 'English' on its own, not named as a school subject in its clause."""
    word = clause.tokens[hit.first].raw
    return (
        hit.codes == {"maths-english"}
        and hit.first == hit.last
        and word == "english"
        and not _SCHOOLING.search(clause.text)
    )
