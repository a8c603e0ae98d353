"""Cues in a clause (wants, used to, could teach, a hedge, a negation) and the role each gives."""

from __future__ import annotations

import re
from dataclasses import dataclass

from matcher.reader.kinds import HEDGE, INTEREST, PAST, RELAY, SKILL, WANT
from matcher.reader.text import Clause

# Cues, written from ordinary English. Each is searched in a clause; the last one before a word
# gives its role.
_WANT = re.compile(
    r"\b(wants?|wanted|wanting) (to|a|an|some)\b|"
    r"(\bwould|'d) ((really|quite|very much|so|also|dearly|genuinely|maybe|perhaps|possibly|"
    r"probably) )?(like|love|prefer)|"
    # saying they will come along is agreeing to go ("said she'd come along to the group")
    r"\b(would|'d|will|'ll) (happily |definitely |probably |gladly )?come along\b|"
    r"\b(would|'d) ((really|greatly|very much|so|also|genuinely) )?(give anything|value|"
    r"appreciate|benefit from)\b|\blongs? (to|for)\b|"
    r"\byearns?\b|\bdesperate (to|for)\b|"
    r"\b(keen|eager|hoping|hopes?|plans?|planning|aims?|aiming|motivated|determined) to\b|"
    r"\bkeen on (trying|starting|joining|learning|getting|doing)|\bfanc(y|ies|ied)\b|"
    r"\binterested in (trying|learning|starting|joining|doing|taking|getting|finding|meeting|"
    r"going|becoming|attending|visiting|having|volunteering|helping)|"
    r"\bcurious about|\bthinking (about|of)|\bconsidering|\bwondering about|"
    r"\b(try|trying|learn|learning|start|join|joining|explore|exploring)\b|"
    # (the thing given a go may be hyphenated: "give chair-based yoga a go")
    r"\b(have|has|having|give it|giving it) a go\b|"
    r"\b(give|gives|giving) ([\w'-]+ ){1,5}a (go|try)\b|"
    # "to pick up some Italian", "to pick up the basics": learning, as taking up is starting
    r"\b(take|taking) up\b|\bto pick up (some|a bit|a few|a little|the basics)\b|"
    r"\b(get|getting) (back )?(into|to)\b|\balways wanted|\bwish(es)?\b|\bopen to\b|"
    r"\blooking (for|to|into|forward to)\b|\bdreams? of|\bcan'?t wait\b|\bexcited about|"
    r"\bready to\b|"
    r"\bwill (try|join|start)\b|\bw(ou)?ld (like|love)\b|"
    r"\bexpressed (an )?interest|"
    # asking for someone who provides it ("asked if I knew anyone who does debt advice")
    r"\b(asked|asks|asking|wondered|wants to know|wanted to know|enquired)( me| us)? (if|whether) "
    r"(i|we|staff|anyone|\w+) (knew|know|knows|could recommend|could find)( of)? (anyone|anybody|"
    r"someone|somebody|anywhere|somewhere|an? \w+|any \w+)( \w+)? (who|that|which|where) (does|"
    r"do|offers?|runs?|provides?|gives?|teaches|(can|could) help( with)?|helps? with)\b|"
    r"\b(asked|asking|enquired|inquired|requested) (\w+ ){0,2}(about|after|re|regarding|"
    r"for info\w*|"
    r"for details|info\w* (on|about))\b|\b(booked|signed up|put (his|her|their) name down) (\w+ )?"
    r"(on|onto|in|into|for)\b|\bsigned up to\b|"
    # "keen on the idea of a choir": the idea liked is of something not yet done
    r"\b(keen on|likes?|liked|loves?|loved|warm(ed|ing)? to|taken with) the idea of\b|"
    r"\b(receptive|enthusiastic) (to|about)\b|"
    # something lacked or sought: "could do with some company", "on the lookout for a choir",
    # "has her heart set on a pottery class", "asked me to find her a group"
    # (only of the person: "the shed could do with someone like him" is the shed's need)
    r"\b(he|she|they|su|i) (could|would)( really| certainly| definitely)? do with\b|"
    r"\bon the (lookout|look-out|hunt) for\b|"
    r"\b(heart|mind|sights) set on\b|\bfind (him|her|them) (a|an|some)\b|"
    # what they say they will do, or would do if helped, is a wish ("she'll come next week",
    # "he'd go to the shed if someone went with him"); "would go" alone is often a past habit
    r"\b(will|'ll) (come|attend|join)\b|'d (go|come) (along )?to\b|"
    # "if there was a knitting group nearby she'd go", "he's after a job": wanted, not had;
    # "the art group sounded good": an idea liked
    r"\bif there (was|were|is|'s) (a|an|any|some)\b|(\bis|'s|\bare) after (a|an|some)\b|"
    r"\bsound(s|ed) (good|great|lovely|interesting|like fun|fun)\b|"
    # "has been talking about getting an allotment": a plan turned over, not yet done
    r"(?:(?<=been )|(?<=keeps )|(?<=kept ))talking about (getting|doing|joining|going|starting|"
    r"trying|learning|taking)\b|"
    r"\bambitions?\b|\baspir(es?|ations?) to\b|\btempted (by|to)\b|"
    r"\b(would ?n't|would not|'d not|wouldnae) (mind|say no to)\b|"
    # An idea turned over, or a tentative plan of their own: "toying with the idea of a choir",
    # "mulling over the walking group", "she might come to the group", "he said it'd be nice to
    # get out more" (a wish said of no one in particular is the speaker's own)
    r"\b(toy(s|ed|ing)?|play(s|ed|ing)?) with the idea\b|\bmull(s|ed|ing)? (it )?over\b|"
    r"\b(might|may) (go|come|join|attend|sign up|have a go|give)\b|"
    # said of a thing just named: "a call now and then would be all right"
    r"\b(would|'d) be (all right|alright|ok|okay|fine|welcome)\b|"
    # a manner or a certainty makes "would go" a wish, not a past habit ("she'd happily go to
    # a dance class"); so does seeing themselves there, or talking of maybe doing it
    r"\b(would|'d) (happily|gladly|definitely|certainly|probably|willingly) (go|come|join|try|"
    r"attend|give)\b|\b(could|can) (see|imagine) (himself|herself|themselves|myself) "
    r"(at|in|doing|going|joining|trying|learning|taking)\b|"
    r"\b(talked|talks|talking|spoke|speaks|mentioned) about (maybe|possibly|perhaps) \w+ing\b|"
    r"\b(said|says|thinks|thought|feels|felt|told me)( that)? (it|that)('d| would) be "
    r"(nice|lovely|good|great|grand|brilliant) to\b|"
    # wondering aloud whether a group meets, or would suit, is their own wish (the worker's
    # wondering is an idea put to them: _HEDGE)
    r"\b(wondered|wondering|wonders)( aloud)? (if|whether) (the|a|an|there|we|anyone|any)\b|"
    r"\b(asked|asking|asks) to (go|join|come|try|do|learn|start)\b|"
    r"\b(get|getting|become|becoming|be) (better|good|more confident|confident) (at|with)\b|"
    r"\basked (\w+ ){0,2}to (find out|look (into|for|up)|get|send|check|see)\b|"
    r"\b(anyone|anybody|someone|somebody) (could |can |would |to )?(show|teach|help) (him|her|them|"
    r"me)\b|"
    # "asked if there is an English class near him": a request for one
    r"\b(asked|asking|asks|enquired|inquired|wondered|wondering) (\w+ )?(if|whether) "
    r"(there (is|are|'s|was|were)|we (know|have|could find)|anyone|any)\b|"
    # intentions and plans of their own
    r"\b(has been|have been|'s been) meaning to\b|\b(decided|going|intends?|intending) to "
    r"(try|start|join|take up|learn|give|have a go|do|get|find|look)\b|"
    r"\bhop(e|es|ing) for\b|\bexcited (to|for)\b|\b(dream|wish|hope) (is|would be) to\b|"
    r"\bbucket list\b|\b(on|joined|put on) (a|the) waiting list\b|\bwanted (info\w*|details)\b|"
    r"\blooking at (joining|doing|trying|getting|starting)\b|"
    r"\bwants?\b|\b(would|'d) (consider|enjoy|be up for|welcome)\b|"
    # "got up for the tea dance" is getting to one, "still up for footy" is still going
    r"(?<!got )(?<!get )(?<!gets )(?<!getting )(?<!still )\bup for\b|\bgoals?\b|"
    r"\b(would|'d) (happily |definitely |probably |gladly )?(do|try|join|attend) (a|an|the|some)\b|"
    r"\bkeen for\b|\bnew to\b|\baims?\b|\bnext steps?\b|\bfind (a|an|some)\b|"
    r"\b(would|'d) jump at\b|\b(like|love|welcome) the chance\b|\basked (if|whether)\b|"
    r"\b(would|'d) be (interested|keen)\b|"
    r"\b(likes?|liked|loves?|loved) the (idea|sound|thought|look) of\b|\bwilling to\b|"
    r"\b(interested in|keen on)( (a|an|the|some))?"
    r"(?=( [\w'-]+){0,4} (group|class|club|course|session|shed|choir|team|project|scheme|"
    r"workshop|programme|bootcamp|taster|lesson)(e?s)?\b|"
    # on a condition of taking part: "interested in yoga if the class is small"
    r"( [\w'-]+){1,3},? (if|as long as|provided) (the|it|it's|there's|there is|they)\b)|"
    r"\b(asked|asks|asking) for (help|support|advice|a|an|some|more|details|info\w*)\b|"
    r"\bput (my|his|her|their) names? down for\b|\bsign (me|him|her|them) up (for|to)\b|"
    r"\bneeds? (\w+ ){0,2}(help|support|advice|assistance)\b|"
    # a referral is made with the person's consent (signposting is only information)
    r"\b(referral|referred) (to|for)\b|\b(agreed|accepted)\b|"
    r"\bas a way (of|to)\b|\bin order to\b|"
    r"^\W*(maybe|perhaps|possibly)\b|"
    # a form's question of what they want, its answer after it ("What matters to you? ...")
    r"^\W*what (matters( most)? to (you|me)|would you like|do you want|(are you|i am|i'm) "
    r"hoping for)\b"
)
# "Help with", "support to": wanted after a wish ("wants help with"), a need after a need.
_RELAY = re.compile(r"\b(helps?|support|advice|assistance) (with|about|on|to)\b")
# "Never tried it but keen": a yes after a contrast, with nothing else named.
_BUT_KEEN = re.compile(
    r"\b(but|though|although|yet)\b[\w ]{0,20}?\b(keen|interested|up for it|curious|tempted)\b"
)
# Someone else's idea, a mere possibility, or a need: nothing the person said they want ("staff
# suggested", "was offered", "might enjoy", "could be good for her", "signposted to", "struggling
# with her bills") until they say yes to it (_AGREE).
_HEDGE = re.compile(
    r"\b(suggest(s|ed|ion)?|encourag(e|es|ed|ing)|recommend(s|ed)?|advis(e|es|ed)|prompt(s|ed)?|"
    r"(was|were|been|being|is|are) (offered|given|told|shown|approached|invited)|"
    # "when shown the leaflet", "once offered a place": the same, with its verb left unsaid
    r"(when|once|if|after) (offered|given|told about|shown)|"
    r"offered (him|her|them|a place)|"
    r"undecided|unsure|(might|may|could) (like|enjoy|be|benefit|suit)|"
    r"(would|might|could) (be )?(good|helpful|useful|nice) for|worth (trying|a try|exploring)|"
    # what the worker put to them: talked over, handed over, pointed to
    # ("we talked about how she's been journalling" reports what she does: no idea put to her)
    r"discuss(ed|ing)|(i|we) (talked|spoke|chatted) (about|through)(?! how\b)|"
    # "I wondered whether she might try", "we asked if he'd like": the worker's idea, put
    r"(i|we) (wondered|asked|queried)( \w+)? (if|whether)|"
    r"(i|we) (told|showed) (him|her|them) about|"
    r"(i|we) (mentioned|raised)|"
    # a health visitor (hv), a social worker (sw) or support time recovery worker (str) too
    r"(gp|doctor|nurse|physio|ot|staff|psychiatrist|consultant|keyworker|worker|hv|sw|str|"
    r"health visitor|midwife|therapist|counsellor|psychologist|teacher|tutor) (has |had )?"
    r"(mentioned|raised|floated)|"
    r"explored|went through (the |some )?options|options (including|such as)|"
    r"(gave|given|giving|provided|handed|sent|passed) (\w+ ){0,2}(leaflets?|details|info\w*|"
    r"numbers?|contacts?|links?|flyers?)|(leaflets?|details|info\w*|flyers?) (about|on|for|of|re)|"
    r"signpost(ed|ing|s)?|pointed (him|her|them) (to|towards)|"
    # a need, said as a need: help wanted only when they ask for it
    r"(struggl(e|es|ed|ing)|difficult(y|ies)|problems?|trouble|issues?) (with|to|around|over))\b"
)
# A need named, then a wish to work on it, said of "it" ("his English is poor and he's
# determined to improve it", "and she'd like help with that"): a yes to the need.
_WORK_ON_IT_WORDS = (
    r"\b(desperate|eager|determined|motivated|hoping|hopes|keen|wants?) to (improve|work on|"
    r"get better at|practise|sort( out)?|brush up( on)?) (it|that|this|them)\b|"
    r"\b(like|love|want|wants|wanted|welcome|asked for|asks for|asking for|requested|needs?) "
    r"(some |any )?(help|support|advice) (with|on|about|sorting) (it|that|this|both|these|them|"
    r"those|all that|all of it)\b|"
    # a bare request, said of the need just named ("struggling with debts, wants help")
    r"\b(wants?|wanted|asked for|asks for|asking for|requested|(would|'d) like|needs?) "
    r"(some |any )?(help|support|advice)(?=\s*([.;,!)]|$))|"
    # "wants someone to go through the figures", "can someone help?": help asked with the need
    r"\b(wants?|would like|'d like|asked for|asks for) (someone|somebody|help) to (go through|"
    r"look at|sort( out)?|help with) (it|that|this|them|these|the figures|the letters?|"
    r"the paperwork|everything)\b|\b(can|could) (someone|somebody|anyone) help\b"
)
_WORK_ON_IT = re.compile(_WORK_ON_IT_WORDS)
# Saying yes to what was put to them ("which she accepted", "agreed to try it", "was keen").
_AGREE = re.compile(
    r"\b(agreed|agrees|accepted|accepts|said yes|keen|interested|up for (it|that)|"
    # "go on then", "why not": a grudging yes is still a yes
    r"go on then|why not|"
    r"wants? to|would (like|love)|'d (like|love)|(happy|willing|glad) to (try|go|give|attend|join|"
    r"start|be referred)|give it a (go|try)|have a go|signed up|sign up|liked the (idea|sound)|"
    # a hesitant yes is a yes: "she wouldn't mind", "he'd try it", "might give it a go", "open
    # to it", "not against it" (a bare "maybe" is left undecided: labellers differ on it)
    r"(would ?n't|would not|'d not|wouldnae) mind|(would|'d|might|may|will|'ll) (try|give) "
    r"(it|that|them|one)|open to (it|that|the idea)|"
    r"not against (it|that|the idea)|(would|'d) consider (it|that)|"
    # welcoming it, or saying they will come: "was receptive", "warmed to it", "said she'd come"
    r"receptive|enthusiastic|warm(ed|ing)? to (it|that|the idea)|"
    r"(would|'d|will|'ll) (come|go)( along)?(?=\s*([.,;!]|$|to |next |with )))\b|"
    rf"{_WORK_ON_IT_WORDS}"
)
_PAST = re.compile(
    r"\bused to\b|\bin (his|her|their) (youth|younger days|teens|twenties|thirties|day)\b|"
    r"\bas an? (boy|girl|child|kid|lad|lass|teenager|young (man|woman)|youngster|student)\b|"
    r"\bwhen (he|she|they|i) (was|were) (younger|young|little|at school|a \w+)\b|"
    r"\b(years|decades|a long time) ago\b|\bback in the day\b|\bat school\b|"
    r"\b(before|prior to) (his|her|their|the) (illness|breakdown|accident|stroke|diagnosis|"
    r"injury|operation|admission)\b|(?<!never )\bmiss(es|ed)?\b|\bformer(ly)?\b|\bex-|\bretired\b|"
    r"\bonce\b(?! (a|an|per|every) (day|week|fortnight|month|year)\b)|"
    r"(?<!there )(?<!it )\b(was|were) (a|an|in|into|on|part of|big on|really into)\b|"
    r"\b(had|ran|kept) (a|an|his|her)\b|"
    r"\bpreviously\b|\bin the past\b|\bback home\b|\bgrowing up\b|\bin (his|her|their) prime\b|"
    r"\bbefore (he|she|they) (\w+ )?(retired|moved|got|became|lost|fell)\b"
)
# Work others judged good ("prize-winning", "won several prizes", "won at the show"): a skill.
_JUDGED_GOOD = (
    r"\b(prize|award)[- ]winning\b|\bprize (?=[a-z]+s\b)|\bwon (\w+ ){0,3}(prizes?|awards?|"
    r"medals?|trophy|trophies|cups?|rosettes?|competitions?|contests?)\b|\bwon at the\b"
)
_SKILL = re.compile(
    r"\b(?<!self )(?<!self-)((teach|teaching|teaches|taught)"
    r"(?! (himself|herself|themselves|myself))|tutors?|tutoring|tutored|mentor|mentoring|"
    r"coach|coaches|coached|coaching|instructs?|instructing|instructed)\b|"
    r"\bpass(es|ing)? (\w+ ){0,4}on\b|\bshow (others|people|someone|younger)\b|"
    r"\bshar(e|es|ing) (his|her|their) (skills?|knowledge|experience|expertise|love|passion)|"
    r"\bshar(e|es|ing) what\b|"
    r"\boffer(s|ed|ing)? to (help|teach|show|run|lead|coach|tutor|demonstrate|fix|mend|repair|"
    r"make|build|cook|bake)\b|"
    r"\bhelp(s|ed|ing)? (?!with )(the |other |younger |older |new |fellow |\w+ ){0,2}(others|"
    r"people|"
    r"beginners|newcomers|newbies|novices|learners|someone|somebody|adults|children|kids|"
    r"youngsters|pupils|anyone|those|lads|"
    r"girls|guys|men|women|residents|members|tenants|patients|pts|students|volunteers|"
    r"neighbours|everyone)\b( who (is|are) \w+)?( (at|in|on) (the |a )?\w+)?"
    r"( (to )?(learn|try|start|improve|practise|get into|fix|mend|make|sort|set up))?|"
    r"\b(qualifications?|certificate|diploma|degree|nvq|city and guilds|btec) (in|as)\b|"
    r"\b(lead|leads|leading|led|(co-?)?facilitat(e|es|ed|ing)) (a|an|the|sessions|groups?|walks)\b|"
    r"\bhelp (to )?run (a|an|the)\b|"
    r"\b(runs|ran|leads|led|hosts|hosted) (a|an)\b|"
    r"\b(happily |gladly |to |could |would |will |might |may )run (a|an|the|some)\b"
    # (a look-alike "workshop" after another craft is blanked before this is read: a blank
    # there is the workshop run)
    r"(?=( [\w-]+){1,2} (sessions?|class(es)?|groups?|workshops?|clubs?|courses?)\b|"
    r"( [\w-]+){1,2}\s{3,})|"
    # (not when someone is asked to show them: "asked if anyone could show him how")
    r"(?<!anyone could )(?<!someone could )(?<!anybody could )(?<!somebody could )"
    r"(?<!someone to )(?<!anyone to )\b(show(s|ing|ed)?|showed) (\w+ ){0,6}how( to)?\b|"
    r"\b(gives?|giving|gave|given) (\w+ ){0,3}(?=(lessons?|class(es)?|tips|talks?|"
    r"demonstrations?|demos?|workshops?|advice)\b)|"
    r"\b(do|does|did|doing|run|runs|ran) an? (\w+ )?(?=(demo|demonstration|talk)\b)|"
    r"\b((well[- ])?known|famous|renowned) (\w+ ){0,4}for (his|her|their)\b|"
    r"\bshar(e|es|ing) (his|her|their)\b"
    r"(?= (\w+ ){1,2}(skills?|knowledge|expertise|know-how|tips)\b)|"
    # (not someone else who could: "anyone who can help with the council tax letter")
    r"(?<!who )(?<!that )\b(could|can|will|would like to|happy to|willing to|glad to|"
    r"offer(s|ed)? to) help "
    r"(with|at|out|run)\b|\bskills? to share\b|\bgive (lessons|tips)\b|"
    # a boast of what they can do ("can fix anything", "could strip an engine blindfolded",
    # "nothing mechanical he can't take apart"): not a purpose ("so he can"), nor another's
    r"(?<!\bso )(?<!\bthat )(?<!\bwhere )(?<!\bwho )(?<!\bwhich )(?<!\banyone )(?<!\bsomeone )"
    r"(?<!\bnever )(?<!\bif he )(?<!\bif she )(?<!\bif they )(?<!\bif i )\b(can|could) "
    r"(still |easily |happily )?(?!(do|be|go|have|get|say|see|try|eat|buy)\b)"
    r"(?=[a-z]+ (anything|owt|most things|"
    r"any [a-z]+|all sorts|the lot)\b)|"
    # or plainly, of making and mending ("can fix bikes", "could still sew"): a skill others lack
    r"(?<!\bso )(?<!\bthat )(?<!\bwhere )(?<!\bwho )(?<!\bwhich )(?<!\banyone )(?<!\bsomeone )"
    r"(?<!\bnever )(?<!\bif he )(?<!\bif she )(?<!\bif they )(?<!\bif i )\b(can|could) "
    r"(still )?(?=(fix|mend|repair|build|sew|knit|crochet|bake|weld|carve|rewire|service)\b)|"
    r"\b(blindfold(ed)?|with (his|her|their|my) eyes (shut|closed))\b|"
    r"\bnothing (\w+ ){0,2}(he|she|they|i) (can'?t|cannot|could ?n'?t)\b|"
    r"\b(knowledgeable|expert|skilled|experienced) (about|in|on|at|with)\b|"
    r"(?<!\bget )(?<!\bgetting )(?<!\bbecome )(?<!\bbe )\b(good|great|handy|brilliant) (with|at)\b|"
    r"\b(talented|gifted|accomplished|fluent)( (in|at|with))?\b|"
    r"\ban? (very |highly )?(skilled|experienced|expert)\b|\bskilled\b|"
    r"\bknows (a lot|lots|loads|plenty|a great deal|everything|more|as much) about\b|"
    # what others judged good: "won prizes with the camera club", "grows prize onions"
    rf"{_JUDGED_GOOD}|"
    r"\ba knack (for|with)\b|\b(can|could) (still )?tell you (every|all|how|which|what|anything)\b|"
    r"\b(a dab hand|a whizz|(real |natural )?talent for|a natural (at|with)|gift for)\b|"
    r"\b(excellent|brilliant|fantastic|superb|amazing|decent|good|great|fine|gifted) "
    r"(?!(natter|chatter|banter|matter|dinner|summer|winter|weather|number|water|paper|"
    r"letter|order|other|river|corner)\b)(?=[a-z]+(er|or|ist|ess|ian)\b|cook\b)|"
    r"\b(could|would|might) (be|make|become) an?\b"
    r"(?=( [\w-]+){1,2} (leader|teacher|instructor|coach|mentor|tutor)s?\b)|"
    # sought out for it: "the one everybody asks to fix their lawnmowers"
    r"\b(the one|the person|the man|the woman|who) (everybody|everyone|people|folk) (asks?|"
    r"goes? to|turns? to|comes? to)\b|\b(everybody|everyone|neighbours|people|folk) (asks?|"
    r"brings?) (him|her|them)\b"
)
_LIKE = re.compile(
    r"\b(likes?|loves?|enjoys?|enjoying|loving|adores?|keen|fan of|passion(ate)?|hobby|"
    # "into" as a liking, not a phrasal verb ("look into", "get into") nor a return ("back into
    # work": going back to it, said by the cue before)
    r"(?<!look )(?<!looks )(?<!looking )(?<!looked )(?<!get )(?<!getting )(?<!go )(?<!back )into|"
    r"hobbies|happiest|happy|spends|favourite|plays|goes|attends|does|member|regular|avid|"
    r"(mad|big) (about|on)|obsessed|still|most days|every|weekly|often|always|currently|now|"
    r"is an?(?! (very |highly )?(skilled|talented|gifted|accomplished|experienced|expert)\b)|"
    r"interested in|proud of|dotes? on|devoted to|fascinated by|absorbed in|"
    r"continu(es|ing) (with|to)|carries on|keeps up|follows|watches|happier|pride and joy|"
    r"(gets|got|getting) through|devours|lives for|lights? up|(took|taken|has taken) up|"
    r"got into|prefers|preferring|"
    r"(teach|teaching|teaches) (himself|herself|themselves|myself)|self[- ]taught|"
    # a course under way: "working towards Functional Skills", "enrolled on an access course"
    r"working towards|studying for|enrolled (on|in|at)|attending|"
    # "has been playing", "'s been going": doing it now
    r"(has|have|'s|'ve) been (\w+ly )?(?=\w+ing\b)|drawn to)\b"
)
# A negation and the kind it is: strong dislike, stopped (a past interest), or never tried.
_NEGATION = re.compile(
    r"\b(does ?n[o']t|do ?n[o']t|did ?n[o']t|is ?n[o']t|are ?n[o']t|was ?n[o']t|not|no|never|"
    r"nor|neither|without|can'?t|cannot|won'?t|wouldn'?t|has ?n[o']t|have ?n[o']t|"
    # Scots: "doesnae", "cannae", "wouldnae", "dinnae"; and the common slip "did'nt"
    r"\w+nae|canna|dinna|winna|\w+'nt|"
    r"dislik(e|es|ed)|hat(e|es|ed)|avoid(s|ed|ing)?|steers? clear|refus(e|es|ed|ing)|gone off|"
    r"lost (all )?interest|put off|denies|denied|free of|stopped|gave up|given up|quit|sat out|"
    r"none|rarely|seldom|hardly( ever)?|barely( ever)?|done enough|"
    r"packed in|pack(s|ed)? (it|that|them) in|"
    r"done with|(wants?|wanted) nothing (more |else )?to do with|"
    r"declin(e|es|ed)|turned down|opted out|had enough|fed up|sick of|"
    r"(had|has|have) to (stop|give up|quit)|too (anxious|scared|nervous|shy|frightened) to|"
    r"unable to|no longer able to|"
    # "as long as nobody makes me dance": what they would not be made to do
    r"(nobody|no-one) (makes?|forces?|gets?) (me|him|her|them))\b"
)
_NOT_NEGATION = re.compile(
    r"\b(not (sure|only|just|yet|always|least|much else)|no (matter|problem|doubt)|"
    r"(never|rarely|seldom|hardly( ever)?) (misses|miss)|can'?t wait|without fail|not a day|"
    r"nothing (\w+ ){0,2}(he|she|they|i) (can'?t|cannot|could ?n'?t)|"
    r"would ?n't (mind|say no)|would not (mind|say no)|wouldnae (mind|say no)|"
    r"'d not (mind|say no))\b"
)
_DISLIKE = re.compile(
    r"\b(dislik|hat(e|es|ed)\b|avoid|steers? clear|can'?t stand|cannot stand|refus|gone off|"
    r"lost (all )?interest|put off|not (interested|keen|into|a fan|a big|much of|bothered|fussed)|"
    r"never been (a|an|one for|much of an?)\b|"
    r"(is|are|was|were) ?n't (interested|keen|into|a fan|bothered|fussed)|"
    r"(does|do|did) ?n[o']t get on with|"
    r"no interest|does ?n[o']t (like|enjoy|want|care)|do ?n[o']t (like|enjoy|want|care)|"
    r"(doesnae|disnae|dinnae|dinna|didnae) (like|enjoy|want|care)|"
    r"won'?t|wouldn'?t|denie|free of|sat out|declin|turned down|opted out|had enough|fed up|"
    r"sick of|never (been )?(interested|keen|into|bothered|a fan|one for)|be bothered|"
    r"not (really |much )?one for|"
    r"no longer (wants?|likes?|enjoys?|interested|keen))"
)
# The strongest of those, said before a thing: the last word on it ("done with dancing").
_DONE_WITH = re.compile(
    r"\b(done with|hat(e|es|ed)|can'?t stand|lost (all )?interest|no interest|not interested|"
    r"sick of|fed up|gone off|nothing (more |else )?to do with|does ?n[o']t want to do)\b"
)
_LAPSED = re.compile(r"\b(in|for) (years|ages|a long time|a while|decades)\b|\bsince\b")
_STOPPED = re.compile(
    r"\b(no longer|stopped|gave up|given up|quit|to stop|at the moment|at present|currently|"
    r"these days|lately|right now|for now)\b|\bany ?more\b"
)
# "Never been better", "not been so well": how someone is, not something left untried.
_BEEN_HOW = r"better|worse|happier|fitter|healthier|calmer|busier|so|as|more|less"
_UNTRIED = re.compile(
    r"\b(never|not|n't|yet to|has ?n[o']t|have ?n[o']t)\s+(\w+\s+)?(tried|done|"
    rf"been(?! (interested|keen|into|bothered|a fan|fussed|one for|{_BEEN_HOW}))|had a go|"
    r"learn[te]d?|had the chance|got round)\b"
)
# Where a negation stops: a new verb or subject after a comma or "and".
_SCOPE_END = re.compile(
    r"(,|\band)\s+(?=(he|she|they|i|su|pt|still|now|also|instead|prefers?|enjoys?|loves?|"
    r"likes?|would|wants?|is|has|plays|goes|does|used|keen|happy)\b)|"
    r"\b(still|instead|rather|prefers?)\b"
)
# Offering what they know without naming it: the skill is their trade or past interest.
_SHARE_UNNAMED = re.compile(
    r"\b(pass(es|ing)? on|shar(e|es|ing)|teach(es|ing)?|show(s|ing)? (others|people))\b"
    r"[\w' ]{0,30}\b(what (he|she|they) knows?|knowledge|skills?|experience|expertise|trade|"
    r"know-how)\b|\bpass(es|ing)? (it|that|this|them) on\b|"
    r"(?<!n't )(?<!not )(?<!never )\b(teach|show|coach|train)(es|s|ing)? "
    r"((some|a few|two|one|any|several) of )?"
    # "coaches his nephew's under-10s": a team of someone else's
    r"((his|her|their) [\w-]+'s? )?"
    r"(the |other )?(others|people|them|anybody|anyone|somebody|someone|under-?\d+s|u-?\d+s|"
    r"younger \w+|juniors|(young|new|newer|older) (ones|lads|lasses|girls|boys|women|men|ladies|"
    r"members|mums|dads|residents|tenants|volunteers|starters|recruits)|"
    r"kids|children|youngsters|beginners|newcomers|novices|group|class|folk|lads|ladies|members|"
    r"residents|carers)\b|"
    r"\b(taught|teaches|teaching) (it|the game|the rules|the basics|the steps) to\b|"
    # "helps other students debug their code", "the youngsters learn from him"
    r"\bhelp(s|ing|ed)? (a few |some |the |other |younger )(\w+ )?(students|first years|"
    r"newcomers|beginners|juniors|learners|trainees|apprentices)\b|"
    r"\b(youngsters|young ones|others|apprentices|juniors|learners) (all )?learn(s|t|ed)? from "
    r"(him|her|them)\b|"
    # "offered to run a session on them", "offered to ref their matches", "asked her to teach her"
    r"\boffer(s|ed|ing)? to (run|lead|give|do) (a |an )?(\w+ )?(session|talk|workshop|class|"
    r"demo|demonstration)s? (on|about) (it|them|that|this)\b|"
    r"\boffer(s|ed|ing)? to (accompany|ref|referee|umpire)\b|"
    r"\basked (him|her|them) to (teach|show)\b|"
    # "offered to play at our summer fete": performing for others is sharing what they do
    r"\b(offered|offers|offering|(would|'d) be (happy|glad|pleased)) to (play|perform|sing|"
    r"cook|bake|do a turn) (at|for) (our|the|a|an|their|any) [\w ]{0,30}?\b(fete|fair|events?|"
    r"party|parties|concerts?|festival|gala|open day|fundraiser|coffee morning|do)\b|"
    r"\b(taught|showed|shown|coached|trained) (the |other )?(others|people|under-?\d+s|"
    r"younger \w+|juniors|"
    r"kids|"
    r"children|youngsters|beginners|newcomers|novices|(two|three|some|a few|several|one|both|"
    r"many|most|half) of the (other )?\w+)\b|"
    # "runs the Tuesday beginners' session", "took the new lads through their parts"
    r"\b(runs?|running|ran|leads?|leading|led) (the |a )?(\w+ ){0,2}beginners'?( \w+)? "
    r"(sessions?|class(es)?|groups?|courses?|nights?)\b|"
    r"\b(takes?|taking|took|taken) (the )?(new|younger|other) \w+ through\b|"
    r"\boffer(s|ed|ing)? to (teach|show|coach|run|lead)\b|"
    r"\bshow(s|ing|ed|n)? (?!(him|her|me)\b)(\w+ ){1,5}how\b|"
    r"\b(happy|willing|glad|keen) to (teach|show|coach|run|lead)\b|"
    r"\b(teach|coach)(es|ing)? (it|that|this)\b|"
    r"\bhelp (others|people|beginners|newcomers) (to )?learn\b|"
    r"\b(gives?|giving|gave) (\w+ ){0,3}lessons\b|"
    # "plays well, helps the newer players": helping those newer at it is sharing the skill
    r"\bhelp(s|ing|ed)? (out )?(the )?(new|newer|younger|less experienced) (ones|players|members|"
    r"lads|starters|people|learners)\b|"
    r"\b(is|was|are|were|well) known (\w+ ){0,4}for\b|"  # known on the estate for fixing bikes
    # what others buy of what they make, in a clause of its own: "- makes hats and sells them"
    r"\b(makes?|making|made) [\w ]{1,30}\band (sells|selling) (them|it|some|a few)\b|"
    # what others judged good: "grows prize onions", "won at the county show"
    rf"{_JUDGED_GOOD}|"
    # "neighbours bring him theirs": sought out for what the sentence named
    r"\b(everybody|everyone|neighbours|people|folk) (asks?|brings?) (him|her|them)\b"
)
# Asked about for someone else ("the Kurdish class - for his granddaughter, not for him"), said
# in the clause after the thing (_AFTER_NOT) or as one of its own (_FOR_SOMEONE_ELSE).
_FOR_SOMEONE_ELSE_WORDS = r"for (his|her|their) \w+,? not (for )?(me|him|her|them)"
_AFTER_NOT = re.compile(
    r"\b(off the list|off limits|(is ?n't|is not|not) (really )?for (me|him|her|them)|is out|"
    r"is a no|(not|is ?n't|was ?n't|(has|have) never been|(was|is) never|never was) (really )?"
    r"(my|his|her|their) "
    r"(thing|cup of tea)|for toffee|"
    r"(is|are) an? (firm|definite|flat|hard|big) no|((is|was) )?not an option|"
    r"bores (me|him|her|them)|is for (him|her|them),? not (me|him|her|them)|"
    rf"{_FOR_SOMEONE_ELSE_WORDS}|"
    r"(is|was) done,? (that'?s|it'?s) not (my|his|her|their) (life|thing)|"
    # "music is his thing, not hers": someone else's pastime
    r"(his|her|their) thing,? not (hers|his|theirs|mine))\b"
)
# Turning down going back to something tried or done before ("says he won't go back").
_REJECT = re.compile(
    r"\b(won'?t|will not|not going to|(do|does|did) ?n[o']t want to|no (desire|wish|plans?) to|"
    r"refus\w* to) (go|going) (back|again)\b|\b(did ?n[o']t|never) (like|enjoy)|\bdone with\b|"
    # "won't do it again", "too slow": tried, and turned down
    r"\b(won'?t|will not|not going to) (do|try) (it|that|them) again\b|"
    r"\btoo (slow|boring|cringe|noisy)\b|"
    r"\bnot for (me|him|her|them|you)\b|\bhated it\b|\bnever again\b|"
    r"\bnever (go|going|went) back\b|"
    r"\b(not|is ?n't|wasn't) (keen|interested|bothered)\b(?! (about|in|on|with|by)\b)|"
    r"\bdeclined\b|\brefused\b|^\W*(no|nil|zero) interest\W*$|"
    # "has no wish to take it up again", "won't pick one up"
    r"\b(no (desire|wish|plans?|intention) to|(do|does|did) ?n[o']t want to|won'?t|will not|"
    r"not going to) (take|pick) ((it|them|one) )?up\b"
)
_FOR_SOMEONE_ELSE = re.compile(rf"\b{_FOR_SOMEONE_ELSE_WORDS}\b")
# "never been to a gym and doesn't want to": what the clause named, turned down at its end.
WISH_TURNED_DOWN = re.compile(
    r"\b((does|do|did) ?n[o']t|(does|do|did) not) want to\W*$|\bno wish to\W*$"
)
# Doing it but disowning it ("only goes because mum makes her and hates it"): no liking, now or
# missed.
_DISOWN = re.compile(
    r"\bhates? (it|them|that|going)\b|"
    r"\b(wants?|wanting|going) to (drop|quit|give up) (it|them|that)\b|"
    r"\b(does ?n[o']t|did ?n[o']t|do ?n[o']t) miss "
    r"(it|them|that)\b|"
    r"\bno interest in (it|them|that|(keeping|doing) (it|them|that)( up)?)\b|"
    r"\bno longer (keen|interested|bothered)\b|\blost (all )?interest\b|\bhated every minute\b|"
    r"\bfinds? (it|them|that) boring\b|\bno interest in going back\b|"
    # "can't be bothered any more" turns away from the thing; "can't be bothered" alone is low mood
    r"\bcan'?t be (arsed|bothered)( with (it|them|that))? any ?more\b|"
    r"\b(does|do|did) ?n[o']t want to (keep going|carry on|continue)\b|"
    r"\b(is ?n't|not|was ?n't) into (it|that|all that|them)\b"
)
# Going back to something done before, said before it ("get back into", "return to") or after
# it, in the same breath ("swimming again", "have another go").
_RETURNING = re.compile(
    r"(?<!give )(?<!gives )(?<!giving )(?<!pay )\bback (in)?to\b|\bback (out|on)\b|"
    r"\breturn(s|ing)? to\b|\bresum\w*|\banother go\b|"
    r"\b(get|gets|go|goes|going|getting|got) back (down|up|round|along|over)\b"
)
_AGAIN = re.compile(r"^[^,;]*?\b(again|once more|another go)\b")
# Having done it before, said of what the sentence named ("played it as a kid", "misses it").
_DONE_IT = re.compile(
    r"\b(used to|did|played|done|tried|had a go|enjoyed|loved|went|misses|missed)\b( \w+)? "
    r"(it|one|them|that|this|before|as an? \w+|when (he|she|they) (was|were)|years ago|back home|"
    r"in (his|her|their) (youth|day|teens|younger days)|all the time|a lot|loads|for years)\b|"
    # going on with something begun ("wants to finish it once things settle")
    r"\b(finish|complete|carry on with|continue with|pick up where (he|she|they) left)\b( \w+)? "
    r"(it|them|that|this|off)\b"
)
# Not having done it, said of what the sentence named ("might go to the group, she's never tried
# it", "neither of which she's done before"): a wish to try, not something they do.
_NEVER_DONE_IT = re.compile(
    r"\b(never|not|n't|yet to)\s+(\w+\s+)?(tried|done|been to|had a go at|had a go)\s+"
    r"(it|one|them|that|this|before|either|owt|anything|any of (it|that|this)|such a thing)\b|"
    r"\b(neither|none) of which\b|\bwhich (he|she|they|su|pt) (has|have|had) ?(not|n't|never) "
    r"(tried|done|been to|had a go)\b|\bnever (\w+ )?(had|taken) (any )?(lessons|classes)\b|"
    r"\bnever been\b(?! (one|interested|keen|into|bothered|a fan|fussed|since|for|in|"
    rf"{_BEEN_HOW})\b)"
)
# Saying yes to something put to them, with nothing named ("- pt keen").
_KEEN = re.compile(
    r"^\W*(\w+ )?(\w+ )?(seemed |seems |is |was |sounded |very |v |quite |really )*(keen|"
    r"interested|up for it|agreed|happy to (try|go|give it a go))\b"
)
# Help someone may want, never something they enjoy, did or could teach.
_ONLY_WANTED = frozenset(["employment-skills", "befriending"])
# Help wanted or a skill to share ("a retired accountant"), never a pastime enjoyed or done.
_NO_PASTIME = frozenset(["money-advice"])
# Needs, not interests: going back to work is still help wanted.
_HELP_CODES = frozenset(["esol", "money-advice", "maths-english", "employment-skills"])


