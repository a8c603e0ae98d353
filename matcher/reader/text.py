"""A note as clauses: shorthand spelt out, slips corrected, and whose each clause is."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from matcher.lexicon import LEXICON
from matcher.reader.hits import _dropped_g, _index, _respelt
from matcher.reader.words import Token, tokens


@dataclass(frozen=True)
class Clause:
    """Part of a sentence with one subject."""

    text: str  # lower case, look-alike phrases blanked out
    raw: str  # lower case, as written
    tokens: tuple[Token, ...]
    other: bool  # about someone other than the person
    sentence: str


# Phrases that contain a lexicon word but, in a note about a person, mean something else.
_LOOK_ALIKES = re.compile(
    r"\b(social (anxiety|worker|services|care|phobia|isolation|prescrib\w*|security|housing)|"
    r"gr(ow|ows|ew|own|owing) up|"
    # "a big pot of chilli": a cooking pot, not a plant pot (though "pots of herbs" are)
    r"\b(big|large|huge) pots? of\b|\bpots? of (something|tea|coffee|soup|stew|curry|chilli)\b|"
    # glasses for reading, a drink made in a kitchen assessment, an idiom of debt
    r"reading glasses|(make|makes|made|making) (a|her|his|himself|herself|themselves) "
    r"(cup of tea|cuppa|hot drink)|swimming in (debt|paperwork)|"
    # print read (or not) is text on a page, not a photographic print
    r"(manage|read|see|reading|managing|seeing) (small |standard |normal |ordinary )?print\b|"
    # a bet on the horses is a flutter, not animal care; walking instead of a bus is getting there
    r"(a flutter|a bet|a punt|bets?|betting|gambl\w*) on the (horses|gee-?gees|dogs)|"
    r"(public transport|buses|the bus|trains|the train|taxis?|the tram)\b[^.]{0,40}?"
    r"\b(prefers?|would rather|'d rather|rather) (to )?walk|"
    # paths cleared or mended are the work done on them, not a walk
    r"(clear|clears|clearing|cleared|mending|repairing|maintaining) (the )?(foot)?paths|"
    # self-care observed by a clinician ("self care poor") is a state, not wellbeing learning
    r"(poor|neglected|reduced|limited|impaired|good|adequate) self[- ]care|"
    r"self[- ]care (is |was )?(poor|neglected|reduced|limited|impaired|good|adequate|ok|fine)\b|"
    # grown children; working a sum out; a story's plot; a session put on ("if we ever run one")
    r"(are|were|now|all) grown\b|"
    r"(?:(?<=played at every )|(?<=played at the )|(?<=plays at the )|(?<=playing at the ))"
    r"dances?\b|"
    r"(can|could|shall) we (have a )?chat|community arts|walk[- ]in (centre|clinic)s?|"
    r"listen\w* to (the |his |her |their |some )?music|"
    r"parish (bingo|council|centre|newsletter|magazine|office)|"
    r"(lecture|operating) theatres?|theatre (nurse|staff|list)s?|"
    r"(run|runs|running|ran) (him|her|them|the kids|the children) (to|round|up|over|into)\b|"
    r"(the )?running of (the|a|his|her|their)\b|"
    r"(his|her|their|my) breathing(?! (exercises?|techniques?|practice|club|group|class))|"
    r"(a|\d+|two|three|four|five|a few|few) miles? (off|away|from)\b|"
    r"(passing|training|football|fire|fitness|shooting) drills?|screen[- ]readers?|"
    r"(run|runs)(?= (it|that|them|things)\b)|book (you|him|her|them|me) (onto|on|in|into)\b|"
    # a place booked, a tool used, a wound healing, a body weighed, a side in another sport
    r"\bbook (onto|on to|into|in for|an? (appointment|place|slot|taxi|holiday|trip|table|room)|"
    r"appointments|(gp|doctor'?s?) appointments?|tickets?)\b|google translate|translation apps?|"
    r"(his|her|their|the) stitches (are|were|have|had|out|removed|heal\w*)\b|"
    # a fracture mended, a landlord's repair job, music someone else turned up
    r"(nof|fracture|hernia|hip|knee|valve|tendon|wound|ligament)s? (was |were |been )?repaired|"
    r"repairs? (job|team|request|line|officer)s?|repairs? (raised|reported|logged|requested)|"
    r"(turned|turn|turns|turning) the music (up|down)|"
    r"(blind|open) weights|beats?(?= (him|her|them|his|their|everyone|everybody|me|us)\b)|"
    r"(?:(?<=dj at )|(?<=djs at )|(?<=djing at )|(?<=djed at )|(?<=dj at house )|"
    r"(?<=djs at house )|(?<=djed at house ))parties|"
    r"(?:(?<=cricket )|(?<=darts )|(?<=pool )|(?<=bowls )|(?<=quiz )|(?<=rugby )|(?<=netball )|"
    r"(?<=hockey )|(?<=dominoes ))league\b|"
    r"(the|his|her|their) electric(?=\W*$|[.,;])|electric (bills?|meter|key|company)|"
    r"music (on|through) (his|her|their) (headphones|phone|ipod|earphones|radio)|"
    r"history (of )?(ivdu|iv drug\w*|drug use|substance misuse|alcohol misuse|self[- ]harm\w*|"
    r"overdoses?)|(?:(?<=ballroom and )|(?<=ballroom & )|(?<=salsa and ))latin|"
    r"latin(?= (and|&) ballroom| american danc| danc)|"
    r"(they|we)('re| are| were) running|(thanks|thank you) for running|"
    r"(universal credit|uc|online) journals|(a|good) yarn(?= (with|about)\b)|comic strips?|"
    r"drilling (supervisors?|rigs?|engineers?|platforms?|crews?|company)|"
    r"(prefers?|preferring|preferred) (e-?mail|texts?)|e-?mail address(es)?|"
    r"(read|reads)(?= at (the|a|an)\b)|"
    # a race meeting watched, machinery, veterans' teams, a lesson read in church
    r"horse[- ]?racing|plant (fitter|operator|hire|machinery|driver)s?|"
    r"(?:(?<=hockey )|(?<=football )|(?<=cricket )|(?<=rugby )|(?<=bowls )|(?<=golf ))"
    r"for (\w+ ){1,2}vets\b|"
    r"(army|forces|navy|military|ex-service) vets?\b|"
    r"vets (football|cricket|hockey|rugby|team|side)|"
    # a lesson read in church, a part in a play, one's own writing read out
    r"(read|reads|reading)(?= (the lessons?|(his|her|their) own|(the |a )?(parts?|roles?|lines) of)"
    r"\b)|"
    r"work(s|ed|ing)? out (what|how|why|where|when|if|whether|which|who|a|an|the|his|her|"
    r"their|my|our|your|some|any|budgets?|finances?|money|sums|costs?)\b|"
    r"work(s|ed|ing)? (it|things|them|that|this) out|"
    r"(follow\w*|lost|lose|losing) (a|the) plot|plot (of|twists?|lines?)\b|"
    r"run(?= one\b(?! (more |last )?(mile|lap|race|marathon|km?)s?\b))|"
    r"written (information|instructions|communication|material)|writing to|drawn (to|towards)|"
    r"(after|from|since|having) (reading|read)|"
    r"(support|key|care|social) "
    r"workers?|food ?banks?|food parcels?|walking (frames?|sticks?|aids?)|"
    r"walk\w*( [\w']+){0,4} with ((a|his|her|their|my|one|two) )?(walking )?(sticks?|frame|zimmer|"
    r"trolley|rollator|"
    r"crutch(es)?|walker)|"
    r"mental health|(medical|forensic|psychiatric|clinical) history|family history of|"
    r"family history (?=(mother|father|mum|dad|brother|sister|parents|none|nil|unknown|"
    r"significant|includes)\b)|history of (\w+ )?"
    r"(psychos[ie]s|depression|anxiety|self[- ]harm\w*|mental|illness|"
    r"violence|abuse|drug|alcohol|substance|offending|overdos\w*|suicid\w*|admissions?|trauma|"
    r"schizo\w*|bipolar|eating|low mood)|"
    r"(runs?|ran|running) (out|down|late|errands|up)|run by(?! (the )?volunteers)|by all accounts|"
    r"butterflies in (his|her|their|my) (stomach|tummy)|"
    # a hall is a venue ("the repair cafe at the church hall"); "walking cricket" is cricket
    r"(church|chapel|parish|methodist|baptist|mosque|temple|gurdwara) halls?|"
    r"walking(?= (cricket|netball|rugby|basketball|hockey|tennis|badminton|footy|footie)\b)|"
    r"carv(e|es|ed|ing) (the |a )?(sunday )?(roast|joint|turkey|meat|chicken)|"
    # a task handed to someone else ("asked her nephew to keep the lawn cut")
    r"(asked|asks|asking|gets|got|pays|paid) (his|her|their|a|the) (\w+ )?(son|daughter|nephew|"
    r"niece|brother|sister|neighbour|friend|grandson|granddaughter|husband|wife|partner|cousin|"
    r"someone|somebody) to (?!(take|bring|drive|help|come|go|show|teach)\b)\w+( [\w']+){0,4}|"
    # "read one out at the open mic": a performance, not reading for pleasure
    r"(read|reads|reading)(?=( \w+){0,2} out\b)|"
    # a poem read to an audience is a performance
    r"(read|reads|reading)(?= (one|it|them|a poem|poems|(his|her|their) (own )?(poems|poetry|work))"
    r"( \w+)? (at|to|aloud)\b)|(read|reads|reading) up (on|about)|lip[- ]?read\w*|"
    # pottering about is no pottery; a kitchen's fittings are no cooking
    r"potter(s|ed|ing)? (about|around|round|in|on)\b|clay (pigeon )?shoot\w*|"
    # a dementia's wandering, drawn curtains, a thing dug out, a benefit's support group
    r"wander\w* (off|about the house|around the house|round the house)|wander\w*( [\w']+){0,3} at "
    r"night|"
    r"(curtains|blinds)( \w+){0,2} drawn|dig\w* ([\w']+ ){0,3}out\b|"
    r"(esa|employment and support allowance)( \w+)? support[- ]group|"
    r"clock(s|ed|ing)? (off|on|in|out)\b|fret(s|ted|ting)?\b|environmental health|"
    r"(throw|throws|threw|thrown|throwing) (him |her |them )?(out|off|away)\b|"
    r"(wheeled|zimmer|rollator|four-wheeled|three-wheeled) walker|meal prep\w*|"
    r"^\W*dear (pastor|father|reverend|rev|imam|rabbi|sister|brother|minister|vicar)\b|"
    r"(?:(?<=coding )|(?<=code )|(?<=tech )|(?<=digital ))boot ?camps?|"
    # a place of worship's team, events or sale: what is done there, not worship
    r"(church|chapel|mosque|masjid|gurdwara|temple|synagogue|mandir)('s)? (teams?|events?|"
    r"committee|school|trips?|sale|bazaar|fair|fete|teas|coffee morning|lunch(es)?|youth club|"
    r"food ?bank|minibus|car park|shop)\b|"
    r"kitchen (cabinets?|units?|fitt\w*|tables?|"
    r"floors?|sinks?|taps?|doors?|windows?|drawers?)|"
    # "third week running" (in a row); "running maths groups" (organising them)
    r"(?:(?<=week )|(?<=weeks )|(?<=year )|(?<=years )|(?<=day )|(?<=days )|(?<=month )|"
    r"(?<=months )|(?<=time )|(?<=times )|(?<=night )|(?<=nights ))running|"
    r"(running|runs|ran|run)(?=( [\w-]+){0,4} (groups|sessions|classes|clubs|workshops|courses|"
    r"trips)\b)|"
    # what an organisation runs ("every trip we run"); a farm's or a business's stock run
    r"(?:(?<=\bwe )|(?<=\bthey ))run\b|(runs?|ran|running) (about |over |around )?\d+ "
    r"(?!(k|km|miles?|marathons?|races?|times)\b)|"
    # (a credit card is money: the lexicon reads it)
    r"(taxi|bus|bank|rail|travel|id|sim|"
    r"debit|loyalty|library|gym|access|appointment|business|concession|payment|memory) cards?|"
    r"car (boot|park|crash|accident|insurance)s?|"
    r"quiz (shows?|programmes?)|(walks?|walked|walking) (to|from) (the )?"
    r"(shops?|bus( stop)?|station|post office|chemist|pharmacy|gp|surgery|appointments?|work|"
    r"school|college|centre|hub|clinic|office|library)|at this stage|weight loss|lost weight|"
    r"(day|evening|night) shifts?|(bus|train) pass|drop[- ]in|key ring|pool of|"
    r"(his|her|their) (own )?company|in company|sign language|breathing (problems|difficulties)|"
    r"at length|(run|runs|running|ran|lead|leads) (a|the|this|that) (session|group|class|club|"
    r"workshop|stall)|(his|her|their|own) work\b|work ?mates?|(universal credit|online) journal|"
    r"(arts|leisure|community|day|sports|resource) centre|(play(s|ed|ing)?|game of|shoot(s|ing)?) "
    r"pool|pool (table|cue|hall)|"
    # idioms built on an activity's verb that say nothing of the activity
    r"walk(s|ed|ing)? with a limp|walk-in|walk(s|ed|ing)? out(?= (of|on|again)\b|\W*$|[.;,!)])|"
    r"(draw|draws|drew|drawn|drawing) (up|on|attention|a line|benefits?|a pension|breath)|"
    r"(paint|paints|painted|painting) (a|an|the) (\w+ )?picture|"
    r"(paint|paints|painted|painting) (his|her|their|my) (nails|toenails)|"
    r"(sing|sings|sang|sung|singing) (the|his|her|their) praises|"
    r"(box|boxes|boxed|boxing) up|fish(es|ed|ing)? for (compliments|information|reassurance)|"
    r"run of (\w+ )?luck|run[- ]up|in the running|run[- ]down|"
    r"(plays?|played|playing) (down|up|along|on (the fact|his|her|their))|"
    r"(dance|dances|danced|dancing) around (the|it|this|that)|"
    r"(cook|cooks|cooked|cooking) the books|swim(s|ming)? against the tide|"
    # "did the books for the shop": bookkeeping; "drama for GCSE": a subject's exam
    r"(do|does|did|doing|done|keep|keeps|kept|keeping) the books|"
    r"(for|at) (his |her |their )?gcses?|"
    r"(puzzle|crossword|sudoku|word[- ]?search|exercise|cheque|address|pass) ?books?|"
    # a noise, a catch-up, an errand run; calm or settled in health
    r"(dreadful|awful|terrible|horrible|such a|making a|make a|makes a|made a|what a) racket|"
    r"(caught|catch|catches|catching) up|(soup|school|milk|dry|trial|test|practice) runs?|"
    # chasing after children; the way back from somewhere; the worker's next call; card kinds
    r"(run|runs|running|ran) (after|around|about|round) (the|his|her|their|my)|"
    # "the gym his mate runs": someone else keeps it going
    r"(?:(?<=mate )|(?<=friend )|(?<=brother )|(?<=sister )|(?<=son )|(?<=daughter )|(?<=dad )|"
    r"(?<=mum )|(?<=uncle )|(?<=cousin )|(?<=wife )|(?<=husband )|(?<=partner )|(?<=pal )|"
    r"(?<=who )|(?<=that )|(?<=which )|(?<=gurdwara )|(?<=club )|(?<=trust )|(?<=hall )|"
    # and an organisation's doing ("the food bank the mosque runs")
    r"(?<=mosque )|(?<=church )|(?<=council )|(?<=charity )|(?<=centre )|(?<=college )|"
    r"(?<=firm )|(?<=company )|(?<=employer )|"
    r"(?<=school )|(?<=library )|(?<=hub )|(?<=project )|(?<=service )|(?<=team ))runs\b|"
    # a business kept, a machine got going, a letter's opening, the worker's news
    r"(runs?|ran|running) (a|an|the|his|her|their) ([\w-]+ ){0,2}(business|shop|company|firm|"
    r"pub|salon|household)\b|"
    r"(get|gets|got|getting|keep|keeps|kept|keeping) (it|them|the \w+) (up and )?running|"
    r"up and running|(i am|i'm|we are|we're) writing (to|as|about|regarding|on behalf|with|"
    r"following|after|further|re|"
    r"because|in)\b|(wanted|want|wanting|wants) to (let you know|say|update|ask|check|inform|flag|"
    r"tell|thank|mention)\b|"
    # other people who volunteer; a series on television; a foundry trade; a school's kitchen
    r"(with|to|from|by|of) (the |our |other |some )?volunteers\b|and (the |our |other |some )"
    r"volunteers\b|"
    # ("and volunteers in the kitchen" is what they do)
    r"and volunteers\b(?! (in|for|on|every|twice|once|weekly|most|each|\w+days)\b)|"
    r"dramas\b|(tv|television|korean|period|crime|costume|hospital|police) drama|"
    r"pattern[- ]?mak\w*|dinner (lady|ladies|staff|money|time)|"
    # an escort, a kind of flat, a haircut, a benefit claim, a device as the means of something
    r"walk(s|ed|ing)? (him|her|them) (down|up|over|round|to|there|home|back)\b|self[- ]catering|"
    r"walk(s|ed|ing)? (the |his |her |their )?(grand)?(children|kids|son|daughter|grandson|"
    r"granddaughter|grandkids)( \w+)? to\b|"
    r"cut\w* ([\w']+ ){0,3}hair|apps? (submitted|lodged|sent|pending|made)\b|tablets\b|"
    r"on (his|her|their|my) (own )?(ipad|tablet|phone|laptop|smartphone|mobile)\b|"
    r"(in|on|via|through|from) (his|her|their|my|the|an?) ([\w-]+ )?apps?\b|guided self[- ]help|"
    # poems performed are poems; a horse ridden; a friend met at church
    r"perform\w*(?= (it|them|(his|her|their|my) (own )?(poems|poetry|songs|raps?))\b)|"
    r"(ride|rides|rode|riding|ridden)(?=[^.]{0,60}\b(pony|ponies|horses?)\b)|"
    # a sum accounted for, a thread lost, a routine for sleep, a course that runs, the worker's walk
    r"(processing|power|chemical|sewage|bottling|recycling|packing) plant|accounted for|"
    r"(lose|loses|lost|losing|keep|keeps|follow|follows) the thread|sleep hygiene|"
    r"(course|class|group|session|club)(es|s)? (is |are |was |were )?(still )?running|"
    r"(i|we) walked (with|alongside|round|around|along|through|to)|"
    # (but "her walks up to the castle" are walks she takes)
    r"(?<!his )(?<!her )(?<!their )(?<!my )walk\w* (over|up|down|across|round) (from|to)\b|"
    r"on (his|her|their|my) (own )?computer|fish (suppers?|and chips|van|shop|fingers|pie|"
    r"cakes?|counter|market|factory|processing( plant)?)|"
    r"(friend|friends|pal|pals|neighbour|neighbours) from (the )?(church|chapel|mosque|temple|"
    r"gurdwara|synagogue)|"
    r"terraced (house|street|row|home)s?|"
    # weed is cannabis in these notes (weeding and weeds are the garden's); making things worse
    r"(smok\w*|using|uses|used|on|and|of|the) weed\b|weed (use|smoking|habit|and)|"
    r"(made|makes|make|making) (things|it|him|her|them) (worse|better|harder|easier|difficult)|"
    # beans, an address, housing repairs, a medicine collected, meals eaten, a weight restored,
    # a painter-decorator's trade, the walk a body manages
    r"runner beans?|(chapel|church|temple|mosque|abbey|priory|vicarage) (row|street|st|road|rd|"
    r"lane|avenue|close|terrace|walk|way|hill|green|square|court|gardens)\b|"
    r"(outstanding|housing|bathroom|kitchen|roof|boiler|damp) repairs?|repairs? (team|request)s?|"
    r"(meds|medication|prescriptions?|script|parcels?|keys|pension) (were |was )?collected|"
    r"collect\w* (his|her|their|the) (meds|medication|prescriptions?|keys|parcels?|pension|"
    r"children|kids|grandchildren)|"
    r"(eat|eats|eating|ate|skip\w*|miss\w*|finish\w*|complet\w*) (\w+ ){0,2}(meals?|snacks?)|"
    r"weight (is |was |been |being )?restor\w*|food[- ]related|"
    r"painter[- ](and )?decorators?|manag\w* (the |a )?(short )?walk|"
    r"(initial|first|follow-up|phone|telephone|brief|short|long|difficult) conversation|"
    r"(on|during) the (walk|drive|bus|way) (back|home|there|over)|"
    r"(?<!someone )(?<!somebody )(will|to|try|tried|trying) (to )?(phone|ring|call|text)\b|"
    r"(tarot|birthday|christmas|greetings?|sympathy|get well) cards?|"
    # a workshop of another craft is no woodwork shop
    r"(?:(?<=art )|(?<=arts )|(?<=craft )|(?<=writing )|(?<=music )|(?<=drama )|(?<=dance )|"
    r"(?<=bike )|(?<=cycle )|(?<=poetry )|(?<=cooking )|(?<=photography )|(?<=wellbeing )|"
    r"(?<=recovery )|(?<=digital )|(?<=computer ))workshops?|"
    # a phone as the way someone is reached, not a device they want to learn
    r"(answer\w*|pick\w* up|switched off|turned off) (the |his |her |their |my )?phones?|"
    r"(on|over|by) the phone|phone (number|contact|appointment|review)|"
    # walking, cooking and shopping as getting by day to day, not pastimes
    r"(able|unable|ability) to walk|walk\w* (short |long |longer |further )?distances?|"
    r"(walks?|walked|walking) (to|from) (the |a )?(local |corner |nearest )?(shops?|supermarket)|"
    r"escorted (walks?|leave)|(section 17|s17) leave|mobilis\w*|"
    r"(manag\w*|independent with|prompt\w* (to|with)|help with|support with|assist\w* with) "
    r"(his |her |their )?(own )?(cooking|meals|shopping)"
    r"((,| and| or) (cooking|meals|shopping|cleaning|housework|laundry|washing|dressing))*|"
    r"(cook\w*|meals?|make\w*) (\w+ ){0,2}for (himself|herself|themselves)|"
    r"(writ\w*|wrote) (about|regarding|re|with|on behalf)|(writ\w*|wrote)(?= (\w+ )?(cvs?|"
    r"covering letters?|applications?|statements?|forms?|reports?)\b)|"
    r"(run|led|organised) by (the )?volunteers|"
    r"design (and|&) technology|(writ\w*|wrote) (\w+ )?(letters?|emails?|complaints?)"
    r"( of complaint| to (the |his |her |their )?(council|gp|mp|landlord|housing|dwp|bank|"
    r"solicitor|court|hospital|doctor|school))?)\b"
)
# A language's name before a word for a place, a people, food, music or a craft names a culture,
# not the language ("the Chinese community centre", "a Polish shop", "Chinese brush painting").
_LANGUAGE_NAMES = sorted(
    {w[1:] for w in LEXICON["languages"] if w.startswith("~") and w[1:].isalpha()}
    - {"language", "languages", "interpreter", "translator", "translation", "bsl"},
    key=len,
    reverse=True,
)
_CULTURE = re.compile(
    rf"\b({'|'.join(_LANGUAGE_NAMES)})(?= (community|centre|center|shop|shops|supermarket|"
    r"food|restaurant|takeaway|cafe|cooking|cuisine|dishes|dancing|dance|music|songs?|band|"
    r"church|mass|temple|mosque|club|society|association|women|men|elders|families|family|people|"
    r"neighbours|friends|american|americans|cakes?|recipes|bread|brush|painting|embroidery|"
    r"festival|new year|culture|heritage|history|dramas?|soaps?|"
    r"valleys|village|town|city|coast|countryside|hills|army|navy|team|league|tv|radio|"
    r"news|film|films|cinema|market|bakery|deli|grocer|butcher|tea|wedding|weddings|programme|"
    r"programmes|channel|channels|station|paper|post|ladies|girls|boys|youth|seniors|kids|"
    r"children|lads|mums|dads|workers)\b)"
)
# Going to or from work is a journey, not a wish for a job ("wants to cycle to work").
_COMMUTE = re.compile(
    r"\b(cycl\w*|walk\w*|driv\w*|travel\w*|commut\w*|bus|train|lift|way) (to|from|into) work\b"
)
# Just after a word for a relative or a friend.
_AFTER_KIN = (
    r"(?:(?<=\bson)|(?<=\bdaughter)|(?<=\bbrother)|(?<=\bsister)|(?<=\bhusband)|(?<=\bwife)|"
    r"(?<=\bpartner)|(?<=\bfriend)|(?<=\bmum)|(?<=\bdad)|(?<=\bneighbour)|(?<=\bgrandson)|"
    r"(?<=\bgranddaughter)|(?<=\bchildren)|(?<=\bkids)|(?<=\bmother)|(?<=\bfather)|"
    r"(?<=\bparents)|(?<=\bnan)|(?<=\bgran)|(?<=\buncle)|(?<=\baunt)|(?<=\bcousin)|"
    r"(?<=\bneighbours)|(?<=\bmate)|(?<=\bcarer)|(?<=\bgirlfriend)|(?<=\bboyfriend))"
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+|;\s*|:\s+|\s[-\u2013\u2014]+\s|\(|\)")
_CLAUSE = re.compile(
    r",?\s+(?=(?:but|though|although|however|whereas|yet|except|apart from)\b)|"
    r",\s*(?=who\b|whose\b|(?:neither|none|both|all) of which\b)|"
    r"(?:,|,? and)\s+(?=(?:he|she|they|su|pt)\b)|"
    r"(?:,|,? and|,? while)\s+(?=(?:the )?(?:others?|everyone|everybody) )|"
    r",\s+(?=(?:his |her |their )?(?:brother|sister|son|daughter|wife|husband|partner|mum|dad|"
    r"friend|neighbour)s?\b)|"
    r"(?:(?<=\bsays)|(?<=\bsaid)|(?<=thinks)|(?<=reckons)|(?<=\bfeels)|(?<=believes)|"
    r"(?<=suggests)|(?<=suggested)|(?<=tells me)|(?<=told me)|(?<=tells us)|(?<=told us)|"
    r"(?<=reports)|(?<=reported))\s+(?:that\s+)?(?=(?:he|she|they|(?:his |her |their )?(?:"
    r"mum|mam|mother|dad|father|nan|gran|grandma|grandad|grandfather|grandmother)|"
    r"(?:his|her|their) (?:sister|brother|son|daughter|wife|husband|partner|friend|neighbour|"
    r"cousin|niece|nephew|flatmate)s?)\b)|"
    # "lives with her son who plays in a band": the relative's own clause, comma or not;
    # "her son, a keen angler": what the relative is
    rf"{_AFTER_KIN}\s+(?=who\b)|{_AFTER_KIN},\s+(?=an? \w)"
)
# Reported by a child or grandchild, "mum" or "nan" is the person the note is about.
_REPORTERS = frozenset(["son", "daughter", "children", "kids", "grandson", "granddaughter"])
_POSSESSIVE = frozenset(["his", "her", "their"])
_ELDERS = frozenset(
    ["mum", "mam", "mother", "dad", "father", "nan", "gran", "grandma", "grandad", "grandfather"]
)
_REPORTING = re.compile(
    r"\b(says|said|thinks|reckons|feels|believes|suggests|suggested|tells me|told me|tells us|"
    r"told us|reports|reported)\W*$"
)
_KIN = frozenset(
    [
        "mum",
        "lad",
        "lass",
        "mother",
        "mam",
        "dad",
        "father",
        "wife",
        "husband",
        "partner",
        "son",
        "daughter",
        "brother",
        "sister",
        "child",
        "children",
        "kids",
        "family",
        "friend",
        "friends",
        "neighbour",
        "neighbours",
        "girlfriend",
        "boyfriend",
        "grandson",
        "granddaughter",
        "grandchildren",
        "nan",
        "gran",
        "grandma",
        "grandad",
        "grandfather",
        "grandmother",
        "aunt",
        "uncle",
        "niece",
        "nephew",
        "cousin",
        "carer",
        "carers",
        "stepdad",
        "stepmum",
        "fiance",
        "fiancee",
        "flatmate",
        "eldest",
        "youngest",
        "oldest",
        "stepson",
        "stepdaughter",
        "twins",
        "baby",
        "toddler",
        "in-laws",
        "mother-in-law",
        "father-in-law",
        "sister-in-law",
        "brother-in-law",
        "daughter-in-law",
        "son-in-law",
        "grandaughter",
        "parents",
        "mate",
        "mates",
        "pal",
        "housemate",
        "lodger",
        "landlord",
        "colleague",
        # staff and others around the person
        "staff",
        "leader",
        "tutor",
        "coordinator",
        "nurse",
        "doctor",
        "therapist",
        "counsellor",
        "facilitator",
        "worker",
        "manager",
        "ot",
        "gp",
        "hca",
        "physio",
        "physiotherapist",
        "psychiatrist",
        "psychologist",
        "consultant",
        "cpn",
        "keyworker",
        "practitioner",
        "clinician",
        "officer",
        "we",  # the writer and colleagues ("we went through her forms")
    ]
)
_SELF = frozenset(
    [
        "he",
        "she",
        "they",
        "i",
        "he's",
        "she's",
        "they're",
        "i'm",
        "su",
        "pt",
        "client",
        "patient",
        "service",
        "user",
        "mr",
        "mrs",
        "ms",
        "miss",
    ]
)
_LEADING = frozenset(
    [
        "but",
        "though",
        "although",
        "however",
        "whereas",
        "yet",
        "except",
        "also",
        "and",
        "so",
        "as",
        "because",
        "since",
        "while",
        "who",
        "whose",
        # reporting words before what is reported ("said the neighbours play music")
        "says",
        "said",
        "reports",
        "reported",
        "mentioned",
        "that",
        "his",
        "her",
        "their",
        "my",
        "the",
        "a",
        "an",
    ]
)


# Words that describe a relative without changing who it is ("her foster carer", "his late dad").
_KIN_MODIFIERS = frozenset(
    ["foster", "late", "step", "older", "younger", "elder", "twin", "own", "best", "close", "old",
     "group", "support", "key", "club", "team", "class", "session", "course", "activities",
     "activity", "care", "social", "ward", "link", "community", "housing",
     "occupational", "duty", "named", "senior", "healthcare", "mental", "health"]
)  # fmt: skip
# A setting as the subject ("the ward has a piano", "there is a garden at the hostel"): what it
# has is not something the person does.
_SETTINGS = frozenset(
    ["ward", "unit", "hostel", "home", "house", "flat", "centre", "building", "scheme", "room",
     "lounge", "site", "there", "estate", "area", "library", "college", "school", "timetable",
     "programme", "service"]
)  # fmt: skip
_IS_HAS = frozenset(
    ["is", "are", "was", "were", "has", "have", "had", "'s", "offers", "runs", "includes"]
)
_ONE_OF = (["older"], ["younger"], ["elder"], ["eldest"], ["youngest"], ["little"], ["middle"])
_HE = frozenset(["dad", "father", "husband", "son", "brother", "grandad", "grandfather", "uncle"])
_SHE = frozenset(["mum", "mother", "mam", "wife", "daughter", "sister", "nan", "gran", "grandma"])


_OBJECT_OF = frozenset(["for", "to", "with", "at", "from", "about", "by", "after"])
# "Mum to 3", "dad of two boys", "mother of a toddler": a parent named with how many children or
# of what age describes the person (a parent), not someone else.
_PARENT = _ELDERS | {"grandmother", "stepmum", "stepdad"}
_CHILDREN = re.compile(
    r"^(to|of) (\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twins|triplets|"
    r"(a|an) (baby|toddler|newborn|teenager|teen|young|little|\d{1,2}|one|two|three|four|five|"
    r"six|seven|eight|nine|ten|eleven|twelve))\b"
)


def _what_they_are(word: str, after: list[str]) -> bool:
    """Whether a relative's word says what the person is ('carer for wife', 'mum to 3')."""
    if word in ("carer", "carers"):
        return after[:1] in (["for"], ["to"])
    return word in _PARENT and bool(_CHILDREN.match(" ".join(after[:3])))


