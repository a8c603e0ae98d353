"""Facts a note suggests beyond interests (conditions, faith, work, caring, preferences).

Each is a suggestion with the words it came from. Only the ones a practitioner accepts are kept
on the person (Person.accepted_facts) and reach the ranking, as Hints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from directory import vocabulary
from matcher.notes import CONDITIONS, FAITHS, Clause, clauses, dislikes, extract, negation_at


@dataclass(frozen=True)
class Hints:
    """What the practitioner accepted: soft preferences, and the few facts that are rules."""

    prefer_access: frozenset[str] = frozenset()
    avoid_topics: frozenset[str] = frozenset()
    evenings: bool = False
    stays_home: bool = False
    wants_company: bool = False
    signs: bool = False
    faith: str = ""  # a faith tradition (a FAITHS key)
    conditions: frozenset[str] = frozenset()  # CONDITIONS keys
    small_groups: bool = False
    retired: bool = False  # past working life: job clubs are not for them
    # The accepted facts that are rules: each is the person's own preference, the same as
    # ticking "Would rather avoid mental-health service settings" (Profile ORs the two) or
    # "Only wants things online or by phone" (the profile form records it as this fact).
    avoid_mh_settings: bool = False
    online_only: bool = False
    wheelchair: bool = False  # uses a wheelchair (as ticking it as a way of getting about)
    # Interests they said they are not interested in: what is mainly about these is never
    # suggested (matcher/constraints.py), and they give no reason to suggest anything.
    not_interested: frozenset[str] = frozenset()

    @property
    def at_home(self) -> bool:
        """Whether they take part from home: they rarely get out, or want online or phone only."""
        return self.stays_home or self.online_only


@dataclass(frozen=True)
class Fact:
    """One fact suggested by a note: its code and the words it came from."""

    code: str
    phrase: str

    @property
    def label(self) -> str:
        """The fact in words."""
        return label(self.code)


_CONDITION_WORDS = {
    "voices": "Hears voices or has had psychosis",
    "eating": "Has an eating disorder",
    "bipolar": "Has bipolar disorder",
    "ocd": "Has OCD",
    "hoarding": "Hoards",
    "dementia": "Has dementia or memory loss",
    "autism": "Is autistic",
    "addiction": "Is recovering from an addiction",
    "bereavement": "Is bereaved",
    "breathing": "Has a lung or breathing condition",
    "carers": "Cares for someone (an unpaid carer)",
}
_TOPIC_WORDS = {
    "alcohol": "Keeps away from pubs and drink",
    "gym": "Keeps away from gyms",
    "diet": "Keeps away from diets and weight talk",
    "crowds": "Keeps away from crowds and noise",
}
_FLAG_WORDS = {
    "home": "Rarely gets out: online or by phone suits",
    "company": "Lonely or isolated: would like company",
    "signs": "Uses sign language",
    "evenings": "Evenings suit",
    "small-groups": "Prefers small groups",
    "work:retired": "Retired",
    "avoid-mh-settings": "Would rather avoid mental-health service settings",
    "online-only": "Only wants things online or by phone, not going out",
    "wheelchair": "Uses a wheelchair",
}
ACCESS_PREFERENCES = (
    "hearing-loop",
    "quiet-space",
    "lgbtq-plus",
    "women-only",
    "young-adults-16-25",
    "step-free",
    "accessible-toilet",
    "can-bring-support-worker",
)


# "not-interested:<interest code>": the person said they are not interested in it.
NOT_INTERESTED = "not-interested"


def not_interested(code: str) -> str:
    """The fact code saying the person is not interested in this interest term."""
    return f"{NOT_INTERESTED}:{code}"


def label(code: str) -> str:
    """A fact code in words ('faith:muslim' → 'Faith: Muslim')."""
    kind, _, key = code.partition(":")
    if kind == "condition":
        return _CONDITION_WORDS.get(key, key)
    if kind == "faith":
        return f"Faith: {key.capitalize()}"
    if kind == "avoid":
        return _TOPIC_WORDS.get(key, key)
    if kind == "access":
        return f"Would like: {vocabulary.said(vocabulary.ACCESS, key)}"
    if kind == NOT_INTERESTED:
        return f"Not interested in: {vocabulary.label(vocabulary.INTEREST, key)}"
    return _FLAG_WORDS.get(code, code)


KNOWN: frozenset[str] = frozenset(
    [
        *(f"condition:{k}" for k in CONDITIONS),
        *(f"faith:{k}" for k in FAITHS),
        *(f"avoid:{k}" for k in _TOPIC_WORDS),
        *(f"access:{k}" for k in ACCESS_PREFERENCES),
        *(not_interested(k) for k in vocabulary.TERMS[vocabulary.INTEREST]),
        *_FLAG_WORDS,
    ]
)


def hints_from(codes: Iterable[str]) -> Hints:
    """The ranking's hints from accepted fact codes (unknown codes are ignored)."""
    kept = [c for c in codes if c in KNOWN]

    def keys(kind: str) -> frozenset[str]:
        return frozenset(c.partition(":")[2] for c in kept if c.startswith(kind + ":"))

    faiths = sorted(keys("faith"))
    return Hints(
        prefer_access=keys("access"),
        avoid_topics=keys("avoid"),
        evenings="evenings" in kept,
        stays_home="home" in kept,
        wants_company="company" in kept,
        signs="signs" in kept,
        faith=faiths[0] if len(faiths) == 1 else "",
        conditions=keys("condition"),
        small_groups="small-groups" in kept,
        retired="work:retired" in kept,
        avoid_mh_settings="avoid-mh-settings" in kept,
        online_only="online-only" in kept,
        wheelchair="wheelchair" in kept,
        not_interested=keys(NOT_INTERESTED),
    )