# Past forms that describe the person now, not something they did.
_STATE_ED = frozenset(
    [
        "interested",
        "entitled",
        "eligible",
        "involved",
        "motivated",
        "engaged",
        "isolated",
        "retired",
        "qualified",
        "experienced",
        "skilled",
        "talented",
        "used",
        "tired",
        "bored",
        "scared",
        "worried",
        "pleased",
        "excited",
        "limited",
        "supported",
        "based",
        "called",
        "named",
        "diagnosed",
        "referred",
        "admitted",
        "discharged",
        "prescribed",
        "medicated",
        "housed",
        "married",
        "divorced",
        "separated",
        "widowed",
        "unemployed",
        "employed",
        "self-employed",
        "disabled",
        "detained",
        "sectioned",
        "registered",
        "signed",
        "settled",
        "determined",
        "committed",
        "dedicated",
        "attached",
        "struggled",
        # Reporting and note-taking verbs: a note in the past tense is not about the past.
        "talked",
        "asked",
        "mentioned",
        "reported",
        "explained",
        "discussed",
        "stated",
        "expressed",
        "agreed",
        "described",
        "shared",
        "noted",
        "seemed",
        "appeared",
        "presented",
        "started",
        "joined",
        "attended",
        "enquired",
        "requested",
        "identified",
        "suggested",
        "offered",
    ]
)
_IRREGULAR_PAST = frozenset(
    [
        "did",
        "went",
        "swam",
        "sang",
        "ran",
        "rode",
        "drew",
        "wrote",
        "made",
        "spent",
        "took",
        "caught",
        "built",
        "won",
        "fought",
        "sold",
        "kept",
        "led",
        "grew",
        "knew",
        "taught",
        "flew",
        "sat",
        "stood",
        "threw",
    ]
)
_PERFECT = frozenset(["has", "have", "'s", "'ve", "always"])
# Having, keeping or meeting something is not doing it ("has kept the allotment on").
_HAVING = frozenset(["kept", "had", "got", "made", "found", "lost", "left", "seen", "heard"])
_PARTICIPLES = frozenset(
    ["done", "grown", "sung", "swum", "written", "drawn", "ridden", "sewn", "knitted", "been"]
)
_AGENT = frozenset(["chef", "cook", "mechanic", "handyman", "coach"])