def _someones_relative(words: list[str]) -> bool:
    """'Mrs Z's granddaughter', 'Q's group leader': a possessive before a relative or helper."""
    for i, w in enumerate(words[:-1]):
        if w in _OBJECT_OF:
            return False  # "cooks for brother's family": the relative is whom it is done for
        kin_after = any(k in _KIN for k in words[i + 2 : i + 4])
        if w.endswith("'s") and (
            words[i + 1] in _KIN or words[i + 1] in _KIN_MODIFIERS and kin_after
        ):
            return True
    return False


# The writer telling what was talked over about the person: the clause is about them.
_TALKED_OF_THEM = re.compile(
    r"(we|i) (talked|spoke|chatted|discussed)( about)? (how|that|what) (he|she|they|su|pt)\b"
)


def _subject(toks: tuple[Token, ...]) -> str:
    """'other' when the clause opens on someone else, 'self' on the person, '' when unsaid."""
    if _TALKED_OF_THEM.match(" ".join(t.raw for t in toks[:7])):
        return "self"  # "we talked about how she has been journalling": what she does
    return _opening_subject([t.raw for t in toks[:5] if t.raw != ","])


def _opening_subject(words: list[str]) -> str:
    """'other', 'self' or '' from the first words of a clause (commas left out)."""
    if _someones_relative(words):
        return "other"  # "Mrs Z's granddaughter teaches yoga"
    for i, w in enumerate(words):
        if w == "ex" and (i > 0 or words[i + 1 : i + 2] in (["partner"], ["husband"], ["wife"])):
            return "other"  # "her ex", "ex partner" (but an "ex-chef" is the person)
        if _what_they_are(w, words[i + 1 :]):
            return "self"
        if w in _KIN or w.rstrip("s'") in _KIN or w == "one" and words[i - 1 : i] in _ONE_OF:
            return "other"  # "the older one loves her swimming lessons": a child
        if w in _SELF:
            return "self"
        if _a_place_opens(w, words[i + 1 : i + 3]):
            return "other"  # "the ward has a piano": the place, not the person
        if w in ("other", "others", "everyone", "everybody"):
            return "other"  # "other patients join in", "the others play"
        # "Q's wife", "her foster carer": a possessive or a describing word before the relative
        if w not in _LEADING and w not in _KIN_MODIFIERS and not w.endswith("'s"):
            return ""
    return ""


