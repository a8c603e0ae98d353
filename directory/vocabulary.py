"""The controlled vocabulary: interest, access and setting terms with synonyms and related terms."""

from __future__ import annotations

from dataclasses import dataclass, field

INTEREST = "cg-interest"
ACCESS = "cg-access"
SETTING = "cg-setting"

# Taxonomy ids as published with the Open Referral eval data, so exports and imports agree.
TAXONOMY_IDS = {
    INTEREST: "0b76c04a-8a4b-5d3c-a3b3-d85e7fccd37f",
    ACCESS: "cbbe18f7-e648-5e2d-89c0-7a216acb9de3",
    SETTING: "0e4e0d66-964a-5a9a-96e0-5fc2e4a06014",
}

TAXONOMY_DESCRIPTIONS = {
    INTEREST: "What an activity is about.",
    ACCESS: "Access features and audience of an activity.",
    SETTING: "Where an activity happens: an ordinary community setting, a mental-health service, or online.",
}


@dataclass(frozen=True)
class Term:
    """One vocabulary term."""

    scheme: str
    code: str
    name: str
    description: str
    synonyms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    group: str = ""
    extra: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


_INTEREST_TERMS: list[Term] = [
    Term(
        INTEREST,
        "football",
        "Football",
        "Football of any kind: walking football, five-a-side, kick-abouts, football sessions.",
        synonyms=(
            "walking football",
            "five-a-side",
            "5-a-side",
            "footie",
            "soccer",
            "kick-about",
            "kickabout",
        ),
        related=("fitness", "cricket"),
        group="Sport and movement",
    ),
    Term(
        INTEREST,
        "walking",
        "Walking",
        "Health walks, rambles, led walks and walking groups.",
        synonyms=(
            "walk",
            "walks",
            "rambling",
            "ramble",
            "hiking",
            "hike",
            "walker",
            "health walk",
            "strolls",
        ),
        related=("nature-conservation", "running"),
        group="Sport and movement",
    ),
    Term(
        INTEREST,
        "running",
        "Running",
        "Running groups, beginners' running programmes and timed 5k runs.",
        synonyms=("run", "jogging", "jog", "parkrun", "5k", "couch to 5k"),
        related=("walking", "fitness"),
        group="Sport and movement",
    ),
    Term(
        INTEREST,
        "cycling",
        "Cycling",
        "Led bike rides, cycle training and cycling groups.",
        synonyms=("bike", "bikes", "bicycle", "cycle", "biking", "bike ride"),
        related=("fitness", "repair"),
        group="Sport and movement",
    ),
    Term(
        INTEREST,
        "swimming",
        "Swimming",
        "Swimming sessions, lessons and aqua exercise.",
        synonyms=("swim", "pool", "aqua", "aquafit", "aqua aerobics"),
        related=("fitness",),
        group="Sport and movement",
    ),
    Term(
        INTEREST,
        "yoga",
        "Yoga",
        "Yoga, chair yoga and gentle stretch classes.",
        synonyms=("chair yoga", "stretching", "stretch", "pilates"),
        related=("tai-chi", "mindfulness", "fitness"),
        group="Sport and movement",
    ),
    Term(
        INTEREST,
        "tai-chi",
        "Tai chi",
        "Tai chi and qigong.",
        synonyms=("tai chi", "qigong", "qi gong"),
        related=("yoga", "mindfulness"),
        group="Sport and movement",
    ),
    Term(
        INTEREST,
        "dance",
        "Dance",
        "Dance classes, tea dances, dance fitness and social dancing.",
        synonyms=("dancing", "tea dance", "salsa", "zumba", "ballroom", "line dancing"),
        related=("fitness", "music"),
        group="Sport and movement",
    ),
    Term(
        INTEREST,
        "fitness",
        "Fitness",
        "Gym, circuits, boxing fitness, exercise classes and general physical activity.",
        synonyms=(
            "gym",
            "exercise",
            "circuits",
            "boxing",
            "workout",
            "keep fit",
            "keeping fit",
            "get fit",
            "weights",
        ),
        related=("running", "football", "swimming"),
        group="Sport and movement",
    ),
    Term(
        INTEREST,
        "table-tennis",
        "Table tennis",
        "Table tennis clubs and drop-in sessions.",
        synonyms=("ping pong", "ping-pong", "table tennis"),
        related=("racket-sports",),
        group="Sport and movement",
    ),
    Term(
        INTEREST,
        "racket-sports",
        "Racket sports",
        "Badminton, tennis and similar racket sports.",
        synonyms=("badminton", "tennis", "squash", "racket", "racquet"),
        related=("table-tennis", "fitness"),
        group="Sport and movement",
    ),
    Term(
        INTEREST,
        "cricket",
        "Cricket",
        "Cricket nets, softball cricket and cricket clubs.",
        synonyms=("cricket nets", "softball cricket"),
        related=("football",),
        group="Sport and movement",
    ),
    Term(
        INTEREST,
        "gardening",
        "Gardening",
        "Allotments, community gardens and growing food or flowers.",
        synonyms=(
            "allotment",
            "allotments",
            "garden",
            "gardens",
            "growing",
            "plants",
            "grow vegetables",
            "horticulture",
            "community garden",
        ),
        related=("nature-conservation", "cooking"),
        group="Nature and outdoors",
    ),
    Term(
        INTEREST,
        "nature-conservation",
        "Nature and conservation",
        "Conservation volunteering, wildlife, nature walks and green spaces.",
        synonyms=(
            "nature",
            "wildlife",
            "conservation",
            "green spaces",
            "birdwatching",
            "bird watching",
            "outdoors",
            "parks",
        ),
        related=("gardening", "walking", "animals"),
        group="Nature and outdoors",
    ),
    Term(
        INTEREST,
        "animals",
        "Animals",
        "City farms, animal care and dog-walking volunteering.",
        synonyms=("city farm", "farm", "dog walking", "dogs", "horses", "pets", "animal care"),
        related=("nature-conservation",),
        group="Nature and outdoors",
    ),
    Term(
        INTEREST,
        "fishing",
        "Fishing",
        "Angling clubs and fishing sessions.",
        synonyms=("angling", "angler", "fish"),
        related=("nature-conservation",),
        group="Nature and outdoors",
    ),
    Term(
        INTEREST,
        "cooking",
        "Cooking and baking",
        "Cooking courses, cook-and-eat sessions, baking and community kitchens.",
        synonyms=("cook", "baking", "bake", "kitchen", "cookery", "food", "chef", "cakes"),
        related=("socialising", "gardening"),
        group="Company and games",
    ),
    Term(
        INTEREST,
        "socialising",
        "Socialising",
        "Community cafes, lunch clubs, coffee mornings and social groups where the main point is company.",
        synonyms=(
            "social",
            "company",
            "coffee morning",
            "lunch club",
            "community cafe",
            "chat",
            "chatting",
            "meeting people",
            "friends",
            "lonely",
            "isolated",
            "natter",
        ),
        related=("board-games", "cooking", "befriending"),
        group="Company and games",
    ),
    Term(
        INTEREST,
        "singing",
        "Singing",
        "Choirs, singing groups and singing for wellbeing.",
        synonyms=("sing", "choir", "choirs", "vocals", "karaoke"),
        related=("music",),
        group="Music",
    ),
    Term(
        INTEREST,
        "guitar",
        "Guitar",
        "Guitar lessons, guitar circles and acoustic jam sessions.",
        synonyms=("guitars", "acoustic guitar", "electric guitar", "strumming"),
        related=("music", "singing"),
        group="Music",
    ),
    Term(
        INTEREST,
        "music",
        "Music making",
        "Playing or making music: bands, ukulele, drumming, open mic, music production.",
        synonyms=(
            "band",
            "ukulele",
            "drumming",
            "drums",
            "open mic",
            "music production",
            "musician",
            "jam",
            "jamming",
            "piano",
            "keyboard",
            "instrument",
        ),
        related=("guitar", "singing"),
        group="Music",
    ),
    Term(
        INTEREST,
        "painting",
        "Painting and drawing",
        "Art studios, drawing, painting, illustration and life drawing.",
        synonyms=(
            "drawing",
            "draw",
            "art",
            "arts",
            "sketching",
            "illustration",
            "life drawing",
            "paint",
            "watercolour",
        ),
        related=("pottery", "crafts", "photography"),
        group="Arts, crafts and culture",
    ),
    Term(
        INTEREST,
        "pottery",
        "Pottery",
        "Pottery, ceramics and clay work.",
        synonyms=("ceramics", "clay"),
        related=("painting", "crafts"),
        group="Arts, crafts and culture",
    ),
    Term(
        INTEREST,
        "crafts",
        "Crafts",
        "Knitting, crochet, sewing, textiles and general craft groups.",
        synonyms=(
            "knitting",
            "knit",
            "crochet",
            "sewing",
            "sew",
            "textiles",
            "craft",
            "quilting",
            "embroidery",
        ),
        related=("pottery", "woodwork", "painting"),
        group="Arts, crafts and culture",
    ),
    Term(
        INTEREST,
        "woodwork",
        "Woodwork",
        "Carpentry, woodwork and men's/community sheds.",
        synonyms=("carpentry", "men's shed", "mens shed", "community shed", "joinery", "wood"),
        related=("repair", "crafts"),
        group="Arts, crafts and culture",
    ),
    Term(
        INTEREST,
        "photography",
        "Photography",
        "Photography clubs, photo walks and courses.",
        synonyms=("photos", "photo", "camera", "photo walk"),
        related=("painting", "film", "walking"),
        group="Arts, crafts and culture",
    ),
    Term(
        INTEREST,
        "creative-writing",
        "Creative writing",
        "Writing groups, poetry and spoken word.",
        synonyms=("writing", "write", "poetry", "poems", "spoken word", "stories", "journaling"),
        related=("reading", "theatre"),
        group="Arts, crafts and culture",
    ),
    Term(
        INTEREST,
        "film",
        "Film",
        "Film clubs, community cinema and film-making.",
        synonyms=(
            "films",
            "cinema",
            "movies",
            "movie",
            "film-making",
            "film club",
            "the pictures",
            "anime",
        ),
        related=("photography", "theatre"),
        group="Arts, crafts and culture",
    ),
    Term(
        INTEREST,
        "theatre",
        "Theatre and drama",
        "Drama groups, improvisation and community theatre.",
        synonyms=("drama", "acting", "improv", "improvisation", "plays", "stage"),
        related=("creative-writing", "film"),
        group="Arts, crafts and culture",
    ),
    Term(
        INTEREST,
        "history",
        "History and heritage",
        "Local history, museums and heritage volunteering.",
        synonyms=("heritage", "local history", "museum", "museums"),
        related=("reading", "walking"),
        group="Arts, crafts and culture",
    ),
    Term(
        INTEREST,
        "reading",
        "Reading",
        "Reading groups, book clubs and shared reading.",
        synonyms=(
            "books",
            "book club",
            "book group",
            "reader",
            "shared reading",
            "library",
            "novel",
            "novels",
        ),
        related=("creative-writing", "history"),
        group="Arts, crafts and culture",
    ),
    Term(
        INTEREST,
        "chess",
        "Chess",
        "Chess clubs and chess sessions.",
        synonyms=(),
        related=("board-games",),
        group="Company and games",
    ),
    Term(
        INTEREST,
        "board-games",
        "Board games",
        "Board games, card games, backgammon, dominoes and games nights.",
        synonyms=(
            "board games",
            "card games",
            "cards",
            "backgammon",
            "dominoes",
            "games night",
            "scrabble",
        ),
        related=("chess", "socialising"),
        group="Company and games",
    ),
    Term(
        INTEREST,
        "gaming",
        "Video gaming",
        "Video games and e-sports clubs.",
        synonyms=(
            "video games",
            "computer games",
            "gamer",
            "e-sports",
            "esports",
            "playstation",
            "xbox",
        ),
        related=("coding", "board-games"),
        group="Company and games",
    ),
    Term(
        INTEREST,
        "coding",
        "Coding",
        "Learning to code, programming clubs and web development.",
        synonyms=("programming", "code", "web development", "python", "software"),
        related=("digital-skills", "gaming"),
        group="Learning, work and skills",
    ),
    Term(
        INTEREST,
        "digital-skills",
        "Digital skills",
        "Basic computer, internet, smartphone and online-forms skills.",
        synonyms=(
            "computer",
            "computers",
            "internet",
            "smartphone",
            "online forms",
            "email",
            "it skills",
            "tablet",
            "video call",
            "video-call",
        ),
        related=("coding", "employment-skills"),
        group="Learning, work and skills",
    ),
    Term(
        INTEREST,
        "maths-english",
        "Maths and English",
        "Functional skills and GCSE maths and English for adults.",
        synonyms=("maths", "math", "english", "functional skills", "gcse", "numeracy", "literacy"),
        related=("employment-skills", "esol"),
        group="Learning, work and skills",
    ),
    Term(
        INTEREST,
        "esol",
        "ESOL",
        "English for speakers of other languages.",
        synonyms=(
            "english as a second language",
            "english for speakers of other languages",
            "learning english",
            "improve english",
            "limited english",
        ),
        related=("languages", "maths-english"),
        group="Learning, work and skills",
    ),
    Term(
        INTEREST,
        "languages",
        "Languages",
        "Learning or practising a language other than English, language cafes and exchanges.",
        synonyms=(
            "language",
            "spanish",
            "french",
            "language cafe",
            "language exchange",
            "conversation",
        ),
        related=("esol",),
        group="Learning, work and skills",
    ),
    Term(
        INTEREST,
        "employment-skills",
        "Employment skills",
        "Job clubs, CV help, interview practice, work preparation and employment support.",
        synonyms=(
            "job",
            "jobs",
            "work",
            "cv",
            "interview",
            "employment",
            "job club",
            "career",
            "apply for jobs",
        ),
        related=("volunteering", "digital-skills", "maths-english"),
        group="Learning, work and skills",
    ),
    Term(
        INTEREST,
        "volunteering",
        "Volunteering",
        "Volunteering roles and brokerage; helping out in the community.",
        synonyms=(
            "volunteer",
            "volunteers",
            "helping out",
            "help out",
            "give back",
            "giving back",
            "give something back",
        ),
        related=("employment-skills",),
        group="Learning, work and skills",
    ),
    Term(
        INTEREST,
        "repair",
        "Repair and fixing",
        "Repair cafes, bike repair and fixing things.",
        synonyms=("repair cafe", "fixing", "fix", "bike repair", "mending", "tinkering"),
        related=("woodwork", "cycling"),
        group="Learning, work and skills",
    ),
    Term(
        INTEREST,
        "money-advice",
        "Money and benefits advice",
        "Benefits, debt and budgeting advice and courses.",
        synonyms=("benefits advice", "debt", "budgeting", "money", "finances"),
        related=("employment-skills",),
        group="Learning, work and skills",
    ),
    Term(
        INTEREST,
        "peer-support",
        "Peer support",
        "Groups where people with shared lived experience support each other.",
        synonyms=(
            "peer group",
            "lived experience",
            "support group",
            "hearing voices",
            "recovery group",
        ),
        related=("wellbeing-learning", "befriending"),
        group="Wellbeing",
    ),
    Term(
        INTEREST,
        "wellbeing-learning",
        "Wellbeing learning",
        "Recovery-college style courses about understanding and managing mental health and wellbeing.",
        synonyms=("recovery college", "wellbeing course", "mental health course", "wellbeing"),
        related=("peer-support", "mindfulness"),
        group="Wellbeing",
    ),
    Term(
        INTEREST,
        "mindfulness",
        "Mindfulness and meditation",
        "Mindfulness, meditation and relaxation.",
        synonyms=("meditation", "meditate", "relaxation", "relax", "calm", "breathing"),
        related=("yoga", "wellbeing-learning"),
        group="Wellbeing",
    ),
    Term(
        INTEREST,
        "faith",
        "Faith",
        "Faith communities and faith-based groups and activities.",
        synonyms=(
            "church",
            "mosque",
            "temple",
            "synagogue",
            "prayer",
            "faith group",
            "spiritual",
            "catholic",
            "christian",
            "muslim",
            "parish",
        ),
        related=("socialising",),
        group="Company and games",
    ),
    Term(
        INTEREST,
        "befriending",
        "Befriending",
        "One-to-one befriending by volunteers, in person or by phone.",
        synonyms=(
            "befriender",
            "befriend",
            "telephone befriending",
            "someone to talk to",
            "regular contact",
        ),
        related=("socialising", "peer-support"),
        group="Company and games",
    ),
]