_UNDER_WAY = re.compile(r"\b(is|are|'s|has been|have been|currently|now|already)\s+$")
_DOING = re.compile(r"(learning|trying|joining|exploring|taking up)\b")
# "Mum would like her to try", "encouraged him to join": someone else's wish for the person.
_FOR_THEM = re.compile(r"\s+(him|her|them|pt|su) (to|back)\b")
_OTHERS_WHO = re.compile(
    r"\b(anyone|anybody|people|others|those|someone|everyone|beginners|newcomers|kids|children) "
    r"who (\w+ ){0,2}$"
)


@dataclass(frozen=True)
class Cue:
    """A role cue in a clause: where it starts and ends, and the role it gives."""

    start: int
    end: int
    kind: str
    verb: str = ""  # the lemma, when the cue is a bare past verb ("phoned", "fished")


_ARTICLES = frozenset(["a", "an", "the"])
# After these a word in -ed describes what follows ("interested in relaxed film screenings").
_DESCRIBED = _ARTICLES | frozenset(["in", "on", "at", "for", "with", "of", "about", "into"])


def _past_verbs(clause: Clause) -> list[Cue]:
    """Cues from simple past verbs ('fished', 'played', 'swam') and present perfects."""
    # A present perfect ('has built bird boxes') says what they have been doing: theirs now.
    out: list[Cue] = []
    toks = clause.tokens
    # "spent this morning at the wheel", "went swimming yesterday": what they do these days
    recent = bool(_RECENT.search(clause.text))
    for i, t in enumerate(toks):
        perfect = recent or any(p.raw in _PERFECT for p in toks[max(0, i - 2) : i])
        past = t.raw in _IRREGULAR_PAST or (t.raw.endswith("ed") and t.raw != t.lemma)
        if perfect and t.raw in _PARTICIPLES:
            past = True
        if not past or t.raw in _STATE_ED or perfect and t.raw in _HAVING:
            continue
        nxt = toks[i + 1].raw if i + 1 < len(toks) else ""
        if i and toks[i - 1].raw in _DESCRIBED or (t.raw, nxt) == ("lived", "experience"):
            continue  # "a guided walk", "lived experience": a describing word, not a deed
        out.append(Cue(t.start, t.end, INTEREST if perfect else PAST, t.lemma))
    return out