def _a_place_opens(word: str, then: list[str]) -> bool:
    """Whether a clause opens on a place that has or is something ('the ward has a piano')."""
    if word.split("'")[0] == "there" and "nothing" in then:
        return False  # "there's nothing he can't fix": a boast about the person
    opens = bool(then) and then[0] in _IS_HAS
    return word.split("'")[0] in _SETTINGS and (word.endswith("'s") or opens)


# Shorthand common in practitioners' notes, spelt out before reading (word boundaries only).
_SHORTHAND = {
    "w/": "with",
    "w/o": "without",
    "&": "and",
    "ppl": "people",
    "yrs": "years",
    "yr": "year",
    "wk": "week",
    "wks": "weeks",
    "wkly": "weekly",
    "wknd": "weekend",
    "wknds": "weekends",
    "grp": "group",
    "mil": "mother-in-law",
    "fil": "father-in-law",
    "grps": "groups",
    "mtg": "meeting",
    "mtgs": "meetings",
    # "MH hx", "hx of self-harm": a clinical history, never the pastime History
    "hx": "clinical history",
    "dx": "diagnosis",
    "mh": "mental health",
    "bro": "brother",
    "sis": "sister",
    "dtr": "daughter",
    "gf": "girlfriend",
    "bf": "boyfriend",
    "uc": "universal credit",
    "v": "very",
    "wd": "would",
    "cd": "could",
    "shd": "should",
    "b/c": "because",
    "doesnt": "doesn't",
    "dosnt": "doesn't",
    "dont": "don't",
    "didnt": "didn't",
    "isnt": "isn't",
    "wasnt": "wasn't",
    "cant": "can't",
    "wont": "won't",
    "hasnt": "hasn't",
    "havent": "haven't",
    "wouldnt": "wouldn't",
    "couldnt": "couldn't",
    "prev.": "previously",
    "prev": "previously",
    "incl.": "including",
    "incl": "including",
    "inc.": "including",
    "esp.": "especially",
    "approx.": "about",
    "tho": "though",
    "atm": "at the moment",
    "abt": "about",
    "b4": "before",
    "thru": "through",
    "refd": "referred",
    "ref'd": "referred",
}
_SHORT = re.compile(
    r"(?<![\w/&])("
    + "|".join(re.escape(k) for k in sorted(_SHORTHAND, key=len, reverse=True))
    + r")(?![\w/&])"
)