_ACCESS_TERMS: list[Term] = [
    Term(
        ACCESS,
        "step-free",
        "Step-free access",
        "Step-free access to the activity (level entrance, ramp or lift); for outdoor activities a level, step-free route.",
        synonyms=(
            "wheelchair",
            "wheelchair user",
            "ramp",
            "lift",
            "level access",
            "no stairs",
            "mobility",
        ),
    ),
    Term(
        ACCESS,
        "accessible-toilet",
        "Accessible toilet",
        "A wheelchair-accessible toilet at the venue.",
        synonyms=("disabled toilet", "accessible loo", "wheelchair toilet"),
    ),
    Term(
        ACCESS,
        "hearing-loop",
        "Hearing loop",
        "An induction (hearing) loop is available.",
        synonyms=("induction loop", "loop", "hearing aid", "hard of hearing"),
    ),
    Term(
        ACCESS,
        "quiet-space",
        "Quiet space",
        "A quiet room or space is available to take a break, and the session is kept calm.",
        synonyms=("quiet", "calm", "quiet room", "low stimulation", "sensory"),
    ),
    Term(
        ACCESS,
        "bsl",
        "British Sign Language",
        "Delivered in BSL or with a BSL interpreter at every session.",
        synonyms=("british sign language", "sign language", "deaf", "signing"),
    ),
    Term(
        ACCESS,
        "can-bring-support-worker",
        "Can bring a support worker",
        "A support worker, carer or friend can come along (free of charge), including the first time.",
        synonyms=("support worker", "carer", "bring a friend", "bring someone"),
    ),
    Term(
        ACCESS,
        "newcomers-welcome",
        "Newcomers welcome",
        "Beginners and first-timers actively welcomed; someone greets new people.",
        synonyms=("beginners", "first-timers", "newcomers", "new people welcome"),
    ),
    Term(
        ACCESS,
        "women-only",
        "Women only",
        "Open to women only (including trans women).",
        synonyms=("women", "women's group", "ladies", "female only"),
    ),
    Term(
        ACCESS,
        "lgbtq-plus",
        "LGBTQ+",
        "A group run by and for LGBTQ+ people.",
        synonyms=("lgbt", "lgbtq", "gay", "lesbian", "trans", "queer", "bisexual"),
    ),
    Term(
        ACCESS,
        "young-adults-16-25",
        "Young adults 16-25",
        "For young adults aged 16 to 25.",
        synonyms=("young people", "young adults", "youth"),
    ),
    Term(
        ACCESS,
        "over-50s",
        "Over-50s",
        "For people aged 50 and over.",
        synonyms=("older people", "over 50s", "older adults", "seniors", "retired"),
    ),
]

