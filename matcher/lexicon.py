"""Words for each interest term, written from what the activity is: its objects, places, verbs
and the people who do it. Read by matcher/notes.py after lemmatising both sides, so one form
of each word is enough ("fish" also finds "fished" and "fishes").

A phrase starting with "=" matches only as written, not by lemma ("gaming" is not "a game").
A phrase starting with "~" is ambiguous on its own in a note about a person ("garden", "food",
"computer"): it counts only in a clause that also says the person likes, does, did, wants or
could teach something. "~=" is both ("~=phone": the device, never "phoned").
"""

from __future__ import annotations

# fmt: off
LEXICON: dict[str, tuple[str, ...]] = {
    "football": (
        "football", "footballer", "footie", "footy", "soccer", "five-a-side", "5-a-side",
        "walking football", "kickabout", "kick-about", "kick a ball", "goalkeeper", "striker",
        "~match", "~pitch",
    ),
    "walking": (
        "walking", "walk", "walker", "ramble", "rambling", "rambler", "hike", "hiking", "hiker",
        "stroll", "trek", "fell walking", "hill walking", "walking boots", "footpath", "~hills",
        "~countryside",
    ),
    "running": (
        "running", "runner", "jog", "jogging", "jogger", "parkrun", "5k", "10k", "marathon",
        "half marathon", "cross country", "athletics", "run club",
    ),
    "cycling": (
        "cycling", "cyclist", "bike ride", "bicycle", "biking", "mountain bike", "cycle path",
        "cycle ride", "towpath ride", "~bike", "~bikes", "~cycle",
    ),
    "swimming": (
        "swimming", "swim", "swimmer", "swimming pool", "~lengths", "aqua aerobics", "aquafit",
        "open water", "lido", "~pool", "~baths",
    ),
    "yoga": (
        "yoga", "pilates", "stretching", "stretch class", "yoga mat", "chair yoga",
    ),
    "tai-chi": (
        "tai chi", "taichi", "qigong", "qi gong", "martial art",
    ),
    "dance": (
        "dance", "dancing", "dancer", "ballroom", "salsa", "zumba", "line dancing", "tea dance",
        "ballet", "tap dancing", "disco", "ceilidh", "street dance", "waltz", "jive",
    ),
    "fitness": (
        "gym", "workout", "work out", "exercise class", "=circuits", "weight training", "=boxing",
        "=boxed", "boxer", "keep fit", "get fit", "fitness", "press-up", "treadmill", "spin class",
        "bootcamp", "aerobics", "~exercise",
    ),
    "table-tennis": (
        "table tennis", "ping pong", "ping-pong", "bat and ball",
    ),
    "racket-sports": (
        "badminton", "tennis", "squash", "racket", "racquet", "shuttlecock", "pickleball",
    ),
    "cricket": (
        "cricket", "cricketer", "=batting", "wicket", "~nets", "test match",
    ),
    "gardening": (
        "gardening", "gardener", "~growing", "allotment", "vegetable patch", "veg patch",
        "greenhouse", "~plant", "planting", "seedling", "grow vegetables", "grow veg",
        "grow tomatoes", "=weeding", "compost", "horticulture", "pot plant", "houseplant",
        "flower bed", "=potting", "green fingers", "green-fingered", "~garden", "~grow", "~flowers",
    ),
    "nature-conservation": (
        "wildlife", "nature", "conservation", "birdwatching", "bird watching", "birdwatcher",
        "~birds", "bird-spotting", "ranger", "rangers", "conservation volunteer",
        "tree planting", "hedge laying", "nature reserve", "woodland",
        "butterflies", "bug hunting", "litter pick", "litter picking", "~outdoors", "~park",
        "~parks", "~countryside",
    ),
    "animals": (
        "~animal", "~animals", "~dog", "~dogs", "dog walking", "~cat", "~cats", "horse", "horses",
        "pony", "~pet", "~pets", "city farm", "farm animals", "riding stables", "rescue centre",
        "horse riding", "~budgie", "~parrot", "~hamster", "~tortoise", "animal rescue",
        "kennels", "guinea pig", "~rabbit", "~rabbits", "have a dog", "have a cat", "have dogs",
        "have cats", "have a pet", "have pets", "own a dog", "dog owner", "cat owner", "pet owner",
        "walk the dog", "walk his dog", "walk her dog", "take the dog", "~puppy", "~kitten",
        "dog training", "~grooming", "~vet", "~chickens", "~hens",
        "birds of prey",
    ),
    "fishing": (
        "fishing", "=angling", "angler", "fisherman", "rod", "rods", "fishing rod", "~tackle",
        "bait", "reel", "coarse fishing", "fly fishing", "sea fishing", "carp", "~fish", "~canal",
        "~river", "~lake", "~reservoir",
    ),
    "cooking": (
        "cooking", "cook", "cookery", "chef", "baking", "bake", "baker", "recipe", "recipes",
        "~kitchen", "~meal", "~meals", "~curry", "~cake", "~cakes", "~bread", "pastry", "~food",
        "dough", "knead", "kneading", "bread making", "breadmaking", "cake decorating",
        "home cooking", "home-cooked", "homemade", "home-made", "batch cooking", "meal prep",
        "cook a meal", "cook dinner", "cook for", "make a meal", "prepare food",
        "food preparation", "cooking from scratch", "jam making", "chutney", "preserves",
        "pickling", "~flatbread", "~chapati", "~roti", "~naan", "~scone", "~scones", "~biscuits",
        "~pie", "~pies", "~soup", "~stew", "~casserole", "~pasta", "~pizza", "~dumplings",
        "~samosas", "~biryani", "~dinner",
    ),
    "socialising": (
        "socialise", "socialising", "socializing", "coffee morning", "lunch club",
        "community cafe", "a chat", "natter", "chatting", "make friends", "meet people",
        "meet others", "meet other people",
        "meeting people", "meet new people", "~company", "~social", "~friends",
        "conversation", "talk to people", "talking to people", "talk to others",
        "talking to others", "talk with others", "people to talk to", "get out of the house",
        "get out more", "be around people", "being around people", "spend time with others",
        "companionship", "~banter", "~gossip", "pub quiz", "day trips", "outings",
    ),
    "singing": (
        "singing", "sing", "singer", "choir", "chorister", "karaoke", "vocals", "hymns",
        "barbershop", "sing-along", "singalong",
    ),
    "guitar": (
        "guitar", "guitars", "guitarist", "acoustic guitar", "electric guitar", "bass guitar",
        "strum", "strumming", "chords", "plectrum", "fret",
    ),
    "music": (
        "music", "musician", "~band", "~instrument", "piano", "~keyboard", "~drum", "drums",
        "drummer", "drumming", "ukulele", "violin", "fiddle", "saxophone", "trumpet", "flute",
        "brass band", "open mic", "~gig", "~gigs", "dj", "djing", "~compose", "songwriting",
        "write songs", "~jam", "jamming", "music production", "rapping", "lyrics",
    ),
    "painting": (
        "painting", "paint", "painter", "drawing", "draw", "sketch", "sketching", "sketchbook",
        "watercolour", "watercolours", "=oils", "canvas", "easel", "art", "artist", "artwork",
        "illustration", "life drawing", "doodle", "doodling", "acrylics", "paintbrush", "palette",
    ),
    "pottery": (
        "pottery", "potter", "ceramics", "clay", "kiln", "potter's wheel", "throw pots",
    ),
    "crafts": (
        "craft", "crafts", "crafting", "crafty", "knit", "knitting", "knitter", "crochet", "sew",
        "sewing", "sewing machine", "embroidery", "cross stitch", "cross-stitch", "quilt",
        "quilting", "textiles", "needlework", "card making", "jewellery making", "scrapbook",
        "scrapbooking", "wool", "yarn", "macrame", "papercraft", "seamstress", "dressmaker",
        "dressmaking", "tailor", "upholstery", "alterations",
    ),
    "woodwork": (
        "woodwork", "woodworking", "carpentry", "carpenter", "joiner", "joinery", "cabinet maker",
        "woodturning", "wood turning", "whittle", "whittling", "chisel", "lathe", "workbench",
        "carving", "woodcarving", "woodcarver", "wood carving", "carve",
        "~shed", "men's shed", "mens shed", "community shed", "sawdust", "make furniture",
        "build furniture", "screwdriver",
        "~wood", "~tools", "use tools", "hand tools", "power tools", "bird box", "bird boxes",
        "~bench", "timber", "sanding", "sandpaper", "~hammer", "~workshop",
    ),
    "photography": (
        "photography", "photographer", "photo", "photos", "photograph", "camera", "snapshots",
        "take pictures", "taking pictures", "selfies",
    ),
    "creative-writing": (
        "writing", "writer", "poetry", "poem", "poems", "poet", "short story", "short stories",
        "story writing", "~diary", "journal", "journaling", "spoken word", "novel writing",
        "write stories", "write poems", "~write",
    ),
    "film": (
        "film", "films", "cinema", "movie", "movies", "the pictures", "film club", "box set",
        "documentaries", "filmmaking", "film-making", "anime",
    ),
    "theatre": (
        "theatre", "drama", "acting", "actor", "actress", "~stage", "improv", "improvisation",
        "panto", "pantomime", "musicals", "amateur dramatics", "am dram",
    ),
    "history": (
        "~history", "historian", "~heritage", "museum", "museums", "local history",
        "family history", "genealogy", "family tree", "archaeology", "old photographs", "castles",
        "war history",
    ),
    "reading": (
        "reading", "reader", "~read", "~book", "books", "bookworm", "novel", "novels", "book club",
        "~library", "~libraries", "paperback", "crime fiction", "audiobook",
    ),
    "chess": (
        "chess", "chessboard", "checkmate", "chess club", "chess set", "chess pieces",
        "grandmaster", "xiangqi", "chinese chess", "shogi", "janggi",
    ),
    "board-games": (
        "board game", "board games", "card game", "card games", "~cards", "dominoes", "domino",
        "scrabble", "monopoly", "backgammon", "=draughts", "bingo", "jigsaw", "jigsaws",
        "crossword", "crosswords", "word search", "wordsearch", "quiz", "quizzes", "cribbage",
        "~puzzle", "~puzzles", "puzzle book", "puzzle books", "sudoku", "kakuro", "solitaire",
        "rummy", "whist", "bridge club", "poker", "mahjong", "mah-jong", "ludo",
    ),
    "gaming": (
        "video game", "video games", "computer game", "computer games", "=gaming", "=gamer",
        "playstation", "xbox", "nintendo", "console", "esports", "e-sports", "minecraft", "fifa",
        "online games",
    ),
    "coding": (
        "coding", "~code", "coder", "programming", "programmer", "software", "python",
        "javascript", "~website", "web design", "app development", "developer",
    ),
    "digital-skills": (
        "computer skills", "~internet", "smartphone", "~email", "~e-mail", "ipad", "laptop",
        "online forms", "video call", "zoom", "it skills", "get online", "use a computer",
        "~computer", "~=phone", "~=phones", "~mobile phone", "apps", "texting", "online banking",
        "online shopping", "use the internet", "computer course", "computer class",
    ),
    "maths-english": (
        "maths", "math", "arithmetic", "numeracy", "literacy", "=spelling", "functional skills",
        "gcse", "gcses", "qualifications", "reading and writing", "~english", "adult learning",
        "struggle to read", "struggle with reading", "difficulty reading", "read and write",
    ),
    "esol": (
        "esol", "english as a second language", "learn english", "learning english",
        "improve english", "improve his english", "improve her english", "english lessons",
        "english classes", "little english", "limited english", "speak english",
        "written english", "spoken english", "english conversation", "english course",
        "english language", "conversation class", "conversation classes",
    ),
    "languages": (
        "~language", "~languages", "~spanish", "~french", "~german", "~italian", "~portuguese",
        "~polish", "~urdu", "~arabic", "~mandarin", "~japanese", "~welsh", "language exchange",
        "duolingo", "interpreting", "interpreter", "translating", "translator", "bilingual",
    ),
    "employment-skills": (
        "~job", "~jobs", "~work", "cv", "job club", "job interview", "~interviews", "~career",
        "employment", "apprenticeship", "get back to work", "back into work", "find work",
        "looking for work", "paid work", "job hunting", "job search", "apply for jobs",
    ),
    "volunteering": (
        "~volunteer", "volunteering", "volunteer work", "help out", "helping out", "give back",
        "giving back", "give something back", "charity shop", "do good", "be useful",
        "feel useful", "make a difference", "=helps at the", "=helps in the", 
        "unpaid work", "~volunteers", "community work", "=serves at",
        "=serves in",
    ),
    "repair": (
        "repair", "repairs", "~fix", "fixing", "fixer", "mend", "mending", "tinker", "tinkering",
        "take apart", "mechanic", "~engine", "~engines", "electrics", "diy", "handyman",
        "odd jobs", "toolbox", "spanner", "soldering", "bike repair", "plumber", "plumbing",
        "electrician",
    ),
    "money-advice": (
        "~debt", "~debts", "budgeting", "arrears", "money worries", "benefits advice",
        "universal credit", "~bills", "money management", "manage money", "bookkeeper",
        "bookkeeping", "accountant", "~benefits",
        "benefit forms", "pip form", "debt advice", "money advice", "welfare rights",
    ),
    "peer-support": (
        "peer support", "support group", "lived experience", "people who have been through",
        "others who understand", "recovery group", "hearing voices group", "self-help group",
        "mutual support", "alcoholics anonymous", "narcotics anonymous", "aa meeting",
        "aa meetings", "na meetings", "smart recovery", "mutual aid", "12 step", "twelve step",
        "recovery community", "other carers", "other young carers", "fellow carers",
        "carers group", "carers' group", "carers support", "others in the same situation",
        "people in the same situation", "others in the same boat", "in the same boat",
        "others who understand", "people who understand", "others like her", "others like him",
        "people like her", "people like him", "others going through", "shared experience",
        "support each other",
    ),
    "wellbeing-learning": (
        "recovery college", "wellbeing course", "mental health course", "understand his mental",
        "understand her mental", "manage his mental", "manage her mental", "coping skills",
        "anxiety management", "self-management", "~wellbeing",
    ),
    "mindfulness": (
        "mindfulness", "mindful", "meditation", "meditate", "relaxation", "~relax", "~breathing",
        "breathing exercises", "~calm", "calming",
    ),
    "faith": (
        "church", "chapel", "parish", "devout", "catholic", "christian", "muslim", "islam",
        "hindu", "sikh", "jewish", "buddhist", "mosque", "temple", "gurdwara", "synagogue",
        "mandir", "prayer", "pray", "worship", "bible", "quran", "koran", "faith", "spiritual",
        "religion", "religious", "congregation", "choir at church",
    ),
    "befriending": (
        "befriender", "befriending", "befriend", "someone to talk to", "~phone call",
        "~regular visit", "regular contact", "a friendly face", "telephone befriending",
        "someone to phone", "someone to visit", "volunteer to visit", "volunteer to phone",
        "volunteer who could visit", "volunteer who could phone", "volunteer who would visit",
        "volunteer who would phone", "visiting volunteer", "weekly phone call",
        "pop in for a chat", "drop in for a chat", "call in for a chat", "come round for a chat",
        "someone to pop in", "someone to call in", "someone to call", "someone to ring",
        "someone to chat to", "someone to chat with", "a regular visitor", "home visit",
        "home visits", "~a visit", "~a visitor", "~visitors", "regular visits", "weekly visits", "a friendly call",
        "check-in call", "check in call",
    ),
}
# fmt: on