# "Football? Not any more.", "Swimming - no": a topic put and answered no reads as denied.
_DENIED_TOPIC = re.compile(
    r"(^|[.!?;\n]\s*)([a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2})(?:\?|\s[-\u2013\u2014]+)\s+"
    r"(no longer|nope|no|not|never)\b(?! (sure|known|yet|idea)\b)"
    # the answer ends there ("not any more", "no longer", "not since the op")
    r"(?=( (any ?more|now|really|these days|at the moment|again|since( \w+){1,4}|"
    r"for (years|ages|a while|a long time)))?\s*([.!?;,\n]|$))"
)


def _denied_topic(found: re.Match[str]) -> str:
    """The answer said before its topic ('football? not any more' -> 'not football any more')."""
    answer = "no" if found.group(3) == "nope" else found.group(3)
    return f"{found.group(1)}{answer} {found.group(2)}"


# "Enjoys: knitting", "Dislikes: crowds": a short heading reads on into what follows it.
_LABEL = re.compile(r"(^|[.!?;\n]\s*)([a-z][a-z' ]{0,30}?)\??:\s+")


_TWO = re.compile(
    r"\b(like|love|want|wants|wanted|used|going|go|got|has|have|had|able|need|needs|keen|hoping|"
    r"hopes|trying|plans|happy|willing) 2 (?=[a-z])"
)