_KIN = r"(wife|husband|partner|son|daughter|mum|dad|mother|father|child|brother|sister|friend)"
_CARING = (
    r"(main|sole|full[- ]time|unpaid|young|only) carer|(is|as) (his|her|their) carer|"
    r"carer (for|to) (his |her |their )?(\w+ )?" + _KIN + r"s?|"
    r"car(es|ing) for (his|her|their) (\w+ )?"
    + _KIN
    + r"s?|looks? after (his|her|their) (\w+ )?"
    + _KIN
    + r"s?|caring (role|responsibilities)"
)
# "lost her husband", "wife passed away", "his son passed last year": a death in the family.
# "passed" alone only where nothing is passed (no test or exam follows).
_BEREAVED = (
    r"lost (his|her|their) " + _KIN + r"|" + _KIN + r"s? (has |had )?(died|passed away|"
    r"passed( on)?(?= (last|earlier|recently|this|in|a|\d+|two|three|four|five|six)\b|\s*[,.;]|$))"
)
# How deaf someone is when a hearing loop, not sign language, is what helps ("a bit deaf").
_SOME = ("bit", "little", "slightly", "partially", "going")
# Going out alone is hard: someone to go with them would help. Not "lives on her own".
_NEEDS_COMPANY_OUT = (
    r"someone to go with|(go|come|goes|came|went|going|coming) with (him|her|them)\b"
    r"(?! (\w+ )?(sister|brother|mum|dad|friend|husband|wife|partner|son|daughter))|"
    r"(take|takes|took) (him|her|them) along|accompan\w* (him|her|them)\b|"
    r"(can'?t|cannot|won'?t|wouldn'?t|does ?n'?t|does not|not|never|unable to|struggles? to|"
    r"(anxious|nervous|frightened|scared|afraid|worried) (to|about|of)) "
    r"(\w+ ){0,2}(on|by) (his|her|their) own|"
    r"(go\w*|get\w*|travel\w*|out) (out )?(on|by) (his|her|their) own (is|feels) "
    r"(hard|difficult|too much|scary|daunting)"
)
# Rather among women: a group for women asked for, feeling safe only with women, wary of men.
# Not women merely named ("the women at the centre were kind", "her sister").
_WOMEN = r"(other |fellow |more |some )?(women|ladies)"
_MEN = r"(men|males)"
_AMONG_WOMEN = "|".join(
    [
        r"(women|ladies|female|girls)[- ]only|all[- ](women|female|ladies|girls)|only girls",
        r"(groups?|spaces?|sessions?|classes) (just |only )?for women",
        rf"groups? (of|with) {_WOMEN}",
        rf"(only|just) (with|around|among|amongst) {_WOMEN}",
        r"(safer?|comfortable|at ease|relaxed|happier|easier) (\w+ ){0,2}"
        rf"(with|around|among|amongst|in the company of) {_WOMEN}",
        r"(meet|mix with|be with|be around|spend time with|make friends with|socialise with) "
        + _WOMEN,
        r"(uncomfortable|unsafe|anxious|nervous|scared|frightened|wary) (\w+ ){0,2}"
        rf"(around|of|with|near) {_MEN}",
        rf"(without|away from) {_MEN}",
    ]
)
_UNEASY_WITH_MEN = (
    r"(does ?n'?t|does not|do ?n'?t|not|never|can'?t) (\w+ ){0,2}(safe|comfortable|at ease|"
    rf"relaxed) (\w+ ){{0,2}}(with|around|near|among) {_MEN}"
)
# Stairs named as hard: the difficulty is said with a negation ("can't manage stairs").
_STAIRS = r"(steps|stairs)"
_STAIRS_HARD = "|".join(
    [
        r"(can'?t|cannot|unable to|struggles? (to|with|on)|struggling (to|with|on)|"
        r"difficult(y|ies)?( with| on)?|trouble( with| on)?|problems? (with|on)|"
        r"(hard|difficult) to) (manage |managing |climb |climbing |use |using |get up |"
        rf"getting up |do |doing |the )?{_STAIRS}",
        rf"{_STAIRS} (are|is) (\w+ )?(difficult|hard|a problem|too much|impossible)",
        rf"finds? (the )?{_STAIRS} (\w+ )?(difficult|hard|tricky|a struggle|impossible)",
    ]
)
# (fact code, words in a note, whether a negation before it cancels it)
_READ: list[tuple[str, str, bool]] = [
    *((f"condition:{k}", v, True) for k, v in CONDITIONS.items() if k != "carers"),
    ("condition:bereavement", _BEREAVED, True),
    ("condition:carers", _CARING, True),
    *((f"faith:{k}", "|".join(words), True) for k, words in FAITHS.items()),
    ("work:retired", r"retired|pensioner", True),
    ("access:hearing-loop", r"(hearing|induction) (loop|aids?|loss)|hard of hearing", False),
    (
        "access:quiet-space",
        r"quiet|crowds?|crowded|overwhelm\w*|loud|noisy|noise|sensory|anxi\w*",
        False,
    ),
    ("access:lgbtq-plus", r"lgbt\w*|queer|gay|lesbian|bisexual|trans", False),
    ("access:women-only", r"women[- ]only|women's (group|space)", False),
    ("access:women-only", _AMONG_WOMEN, True),
    ("access:women-only", _UNEASY_WITH_MEN, False),
    ("access:young-adults-16-25", r"young (people|adults?)", False),
    (
        "access:step-free",
        r"wheelchair|walking (frame|stick|aid)|(walks|gets about|gets around) with a "
        r"(stick|frame|walker|rollator)|(manage|climb) (steps|stairs)|mobility|"
        # the need said in the words of the access term itself
        r"step[- ]free|level access|no (steps|stairs)|(a |wheelchair )?ramps?",
        True,
    ),
    ("access:step-free", _STAIRS_HARD, False),
    ("access:accessible-toilet", r"wheelchair|(accessible|disabled) (toilets?|loos?|wc)", True),
    ("wheelchair", r"wheelchair( user)?", True),
    (
        "access:can-bring-support-worker",
        _NEEDS_COMPANY_OUT,
        False,
    ),
    ("home", r"housebound|rarely (leaves|goes out)|can'?t get out|stuck (at home|indoors)", False),
    (
        "company",
        r"lonely|loneliness|isolated|isolation|knows nobody|no friends|company|a good chat",
        True,
    ),
    # "a bit deaf" with hearing aids: a hearing loop helps, sign language is not theirs
    ("signs", "".join(f"(?<!{d} )" for d in _SOME) + r"deaf|sign language|bsl", True),
    ("access:hearing-loop", rf"({'|'.join(_SOME)}) deaf", True),
    ("evenings", r"evenings?", True),
    (
        "small-groups",
        r"small (groups?|numbers|classes)|big groups|large groups|"
        r"if (it was|it's|it is|it were|the group was|the group is|they were|they're) small",
        False,
    ),
]
_PATTERNS = [(code, re.compile(r"\b(" + words + r")\b"), neg) for code, words, neg in _READ]
# Topics the person keeps away from: named in a clause that says so.
_TOPICS: list[tuple[str, re.Pattern[str]]] = [
    ("avoid:alcohol", re.compile(r"\b(pubs?|drink(ing)?|alcohol|bars?|booze)\b")),
    ("avoid:gym", re.compile(r"\bgyms?\b")),
    ("avoid:diet", re.compile(r"\b(diets?|dieting|calories|weight)\b")),
    ("avoid:crowds", re.compile(r"\b(crowds?|crowded|loud|noisy|busy places)\b")),
]
_KEEPS_AWAY = re.compile(
    r"\b(not|no|never|(does|do|is|are|was|were) ?n[o']?t|can'?t|won'?t|avoid\w*|steers? clear|"
    r"stay away|"
    r"keeps? away|off limits|dislik\w*|hates?|overwhelm\w*|triggers?|sober|recovery|"
    r"(makes?|made|making) (things|it|(his|her|their) \w+|symptoms) worse)\b"
)
_ALWAYS = [
    ("avoid:alcohol", re.compile(r"\bsober\b|drink problem|alcoholi\w*|alcohol (misuse|use)")),
    ("avoid:diet", re.compile(r"eating disorder|anorexi\w*|bulimi\w*")),
]