def cues(clause: Clause) -> list[Cue]:
    """Every role cue in a clause, in order (a longer cue first where two start together)."""
    text = clause.text
    found = [
        Cue(m.start(), m.end(), kind)
        for kind, pattern in (
            (HEDGE, _HEDGE),
            (WANT, _WANT),
            (PAST, _PAST),
            (SKILL, _SKILL),
            (INTEREST, _LIKE),
            (RELAY, _RELAY),
        )
        for m in pattern.finditer(text)
    ]
    found += _past_verbs(clause)
    # "is learning guitar", "has been trying yoga": under way, so theirs now, not a wish
    found = [
        Cue(c.start, c.end, INTEREST)
        if c.kind == WANT and _UNDER_WAY.search(text, 0, c.start) and _DOING.match(text, c.start)
        else c
        for c in found
    ]
    # "happy to teach anyone who wants to learn": the wish is theirs, not the person's
    found = [c for c in found if not (c.kind == WANT and _OTHERS_WHO.search(text, 0, c.start))]
    found = [_whose_wish(text, c) for c in found]
    kept: list[Cue] = []
    for cue in sorted(found, key=lambda c: (c.start, -(c.end - c.start))):
        if kept and cue.start < kept[-1].end:  # "love" inside "would love" is not a cue
            continue
        if cue.kind == RELAY:  # "wants help with": the wish before it reaches on
            if not kept or kept[-1].kind not in (WANT, HEDGE):
                continue
            cue = Cue(cue.start, cue.end, kept[-1].kind)
        kept.append(cue)
    return kept