# A capitalised doer inside a sentence is a name ("Mrs Walker", "lives in Walker, Newcastle"):
# many surnames and places are trades and pastimes.
_NAMED_DOER = re.compile(r"(?<=[a-z,;] )(?P<word>[A-Z][a-z]+ers?)\b(?![-'])(?P<next> [a-z]+)?")


# A capitalised place word joined to another capitalised word is a place's name ("Villa Park",
# "Brick Lane", "Castle Bromwich", "Elephant & Castle"), not the park, lane or castle itself.
_PLACE_WORD = (
    r"(Park|Parks|Lane|Castle|Gardens|Garden|Farm|Wood|Woods|Forest|Common|Green|Hill|Field|"
    r"Fields|Beach|Lake|Canal|River|Bridge|Court|Cove|Bay|Quay|Pier|Point|Moor|Moors|Vale|Valley|"
    r"Dock|Docks|Market|Cross|Heath|Marsh|Warren)"
)
# A town inside a sentence whose name is a word of the lexicon ("did the Reading half").
_TOWN = re.compile(r"(?<=[a-z,;] )(Reading|Bath|Poole|Sale|Potteries)\b")
_PLACE_NAME = re.compile(
    rf"\b[A-Z][\w']*(?: &)? {_PLACE_WORD}\b|(?<=[a-z,] ){_PLACE_WORD}(?= [A-Z][a-z])"
)