_SETTING_TERMS: list[Term] = [
    Term(
        SETTING,
        "community",
        "Community setting",
        "An ordinary community setting open to the public (bridging social capital).",
        synonyms=("community group", "public"),
    ),
    Term(
        SETTING,
        "mental-health-service",
        "Mental-health-service setting",
        "Run by or for a mental-health service, or a group specifically for people with mental-health problems.",
        synonyms=("mental health service", "nhs", "clinical", "day centre"),
    ),
    Term(
        SETTING,
        "online",
        "Online or by phone",
        "Delivered online (video, forum, app) or by telephone, with no venue to travel to.",
        synonyms=("online", "phone", "video", "zoom", "telephone", "virtual"),
    ),
]

TERMS: dict[str, dict[str, Term]] = {
    INTEREST: {t.code: t for t in _INTEREST_TERMS},
    ACCESS: {t.code: t for t in _ACCESS_TERMS},
    SETTING: {t.code: t for t in _SETTING_TERMS},
}
INTEREST_CODES: tuple[str, ...] = tuple(TERMS[INTEREST])
ACCESS_CODES: tuple[str, ...] = tuple(TERMS[ACCESS])
SETTING_CODES: tuple[str, ...] = tuple(TERMS[SETTING])
# Access terms about the venue: met by an online activity, which has no venue.
VENUE_ACCESS: frozenset[str] = frozenset(
    {"step-free", "accessible-toilet", "hearing-loop", "quiet-space"}
)
# Access terms about who a group is for, rather than what the venue offers.
AUDIENCE_ACCESS: frozenset[str] = frozenset(
    {"women-only", "lgbtq-plus", "young-adults-16-25", "over-50s"}
)
# Terms about who a group is for or welcomes: for a person, a preference about who they are,
# never an access need (a step-free entrance is needed; a group for over-50s is preferred).
GROUP_FOR: frozenset[str] = AUDIENCE_ACCESS | {"newcomers-welcome"}