def _whose_wish(text: str, cue: Cue) -> Cue:
    """The cue, as a hedge when it is a wish for the person ('would like her to try')."""
    # Someone else's wish names no wish of theirs, and neither does the 'try' inside it.
    if cue.kind != WANT:
        return cue
    if _FOR_THEM.match(text, cue.end) or re.search(
        r"\b(him|her|them|pt|su) to\s+$", text[: cue.start]
    ):
        return Cue(cue.start, cue.end, HEDGE)
    return cue


# What frightens them, said just after it, is no pastime ("the idea of singing aloud terrifies
# her"); said further on, the fear may be of something else ("would love to sing one day, never
# has, the thought terrifies him").
_FEARED = re.compile(
    r"[\w' -]{0,25}?\b(terrif|scar|frighten|petrif)(ies|es|ied|ed) (me|him|her|them)\b"
)


def negation_at(clause: Clause, at: int) -> str:
    """How a word at this position is negated: '', 'dislike', 'stopped' or 'untried'."""
    text = clause.text
    last: re.Match[str] | None = None
    for m in _NEGATION.finditer(text):
        if m.end() > at:
            break
        if any(n.start() <= m.start() < n.end() for n in _NOT_NEGATION.finditer(text)):
            continue
        end = next((b.start() for b in _SCOPE_END.finditer(text, m.end())), len(text))
        if end >= at:
            last = m
    if last is None:
        return "dislike" if _AFTER_NOT.search(text, at) or _FEARED.match(text, at) else ""
    around = text[max(0, last.start() - 12) : at]
    untried = _UNTRIED.search(text, last.start())
    if untried is not None and untried.start() < at:
        # "hasn't been to church in years": lapsed, not never tried
        return "stopped" if _LAPSED.search(text, untried.end()) else "untried"
    if _DISLIKE.search(around):
        return "dislike"
    # "hasn't picked up a brush since the winter": lapsed, so once done
    if _STOPPED.search(text) or _LAPSED.search(text, last.end()):
        return "stopped"
    return "dislike"