# Mental-health services named, and the person keeping away from them: a cue before the
# services ("not keen on", "wants to avoid") or after them ("finds them stigmatising").
# A day centre is the mental-health service setting most people have been to (the vocabulary's
# own synonym for it), and the one they most often say they have had enough of.
_MH = re.compile(r"\b(mental[- ]health\w*|mental illness|psychiatr\w*|day cent(re|er)s?)\b")
_MH_BEFORE = re.compile(
    r"\b(not (really |very |that |too )?(keen|interested|into|comfortable|happy|fond|a fan|"
    r"ready|bothered)|(does|do|did|would|is|was)(n't| not) (want|like|fancy|enjoy|feel|"
    r"see (himself|herself|themselves))|(never|no longer) wants?|avoid\w*|rather not|"
    r"(would|'d) rather (stay|keep) (away|clear)|stigma\w*|dislik\w*|hat(e|es|ed)|put off|"
    r"refus\w*|reluctant|wary|averse|(can'?t|cannot) (stand|face|bear)|fed up|had enough|"
    r"sick of|tired of|no more|"
    r"nothing to do with|steers? clear|stays? away|keeps? away|won'?t|wouldn'?t|against|"
    r"anything but|away from)\b"
)
_MH_AFTER = re.compile(
    r"\b(stigma\w*|off-?putting|not for (him|her|them|me)|(too|very) clinical|label(l)?(ed|ing)|"
    r"uncomfortable|intimidating|(not|is ?n't|are ?n't) (his|her|their) thing|a no)\b"
)
# "not against", "doesn't want to avoid", "no longer wary of": the cue itself denied.
_MH_DENIED = re.compile(
    r"(\bnot|n't|\bno longer|\bnever|\bless)\s+(\w+\s+){0,2}?(avoid\w*|against|reluctant|wary|"
    r"averse|put off|mind\w*|stigma\w*|uncomfortable|intimidat\w*|off-?putting|anxious)\b|"
    r"\bdoes ?n't mind\b"
)
_NEXT_WORD = re.compile(r"( (services?|settings?|groups?|teams?|stuff|places?|support|care))?")
# A gap that starts something new: "doesn't want to go out, and sees the MH team".
_MH_BREAK = re.compile(
    r",|\b(and|or|so|because|since|then|as|but)\s+(he|she|they|i|is|was|has|had|does|did|sees|"
    r"goes|attends|gets|will|would|can|needs?|uses?|likes?|loves?|enjoys?|wants?|happy|keen|"
    r"open|willing)\b"
)