def term(scheme: str, code: str) -> Term:
    """The term with this code, or KeyError."""
    return TERMS[scheme][code]


def label(scheme: str, code: str) -> str:
    """A term's display name, or the code itself when unknown."""
    found = TERMS.get(scheme, {}).get(code)
    return found.name if found else code


def in_sentence(name: str) -> str:
    """A term's name as said in a sentence: lower case, but for initialisms and proper names."""
    words = name.split()
    if len(words) > 1 and all(w[0].isupper() for w in words):
        return name  # "British Sign Language"
    return " ".join(w if sum(c.isupper() for c in w) > 1 else w.lower() for w in words)


def said(scheme: str, code: str) -> str:
    """A term's name as said mid-sentence ('step-free access', 'British Sign Language')."""
    return in_sentence(label(scheme, code))


def code_named(scheme: str, given: str) -> str | None:
    """The code a value names: the code itself in any case, or the term's name ('Walking')."""
    key = " ".join(given.lower().split())
    for term in TERMS.get(scheme, {}).values():
        if key in (term.code.lower(), term.name.lower()):
            return term.code
    return None


def is_term(scheme: str, code: str) -> bool:
    """Tell whether the code is in the scheme."""
    return code in TERMS.get(scheme, {})


def synonym_index(scheme: str = INTEREST) -> dict[str, set[str]]:
    """Map every lower-case phrase (code, name, synonym) to the term codes it names."""
    index: dict[str, set[str]] = {}
    for t in TERMS[scheme].values():
        for phrase in (t.code, t.code.replace("-", " "), t.name, *t.synonyms):
            index.setdefault(phrase.lower(), set()).add(t.code)
    return index


def expansions(code: str, scheme: str = INTEREST) -> list[str]:
    """Words a search for this term should also match (name and synonyms)."""
    t = TERMS[scheme].get(code)
    if t is None:
        return []
    return [t.name.lower(), *t.synonyms]


def related(code: str) -> tuple[str, ...]:
    """Interest terms related to this one."""
    t = TERMS[INTEREST].get(code)
    return t.related if t else ()