_WEEKDAY = r"(mon|tues|wednes|thurs|fri|satur|sun)day"
_DAY = rf"({_WEEKDAY}|weekend|weekday)"
_TIME = r"(day|morning|afternoon|evening|night|week|weekend|fortnight|month|year|summer|winter)"
# Said of a day just gone ("this morning", "on Tuesday evening"): what they do these days.
_RECENT = re.compile(
    r"\b(today|yesterday|tonight|last night|this (morning|afternoon|evening|week|weekend)|"
    rf"(yesterday|on {_WEEKDAY}) (morning|afternoon|evening))\b|"
    # "spent most of the morning at the carrom board": the session being written up
    r"\bspent (most of |much of |all )?the (morning|afternoon|evening|session)\b"
)
# How often they do something, in general English ("on Sundays", "most nights", "twice a week",
# "religiously", "spends her evenings", "is always at"): a habit says a thing or place named in
# the same clause is what they do, not only what they have or where they were.
_FREQUENCY = re.compile(
    rf"\b(on|most|all|every|each) {_DAY}s\b|\b(every|each) (other )?({_TIME}|{_DAY})\b|"
    rf"\bmost {_TIME}s\b|\b(once|twice|(\w+|a few|a couple of) times) (a|an|per|every) {_TIME}\b|"
    r"\b(daily|nightly|weekly|fortnightly|"
    r"regularly|religiously|usually|normally|routinely|habitually|frequently|without fail)\b|"
    rf"\bnever miss(es)?\b|\bof an? {_TIME}\b|\b(at|on|over) (the )?weekends?\b|"
    rf"\bspends? (most |all |much |a lot )?(of )?(his|her|their) (\w+ )?({_TIME}s|time|hours)\b|"
    r"\b(is|are|'s) (always|often|usually|forever|constantly) (at|on|in|down|up|out)\b"
)