def _avoids_mh(raw: str) -> str:
    """The words saying the person keeps away from mental-health services, or ''."""
    denied = [m.span() for m in _MH_DENIED.finditer(raw)]

    def cues(pattern: re.Pattern[str], start: int, end: int) -> list[re.Match[str]]:
        found = pattern.finditer(raw, start, end)
        return [m for m in found if not any(a < m.end() and m.start() < b for a, b in denied)]

    for said in _MH.finditer(raw):
        # "services", "groups": the word after names what is avoided
        end = said.end() + len(_NEXT_WORD.match(raw, said.end()).group(0))  # type: ignore[union-attr]
        start = max(0, said.start() - 60)
        start = max((m.end() for m in _MH_BREAK.finditer(raw, start, said.start())), default=start)
        before = cues(_MH_BEFORE, start, said.start())
        if before:
            return raw[before[0].start() : end].strip()
        stop = next((m.start() for m in _MH_BREAK.finditer(raw, end, end + 50)), end + 50)
        after = cues(_MH_AFTER, said.end(), stop)
        if after:
            return raw[said.start() : after[-1].end()].strip()
    return ""


def _kept_away(raw: str) -> list[Fact]:
    """What a clause about the person says they keep away from (topics, mental-health services)."""
    topics = _TOPICS if _KEEPS_AWAY.search(raw) else []
    out = [Fact(code, said.group(0)) for code, p in [*_ALWAYS, *topics] if (said := p.search(raw))]
    mh = _avoids_mh(raw)
    return [*out, Fact("avoid-mh-settings", mh)] if mh else out