def _proper_name(found: re.Match[str]) -> str:
    """A doer's word written as a name, made 'name' to keep it out of the lexicon ('Walker')."""
    # Unless it begins a phrase of the lexicon ('Singer machine').
    word, after = found.group("word").lower(), found.group("next") or ""
    if (word, after.strip()) in _index()[0] or (word,) not in _index()[0]:
        return found.group(0)
    return "name" + after


# "Ravinder (34)", "Mr Li (79)", "Jean Mackay, 63,": a name with an age is whom the note is about.
_AGED = re.compile(
    r"\b(?:(?:Mr|Mrs|Ms|Miss|Mx)\.? )?(?P<first>[A-Z][a-z]+)(?: (?P<last>[A-Z][a-z]+))?"
    r"(?: \(|, )(?:aged? )?\d{1,3}(?:\s?(?:yo|y/o|yrs?|years?(?: old)?))?[),]"
)
# "her mam (84)": a relative with an age is the person the note is about, reported by family.
_AGED_KIN = re.compile(
    r"\b(?:his|her|their|my) (mum|mam|mother|dad|father|nan|gran|grandma|grandad|"
    r"grandfather|grandmother|son|daughter|brother|sister|husband|wife|partner) \(\d{1,3}\)"
)
# "his wife Sheila": the relative's name stands for the relative ever after.
_KIN_WORDS = (
    r"wife|husband|partner|son|daughter|mum|mam|mother|dad|father|brother|sister|"
    r"friend|carer|nan|gran|grandson|granddaughter|neighbour|uncle|aunt|cousin"
)
_KIN_NAME = re.compile(rf"\b(?P<kin>(?i:{_KIN_WORDS})),? (?P<name>[A-Z][a-z]+)\b(?! [A-Z])")
# "Joan (wife)": the name, then who she is
_NAME_KIN = re.compile(rf"\b(?P<name>[A-Z][a-z]+) \((?P<kin>{_KIN_WORDS})\)")
_KIN_ASIDE = re.compile(
    r"\b(?P<kin>wife|husband|partner|son|daughter|mum|mam|mother|dad|father|brother|sister|"
    r"friend|nan|gran|grandson|granddaughter|neighbour|child)\s*"
    r"\((?P<what>[a-z][\w', -]{1,40}|[A-Z]{2,}[\w', -]{0,30})\)"
)
_TITLES = frozenset(["Mr", "Mrs", "Ms", "Miss", "Mx", "The", "Home", "Visit", "Seen", "Met"])


def _names(text: str) -> str:
    """The text with the person's name as 'su' and a relative's name as the relative."""
    # So that whose each clause is can be read from its subject ('Graham ... Sheila enjoys
    # singing').
    aged = _AGED_KIN.search(text)
    if aged:
        kin = aged.group(1)
        text = re.sub(rf"\b(?:(?:his|her|their|my) )?{kin}(?: \(\d{{1,3}}\))?", "su", text)
        text = re.sub(rf"\b{kin.capitalize()}\b", "Su", text)
    for found in [*_KIN_NAME.finditer(text), *_NAME_KIN.finditer(text)]:
        name, kin = found.group("name"), found.group("kin")
        if name not in _TITLES:
            text = text.replace(found.group(0), kin)
            text = re.sub(rf"\b{name}\b", kin, text)
    # "cares for his wife (dementia)", "carer for mum (COPD)": the relative's, said after them
    text = _KIN_ASIDE.sub(r"\g<kin>, who has \g<what>,", text)
    person = _AGED.search(text)
    if person:
        title = re.match(r"(Mr|Mrs|Ms|Miss|Mx)\b", person.group(0))
        titled = title.group(1) if title else ""
        for name in (person.group("first"), person.group("last")):
            if name and name not in _TITLES and not name.endswith("ed"):
                text = re.sub(
                    rf"\b(?:(?P<title>Mr|Mrs|Ms|Miss|Mx)\.? )?{name}\b(?: \(\d{{1,3}}\))?",
                    lambda found: _same_person(found, titled),
                    text,
                )
    return text


