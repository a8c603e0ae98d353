"""Kinds of activity in the demo area: what they are, how to join, who they suit."""

from __future__ import annotations

from dataclasses import dataclass

from directory.models import HowToJoin, Setting

DROP_IN, BOOKING, REFERRAL = HowToJoin.DROP_IN, HowToJoin.BOOKING, HowToJoin.REFERRAL
COMMUNITY, MHS = Setting.COMMUNITY, Setting.MENTAL_HEALTH_SERVICE


@dataclass(frozen=True)
class Activity:
    """A kind of activity; each run of it at a venue becomes one resource."""

    name: str
    interests: tuple[str, ...]
    description: str
    join: str
    how: HowToJoin = DROP_IN
    setting: Setting = COMMUNITY
    access: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    eligibility: str = ""
    languages: tuple[str, ...] = ()  # spoken or signed languages it is offered in (ISO 639)


A = Activity
ACTIVITIES: dict[str, Activity] = {
    # --- community settings ---------------------------------------------------------------
    "choir": A(
        "Community choir",
        ("singing", "music", "socialising"),
        "A friendly, non-auditioned choir singing pop, soul and folk arrangements. You don't "
        "need to read music: parts are taught by ear, and there is a tea break halfway.",
        "Just turn up. Your first two sessions are free, so you can see if it suits you.",
        access=("newcomers-welcome",),
    ),
    "walking-football": A(
        "Walking football",
        ("football", "fitness", "socialising"),
        "Football at walking pace: no running, no contact and no heading. Mixed abilities and "
        "a lot of laughter; most players are over 50 but all adults are welcome.",
        "Turn up in trainers ten minutes early. Bibs and balls are provided.",
        access=("newcomers-welcome",),
        min_age=18,
    ),
    "recreational-football": A(
        "Recreational football",
        ("football", "fitness"),
        "Relaxed small-sided football for adults who want a game without joining a league.",
        "Drop in; bring trainers or astro boots and shin pads.",
        min_age=18,
    ),
    "allotment": A(
        "Shared allotment plot",
        ("gardening", "nature-conservation", "volunteering"),
        "Volunteers grow vegetables, fruit and flowers together on a shared plot. Tools, gloves "
        "and tea are provided and everyone takes home a share of the harvest.",
        "Come along in clothes that can get muddy; no experience needed.",
    ),
    "community-garden": A(
        "Community garden volunteering",
        ("gardening", "volunteering", "socialising"),
        "Help look after a community garden: planting, weeding, building raised beds and "
        "picking salad for the food bank.",
        "Drop in during the session; gloves and tools provided.",
    ),
    "mens-shed": A(
        "Men's shed",
        ("woodwork", "repair", "socialising"),
        "A workshop where people meet to make and mend things, share skills and chat over a "
        "brew. Projects include bird boxes, planters and repairing furniture for neighbours.",
        "Pop in for a cuppa and a look round; a shed member will show you the tools safely.",
        access=("newcomers-welcome",),
        min_age=18,
    ),
    "knit-natter": A(
        "Knit and natter",
        ("crafts", "socialising"),
        "Bring your knitting, crochet or sewing, or learn from scratch with the group's spare "
        "needles and wool. Plenty of tea, biscuits and conversation.",
        "Just come along; spare needles and wool are provided.",
    ),
    "sewing": A(
        "Sewing and mending class",
        ("crafts", "repair"),
        "Learn to use a sewing machine, take up hems, fix zips and make simple clothes.",
        "Book a place; machines and materials are provided.",
        how=BOOKING,
    ),
    "repair-cafe": A(
        "Repair café",
        ("repair", "volunteering", "socialising"),
        "Bring broken household items, clothes, toys or bikes and mend them alongside volunteer "
        "fixers. Tea and cake while you wait; volunteers with skills to share are very welcome.",
        "Drop in with your item; last repairs are taken an hour before the end.",
    ),
    "esol": A(
        "ESOL English classes",
        ("esol", "languages"),
        "English for speakers of other languages, from beginner to intermediate, in small "
        "friendly classes. Some sessions have free crèche places.",
        "Come to an enrolment session so a tutor can find the right class for you.",
        how=BOOKING,
        min_age=16,
    ),
    "esol-conversation": A(
        "English conversation club",
        ("esol", "socialising", "languages"),
        "Practise everyday English over tea with volunteers and other learners. All levels.",
        "Just drop in.",
        access=("newcomers-welcome",),
    ),
    "job-club": A(
        "Job club",
        ("employment-skills", "digital-skills"),
        "Help with CVs, applications, interview practice and searching for work online. "
        "Computers and printing are available.",
        "Drop in; bring any CV or job ideas you already have.",
    ),
    "park-run": A(
        "Saturday 5k park run",
        ("running", "walking", "socialising"),
        "A free, weekly, timed 5k around the park. Walk, jog or run; volunteer marshals cheer "
        "everyone home, and many people go for a coffee afterwards.",
        "Register free online once to get a barcode, and bring it to your first run.",
        access=("newcomers-welcome",),
    ),
    "couch-to-5k": A(
        "Couch to 5k running group",
        ("running", "fitness"),
        "A nine-week beginners' programme from walking to running 5k, in a supportive group "
        "that runs at the pace of its slowest member.",
        "Book a place on the next nine-week course; new groups start every two months.",
        how=BOOKING,
        access=("newcomers-welcome",),
    ),
    "art-studio": A(
        "Open art studio",
        ("painting", "crafts"),
        "Open studio time with materials for painting, drawing and printmaking. An artist is "
        "on hand for tips, but you can do your own thing.",
        "Drop in; all materials are provided.",
    ),
    "young-art": A(
        "Art club for 16 to 25s",
        ("painting", "photography", "socialising"),
        "Creative projects for young adults: street art, zines, painting and photography, "
        "with an exhibition each summer.",
        "Message the team or just turn up.",
        access=("young-adults-16-25",),
        min_age=16,
        max_age=25,
    ),
    "phone-befriending": A(
        "Telephone befriending",
        ("befriending",),
        "A trained volunteer rings you for a chat at the same time each week.",
        "Ask a professional to refer you, or refer yourself by phone.",
        how=REFERRAL,
        access=("over-50s",),
        min_age=50,
    ),
    "home-befriending": A(
        "Befriending visits",
        ("befriending", "socialising"),
        "A volunteer visits you weekly for a chat, or goes with you to a local group or café "
        "until you feel confident going alone.",
        "Referral by a professional or self-referral; there is a short waiting list.",
        how=REFERRAL,
        access=("can-bring-support-worker",),
        min_age=18,
    ),
    "listening-line": A(
        "Listening line",
        ("befriending", "peer-support"),
        "Trained volunteers listen, without judging or giving advice, to anyone who wants to "
        "talk. Not a crisis service.",
        "Call the number any evening the line is open.",
        min_age=18,
    ),
    "tea-dance": A(
        "Tea dance",
        ("dance", "music", "socialising"),
        "Ballroom, sequence and a little rock and roll, with tea and cake. Partners not needed: "
        "volunteers dance with anyone who'd like a turn.",
        "Just turn up.",
        access=("over-50s",),
    ),
    "chair-yoga": A(
        "Chair yoga",
        ("yoga", "fitness"),
        "Gentle seated yoga for people with limited mobility, finishing with a relaxation.",
        "Drop in; wear loose clothing.",
        access=("newcomers-welcome",),
    ),
    "gentle-yoga": A(
        "Gentle yoga",
        ("yoga", "mindfulness"),
        "A slow, beginner-friendly yoga class with lots of options for different bodies.",
        "Book a place online or turn up early; mats can be borrowed.",
        how=BOOKING,
    ),
    "tai-chi": A(
        "Tai chi",
        ("tai-chi", "mindfulness", "fitness"),
        "Slow, flowing tai chi and qigong movements to improve balance and calm the mind.",
        "Drop in; the first class is free.",
        access=("newcomers-welcome",),
    ),
    "table-tennis": A(
        "Table tennis drop-in",
        ("table-tennis", "socialising"),
        "Casual table tennis for all abilities; bats and balls provided.",
        "Just turn up.",
    ),
    "badminton": A(
        "Social badminton",
        ("racket-sports", "fitness"),
        "Friendly doubles games for improvers and returners; rackets can be borrowed.",
        "Drop in; pay at reception.",
        min_age=16,
    ),
    "led-ride": A(
        "Led bike ride",
        ("cycling", "nature-conservation"),
        "A gentle, led ride on quiet roads and the canal towpath, with a café stop. Bikes and "
        "helmets can be borrowed if you book ahead.",
        "Book if you need to borrow a bike; otherwise just meet at the start.",
    ),
    "bike-workshop": A(
        "Bike repair workshop",
        ("cycling", "repair"),
        "Learn to fix punctures, adjust brakes and gears, and keep your bike on the road, with "
        "mechanics on hand.",
        "Drop in with your bike.",
    ),
    "inclusive-cycling": A(
        "Inclusive cycling",
        ("cycling", "fitness"),
        "Adapted bikes, trikes, hand-cycles and tandems on a traffic-free track, for disabled "
        "people and anyone who finds an ordinary bike hard.",
        "Book a session; support workers and carers ride free.",
        how=BOOKING,
        access=("can-bring-support-worker",),
    ),
    "womens-swim": A(
        "Women-only swim",
        ("swimming",),
        "Women-only swimming with female lifeguards and covered windows.",
        "Pay at reception.",
        access=("women-only",),
    ),
    "learn-to-swim": A(
        "Adult learn to swim",
        ("swimming", "fitness"),
        "Small-group lessons for adults who can't swim or lack confidence in water.",
        "Book a place on the next eight-week course.",
        how=BOOKING,
        min_age=18,
    ),
    "boxing-fitness": A(
        "Boxing fitness",
        ("fitness",),
        "Non-contact boxing circuits: pads, skipping and bag work. Tough but friendly.",
        "Drop in; gloves and wraps provided.",
        min_age=16,
    ),
    "health-walk": A(
        "Health walk",
        ("walking", "socialising"),
        "A short, led walk at a chatty pace on flat paths, finishing at a café.",
        "Meet the walk leader at the start; wear comfortable shoes.",
        access=("newcomers-welcome",),
    ),
    "mens-walk": A(
        "Men's walk and talk",
        ("walking", "peer-support", "socialising"),
        "A weekly walk for men, with a brew and a chat afterwards. No pressure to talk about "
        "anything you don't want to.",
        "Meet at the start point; just turn up.",
        min_age=18,
    ),
    "dance-fitness": A(
        "Dance fitness",
        ("dance", "fitness"),
        "An hour of easy-to-follow dance routines to chart music. No experience needed.",
        "Drop in; pay on the door.",
    ),
    "softball-cricket": A(
        "Softball cricket",
        ("cricket", "socialising"),
        "Social cricket with a soft ball: no pads, no fast bowling, mixed teams.",
        "Just turn up in trainers.",
    ),
    "chess": A(
        "Chess club",
        ("chess", "board-games"),
        "Casual and rated games, with a beginners' table and coaching on the first week of "
        "each month.",
        "Drop in; boards and clocks provided.",
    ),
    "board-games": A(
        "Board games night",
        ("board-games", "socialising"),
        "Hundreds of games and friendly hosts who will teach you the rules. Come alone and "
        "you'll be found a table.",
        "Drop in; table fee on the door.",
        access=("newcomers-welcome",),
    ),
    "reading-group": A(
        "Reading group",
        ("reading", "socialising"),
        "A relaxed monthly reading group; library copies of each book are provided.",
        "Ask at the library desk for this month's book.",
    ),
    "creative-writing": A(
        "Creative writing group",
        ("creative-writing",),
        "Writing prompts, sharing work and gentle feedback: stories, poems and life writing.",
        "Just come along with a notebook.",
    ),
    "spoken-word": A(
        "Spoken word night",
        ("creative-writing", "theatre"),
        "Poetry and spoken word open mic, with a workshop before for anyone wanting to try.",
        "Sign up on the night to perform, or just listen.",
        min_age=18,
    ),
    "photo-walk": A(
        "Photography walk",
        ("photography", "walking"),
        "A themed photo walk with tips on composition; phones are as welcome as cameras.",
        "Meet at the start; check the website for this month's route.",
    ),
    "film-club": A(
        "Community film club",
        ("film", "socialising"),
        "A monthly screening of a classic or world film, with an optional chat afterwards.",
        "Pay on the door; free tea and coffee.",
    ),
    "theatre": A(
        "Community theatre group",
        ("theatre",),
        "Rehearse and stage two shows a year; acting, backstage and costume roles for all.",
        "Come to any rehearsal to meet the group.",
        min_age=16,
    ),
    "local-history": A(
        "Local history talks",
        ("history",),
        "Monthly talks on the area's mills, canals and people, with walks in summer.",
        "Just turn up; visitors pay a small fee.",
    ),
    "digital-drop-in": A(
        "Digital skills drop-in",
        ("digital-skills",),
        "One-to-one help with phones, tablets, email, online forms and video calls.",
        "Drop in, bringing your own device if you have one.",
    ),
    "code-club": A(
        "Coding for beginners",
        ("coding", "digital-skills"),
        "Learn to build simple websites and programs in Python, with volunteer mentors.",
        "Book a place; laptops can be borrowed.",
        how=BOOKING,
        min_age=16,
    ),
    "maths-english": A(
        "Maths and English for adults",
        ("maths-english",),
        "Brush up everyday maths and English, working towards a Functional Skills certificate "
        "if you want one.",
        "Book an informal assessment with a tutor.",
        how=BOOKING,
        min_age=19,
    ),
    "pottery": A(
        "Pottery evening class",
        ("pottery", "crafts"),
        "A ten-week course in hand-building and the wheel; firing and glazes included.",
        "Book a place on the next course.",
        how=BOOKING,
    ),
    "language-cafe": A(
        "Language exchange café",
        ("languages", "socialising"),
        "Swap languages over coffee: tables for Spanish, French, Arabic, Polish, Urdu and more.",
        "Drop in.",
        languages=("en", "es", "fr", "ar", "pl", "ur"),
    ),
    "foodbank-volunteering": A(
        "Food bank volunteering",
        ("volunteering",),
        "Sort donations, pack parcels and welcome visitors at the food bank.",
        "Have a chat with the volunteer coordinator, then pick the shifts that suit you.",
        how=BOOKING,
    ),
    "conservation": A(
        "Conservation volunteering",
        ("nature-conservation", "volunteering", "walking"),
        "Hands-on practical conservation: coppicing, path repairs, hedge laying and litter "
        "picks. Tools, training and a hot drink provided.",
        "Meet at the start point in old clothes and sturdy boots.",
    ),
    "money-advice": A(
        "Money and benefits advice",
        ("money-advice",),
        "Free, confidential help with benefits, debts, bills and appeals.",
        "Book an appointment by phone, or come to the drop-in.",
        how=BOOKING,
    ),
    "lunch-club": A(
        "Community lunch club",
        ("cooking", "socialising"),
        "A hot two-course lunch and good company.",
        "Book by the Monday before so the cooks know numbers.",
        how=BOOKING,
    ),
    "cook-eat": A(
        "Cook and eat",
        ("cooking", "socialising"),
        "Cook a meal together from surplus food, then sit down and eat it. Take home recipes "
        "and anything left over.",
        "Drop in; the kitchen team will find you a job.",
    ),
    "meditation": A(
        "Meditation evening",
        ("mindfulness", "faith"),
        "A guided meditation for beginners followed by a silent sit and tea.",
        "Just come along; chairs and cushions available.",
    ),
    "warm-space": A(
        "Warm welcome café",
        ("socialising", "faith"),
        "A warm space with free hot drinks, soup, newspapers and games. Nobody will preach at you.",
        "Just turn up.",
    ),
    "city-farm": A(
        "City farm volunteering",
        ("animals", "gardening", "volunteering"),
        "Feed the animals, muck out, and help in the farm garden alongside the farm team.",
        "Have an induction with the volunteer coordinator first.",
        how=BOOKING,
        min_age=16,
    ),
    "dog-walking": A(
        "Dog walking volunteers",
        ("animals", "walking", "volunteering"),
        "Walk dogs for older or disabled neighbours who can't always get out.",
        "Meet the coordinator; you will be matched with a dog near you.",
        how=BOOKING,
        min_age=18,
    ),
    "angling": A(
        "Angling taster session",
        ("fishing", "nature-conservation"),
        "Try coarse fishing with a qualified coach; rods, bait and permits provided.",
        "Book a place; sessions are limited to eight people.",
        how=BOOKING,
    ),
    "bird-walk": A(
        "Birdwatching walk",
        ("nature-conservation", "walking"),
        "A slow walk looking and listening for birds, with binoculars to borrow.",
        "Meet at the start.",
    ),
    "ukulele": A(
        "Ukulele strum-along",
        ("music", "guitar", "socialising"),
        "Learn a few chords and strum along to songs everyone knows. Loan ukuleles available.",
        "Drop in.",
        access=("newcomers-welcome",),
    ),
    "beginners-guitar": A(
        "Beginners' guitar group",
        ("guitar", "music"),
        "A patient group class for adults starting from nothing.",
        "Book a place on the next six-week block; loan guitars available.",
        how=BOOKING,
    ),
    "open-mic": A(
        "Open mic and jam night",
        ("music", "singing", "guitar"),
        "Sign up to play a few songs, join the jam, or just listen.",
        "Sign up on the night.",
        min_age=18,
    ),
    "community-radio": A(
        "Community radio volunteering",
        ("volunteering", "music", "digital-skills"),
        "Learn to present, produce and edit radio shows at the local community station.",
        "Come to a monthly welcome session.",
        how=BOOKING,
        min_age=16,
    ),
    "gaming-night": A(
        "Gaming night",
        ("gaming", "socialising"),
        "Console and PC gaming, tournaments and pizza for young adults.",
        "Just turn up.",
        access=("young-adults-16-25",),
        min_age=16,
        max_age=25,
    ),
    "lgbtq-social": A(
        "LGBTQ+ social",
        ("socialising", "board-games"),
        "A relaxed, alcohol-free social for LGBTQ+ adults, with games and a quiz.",
        "Just turn up, or message first and a host will meet you.",
        access=("lgbtq-plus", "newcomers-welcome"),
        min_age=18,
    ),
    "womens-group": A(
        "Women's coffee morning",
        ("socialising", "crafts"),
        "A women-only coffee morning with crafts, guest speakers and a free crèche.",
        "Just come along.",
        access=("women-only",),
    ),
    "deaf-social": A(
        "Deaf social",
        ("socialising", "board-games"),
        "A social evening for Deaf BSL users and anyone learning BSL.",
        "Just turn up.",
        access=("bsl",),
        languages=("bfi",),
    ),
    "carers-cafe": A(
        "Carers' café",
        ("peer-support", "socialising"),
        "A break for unpaid carers, with tea, a chat and information from the carers' centre.",
        "Drop in; the person you care for is welcome too.",
        access=("can-bring-support-worker",),
    ),
    "bereavement-cafe": A(
        "Bereavement café",
        ("peer-support",),
        "A relaxed space to talk with others who are grieving, or just have a quiet cuppa.",
        "Drop in; no need to book.",
        access=("quiet-space",),
    ),
    "volunteer-drop-in": A(
        "Volunteering drop-in",
        ("volunteering", "employment-skills"),
        "Find a volunteering role that fits you, with help to apply and a visit with you if "
        "you'd like.",
        "Drop in or book a chat.",
    ),
    "online-mindfulness": A(
        "Online mindfulness session",
        ("mindfulness",),
        "A guided mindfulness and relaxation session by video call; cameras optional.",
        "Register on the website to get the link.",
        how=BOOKING,
    ),
    "online-digital": A(
        "Digital help by phone",
        ("digital-skills",),
        "A digital champion talks you through using your phone, tablet or computer.",
        "Call to book a slot.",
        how=BOOKING,
    ),
    # --- mental-health-service settings ---------------------------------------------------
    "rc-course": A(
        "Recovery College course",
        ("wellbeing-learning",),
        "A free course co-taught by a peer trainer with lived experience and an NHS "
        "professional. Courses are for anyone aged 18 or over living in the area, including "
        "carers and staff.",
        "Enrol online or by phone; no referral needed.",
        how=BOOKING,
        setting=MHS,
        min_age=18,
        access=("can-bring-support-worker",),
    ),
    "hearing-voices": A(
        "Hearing voices group",
        ("peer-support",),
        "A peer-led group for people who hear voices, see visions or have other unusual "
        "experiences. Whatever you believe about your experiences is respected.",
        "Ring or email first and a facilitator will meet you before your first group.",
        setting=MHS,
        min_age=18,
        access=("quiet-space",),
    ),
    "peer-support": A(
        "Peer support group",
        ("peer-support", "socialising"),
        "A group for people with experience of mental-health problems to share what helps, "
        "led by trained peer supporters.",
        "Drop in, or ring first if you'd like to be met at the door.",
        setting=MHS,
        min_age=18,
    ),
    "mood-group": A(
        "Mood support group",
        ("peer-support",),
        "Peer support for people living with bipolar disorder, depression and other mood "
        "conditions; family members welcome at the last session of each month.",
        "Drop in.",
        setting=MHS,
        min_age=18,
    ),
    "mens-talking": A(
        "Men's talking group",
        ("peer-support",),
        "A space for men to talk about what's on their mind, with a trained facilitator.",
        "Drop in; you don't have to talk until you want to.",
        setting=MHS,
        min_age=18,
    ),
    "crisis-cafe": A(
        "Crisis café",
        ("peer-support",),
        "An out-of-hours safe space for adults in emotional distress, with trained staff and "
        "peer workers to talk to. An alternative to A&E when things feel too much.",
        "Walk in, or phone ahead if you would like someone to expect you.",
        setting=MHS,
        min_age=18,
        access=("quiet-space", "can-bring-support-worker"),
    ),
    "day-service-art": A(
        "Art group",
        ("painting", "crafts"),
        "A small, supportive art group run by an occupational therapist and a local artist.",
        "Ask your care coordinator or GP to refer you.",
        how=REFERRAL,
        setting=MHS,
        min_age=18,
        eligibility="For adults under the care of Aire Valley NHS Trust mental-health services.",
    ),
    "therapeutic-gardening": A(
        "Therapeutic gardening",
        ("gardening", "nature-conservation"),
        "Gardening in a small group with a horticultural therapist, at your own pace.",
        "Referral from a mental-health worker, GP or social prescriber.",
        how=REFERRAL,
        setting=MHS,
        min_age=18,
    ),
    "clubhouse": A(
        "Clubhouse work-ordered day",
        ("employment-skills", "cooking", "volunteering"),
        "Members and staff run the clubhouse together: the kitchen, reception, gardening and "
        "the newsletter. Lunch is cooked by members.",
        "Ring to arrange a tour; membership is free and for life.",
        setting=MHS,
        min_age=18,
    ),
    "eip-football": A(
        "Football for recovery",
        ("football", "fitness"),
        "Weekly football run with the local community club for people using the Early "
        "Intervention in Psychosis service.",
        "Ask your care coordinator.",
        how=REFERRAL,
        setting=MHS,
        min_age=16,
        max_age=35,
        eligibility="For people supported by the Early Intervention in Psychosis team.",
    ),
    "supported-gym": A(
        "Supported gym sessions",
        ("fitness",),
        "Gym sessions with a support worker and a qualified instructor, for people starting "
        "to exercise again.",
        "Ask your care coordinator to refer you.",
        how=REFERRAL,
        setting=MHS,
        min_age=16,
        access=("can-bring-support-worker",),
    ),
    "wellbeing-drama": A(
        "Drama for wellbeing",
        ("theatre",),
        "Games, improvisation and short scenes in a safe, playful group; no performance "
        "unless the group wants one.",
        "Ring or email to book a taster session.",
        how=BOOKING,
        setting=MHS,
        min_age=18,
    ),
    "wellbeing-walk": A(
        "Wellbeing walk",
        ("walking", "peer-support"),
        "A gentle walk with peer supporters, for people who find it hard to get out.",
        "Ring first so someone can meet you.",
        setting=MHS,
        min_age=18,
        access=("can-bring-support-worker",),
    ),
    "budget-cooking": A(
        "Cooking on a budget",
        ("cooking", "money-advice"),
        "Learn quick, cheap, healthy meals in a small group, and take home a bag of ingredients.",
        "Book a place on the six-week course; referral from any worker or self-referral.",
        how=BOOKING,
        setting=MHS,
        min_age=18,
    ),
    "music-wellbeing": A(
        "Music for wellbeing",
        ("music", "singing"),
        "Sing, drum and play together, led by a music therapist. No experience needed.",
        "Drop in.",
        setting=MHS,
        min_age=18,
    ),
    "womens-circle": A(
        "Women's wellbeing circle",
        ("peer-support", "crafts"),
        "A women-only peer support group with a creative activity each week.",
        "Drop in, or ring first to be met.",
        setting=MHS,
        min_age=18,
        access=("women-only",),
    ),
    "online-forum": A(
        "Online peer support forum",
        ("peer-support",),
        "A moderated online forum where people with mental-health problems support each "
        "other, any time of day.",
        "Register on the website; moderators approve new members within a day.",
        how=BOOKING,
        setting=MHS,
        min_age=18,
    ),
    "arts-studio-mh": A(
        "Studio space for artists with mental-health problems",
        ("painting", "crafts", "photography"),
        "A free studio place, materials and a friendly community of artists, with an "
        "exhibition every spring.",
        "Ring for an informal visit; self-referral is fine.",
        setting=MHS,
        min_age=18,
    ),
}