# Online or by phone only: said outright ("only wants online groups", "phone only"), or not going
# out alongside online or the phone being fine ("prefers to stay at home, happy to do things
# online"): what a worker asks about first (the manual: start where the person is).
_REMOTE = (
    r"online|on ?line|by (tele)?phone|over the (tele)?phone|on the (tele)?phone|video|zoom|virtual"
)
_FIRST = r"to start( with| off)?|at first|to begin with|for now|for the time being"
_ONLY_REMOTE = re.compile(
    rf"\bonly (\w+ ){{0,3}}?({_REMOTE})\b|"
    # as a first step ("something online to start with", "by phone at first")
    rf"\b({_REMOTE})( \w+){{0,2}} ({_FIRST})\b|\b({_FIRST}),? (\w+ ){{0,3}}({_REMOTE})\b|"
    rf"\b(online|phone|virtual|remote)( or (by )?(phone|online))?([- ]based)?"
    r"( (contact|calls?|support|groups?|sessions?|things|stuff))? only\b"
)
_NOT_OUT = re.compile(
    r"\b((does ?n'?t|does not|do ?n'?t|do not|won'?t|wouldn'?t|would not|can'?t face|not keen on|"
    r"not up to|rather not|prefers? not to|(is|feels?) not (ready|able) to)"
    r" (really |want to |like |like to |fancy |feel like |feel up to |feel able to )?"
    r"(go|going|get|getting|leave|leaving) (out|the house|the flat|home)|"
    r"(prefers?|preferring|would rather|'d rather|wants?|likes?) (to )?stay\w* "
    r"(at home|indoors|in(?! \w)))"
)
_REMOTE_OK = re.compile(rf"\b({_REMOTE})\b")
# Willing to take part that way ("happy to", "would do something"), not only using it ("shops").
_WILLING = re.compile(
    r"\b(happy|would|'d|could|willing|keen|open|fine|ok|okay|prefers?|rather|try|join|"
    r"do (things|something|stuff|it|that|groups?|sessions?|activities))\b"
)
_NOT_ONLY = re.compile(r"\b(not|n't|never) (just |only |solely )?$")


_NEGATOR = re.compile(r"\b(not|no|never|nothing|cannot)\b|n'?t\b")


def _negated(c: Clause, at: int) -> bool:
    """Whether the words at `at` are negated within their own comma-separated part."""
    # "can't leave the house for long, only wants phone support": the "can't" is about leaving
    # the house, and saying "only" is itself what they want.
    start = c.raw.rfind(",", 0, at) + 1
    return bool(negation_at(c, at)) and bool(_NEGATOR.search(c.raw, start, at))