def _same_person(found: re.Match[str], title: str) -> str:
    """'su' for the person named; 'partner' for another title with their surname."""
    # "Mr Patel (79) ... Mrs Patel is his carer": the same surname under another title is
    # someone else in the household, most often the spouse.
    other = found.group("title")
    return "partner" if title and other and other != title else "su"


# Dictated notes spell their punctuation out ("she came full stop new paragraph").
_SPOKEN_MARKS = {
    "full stop": ".", "comma": ",", "question mark": "?", "new paragraph": "\n", "new line": "\n"
}  # fmt: skip
_DICTATED = re.compile(r" ?\b(full stop|comma|question mark|new paragraph|new line)\b", re.I)


# A form's fields for who a person is, not what they do ("Faith: Hindu", "Languages: Polish").
_IDENTITY_LABELS = frozenset(
    ["other", "faith", "religion", "language", "languages", "first language", "main language",
     "spoken languages", "ethnicity", "communication", "nationality"]
)  # fmt: skip


def _unlabelled(found: re.Match[str]) -> str:
    """A form's label as a word of its sentence; an identity field's label as nothing."""
    # "Other:" too: no one other is meant.
    label = found.group(2)
    return found.group(1) + ("" if label in _IDENTITY_LABELS else label + " ")


# A letter's sign-off: the writer's name and role ("Warm wishes, Carol (Support Worker)").
# A sign-off starts a line or a sentence and is followed by a name: not "afternoons are best for
# her", nor "would like to take care of a garden" at the end of a note.
_SIGN_OFF = re.compile(
    r"(?:^|(?<=[.!?\n])\s*)(?i:kind regards|best wishes|warm wishes|many thanks|with thanks|thanks|"
    r"best|cheers|yours sincerely|yours faithfully|regards|take care)[,!.]?\s+[A-Z][^\n]{0,80}$"
)


def normalise(text: str) -> str:
    """Lower case, straight quotes, shorthand spelt out and slips of spelling corrected."""
    text = _DICTATED.sub(lambda m: _SPOKEN_MARKS[m.group(1).lower()], text)
    text = _SIGN_OFF.sub("", text.rstrip())
    text = _names(text)
    # "walked dogs at the rescue": looking after animals, not walking for its own sake; but
    # "long walks with her dog" is a walk, the dog its company
    text = re.sub(
        r"\b[Ww]alk(s|ed|ing)?(?= ((?!with\b)[\w']+ ){0,3}(?i:dogs?|staffies|staffy|pup|puppy|"
        r"puppies|spaniels?|labradors?|lurchers?|greyhounds?|collies|terriers?)\b)",
        r"mind\1",
        text,
    )
    text = re.sub(r"\s*\([A-Z][a-z]+( [A-Z][a-z]+)?\)", "", text)  # "Partner (Sam)": a name
    text = _NAMED_DOER.sub(_proper_name, text)
    # "never off his bike": always on it, not a negation
    text = re.sub(r"\b([Nn])ever off (his|her|their|my) ", "always on \\2 ", text)
    text = _PLACE_NAME.sub("place", _TOWN.sub("place", text))
    low = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    low = re.sub(r"(^|[\s(])'(?=[a-z])", r"\1", low)  # an opening quote mark is no apostrophe
    low = _SHORT.sub(lambda m: _SHORTHAND[m.group(1)], low)
    low = _TWO.sub(r"\1 to ", low)  # "wd like 2 try"
    low = re.sub(r"(?<=[a-z]) n (?=[a-z])", " and ", low)  # "arts n crafts", "fish n chips"
    low = re.sub(r"\bsome (one|body) to\b", r"some\1 to", low)  # "some one to ring him"
    # "Referral - Recovery College": where to, unless it names whom ("Referral: Mr Osman")
    low = re.sub(
        r"(^|\n)(\W*)referral\s*[-\u2013:]\s*+(?!(mr|mrs|ms|miss|mx|dr|name|client|pt|su)\b)",
        r"\1\2referral to ",
        low,
    )
    low = re.sub(r"\b(e\.g|i\.e)\.?(?=\s)|\beg(?=\s)", "such as", low)  # no sentence break
    # "new things like cooking": an example, not a liking
    low = re.sub(
        r"\b(things|stuff|something|activities|hobbies|groups|sports|anything)( [a-z-]+)? like\b",
        r"\1 such as",
        low,
    )
    low = _DENIED_TOPIC.sub(_denied_topic, low)
    # "Would like – a befriender": a heading of a form or checklist set off by a dash, as by ":"
    low = re.sub(
        r"(^|\n)(\W*)(would like|wants?|wishes|goals?|aims?|hopes?|interests?|hobbies|likes|"
        r"dislikes|enjoys|current|past|previous|strengths|skills|next steps)\s[-\u2013\u2014]+\s+",
        r"\1\2\3: ",
        low,
    )
    # "Goals: (1) a job (2) sort arrears": numbered items of one list, each under its heading
    low = re.sub(r"(:\s*)\(?1\)\s+(?=[a-z])", r"\1", low)
    low = re.sub(r"(?<=[a-z])\s+\(?[2-9]\)\s+(?=[a-z])", ", ", low)
    low = _LABEL.sub(_unlabelled, low)
    low = re.sub(r"\b([a-z])\.([a-z])\.([a-z])\b\.?", r"\1\2\3", low)  # "d.i.y"
    low = re.sub(r"\b[a-z]{3,}in\b", lambda m: _dropped_g(m.group(0)), low)
    return re.sub(r"[a-z]{6,}", lambda m: _respelt(m.group(0)), low)


# A note's heading names the contact, not what the person enjoys ("Peer support session.",
# "Review - swimming group"): a short first line with a word of the worker's business among its
# first four words ("free all week except Tuesday (AA meeting)" is no heading) and no word of the
# person's doing. A referral's heading stays: where they are referred is usually their wish.
_BUSINESS = (
    r"(session|review|visit|call|chat|catch-up|meeting|assessment|handover|update|contact|"
    r"appointment|appt|mdt|cpa|hv|f2f|note|notes|log|outreach|triage|summary|enrolment|"
    r"check-in)"
)
_DOING = (
    # (a club named is theirs: "Welfare log – Doncaster badminton club")
    r"(he|she|they|pt|su|is|was|has|had|likes?|loves?|enjoys?|wants?|goes|plays|would|keen|used|"
    r"club)"
)
_HEADING = re.compile(
    rf"^\W*(?=(?:[^\s.!?]+[ \t]+){{0,3}}\W*{_BUSINESS}\b)(?![^.!?\n]*\b{_DOING}\b)"
    r"([^\s.!?]+[ \t]*){1,12}[.!?\n]"
)


def _spaces(found: re.Match[str]) -> str:
    """As many spaces as the match's characters: blanked, with every offset kept."""
    return " " * len(found.group(0))


# The same heading ended by a colon on the note's first line ("OT assessment: pt enjoys ..."),
# read before normalise() drops the colon: its professional is the writer, not whom it is about.
_HEADING_COLON = re.compile(
    rf"^\W*(?=(?:[^\s.!?:]+[ \t]+){{0,3}}\W*{_BUSINESS}\b)(?![^:.!?\n]*\b{_DOING}\b)"
    r"([^\s.!?:]+[ \t]*){1,6}:",
    re.IGNORECASE,
)


