"""Fictional organisations in the demo area: key -> (name, what they do)."""

from __future__ import annotations

ORGANISATIONS: dict[str, tuple[str, str]] = {
    # Mental-health services and charities
    "recovery-college": (
        "Aire Valley Recovery College",
        "Free courses about mental health and wellbeing, written and taught together by people "
        "with lived experience and NHS staff. Part of Aire Valley NHS Trust.",
    ),
    "airedale-minds": (
        "Airedale Minds",
        "Local mental-health charity running peer support, drop-ins and wellbeing groups.",
    ),
    "holbrook-day": (
        "Holbrook House Day Service",
        "Aire Valley NHS Trust day service for adults using secondary mental-health services.",
    ),
    "beckside-clubhouse": (
        "Beckside Clubhouse",
        "A clubhouse run by its members, people living with mental illness, with a small staff "
        "team; members run the kitchen, reception and newsletter together.",
    ),
    "lantern": (
        "Calder Crisis Support",
        "Runs The Lantern, an out-of-hours crisis café in Calder Yard.",
    ),
    "eip": (
        "Aire Valley Early Intervention in Psychosis Team",
        "NHS team for people aged 14 to 65 with a first episode of psychosis.",
    ),
    "voices-network": (
        "West Leeds Voices Network",
        "Peer-led hearing voices groups for people who hear, see or sense things others don't.",
    ),
    "mood-matters": (
        "Mood Matters Leeds",
        "Peer support for people living with bipolar disorder and other mood conditions.",
    ),
    "sanctuary-arts": (
        "Sanctuary Arts Collective",
        "Arts charity offering studio space and workshops to people with mental-health problems.",
    ),
    "talk-it-through": (
        "Talk It Through Men's Project",
        "Informal talking groups for men going through a hard time.",
    ),
    "green-minds": (
        "Green Minds Gardening",
        "Therapeutic gardening for people referred by mental-health services.",
    ),
    "open-door-drama": (
        "Open Door Drama",
        "Drama and improvisation workshops for people using mental-health services.",
    ),
    # Singing and music
    "kirkbeck-choir": ("Kirkbeck Community Choir", "A non-auditioned community choir."),
    "millgarth-voices": ("Millgarth Voices", "A friendly choir singing pop, soul and folk."),
    "holbrook-gospel": ("Holbrook Gospel Singers", "A gospel choir open to all faiths and none."),
    "strum-together": ("Strum Together", "Ukulele and guitar groups for adults."),
    "canal-wharf-music": ("Canal Wharf Music Nights", "Open mic and acoustic jam nights."),
    "community-radio": (
        "Aire Valley Community Radio",
        "Volunteer-run local radio station that trains presenters and producers.",
    ),
    # Sport and movement
    "moorcross-wfc": (
        "Moorcross Walking Football Club",
        "Walking football for men and women, mostly over 50.",
    ),
    "beckside-cfc": (
        "Beckside Community Football Club",
        "Grassroots club with adult recreational football.",
    ),
    "beckside-5k": (
        "Beckside Park 5k",
        "A volunteer-run, free, weekly timed 5k in Beckside Park.",
    ),
    "thornleigh-trotters": (
        "Thornleigh Trotters Running Club",
        "A relaxed running club with beginners' groups.",
    ),
    "active-aire": (
        "Active Aire Valley",
        "The council's leisure service: swimming, sports halls and health walks.",
    ),
    "lotus-tai-chi": ("Lotus Tai Chi Leeds", "Tai chi and qigong classes for beginners."),
    "calm-space-yoga": ("Calm Space Yoga", "Gentle yoga and chair yoga in community venues."),
    "aireside-tt": ("Aireside Table Tennis Club", "Table tennis for all ages and abilities."),
    "pedal-aire": (
        "Pedal Aire Valley",
        "Cycling charity running led rides, cycle training and a bike workshop.",
    ),
    "beckside-boxing": (
        "Beckside Amateur Boxing Club",
        "Non-contact boxing fitness and amateur boxing.",
    ),
    "walk-aire": ("Walk Aire Valley", "Volunteer-led health walks, one to two miles."),
    "move-it": ("Move It Dance Fitness", "Dance fitness classes set to chart music."),
    "aireside-cricket": ("Aireside Cricket Club", "Cricket club with softball and social cricket."),
    "aireside-otters": ("Aireside Otters Swimming Club", "Adult learn-to-swim and improvers."),
    "wheels-wellbeing": (
        "Wheels for Wellbeing Leeds",
        "Inclusive cycling on adapted bikes, trikes and tandems.",
    ),
    "walk-and-talk": ("Walk and Talk Men's Group", "Weekly walks for men, with a brew after."),
    # Nature, gardens and animals
    "aireside-allotments": ("Aireside Allotment Society", "Allotment holders and a shared plot."),
    "holbrook-growers": ("Holbrook Growers", "Volunteers who run Holbrook Community Garden."),
    "friends-thornleigh-woods": (
        "Friends of Thornleigh Woods",
        "Conservation volunteers caring for Thornleigh Woods.",
    ),
    "canal-trust": (
        "Aireside Canal Trust",
        "Volunteers looking after the towpath, hedges and wildlife of the canal.",
    ),
    "friends-kirkbeck-park": (
        "Friends of Kirkbeck Park",
        "Local volunteers who plant, tidy and run events in Kirkbeck Park.",
    ),
    "beckside-farm": ("Beckside City Farm", "A small city farm with animals, a garden and a café."),
    "angling": ("Aire and Calder Angling Club", "Coarse fishing on the canal and the river."),
    "bird-club": ("Aire Valley Bird Club", "Birdwatching walks and talks for beginners."),
    "paws-beckside": (
        "Paws Around Beckside",
        "Volunteers who walk dogs for older and disabled neighbours.",
    ),
    # Making, mending and the arts
    "moorcross-shed": ("Moorcross Men's Shed", "A community workshop: woodwork, repairs, chat."),
    "millgarth-makers": ("Millgarth Makers' Shed", "A shared workshop open to everyone."),
    "kirkbeck-knitters": ("Kirkbeck Knitters", "A knit and natter group."),
    "millgarth-stitch": ("Millgarth Stitch and Chat", "Knitting, crochet and sewing group."),
    "sewing-bee": ("Millgarth Sewing Bee", "Learn to sew, mend and alter clothes."),
    "repair-cafe": ("Aire Valley Repair Café", "Volunteer fixers mending things for free."),
    "thornleigh-fixers": ("Thornleigh Fixers", "A monthly repair café in Thornleigh."),
    "tannery-studios": (
        "Tannery Studios CIC",
        "Artists' studios with an open studio and classes for the community.",
    ),
    "young-creatives": ("Young Creatives Leeds", "Art projects for young adults aged 16 to 25."),
    "camera-club": ("Aire Valley Camera Club", "Photography for all levels, phones welcome."),
    "canal-side-writers": ("Canal Side Writers", "A creative writing group."),
    "spoken-word": ("Spoken Word Leeds West", "Poetry and spoken-word nights and workshops."),
    "holbrook-film": ("Holbrook Film Society", "Monthly film screenings with discussion."),
    "kirkbeck-players": ("Kirkbeck Players", "An amateur theatre company."),
    "history-society": (
        "Moorcross and District History Society",
        "Talks, walks and research on local history.",
    ),
    # Learning, work and money
    "calder-learning": (
        "Calder Yard Adult Learning",
        "The council's adult learning service: English, maths, digital skills and leisure courses.",
    ),
    "aire-welcome": (
        "Aire Valley Welcome",
        "Charity supporting refugees and migrants with English, advice and friendship.",
    ),
    "libraries": ("Aire Valley Libraries", "The area's public libraries."),
    "workready": ("WorkReady Leeds West", "Employment support charity."),
    "code-together": ("Code Together Leeds", "Volunteer-run coding classes for adults."),
    "lingo-cafe": ("Lingo Café Leeds", "Language exchange evenings."),
    "advice-centre": ("Aire Valley Advice Centre", "Free, independent advice on money and rights."),
    "credit-union": ("Aire Valley Credit Union", "Savings, fair loans and money coaching."),
    "get-online": ("Get Online Aire Valley", "Digital champions helping people get online."),
    "volunteer-centre": ("Aire Valley Volunteer Centre", "Matches volunteers with local groups."),
    # Company, food and faith
    "age-well": (
        "Aire Valley Age Well",
        "Charity for older people: befriending, lunch clubs, tea dances and exercise.",
    ),
    "good-neighbours": ("Kirkbeck Good Neighbours", "Volunteer befriending for isolated adults."),
    "listening-line": ("Aire Valley Listening Line", "A volunteer-run listening telephone line."),
    "foodbank": ("Aire Valley Food Bank", "Emergency food parcels and a community pantry."),
    "st-aidans": ("St Aidan's Church, Kirkbeck", "Parish church with community activities."),
    "kitchen-table": ("Kitchen Table Project", "Cook-and-eat sessions using surplus food."),
    "meditation-group": ("Aire Valley Meditation Group", "Meditation open to all, no religion."),
    "beckside-mosque": ("Beckside Community Mosque", "Mosque with a community hall and classes."),
    "thornleigh-methodist": ("Thornleigh Methodist Church", "Church running a warm welcome café."),
    "carers-centre": ("Aire Valley Carers' Centre", "Support for unpaid carers."),
    "deaf-community": ("Deaf Community Aire Valley", "Social groups for Deaf BSL users."),
    "pride-social": ("Aire Valley Pride Social", "Social events for LGBTQ+ adults."),
    "womens-centre": ("Beckside Women's Centre", "A women-only space with groups and advice."),
    "game-on": ("Game On Youth Project", "Gaming and social nights for 16 to 25 year olds."),
    "meeple-cafe": ("The Meeple Board Game Café", "A café with hundreds of board games."),
    "millgarth-chess": ("Millgarth Chess Club", "Chess for every level."),
    "bereavement-cafe": ("Aire Valley Bereavement Café", "A relaxed café for people grieving."),
    "calm-connections": ("Calm Connections", "Online mindfulness and relaxation sessions."),
}