def _remote_only(said: list[Clause]) -> Fact | None:
    """A sentence's clauses saying the person wants things online or by phone only, or None."""
    mine = [c for c in said if not c.other]
    for c in mine:
        m = _ONLY_REMOTE.search(c.raw)
        if m and not _negated(c, m.start()) and not _NOT_ONLY.search(c.raw[: m.start()]):
            return Fact("online-only", m.group(0))
    out = next((c for c in mine if _NOT_OUT.search(c.raw)), None)
    for c in mine:
        m = _REMOTE_OK.search(c.raw)
        if out is None or m is None or negation_at(c, m.start()) or not _WILLING.search(c.raw):
            continue
        first, last = (out, c) if mine.index(out) <= mine.index(c) else (c, out)
        start = first.sentence.find(first.raw)
        end = first.sentence.find(last.raw, max(start, 0)) + len(last.raw)
        phrase = first.sentence[start:end] if 0 <= start < end else m.group(0)
        return Fact("online-only", phrase.strip(" ,;."))
    return None


def _remote_fact(text: str) -> Fact | None:
    """The first sentence saying the person wants things online or by phone only, or None."""
    by_sentence: dict[str, list[Clause]] = {}
    for clause in clauses(text):
        by_sentence.setdefault(clause.sentence, []).append(clause)
    return next(filter(None, map(_remote_only, by_sentence.values())), None)


def _not_interested(text: str) -> list[Fact]:
    """What the note says the person is not interested in, less what it says they like."""
    # "Not sporty, but loves a walk": walking is theirs, the rest of sport is not.
    said = dislikes(text)
    liked = {s.code for s in extract(text)} if said else set()
    return [Fact(not_interested(c), d.phrase) for d in said for c in d.codes if c not in liked]


def _whole_note(text: str) -> list[Fact]:
    """Facts read from the note as a whole: online or phone only, what does not interest them."""
    remote = _remote_fact(text)
    return [*([remote] if remote else []), *_not_interested(text)]


# Evenings ruled out, or a hard time of day for them: no sign that evenings suit.
_EVENINGS_BAD = re.compile(
    r"(can'?t|cannot|not|no) (do )?(\w+ )?evenings?|"
    r"evenings? (are|is|were|can be) (\w+ )?(no good|not good|bad|difficult|hard|tough|a struggle|"
    r"worse|the worst|out|off limits|a no|tricky|a problem)|"
    r"evenings? (do ?n'?t|do not|does ?n'?t|does not|never) (suit|work)|"
    r"(anxious|anxiety|struggles?|struggling|low|worse|panic\w*|scared|frightened|unsettled|"
    r"agitated|paranoid|drinks?|drinking|distressed|confused) (\w+ ){0,2}(in|at|during|of) "
    r"(the )?(evenings?|night)"
)


def _said_of_a_man(text: str) -> bool:
    """Whether the note speaks of the person as he, not she."""
    mine = " ".join(c.raw for c in clauses(text) if not c.other)
    he = len(re.findall(r"\b(he|him|his|himself)\b", mine))
    return he > len(re.findall(r"\b(she|her|hers|herself)\b", mine))


def _unsaid(code: str, text: str) -> bool:
    """Whether the note as a whole takes back a fact read in one clause."""
    if code == "access:women-only":
        return _said_of_a_man(text)  # "he would like to meet women" is no women's group
    return code == "evenings" and bool(_EVENINGS_BAD.search(text.lower()))


def read_facts(text: str) -> list[Fact]:
    """Facts a note suggests about the person (never about their family), each once."""
    found: dict[str, Fact] = {}
    for clause in clauses(text):
        raw = clause.raw
        for code, pattern, negatable in _PATTERNS:
            # A bereavement is the person's own even when the sentence is about who died.
            if clause.other and code != "condition:bereavement":
                continue
            for m in pattern.finditer(raw):
                if negatable and negation_at(clause, m.start()):
                    continue
                found.setdefault(code, Fact(code, m.group(0)))
                break
        if not clause.other:
            for fact in _kept_away(raw):
                found.setdefault(fact.code, fact)
    for fact in _whole_note(text):
        found.setdefault(fact.code, fact)
    return [f for f in found.values() if not _unsaid(f.code, text)]


def read_hints(text: str) -> Hints:
    """The hints a note would give if the practitioner accepted every suggested fact."""
    return hints_from(f.code for f in read_facts(text)) if text.strip() else Hints()