def _without_heading(text: str) -> str:
    """The note with its heading line blanked."""
    return _HEADING.sub(_spaces, text, count=1)


# A short aside in brackets inside a sentence: "fishing (with his brother), cycling and darts".
# A short aside in brackets inside a list: "fishing (with his brother), cycling and darts".
_ASIDE = re.compile(r"\s*\(([^()]{1,80})\)(?=,|\s+(?:and|or|&)\s)")


def _asides_after(text: str) -> str:
    """The text with each bracketed aside inside a list taken out of it and read after it."""
    # Left in place, the brackets end the sentence, and the rest of the list loses the cue that
    # began it ("used to enjoy fishing (with his brother), cycling": cycling was read as now).
    asides: list[str] = []

    def aside(found: re.Match[str]) -> str:
        asides.append(found.group(1))
        return ""

    kept = _ASIDE.sub(aside, text)
    return kept + "".join(f"\n{said}" for said in asides)


def clauses(text: str) -> list[Clause]:
    """The note as clauses, each marked with whether it is about someone else."""
    out: list[Clause] = []
    text = _HEADING_COLON.sub(_spaces, text, count=1)
    for sentence in _SENTENCE.split(_asides_after(_without_heading(normalise(text)))):
        if not sentence or not sentence.strip():
            continue
        other, kin_before, reported_by_child, reporter = False, False, False, ""
        outsider_said = False
        for part in _CLAUSE.split(sentence):
            if not part.strip():
                continue
            blanked = _LOOK_ALIKES.sub(_spaces, _CULTURE.sub(_spaces, part))
            blanked = _COMMUTE.sub(lambda m: m.group(0)[:-4] + "    ", blanked)
            toks = tokens(blanked)
            who = _subject(toks)
            what = bool(toks) and toks[0].raw in ("a", "an") and "," not in part
            if toks and (toks[0].raw in ("who", "whose") or what) and kin_before:
                who = "other"  # "her brother, who she is close to, plays in a band"
            elder = toks[1].raw if len(toks) > 1 and toks[0].raw in _POSSESSIVE else ""
            if toks and (toks[0].raw in _ELDERS or elder in _ELDERS) and reported_by_child:
                who = "self"  # "daughter says mum was a seamstress"
            pronoun = toks[0].raw.split("'")[0] if toks else ""
            if pronoun in _OTHER_SEX and reporter == _OTHER_SEX[pronoun]:
                who = "self"  # "wife says he's a keen angler": the person, reported
            if not who and outsider_said:
                who = "self"  # "her sister goes to yoga and Jo said she'd like to": Jo's
            other = (who == "other") if who else other
            outsider_said = _said_by_no_relative(part, toks)
            kin_before = any(t.raw in _KIN for t in toks)
            reported_by_child = bool(
                _REPORTING.search(part) and {t.raw for t in toks[:3]} & _REPORTERS
            )
            reporter = _reporter(part, toks)
            out.append(Clause(blanked, part, toks, other, sentence))
    return _carry_pronouns(out)


# Words before "said" that name no one new: a pronoun or a joining word ("and she said").
_NOT_REPORTERS = frozenset(["he", "she", "they", "who", "it", "which", "that", "and", "but"])


def _said_by_no_relative(part: str, toks: tuple[Token, ...]) -> bool:
    """Whether a clause ends on someone other than a relative saying ('and Jo said')."""
    # A clause about a relative that ends so hands over to the person: the relative is not
    # the one speaking, so the "she" of what is said next is the person.
    if len(toks) < 2 or not _REPORTING.search(part):
        return False
    speaker = toks[-2].raw
    return speaker.isalpha() and speaker not in _KIN and speaker not in _NOT_REPORTERS


def _reporter(part: str, toks: tuple[Token, ...]) -> str:
    """'his' or 'her' for a relative of that sex reporting ('wife says'), else ''."""
    if not _REPORTING.search(part):
        return ""
    words = {t.raw for t in toks[:3]}
    return "his" if words & _HE else "her" if words & _SHE else ""


def _carry_pronouns(found: list[Clause]) -> list[Clause]:
    """The clauses, a 'he' or 'she' just after a relative of that sex made the relative's."""
    # 'Son visited - he coaches football': a 'he' or 'she' right after a sentence opening on a
    # relative of that sex is the relative.
    out: list[Clause] = []
    own: set[str] = set()  # the pronouns the note has used of the person
    for i, clause in enumerate(found):
        before = found[i - 1] if i else None
        first = clause.tokens[0].raw.split("'")[0] if clause.tokens else ""
        # "she doesn't go out ... Daughter shops. She would like": the person's own pronoun
        if before and before.other and before.sentence != clause.sentence and first not in own:
            kin = {t.raw for t in before.tokens[:3]}
            # "Wife is the crafty one - the house is full of her quilts": whose, said by sex
            # but "goes with her brother": a possessive of another relative is the person's
            raws = [t.raw for t in clause.tokens]
            owned = {w for w, n in zip(raws, raws[1:], strict=False) if n not in _KIN} | (
                {raws[-1]} if raws else set()
            )
            theirs = not _subject(clause.tokens) and (
                "her" in owned and kin & _SHE or "his" in owned and kin & _HE
            )
            if first in ("he", "she") and kin & (_HE if first == "he" else _SHE) or theirs:
                clause = Clause(clause.text, clause.raw, clause.tokens, True, clause.sentence)
        if not clause.other and first in ("he", "she"):
            own.add(first)
        if first in _OWNER and len(clause.tokens) > 1 and clause.tokens[1].raw in _KIN:
            own.add(_OWNER[first])  # "Her daughter is in Lviv. She used to run": 'she' is hers
        out.append(clause)
    return out


_OTHER_SEX = {"he": "her", "she": "his"}
_OWNER = {"her": "she", "his": "he"}  # a possessive of the person: the pronoun it implies


_NOTE_WORD = re.compile(r"[\w'&/-]+")


def _same_word(read: str, written: str) -> bool:
    """Whether a word as read is the word as written, or a slip of it ('gardning')."""
    if read == written:
        return True
    return len(written) >= 4 and difflib.SequenceMatcher(None, read, written).ratio() >= 0.8


def note_words(phrase: str, note: str) -> str:
    """The words of the note a phrase was read from ('MH' for 'mental health'), or ''."""
    # The reader quotes the note spelt out and corrected; a quote must show what was written.
    plain = note.replace("\u2019", "'").replace("\u2018", "'")
    at = plain.lower().find(phrase.lower())
    if phrase and at >= 0:
        return note[at : at + len(phrase)]
    spans = [m.span() for m in _NOTE_WORD.finditer(plain)]
    read: list[tuple[str, int]] = []  # each word as read, with the written word it came from
    for i, (start, end) in enumerate(spans):
        written = plain[start:end].lower()
        read.extend((w, i) for w in _SHORTHAND.get(written, written).split())
    want = phrase.lower().split()
    for first in range(len(read) - len(want) + 1):
        window = read[first : first + len(want)]
        if want and all(_same_word(w, r) for w, (r, _) in zip(want, window, strict=True)):
            return note[spans[window[0][1]][0] : spans[window[-1][1]][1]]
    return ""
