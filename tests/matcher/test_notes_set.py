"""The notes reader against an independently labelled set of case notes (notes_set.json).

The set was written and labelled by someone who had not read the reader's code; its wording is
never used to write the reader's rules. Precision and recall are micro-averaged over every
note, per role: interests (enjoys now or used to, as the matcher weighs both as interests),
wants (to try) and skills (to share).

notes_set_fresh.json and notes_set_fresh2.json are held-back sets of 20 notes each, written
and labelled before the reader was changed (fresh2 by someone who had not read the reader);
they are only measured, never read to write rules. notes_set_fresh3.json is a third held-back
set of 40 notes (h01..h40) in the same format, written and labelled blind to the reader's code.
notes_set_fresh4.json is a fourth set of 60 notes (k01..k60), written and labelled blind to
the reader's code and to the other sets' texts, and since read to find kinds of error.
notes_set_fresh5.json is a fifth set of 60 notes (m01..m60), written and labelled the same way
by someone else, measured blind for two rounds and since read to find kinds of error (partly
fitted). notes_set_fresh6.json is a sixth set of 60 notes, written and labelled blind by someone
who never read the reader, measured blind for two rounds and since read to find kinds of error
(partly fitted). notes_set_fresh7.json (q01..q60), written and labelled blind by a third hand,
was measured blind for three rounds and since read (partly fitted). notes_set_fresh8.json
(r01..r60), written and labelled blind by a fourth hand, was measured blind for a round and
since read (partly fitted). notes_set_fresh9.json (s01..s60) and notes_set_fresh10.json
(t01..t60), written and labelled blind by a fifth and a sixth hand, were measured blind for
rounds and since read (partly fitted), as were notes_set_fresh11.json (u01..u60, a seventh hand)
and notes_set_fresh12.json (v01..v60, an eighth), and notes_set_fresh13.json (w01..w60, a ninth).
notes_set_fresh15.json (y01..y60, an eleventh hand) and notes_set_fresh16.json (z01..z60, a
twelfth) were measured blind and since read (partly fitted), as were notes_set_fresh14.json
(x01..x60), notes_set_fresh17.json (a01..a60) and notes_set_fresh18.json (b01..b60), by a tenth,
a thirteenth and a fourteenth hand, and notes_set_fresh19.json (c01..c60) and
notes_set_fresh20.json (d01..d60), by a fifteenth and a sixteenth hand, and
notes_set_fresh21.json (e01..e60) and notes_set_fresh22.json (f01..f60), by a seventeenth and an
eighteenth hand, and notes_set_fresh23.json (g01..g60) and notes_set_fresh24.json (h01..h60), by
a nineteenth and a twentieth hand, and notes_set_fresh25.json (i01..i60) and
notes_set_fresh26.json (j01..j60), by a twenty-first and a twenty-second hand.
notes_set_fresh27.json (k01..k60) and notes_set_fresh28.json (l01..l60), by a twenty-third and a
twenty-fourth hand, were measured blind and since read (partly fitted).
notes_set_fresh29.json (m01..m60) and notes_set_fresh30.json (n01..n60), by a twenty-fifth and a
twenty-sixth hand, were measured blind and since read (partly fitted).
notes_set_fresh31.json (o01..o60) and notes_set_fresh32.json (p01..p60), by a twenty-seventh and
a twenty-eighth hand, were measured blind and since read (partly fitted).
notes_set_fresh33.json (q01..q60) and notes_set_fresh34.json (r01..r60), by a twenty-ninth and a
thirtieth hand, were measured blind and since read (partly fitted).
notes_set_fresh35.json (s01..s60) and notes_set_fresh36.json (t01..t60), by a thirty-first and
a thirty-second hand, are measurement only: the honest measure of unseen wording, as is
notes_set_fresh37.json (w01..w60), by a thirty-third hand, with a "not" role as well.
notes_set_fresh38.json (x01..x60) and notes_set_fresh39.json (y01..y60), by a thirty-fourth and a
thirty-fifth hand; fresh38 was read to find kinds of error (partly fitted), fresh39 is measurement
only. Their writer labelled a wish to go back to something as both past and want; those 20 and 23
double labels were dropped from wants to keep the sets' one-role-per-term convention.
notes_set_fresh41.json (g01..g60), by a thirty-seventh hand, is measurement only.
notes_set_fresh42.json (n01..n60) and notes_set_fresh43.json (p01..p60), by a thirty-eighth and
a thirty-ninth hand, are measurement only. Both mark a wish to go back to something done before
in "again" (a subset of "past"); fresh42's writer first put those 12 in wants, and a second pass
that read only the labelled notes moved them to past. notes_set_fresh44.json (q01..q60) and
notes_set_fresh45.json (r01..r60), by a fortieth and a forty-first hand, were measured blind and
since read to find kinds of error (partly fitted), as were notes_set_fresh46.json (s01..s60) and
notes_set_fresh47.json (t01..t60), by a forty-second and a forty-third hand, and
notes_set_fresh48.json (u01..u60) and notes_set_fresh49.json (v01..v60), by a forty-fourth and a
forty-fifth. notes_set_fresh50.json (w01..w60) and notes_set_fresh51.json (x01..x60), by a
forty-sixth and a forty-seventh hand, are measurement only.
notes_set_fresh40.json (v01..v60), by a thirty-sixth hand in the voluntary-sector narrative style
of fresh39, was read to find kinds of error (partly fitted).

Run `python tests/matcher/test_notes_set.py` to print the figures.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from matcher import notes

SET = Path(__file__).with_name("notes_set.json")
FRESH = Path(__file__).with_name("notes_set_fresh.json")
FRESH2 = Path(__file__).with_name("notes_set_fresh2.json")
FRESH3 = Path(__file__).with_name("notes_set_fresh3.json")
FRESH4 = Path(__file__).with_name("notes_set_fresh4.json")
FRESH5 = Path(__file__).with_name("notes_set_fresh5.json")
FRESH6 = Path(__file__).with_name("notes_set_fresh6.json")
FRESH7 = Path(__file__).with_name("notes_set_fresh7.json")
FRESH8 = Path(__file__).with_name("notes_set_fresh8.json")
FRESH9 = Path(__file__).with_name("notes_set_fresh9.json")
FRESH10 = Path(__file__).with_name("notes_set_fresh10.json")
FRESH11 = Path(__file__).with_name("notes_set_fresh11.json")
FRESH12 = Path(__file__).with_name("notes_set_fresh12.json")
FRESH13 = Path(__file__).with_name("notes_set_fresh13.json")
FRESH14 = Path(__file__).with_name("notes_set_fresh14.json")
FRESH15 = Path(__file__).with_name("notes_set_fresh15.json")
FRESH16 = Path(__file__).with_name("notes_set_fresh16.json")
FRESH17 = Path(__file__).with_name("notes_set_fresh17.json")
FRESH18 = Path(__file__).with_name("notes_set_fresh18.json")
FRESH19 = Path(__file__).with_name("notes_set_fresh19.json")
FRESH20 = Path(__file__).with_name("notes_set_fresh20.json")
FRESH21 = Path(__file__).with_name("notes_set_fresh21.json")
FRESH22 = Path(__file__).with_name("notes_set_fresh22.json")
FRESH23 = Path(__file__).with_name("notes_set_fresh23.json")
FRESH24 = Path(__file__).with_name("notes_set_fresh24.json")
FRESH25 = Path(__file__).with_name("notes_set_fresh25.json")
FRESH26 = Path(__file__).with_name("notes_set_fresh26.json")
FRESH27 = Path(__file__).with_name("notes_set_fresh27.json")
FRESH28 = Path(__file__).with_name("notes_set_fresh28.json")
FRESH29 = Path(__file__).with_name("notes_set_fresh29.json")
FRESH30 = Path(__file__).with_name("notes_set_fresh30.json")
FRESH31 = Path(__file__).with_name("notes_set_fresh31.json")
FRESH32 = Path(__file__).with_name("notes_set_fresh32.json")
FRESH33 = Path(__file__).with_name("notes_set_fresh33.json")
FRESH34 = Path(__file__).with_name("notes_set_fresh34.json")
FRESH35 = Path(__file__).with_name("notes_set_fresh35.json")
FRESH36 = Path(__file__).with_name("notes_set_fresh36.json")
FRESH37 = Path(__file__).with_name("notes_set_fresh37.json")
FRESH38 = Path(__file__).with_name("notes_set_fresh38.json")
FRESH39 = Path(__file__).with_name("notes_set_fresh39.json")
FRESH40 = Path(__file__).with_name("notes_set_fresh40.json")
FRESH41 = Path(__file__).with_name("notes_set_fresh41.json")
FRESH42 = Path(__file__).with_name("notes_set_fresh42.json")
FRESH43 = Path(__file__).with_name("notes_set_fresh43.json")
FRESH44 = Path(__file__).with_name("notes_set_fresh44.json")
FRESH45 = Path(__file__).with_name("notes_set_fresh45.json")
FRESH46 = Path(__file__).with_name("notes_set_fresh46.json")
FRESH47 = Path(__file__).with_name("notes_set_fresh47.json")
FRESH48 = Path(__file__).with_name("notes_set_fresh48.json")
FRESH49 = Path(__file__).with_name("notes_set_fresh49.json")
FRESH50 = Path(__file__).with_name("notes_set_fresh50.json")
FRESH51 = Path(__file__).with_name("notes_set_fresh51.json")
ROLES = {"interests": ("interest", "past"), "wants": ("want",), "skills": ("skill",)}
# The measured floor, a little below what the reader reaches on the set (0.97/0.97, 0.91/0.97,
# 0.92/0.85; it was 0.62/0.92, 0.70/0.66, 0.43/0.23): above the target of 0.85
# precision and 0.80 recall on every role.
# Issue #20 round (needs, offers, sideways wishes, skills said as work for others): 0.97/0.99,
# 0.94/0.97, 0.92/0.85. Next round (who does it, idioms, day-to-day living, mentoring): 0.99/0.99,
# 0.94/0.97, 0.92/0.92.
FLOOR = {
    "interests": (0.96, 0.96),
    "wants": (0.92, 0.95),
    "skills": (0.90, 0.90),
}
# The held-back sets are measured, not fitted, so their floors sit a little below what is
# reached: they say only that the reader has not fallen back. fresh: 0.52/0.88, 1.00/0.30,
# 0.67/0.40 on the reader it was written before, now 1.00/1.00, 1.00/1.00, 0.83/1.00. fresh2:
# 0.73/0.76, 0.92/0.79, 0.50/0.33 on the reader it was written before, now 0.89/0.96,
# 1.00/1.00, 1.00/1.00. A jigsaw or a sudoku done alone is no board game to the later labellers
# (fresh3, fresh8, fresh9, fresh12): read so since 2026-12-05, fresh's two such labels are missed
# (interests recall 0.92). Nor is a place of worship where something else is done (teaching at
# the mosque, singing in the church choir) faith to the later labellers (fresh14, fresh15,
# fresh17, fresh19, fresh20, by five hands): read so since 2026-12-05, fresh's one such label is
# missed (recall 0.88).
FRESH_FLOOR = {
    "interests": (0.95, 0.86),
    "wants": (0.95, 0.95),
    "skills": (0.80, 0.95),
}
FRESH2_FLOOR = {
    "interests": (0.85, 0.92),
    "wants": (0.95, 0.95),
    "skills": (0.95, 0.95),
}
# fresh3, like fresh2, only says the reader has not fallen back. On the reader it was written
# before: 0.61/0.64, 0.60/0.50, 0.78/0.64. Its first half (h01-h20) was then read to find kinds
# of error, never single notes; the second half (h21-h40) is only ever measured in aggregate
# (0.74/0.79, 0.67/0.55, 0.60/0.50, still under the target). All sets follow one
# labelling rule: done before and wanted again is past (an interest), never a want; a former
# trade is a skill. Over all 40 then 0.78/0.86, 0.81/0.65, 0.80/0.73. The second half was then
# released and read too (two of its labels corrected to the rule: h34 music, h38 crafts are
# done now, so not wants); now 0.84/0.91, 0.89/0.89, 1.00/0.82, partly fitted. Issue #20 round:
# 0.84/0.93, 0.94/0.89, 1.00/0.82; next round 0.84/0.93, 1.00/0.89, 1.00/0.91; the round that
# read fresh6: 0.86/0.93, 1.00/0.89, 1.00/0.91. Wants 0.94 since work wished for in its own
# words is read (h10 "improve her written English so she can apply for office work": its label
# has ESOL alone).
FRESH3_FLOOR = {
    "interests": (0.84, 0.91),
    "wants": (0.93, 0.86),
    "skills": (0.95, 0.88),
}
# fresh4 was written blind (its labels fixed before the reader was first run on it): 0.68/0.72,
# 0.43/0.65, 0.70/0.50 on the reader as it stood; 0.71/0.83, 0.55/0.74, 0.67/0.57 after a
# round of fixes from the other sets, 0.73/0.83, 0.50/0.70, 0.67/0.57 after a second. Fixes
# fitted to the read sets did not carry over, so fresh4 was then released and read (no longer
# blind: kinds of error, never single notes, were fixed: who a clause is about, tense and
# modality, look-alike phrases, skills from praise and repute): now 0.86/0.90, 0.61/0.87,
# 0.82/0.64, partly fitted. The honest measure of unseen wording is a fifth set. Issue #20
# round (kinds of error, general rules only): 0.86/0.91, 0.78/0.91, 0.90/0.64; next round
# 0.86/0.91, 0.88/0.91, 0.90/0.64; the round that read fresh6: 0.88/0.91, 0.88/0.91, 0.90/0.64.
# Since a place of worship where something else is done is its venue (see FRESH_FLOOR): two faith
# labels are missed (interests recall 0.88).
FRESH4_FLOOR = {
    "interests": (0.86, 0.86),
    "wants": (0.85, 0.89),
    "skills": (0.88, 0.62),
}

# fresh5 was written blind by another hand (other regions, walks of life and styles; labels
# committed before the reader was first run on it) and is measurement only: never read to write
# rules. Measured on the reader as it stood: 0.80/0.88, 0.75/0.69, 0.62/0.42 (65 of 81 found /
# 74 labelled, 18/24/26, 5/8/12); the floor is about one note's slack below. After a round of
# fixes from fresh4's errors (this set still unread): 0.82/0.88, 0.72/0.69, 0.62/0.42.
# Issue #20 round (still unread, aggregate only): 0.82/0.88, 0.74/0.65, 0.67/0.50 (a plain need
# such as limited English is no longer a wish: one labelled want and one unlabelled one fewer).
# It was then released and read to find kinds of error (never single notes): now 0.96/0.89,
# 0.81/0.81, 0.88/0.58, partly fitted.
FRESH5_FLOOR = {
    "interests": (0.93, 0.87),
    "wants": (0.78, 0.78),
    "skills": (0.80, 0.55),
}
# fresh6 was written and labelled blind by someone who never read the reader (60 notes, labels
# committed first). Its blind figures: 0.69/0.88, 0.64/0.72, 0.71/0.50 on the reader of 364ce1b,
# and 0.70/0.88 (74 found / 106 suggested / 84 labelled), 0.78/0.72, 0.69/0.55 after two rounds
# of fixes from the other sets. It was then released and read to find kinds of error on new
# wording (never single notes; general rules only: a form as written over its lemma, places and
# company an activity is done at or with, paperwork, styles, episodes, things owned or shown,
# names that are trades, reasons after "so that" unless work or volunteering): now 0.77/0.89
# (75/98/84), 0.82/0.79 (23/28/29), 0.79/0.55 (11/14/20), partly fitted from here on. About a
# note's slack below.
FRESH6_FLOOR = {
    "interests": (0.75, 0.88),
    "wants": (0.81, 0.75),
    "skills": (0.71, 0.50),
}
# fresh7 was written and labelled blind by a third hand (60 notes, q01..q60: more settings and
# styles, emails and phone calls, hobbies named by their objects; labels committed before the
# reader was first run on it) and is measurement only: never read to write rules. On the reader
# of 364ce1b: 0.61/0.75 (50 found / 82 suggested / 67 labelled), 0.66/0.66 (19/29/29), 0.65/0.58
# (11/17/19); after the rounds that read fresh4, fresh5 and fresh6: 0.63/0.75 (50/79/67),
# 0.73/0.66 (19/26/29), 0.67/0.74 (14/21/19) — far below the target on unseen wording. The floor
# is about one note's slack below. Whoever changes the reader: measure it only in aggregate.
# After the structural round (a thing or place counts after a past verb only when the verb is of
# doing it or of taking part): 0.65/0.75 (50/77/67), 0.73/0.66 (19/26/29), 0.67/0.74 (14/21/19).
# After habit cues ("on Sundays", "most nights", "spends her evenings") make a thing or place the
# first named count, and "parish" counts only with a cue: 0.66/0.76 (51/77/67), 0.73/0.66
# (19/26/29), 0.70/0.74 (14/20/19). It was then released and read to find kinds of error
# (never single notes; general rules only: names with an age and relatives' names, "running"
# idioms, a job described is work, a medium after an activity, walking dogs, writing a CV,
# "like" after a noun, a reason after "so" is no return, showing someone how, tutoring): now
# 0.83/0.90 (60/72/67), 0.89/0.86 (25/28/29), 0.86/0.95 (18/21/19), partly fitted from here on.
FRESH7_FLOOR = {
    "interests": (0.81, 0.87),
    "wants": (0.85, 0.82),
    "skills": (0.80, 0.89),
}
# fresh8 was written and labelled blind by a fourth hand (60 notes, r01..r60, labels committed
# before the reader was first run on it) and is measurement only: never read to write rules.
# On the reader of 190337f: 0.68/0.80 (61 found / 90 suggested / 76 labelled), 0.71/0.69
# (27/38/39), 0.75/0.65 (15/20/23). After the round that read fresh7: 0.68/0.80 (61/90/76),
# 0.71/0.69 (27/38/39), 0.71/0.65 (15/21/23): the fixes fitted to fresh7 did not carry over at
# all, still far below the target on unseen wording. It was then released and read for kinds of
# error (the thing mended is the mending; a hall is a venue; a walking form of a sport is the
# sport; an app used is no programming; a few words of the activities): now 0.71/0.86
# (65/91/76), 0.77/0.69 (27/35/39), 0.73/0.70 (16/22/23), partly fitted from here on; after
# the rounds that read fresh8, fresh9 and fresh10 (2026-12-05): 0.78/0.86 (65/83/76), 0.79/0.69
# (27/34/39), 0.76/0.70 (16/21/23).
FRESH8_FLOOR = {
    "interests": (0.76, 0.83),
    "wants": (0.76, 0.66),
    "skills": (0.71, 0.65),
}
# fresh9 was written and labelled blind by a fifth hand (60 notes, s01..s60: supported housing,
# prisons and probation, wards, crisis teams, carers', student and refugee services; labels
# committed before the reader was first run on it), measurement only like fresh8. On the reader
# of 190337f: 0.64/0.80 (68 found / 106 suggested / 85 labelled), 0.65/0.69 (22/34/32),
# 0.57/0.50 (12/21/24); after the round that read fresh7: 0.65/0.80 (68/105/85), 0.66/0.72
# (23/35/32), 0.57/0.54 (13/23/24); after the round that read fresh8: 0.65/0.80 (68/104/85),
# 0.64/0.72 (23/36/32), 0.57/0.54 (13/23/24); blind, after the round that read fresh8 again
# (2026-12-05): 0.66/0.80 (68/103/85), 0.64/0.72, 0.57/0.54. Then read for kinds of error (a
# thing disowned, never tried, a culture, Scots negation, teaching said in the past): 0.75/0.79
# (67/89/85), 0.69/0.78 (25/36/32), 0.65/0.71 (17/26/24), partly fitted from here on.
FRESH9_FLOOR = {
    "interests": (0.73, 0.76),
    "wants": (0.66, 0.75),
    "skills": (0.61, 0.66),
}
# fresh10 was written and labelled blind by a sixth hand (60 notes, t01..t60: CPA reviews, OT
# assessments, social-prescribing conversations, discharge summaries, MDT and text-style notes),
# measurement only. On the reader of 190337f: 0.67/0.84 (68 found / 102 suggested / 81
# labelled), 0.77/0.73 (27/35/37), 0.58/0.48 (11/19/23); after the rounds that read fresh7 and
# fresh8: 0.67/0.84 (68/101/81), 0.79/0.73 (27/34/37), 0.59/0.57 (13/22/23); blind, after the
# rounds that read fresh8 again and fresh9 (2026-12-05): 0.69/0.84 (68/98/81), 0.82/0.73, 0.59/0.57.
# Then read for kinds of error (someone else's thing, a firm no, a heading, errands): 0.78/0.85
# (69/88/81), 0.82/0.76 (28/34/37), 0.65/0.57 (13/20/23), partly fitted from here on.
FRESH10_FLOOR = {
    "interests": (0.76, 0.83),
    "wants": (0.79, 0.72),
    "skills": (0.60, 0.52),
}
# fresh11 (u01..u60: learning-disability, memory, perinatal, homeless outreach, veterans', drug
# and alcohol, GP, transition, EIP and forensic teams) and fresh12 (v01..v60: market-town CMHTs,
# coastal social prescribing, eating-disorder and autism teams, reablement, carers' centres,
# tenancy sustainment, A&E liaison, faith-community, Gypsy/Traveller and community projects) were
# written and labelled blind by a seventh and an eighth hand, labels committed before the reader
# was first run on them; measurement only. fresh11 on the reader of 52a4f6b: 0.67/0.81 (51/76/63),
# 0.68/0.85 (17/25/20), 0.83/0.45 (5/6/11); after this day's rounds: 0.70/0.81 (51/73/63), 0.71/0.85
# (17/24/20), 0.83/0.45. fresh12 on 52a4f6b: 0.67/0.78 (49/73/63), 0.67/0.80 (16/24/20), 0.53/0.50
# (8/15/16); after: 0.69/0.79 (50/72/63), 0.70/0.80 (16/23/20), 0.56/0.56 (9/16/16). About one
# note's slack.
# fresh11 was then read for kinds of error (a walking stick, a terraced house, the gym a mate
# runs, 'done with', training some of the others): 0.76/0.84 (53/70/63), 0.75/0.90 (18/24/20),
# 0.89/0.73 (8/9/11), partly fitted from here on; fresh12, still blind, skills 0.56/0.56 (9/16/16).
FRESH11_FLOOR = {
    "interests": (0.73, 0.81),
    "wants": (0.70, 0.85),
    "skills": (0.80, 0.63),
}
# fresh12 was then read for kinds of error (runner beans, an address, housing repairs, meds
# collected, meals eaten, a jigsaw alone): 0.82/0.81 (51/62/63), 0.76/0.80 (16/21/20), 0.69/0.56
# (9/13/16), partly fitted from here on.
FRESH12_FLOOR = {
    "interests": (0.80, 0.79),
    "wants": (0.71, 0.75),
    "skills": (0.61, 0.50),
}
# fresh13 (w01..w60: inner-city CMHTs, rehab units, crisis cafes, talking therapies, IPS
# employment, prison release, college wellbeing, men's sheds, rural Wales, the Borders, Cornwall
# and the Fens) was written and labelled blind by a ninth hand, labels committed before the reader
# was first run on it; measurement only. On the reader of 52a4f6b: 0.64/0.81 (50/78/62),
# 0.59/0.73 (16/27/22), 0.67/0.40 (4/6/10); after this day's rounds: 0.66/0.82 (51/77/62),
# 0.59/0.73, 0.67/0.40. About one note's slack below.
# fresh13 was then read for kinds of error (a place's name such as Villa Park or Brick Lane, a
# letter's "I am writing", organisations that run things, a horse ridden, dictation's "full
# stop", the last word on a thing given up): 0.88/0.94 (58/66/62), 0.86/0.82 (18/21/22), 0.83/0.50
# (5/6/10), partly fitted from here on.
FRESH13_FLOOR = {
    "interests": (0.85, 0.90),
    "wants": (0.80, 0.77),
    "skills": (0.70, 0.40),
}
# fresh14 (x01..x60: a seaside older adults' CMHT, faith and Polish, Romanian and Irish community
# workers, a deaf service, an LGBTQ+ youth project, farming and mining-town groups, student
# counselling, discharge to assess, advice lines, a rough-sleeping navigator, a secure unit) was
# written and labelled blind by a tenth hand, labels committed before the reader was first run on
# it; measurement only. On the reader of 52a4f6b: 0.55/0.75 (47/86/63), 0.63/0.63 (15/24/24),
# 0.67/0.59 (10/15/17); after this day's rounds: 0.58/0.78 (49/85/63), 0.67/0.67 (16/24/24),
# 0.67/0.59. About one note's slack below.
# After the round that read fresh13 and fresh15 (2026-12-05, second day): 0.60/0.79 (50/84/63),
# 0.68/0.63 (15/22/24), 0.67/0.59 (10/15/17).
FRESH14_FLOOR = {
    "interests": (0.56, 0.76),
    "wants": (0.62, 0.58),
    "skills": (0.60, 0.52),
}
# fresh15 (y01..y60: Northern Ireland, Glasgow housing first, Gwynedd in Welsh, dementia liaison,
# probation, young carers, a refugee drop-in, social prescribing, supported living, PICU
# discharge, transition at 17) and fresh16 (z01..z60: a Bradford women's group, a fishing
# village, stroke rehab, a recovery college, peer support, perinatal, a disability employment
# adviser, hoarding, hearing voices, sheltered housing, addictions aftercare, a trans support
# service) were written and labelled blind by an eleventh and a twelfth hand, labels committed
# before the reader was first run on them. On the reader of ce95060: fresh15 0.57/0.91
# (58/101/64), 0.75/0.80 (24/32/30), 1.00/0.81 (17/17/21); fresh16 0.63/0.81 (52/82/64),
# 0.72/0.69 (18/25/26), 0.80/0.75 (12/15/16). fresh15 was then read (someone's faith as who they
# are, pills called tablets, a haircut, a self-catering flat, "none of which he has done"):
# 0.69/0.94 (60/87/64), 0.85/0.97 (29/34/30), 1.00/0.81, partly fitted from here on. fresh16, still
# blind then: 0.67/0.81 (52/78/64), 0.72/0.69 (18/25/26), 0.80/0.75 (12/15/16); then read (a place
# called a Bridge or a Court, a works, a fish supper, a course that is running, "doesn't miss it",
# "wants to finish it", "lost all interest"): 0.81/0.89 (57/70/64), 0.75/0.69 (18/24/26), 0.86/0.75
# (12/14/16), partly fitted from here on.
FRESH15_FLOOR = {
    "interests": (0.66, 0.90),
    "wants": (0.80, 0.90),
    "skills": (0.90, 0.76),
}
FRESH16_FLOOR = {
    "interests": (0.78, 0.86),
    "wants": (0.70, 0.65),
    "skills": (0.80, 0.68),
}
# fresh17 (a01..a60: a rural older people's team, a dockside centre, Gujarati elders, an eating
# disorders day programme, forensic community, a student nightline, a hostel, a learning
# disability day service, bereavement, Highland carers, a veterans' breakfast club, a Jewish
# community social worker) and fresh18 (b01..b60: a valleys link worker, EIP, a Somali women's
# group, prison in-reach, a parent-and-baby unit, long-COVID rehab, a community allotment,
# library digital inclusion, Traveller liaison, Care Act assessments, youth offending, a memory
# clinic) were written and labelled blind by a thirteenth and a fourteenth hand and committed
# before the reader was first run on them; measurement only. On the reader this day began with
# (ce95060): fresh17 0.62/0.77 (58/94/75), 0.76/0.94 (29/38/31), 0.68/0.72 (13/19/18); fresh18
# 0.63/0.80 (61/97/76), 0.65/0.59 (20/31/34), 0.79/0.79 (19/24/24). After the rounds that read
# fresh13, fresh15 and fresh16: fresh17 0.63/0.80 (60/96/75), wants and skills unchanged; fresh18
# 0.64/0.80 (61/95/76), 0.66/0.62 (21/32/34), skills unchanged. The fresh16 round moved neither.
# After the rounds on requests, referral headings and skills done for others (read sets' role
# errors): fresh17 0.63/0.80 (60/95/75), 0.77/0.97 (30/39/31), 0.65/0.72 (13/20/18); fresh18
# 0.65/0.80 (61/94/76), 0.67/0.65 (22/33/34), 0.79/0.79 (19/24/24).
# After the rounds on being shown, going along with someone, peers in the same position, helping
# out and the read sets' counts (darts, costumes, a bare "friends"): fresh17 0.64/0.80 (60/94/75),
# 0.77/0.97, 0.67/0.78 (14/21/18); fresh18 unchanged; fresh14 0.61/0.79 (50/82/63), 0.70/0.67
# (16/23/24), 0.67/0.59.
FRESH17_FLOOR = {
    "interests": (0.59, 0.77),
    "wants": (0.73, 0.90),
    "skills": (0.63, 0.66),
}
FRESH18_FLOOR = {
    "interests": (0.61, 0.77),
    "wants": (0.62, 0.58),
    "skills": (0.75, 0.75),
}
# fresh19 (c01..c60: a Cornish coastal CMHT, Punjabi-speaking carers, a Glasgow hostel, perinatal,
# veterans, learning disability nursing, student wellbeing, a crisis house, a farming community,
# a dementia day service, trans peer support, drug and alcohol recovery) and fresh20 (d01..d60:
# a rural social prescriber, Bangladeshi family support, forensic community, eating disorders,
# an island community nurse, hearing voices, refugee resettlement, a mental health pharmacist,
# tenancy sustainment, miners' welfare, autism assessment, bereavement) were written and labelled
# blind by a fifteenth and a sixteenth hand and committed before their notes were read;
# measurement only. On the reader of e670a5b: fresh19 0.69/0.96 (66/95/69), 0.78/0.84 (21/27/25),
# 0.91/0.77 (10/11/13); fresh20 0.68/0.77 (65/95/85), 0.70/0.75 (21/30/28), 0.61/0.58 (14/23/24).
# After the round that read fresh14, fresh17 and fresh18 (a relative named at a sentence's start,
# identity fields, sign-offs, getting about, devices, festivals): fresh19 0.70/0.96 (66/94/69),
# wants and skills unchanged; fresh20 0.69/0.75 (64/93/85), 0.68/0.75 (21/31/28), skills unchanged.
FRESH19_FLOOR = {
    "interests": (0.66, 0.93),
    "wants": (0.73, 0.80),
    "skills": (0.80, 0.69),
}
FRESH20_FLOOR = {
    "interests": (0.65, 0.73),
    "wants": (0.64, 0.71),
    "skills": (0.56, 0.54),
}
# fresh21 (e01..e60: a Liverpool Irish centre, a Cardiff Somali youth mentor, Kent older adults,
# a gurdwara welfare volunteer, an adult ADHD clinic, hill farming, Luton CPA reviews, a deaf
# service, a men's shed, parish outreach, IPS employment, hospice day therapy) and fresh22
# (f01..f60: a Gujarati elders' lunch club, Edinburgh homeless health, a boatyard apprenticeship,
# first-episode psychosis, Polish community advice, a high-secure OT, a mining village, a crisis
# line, a lesbian and bisexual women's group, a school counsellor, welfare rights, dementia carers)
# were written and labelled blind by a seventeenth and an eighteenth hand and committed before
# their notes were read; measurement only. On the reader of e670a5b: fresh21 0.69/0.85
# (68/99/80), 0.64/0.72 (23/36/32), 0.67/0.73 (16/24/22); fresh22 0.68/0.84 (61/90/73), 0.67/0.70
# (14/21/20), 0.86/0.71 (12/14/17). On 5091952 (after the rounds that read fresh14, fresh17 and
# fresh18): fresh21 0.69/0.85, 0.64/0.72, 0.68/0.77 (17/25/22); fresh22 0.68/0.84 (61/89/73),
# wants and skills unchanged.
FRESH21_FLOOR = {
    "interests": (0.65, 0.82),
    "wants": (0.60, 0.68),
    "skills": (0.63, 0.68),
}
FRESH22_FLOOR = {
    "interests": (0.65, 0.80),
    "wants": (0.62, 0.65),
    "skills": (0.80, 0.64),
}
# fresh23 (g01..g60: Swindon rehabilitation, Caribbean elders, a Grimsby fishing community,
# perinatal peer support, oil-industry redundancy, a Turkish and Kurdish centre, a Lakes GP
# practice, liaison psychiatry, Pakistani carers, autism social work, probation, a care home's
# activities) and fresh24 (h01..h60: retired steelworkers, an African-Caribbean mental health
# charity, a Welsh-speaking memory service, discharge coordination, young carers, Chinese
# community wellbeing, Gypsy and Traveller health visiting, a recovery college, a GP social
# prescriber, perinatal psychiatry letters, an Orkney CPN, a mosque welfare committee) were
# written and labelled blind by a nineteenth and a twentieth hand and committed before their
# notes were read; measurement only. On the reader of e670a5b: fresh23 0.74/0.91 (64/86/70),
# 0.64/0.75 (21/33/28), 0.85/0.55 (11/13/20); fresh24 0.66/0.79 (59/89/75), 0.62/0.80 (24/39/30),
# 0.71/0.68 (15/21/22). On d73fca5 (after the rounds that read fresh14 to fresh20): fresh23
# 0.75/0.91 (64/85/70), 0.66/0.75 (21/32/28), skills unchanged; fresh24 interests and skills
# unchanged, 0.63/0.80 (24/38/30).
FRESH23_FLOOR = {
    "interests": (0.71, 0.88),
    "wants": (0.60, 0.71),
    "skills": (0.80, 0.50),
}
FRESH24_FLOOR = {
    "interests": (0.63, 0.76),
    "wants": (0.58, 0.76),
    "skills": (0.66, 0.63),
}
# fresh25 (i01..i60: a naval veterans' breakfast club, Roma outreach, farm-labourer retirement
# visits, assertive outreach, a Kurdish refugee women's group, stroke rehabilitation, a hop-farming
# village, bipolar peer support, a Nigerian church welfare officer, a sixth-form counsellor,
# supported employment, discharge to assess) and fresh26 (j01..j60: an Asian elders' day centre,
# tin-mining heritage volunteers, perinatal health visiting, a men's football project, a Sudanese
# association, a Shetland CPN, care leavers, a Jewish care home, a memory service, housing
# support, sight loss, self-harm liaison; its brief also carried fresh18's settings by a slip in
# the prompt) were written and labelled blind by a twenty-first and a twenty-second hand and
# committed before their notes were read; measurement only. On the reader of e670a5b: fresh25
# 0.64/0.80 (49/77/61), 0.61/0.71 (22/36/31), 0.82/0.53 (9/11/17); fresh26 0.69/0.83 (67/97/81),
# 0.72/0.79 (31/43/39), 0.67/0.37 (10/15/27). On ce922d4 (after the rounds that read fresh14 to
# fresh22): fresh25 0.65/0.80 (49/75/61), wants and skills unchanged; fresh26 0.71/0.84
# (68/96/81), 0.74/0.79 (31/42/39), 0.71/0.37 (10/14/27).
FRESH25_FLOOR = {
    "interests": (0.60, 0.75),
    "wants": (0.57, 0.67),
    "skills": (0.75, 0.47),
}
FRESH26_FLOOR = {
    "interests": (0.66, 0.80),
    "wants": (0.69, 0.76),
    "skills": (0.60, 0.33),
}
# fresh27 (k01..k60: a Hartlepool CMHT, Somali elders, a farming families' crisis line, a
# Bangladeshi youth worker, an eating-disorder day service, a colliery village, homeless outreach
# in Inverness, a perinatal peer group, prison resettlement, older LGBT+ befriending, a university
# counsellor, a dementia carers' cafe) and fresh28 (l01..l60: pottery-industry retirees, a Tamil
# community centre, rural Mind outreach, a recovery college peer tutor, mill-town carers,
# Portuguese-speaking families, an ex-servicemen's club, a learning disability day service, a
# clozapine clinic, bereavement support, older adults' social work, IAPT step two) were written
# and labelled blind by a twenty-third and a twenty-fourth hand and committed before their notes
# were read; measurement only. On the reader of e670a5b: fresh27 0.69/0.88 (63/91/72), 0.74/0.83
# (20/27/24), 0.68/0.77 (17/25/22); fresh28 0.66/0.83 (52/79/63), 0.77/0.70 (23/30/33),
# 0.86/0.60 (12/14/20). On 1998782 (after the rounds that read fresh14 to fresh26): fresh27
# 0.70/0.86 (62/88/72), 0.74/0.83, 0.74/0.77 (17/23/22); fresh28 0.66/0.81 (51/77/63), 0.78/0.76
# (25/32/33), 0.86/0.60. Read since; after the round that read them: fresh27 0.78/0.88,
# 0.77/0.83, 0.74/0.77; fresh28 0.72/0.84, 0.81/0.76, 0.92/0.60.
FRESH27_FLOOR = {
    "interests": (0.66, 0.82),
    "wants": (0.70, 0.79),
    "skills": (0.64, 0.72),
}
FRESH28_FLOOR = {
    "interests": (0.62, 0.77),
    "wants": (0.72, 0.66),
    "skills": (0.80, 0.55),
}
# fresh29 (m01..m60: shipyard families, a Pakistani women's sewing circle, sheep-farming suicide
# prevention, Caribbean elders, early intervention in psychosis, offshore workers, a gurdwara,
# a fishing-village link worker, adult autism, approved premises, trans peer support, stroke
# recovery) and fresh30 (n01..n60: ex-steelworkers, Bengali carers, an island nurse, Polish
# parents, a forensic team, a memory service, Welsh-speaking youth, a veterans' breakfast club, a
# hostel, hoarding support, community arts, perinatal mental health) were written and labelled
# blind by a twenty-fifth and a twenty-sixth hand and committed before their notes were read;
# measurement only. On the reader of b214410: fresh29 0.72/0.76 (68/95/89), 0.49/0.75
# (18/37/24), 0.68/0.65 (15/22/23); fresh30 0.70/0.83 (58/83/70), 0.57/0.77 (17/30/22),
# 0.60/0.63 (12/20/19). Read since; after the round that read them: fresh29 0.82/0.78,
# 0.51/0.75, 0.71/0.65; fresh30 0.79/0.84, 0.61/0.77, 0.67/0.63.
FRESH29_FLOOR = {
    "interests": (0.68, 0.72),
    "wants": (0.44, 0.70),
    "skills": (0.62, 0.60),
}
FRESH30_FLOOR = {
    "interests": (0.66, 0.78),
    "wants": (0.52, 0.72),
    "skills": (0.55, 0.57),
}
# fresh31 (o01..o60: retired fish-dock workers, Roma families, coastal farming, Yemeni elders, a
# student eating-disorder clinic, brain-injury rehab, Lithuanian workers, an older adults' CMHT,
# supported living, dockers' widows, addiction recovery, church pastoral care) and fresh32
# (p01..p60: an ex-miners' breathing club, Kashmiri carers, crofting, Turkish and Kurdish women, a
# leaving-care service, rural dementia, a personality disorder day programme, refugee football,
# sight loss, a women's hostel, an OCD clinic, a miners' welfare bowls club), by a twenty-seventh
# and a twenty-eighth hand, committed before their notes were read; measurement only. On the
# reader of b214410: fresh31 0.75/0.80 (67/89/84), 0.59/0.79 (23/39/29), 0.71/0.67 (12/17/18);
# fresh32 0.60/0.82 (55/91/67), 0.78/0.81 (21/27/26), 0.67/0.56 (14/21/25). On fb6a50c (the
# day's rounds on fresh27 and fresh28): fresh31 the same; fresh32 0.60/0.82, 0.81/0.81
# (21/26/26), 0.65/0.52 (13/20/25). After the round that read fresh29 and fresh30: fresh31
# 0.76/0.80 (67/88/84), 0.61/0.79 (23/38/29), 0.71/0.67; fresh32 0.63/0.82 (55/88/67), 0.81/0.81,
# 0.65/0.52 (three of fresh32's notes were seen in a diff of that round's changes, after its
# rules were written; no rule comes from them). Read since; after the round that read them:
# fresh31 0.85/0.81, 0.67/0.83, 0.75/0.67; fresh32 0.71/0.82, 0.84/0.81, 0.72/0.52.
FRESH31_FLOOR = {
    "interests": (0.71, 0.75),
    "wants": (0.54, 0.75),
    "skills": (0.64, 0.61),
}
FRESH32_FLOOR = {
    "interests": (0.56, 0.78),
    "wants": (0.72, 0.76),
    "skills": (0.60, 0.47),
}
# fresh33 (q01..q60: shipbuilders' bereavement, Punjabi elders, hop-farm workers, Somali youth
# mentoring, a university wellbeing adviser, jute-mill heritage, Latvian families, a memory cafe,
# autism and ADHD, naval families, rural befriending, a drug and alcohol team) and fresh34
# (r01..r60: a rugby league foundation, Tamil carers, a crofting health visitor, a Caribbean men's
# shed, student counselling, an older adults' CMHT, fishing families, Bangladeshi mothers, a
# veterans' drop-in, a steelworks retirees' choir, a Gujarati dementia cafe, early intervention),
# by a twenty-ninth and a thirtieth hand, committed before their notes were read; measurement
# only. On the reader of b214410: fresh33 0.74/0.71 (52/70/73), 0.77/0.74 (20/26/27), 0.53/0.45
# (10/19/22); fresh34 0.66/0.87 (54/82/62), 0.75/0.60 (12/16/20), 0.79/0.88 (15/19/17). On
# 94b2fce (after the rounds on fresh27 to fresh30): fresh33 skills 0.59/0.45 (10/17/22), the
# rest the same; fresh34 the same. Read since; after the round that read them: fresh33
# 0.81/0.71, 0.81/0.78, 0.63/0.45; fresh34 0.68/0.87, 0.75/0.60, 0.79/0.88.
FRESH33_FLOOR = {
    "interests": (0.70, 0.67),
    "wants": (0.72, 0.70),
    "skills": (0.48, 0.40),
}
FRESH34_FLOOR = {
    "interests": (0.62, 0.83),
    "wants": (0.70, 0.55),
    "skills": (0.74, 0.82),
}
# fresh35 (s01..s60: ex-steelworks retirees, Sikh women's wellbeing, Young Farmers outreach,
# Somali and Yemeni youth, a sports-science student adviser, mill-heritage befriending, Bulgarian
# farm workers, an older adults' day hospital, adult ADHD, dockyard widows, rural dementia carers,
# a recovery cafe) and fresh36 (t01..t60: glassworks retirees, Tamil elders, a Gaelic-speaking
# island nurse, Caribbean carers, university counselling, an older adults' CMHT, fishing families,
# Pakistani mothers, army veterans, a steelworks retirees' choir, Gujarati carers, early
# intervention), by a thirty-first and a thirty-second hand, committed before their notes were
# read; measurement only. On the reader of b214410: fresh35 0.69/0.81 (52/75/64), 0.66/0.83
# (19/29/23), 0.62/0.57 (13/21/23); fresh36 0.67/0.85 (60/89/71), 0.81/0.83 (25/31/30), 0.73/0.52
# (11/15/21). On 5a29e8c (after the rounds on fresh27 to fresh32): fresh35 the same; fresh36
# skills 0.75/0.57 (12/16/21), the rest the same.
FRESH35_FLOOR = {
    "interests": (0.65, 0.77),
    "wants": (0.60, 0.78),
    "skills": (0.56, 0.52),
}
FRESH36_FLOOR = {
    "interests": (0.63, 0.80),
    "wants": (0.76, 0.79),
    "skills": (0.68, 0.47),
}
# fresh37 (w01..w60: CMHT, older adults, learning disability, homeless outreach, perinatal,
# students, early intervention, forensic step-down, social prescribing, a Welsh valleys and a
# Northern Irish team; clipped, narrative, bullets, e-mails, phone calls), by a thirty-third hand
# who never read the reader, committed before it was run on them; measurement only. On the
# reader of 4092d78 (after this stop's "not interested", ESOL and free-time rounds): interests
# 0.86/0.85, wants 0.85/0.78, skills 0.83/0.83; on dcad00a, before that stop: 0.85/0.85,
# 0.85/0.76, 0.83/0.83.
FRESH37_FLOOR = {
    "interests": (0.82, 0.81),
    "wants": (0.81, 0.74),
    "skills": (0.79, 0.79),
}
# fresh38 (x01..x60) and fresh39 (y01..y60): CMHT, older adults, stroke and spinal injury OT,
# perinatal, carers, refugees and interpreters, peer support, learning disability, checklists and
# goals lists, by a thirty-fourth and a thirty-fifth hand who never read the reader, with a "not"
# role; labels committed first. On the reader they were written against: fresh38 0.81/0.85,
# 0.97/0.74, 0.75/0.71; fresh39 0.77/0.84, 0.81/0.53, 0.67/0.57. fresh38 was then read for kinds
# of error (a state or a limit of the body observed, a worker's idea with no yes, a thing worked
# on named by the pastime's word, saying they will come along, goals lists, helping others at
# what they do well): now 0.90/0.93, 1.00/0.90, 1.00/0.94, partly fitted. fresh39, unread: the
# same, 0.77/0.84, 0.81/0.53, 0.67/0.57 — the fixes did not carry over to unseen wording.
FRESH38_FLOOR = {
    "interests": (0.87, 0.89),
    "wants": (0.95, 0.86),
    "skills": (0.94, 0.88),
}
FRESH39_FLOOR = {
    "interests": (0.73, 0.80),
    "wants": (0.76, 0.49),
    "skills": (0.60, 0.52),
}
# fresh40 (v01..v60: social prescribing, carers, befriending, refugees, recovery, sheltered
# housing; narrative notes in the voluntary-sector style of fresh39), by a thirty-sixth hand who
# never read the reader; labels committed first. Blind on the reader it was written against:
# 0.76/0.85, 0.88/0.43, 0.67/0.67. Read for kinds of error (soft wishes: a hesitant yes, a
# tentative plan, a wish said of "it", tagging along; the worker's own chat or wondering; a
# likeness made, a side played for, a fear; wishes to support others through what they lived):
# now 0.84/0.85, 0.93/0.72, 0.71/0.83, partly fitted. fresh39, unread, did not move (0.77/0.84,
# 0.81/0.53, 0.67/0.57).
FRESH40_FLOOR = {
    "interests": (0.80, 0.82),
    "wants": (0.89, 0.69),
    "skills": (0.68, 0.80),
}
# fresh41 (g01..g60: Cornish fishing villages, Leicester Gujarati elders, Glasgow's East End,
# the Welsh valleys, Bradford, Norfolk farms, Tyneside, Belfast, Bristol Somalis, Peterborough
# Poles, Aldershot Gurkha families, Hong Kong arrivals; clipped, narrative, forms, emails,
# dictated), by a thirty-seventh hand who never read the reader, labels committed unread.
# Measurement only. Blind on the reader of 2026-12-06 (dba47e9): 0.72/0.83, 0.83/0.49,
# 0.77/0.40; on the reader it was committed with: 0.73/0.83, 0.82/0.48, 0.77/0.40.
FRESH41_FLOOR = {
    "interests": (0.70, 0.80),
    "wants": (0.80, 0.46),
    "skills": (0.74, 0.37),
}

# fresh42 (n01..n60) and fresh43 (p01..p60): Hull, Stoke, Swansea, Dundee, Plymouth, Derry,
# Inverness and other places no earlier set used; CMHT, link workers, housing, probation,
# perinatal, student support; by two more hands who never read the reader, labels committed
# unread. Measurement only. Blind on the reader of 6d8fe2c: fresh42 0.70/0.79, 0.85/0.70,
# 0.77/0.68; fresh43 0.75/0.89, 0.85/0.62, 0.68/0.46. On the reader they were committed with
# (once used to check a change for a loss, and that change was dropped): fresh42 the same,
# fresh43 0.75/0.89, 0.86/0.65, 0.68/0.46. Still unread at that stop's end (0e799dd): fresh42
# 0.71/0.79, 0.86/0.73, 0.77/0.68; fresh43 0.78/0.90, 0.84/0.66, 0.74/0.50.
FRESH42_FLOOR = {
    "interests": (0.68, 0.77),
    "wants": (0.83, 0.68),
    "skills": (0.75, 0.66),
}
FRESH43_FLOOR = {
    "interests": (0.73, 0.87),
    "wants": (0.84, 0.63),
    "skills": (0.66, 0.44),
}

# fresh44 (q01..q60: Carlisle, Aberdeen, Newport, Torbay, Wrexham, the Isle of Wight; clipped,
# narrative, first-person self-referrals) and fresh45 (r01..r60: Grimsby, Truro, Kendal, Perth,
# Bangor, Newry; crisis, outreach, veterans, Traveller liaison, voicemails), by a fortieth and a
# forty-first hand who never read the reader. Blind, fresh44 on 2fa686a: 0.79/0.84, 0.94/0.77,
# 0.62/0.46; fresh45 on 6d8fe2c: 0.78/0.89, 0.78/0.52, 0.77/0.36. Read for kinds of error
# (information asked for, a visit asked for, someone else who can help, a heading naming the
# service, look-alike words, a side played for): 0.82/0.85, 0.95/0.82, 0.78/0.50 and 0.82/0.90,
# 0.90/0.70, 0.86/0.43, partly fitted.
FRESH44_FLOOR = {
    "interests": (0.80, 0.83),
    "wants": (0.93, 0.80),
    "skills": (0.76, 0.48),
}
FRESH45_FLOOR = {
    "interests": (0.80, 0.88),
    "wants": (0.88, 0.68),
    "skills": (0.84, 0.41),
}

# fresh46 (s01..s60: Doncaster, Walsall, Hartlepool, Great Yarmouth, Gravesend; welfare
# officers, Shared Lives, discharge, WhatsApp summaries) and fresh47 (t01..t60: Wigan, Neath,
# Aberystwyth, Whitehaven; pharmacy and GP social prescribers, street pastors, food banks), by a
# forty-second and a forty-third hand who never read the reader. Blind on 6d8fe2c: 0.77/0.77,
# 0.86/0.60, 0.84/0.59 and 0.77/0.83, 0.79/0.62, 0.67/0.44; still unread on ed217f1 (the rules
# read from fresh44 and fresh45): 0.77/0.77, 0.87/0.64, 0.83/0.56 and 0.77/0.83, 0.79/0.70,
# 0.67/0.44. Read for kinds of error (faiths' own words, money and phones asked about plainly,
# help asked with a need named before, a form's question of what they want): 0.78/0.79,
# 0.90/0.77, 0.85/0.63 and 0.78/0.85, 0.81/0.80, 0.70/0.44; then offers to run, ref or teach,
# years spent doing a trade: skills 0.86/0.70 and 0.81/0.53, partly fitted.
FRESH46_FLOOR = {
    "interests": (0.76, 0.77),
    "wants": (0.88, 0.75),
    "skills": (0.84, 0.68),
}
FRESH47_FLOOR = {
    "interests": (0.76, 0.83),
    "wants": (0.79, 0.78),
    "skills": (0.79, 0.51),
}

# fresh48 (u01..u60: Rotherham, Port Talbot, Paisley, Rhyl, Skegness; money advisers, family
# hubs, youth offending, sight loss) and fresh49 (v01..v60: Halifax, Greenock, St Austell, Wick,
# Margate; psychosis, eating disorders, Traveller health, veterans' breakfast clubs), by a
# forty-fourth and a forty-fifth hand who never read the reader. Blind on 6d8fe2c: 0.78/0.74,
# 0.85/0.62, 0.75/0.47 and 0.68/0.73, 0.83/0.71, 0.83/0.54; still unread on 189bdb3 (the rules
# read from fresh44 to fresh47): 0.78/0.74, 0.86/0.68, 0.75/0.47 and 0.70/0.74, 0.82/0.73,
# 0.87/0.54. Read for kinds of error (money in its own words, volunteering said as a verb, tried
# and turned down, a win is no music): 0.80/0.75, 0.87/0.73, 0.75/0.47 and 0.71/0.75, 0.83/0.76,
# 0.87/0.54, partly fitted.
FRESH48_FLOOR = {
    "interests": (0.78, 0.73),
    "wants": (0.85, 0.71),
    "skills": (0.73, 0.45),
}
FRESH49_FLOOR = {
    "interests": (0.69, 0.73),
    "wants": (0.81, 0.74),
    "skills": (0.85, 0.52),
}

# fresh50 (w01..w60: Stoke, Sheffield, Cardiff, Glasgow, Belfast, Exeter; CMHT, link workers,
# housing, faith volunteers, first-person forms) and fresh51 (x01..x60: Bradford, Dundee, Hull,
# Armagh, Morecambe; crisis, outreach, sheds, voicemails, texts), by a forty-sixth and a
# forty-seventh hand who never read the reader, their skills labelled as things to share or a
# trade (the instruction for fresh44 to fresh49 had added "real expertise"). Measurement only,
# never read. On 6d8fe2c: 0.77/0.86, 0.91/0.60, 0.89/0.68 and 0.78/0.76, 0.73/0.56, 0.56/0.48;
# on 0e799dd (the rules read from fresh44 to fresh49): 0.78/0.88, 0.90/0.69, 0.94/0.64 and
# 0.78/0.76, 0.77/0.65, 0.56/0.48; on a0d0ac7 fresh50's interests precision 0.79.
FRESH50_FLOOR = {
    "interests": (0.76, 0.86),
    "wants": (0.88, 0.67),
    "skills": (0.92, 0.62),
}
FRESH51_FLOOR = {
    "interests": (0.76, 0.74),
    "wants": (0.75, 0.63),
    "skills": (0.54, 0.46),
}


def _labelled(path: Path = SET) -> list[dict[str, Any]]:
    if not path.is_file():
        pytest.skip(f"{path.name} is not in tests/matcher: the labelled notes set is absent")
    return list(json.loads(path.read_text(encoding="utf-8")))


def _gold(item: dict[str, Any], role: str) -> set[str]:
    if role == "interests":
        return set(item.get("interests", [])) | set(item.get("past", []))
    return set(item.get(role, []))


def _micro(pairs: list[tuple[dict[str, set[str]], dict[str, set[str]]]]) -> dict[str, Any]:
    """Micro-averaged (precision, recall) per role of (suggested, labelled) code sets."""
    counts = {role: [0, 0, 0] for role in ROLES}  # true positives, suggested, labelled
    for suggested, labelled in pairs:
        for role in ROLES:
            counts[role][0] += len(suggested[role] & labelled[role])
            counts[role][1] += len(suggested[role])
            counts[role][2] += len(labelled[role])
    return {
        role: (tp / suggested if suggested else 1.0, tp / labelled if labelled else 1.0)
        for role, (tp, suggested, labelled) in counts.items()
    }


def _roles(item: dict[str, Any]) -> dict[str, set[str]]:
    return {role: _gold(item, role) for role in ROLES}


def scores(items: list[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """Micro-averaged (precision, recall) per role over the labelled notes."""
    pairs = []
    for item in items:
        found = notes.extract(item["text"])
        read = {role: {s.code for s in found if s.kind in kinds} for role, kinds in ROLES.items()}
        pairs.append((read, _roles(item)))
    return _micro(pairs)


@pytest.mark.parametrize(
    ("path", "floor"),
    [
        (SET, FLOOR),
        (FRESH, FRESH_FLOOR),
        (FRESH2, FRESH2_FLOOR),
        (FRESH3, FRESH3_FLOOR),
        (FRESH4, FRESH4_FLOOR),
        (FRESH5, FRESH5_FLOOR),
        (FRESH6, FRESH6_FLOOR),
        (FRESH7, FRESH7_FLOOR),
        (FRESH8, FRESH8_FLOOR),
        (FRESH9, FRESH9_FLOOR),
        (FRESH10, FRESH10_FLOOR),
        (FRESH11, FRESH11_FLOOR),
        (FRESH12, FRESH12_FLOOR),
        (FRESH13, FRESH13_FLOOR),
        (FRESH14, FRESH14_FLOOR),
        (FRESH15, FRESH15_FLOOR),
        (FRESH16, FRESH16_FLOOR),
        (FRESH17, FRESH17_FLOOR),
        (FRESH18, FRESH18_FLOOR),
        (FRESH19, FRESH19_FLOOR),
        (FRESH20, FRESH20_FLOOR),
        (FRESH21, FRESH21_FLOOR),
        (FRESH22, FRESH22_FLOOR),
        (FRESH23, FRESH23_FLOOR),
        (FRESH24, FRESH24_FLOOR),
        (FRESH25, FRESH25_FLOOR),
        (FRESH26, FRESH26_FLOOR),
        (FRESH27, FRESH27_FLOOR),
        (FRESH28, FRESH28_FLOOR),
        (FRESH29, FRESH29_FLOOR),
        (FRESH30, FRESH30_FLOOR),
        (FRESH31, FRESH31_FLOOR),
        (FRESH32, FRESH32_FLOOR),
        (FRESH33, FRESH33_FLOOR),
        (FRESH34, FRESH34_FLOOR),
        (FRESH35, FRESH35_FLOOR),
        (FRESH36, FRESH36_FLOOR),
        (FRESH37, FRESH37_FLOOR),
        (FRESH38, FRESH38_FLOOR),
        (FRESH39, FRESH39_FLOOR),
        (FRESH40, FRESH40_FLOOR),
        (FRESH41, FRESH41_FLOOR),
        (FRESH42, FRESH42_FLOOR),
        (FRESH43, FRESH43_FLOOR),
        (FRESH44, FRESH44_FLOOR),
        (FRESH45, FRESH45_FLOOR),
        (FRESH46, FRESH46_FLOOR),
        (FRESH47, FRESH47_FLOOR),
        (FRESH48, FRESH48_FLOOR),
        (FRESH49, FRESH49_FLOOR),
        (FRESH50, FRESH50_FLOOR),
        (FRESH51, FRESH51_FLOOR),
    ],
)
def test_the_reader_keeps_its_measured_precision_and_recall(path, floor):
    measured = scores(_labelled(path))
    for role, (precision, recall) in measured.items():
        low_p, low_r = floor[role]
        assert precision >= low_p, f"{path.name} {role}: precision {precision:.2f} below {low_p}"
        assert recall >= low_r, f"{path.name} {role}: recall {recall:.2f} below {low_r}"


# A second person labelled fresh7 and fresh8 from the texts alone, by the same rules, without
# seeing the first labels: how far two people agree bounds what any reader can reach.
SECOND_LABELS = {
    FRESH7: Path(__file__).with_name("notes_set_fresh7_second_labels.json"),
    FRESH8: Path(__file__).with_name("notes_set_fresh8_second_labels.json"),
}


def agreement(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, Any]:
    """The second labeller's (precision, recall) against the first, per role."""
    by_id = {item["id"]: item for item in second}
    return _micro([(_roles(by_id[item["id"]]), _roles(item)) for item in first])


def test_two_people_labelling_the_same_notes_agree():
    for path, second in SECOND_LABELS.items():
        first, other = _labelled(path), _labelled(second)
        assert [i["id"] for i in first] == [i["id"] for i in other]
        for role, (precision, recall) in agreement(first, other).items():
            assert precision >= 0.9 and recall >= 0.9, f"{second.name} {role}"


if __name__ == "__main__":
    for path in (
        SET,
        FRESH,
        FRESH2,
        FRESH3,
        FRESH4,
        FRESH5,
        FRESH6,
        FRESH7,
        FRESH8,
        FRESH9,
        FRESH10,
        FRESH11,
        FRESH12,
        FRESH13,
        FRESH14,
        FRESH15,
        FRESH16,
        FRESH17,
        FRESH18,
        FRESH19,
        FRESH20,
        FRESH21,
        FRESH22,
        FRESH23,
        FRESH24,
        FRESH25,
        FRESH26,
        FRESH27,
        FRESH28,
        FRESH29,
        FRESH30,
        FRESH31,
        FRESH32,
        FRESH33,
        FRESH34,
        FRESH35,
        FRESH36,
        FRESH37,
        FRESH38,
        FRESH39,
        FRESH40,
        FRESH41,
        FRESH42,
        FRESH43,
        FRESH44,
        FRESH45,
        FRESH46,
        FRESH47,
        FRESH48,
        FRESH49,
        FRESH50,
        FRESH51,
    ):
        print(path.name)
        for role, (p, r) in scores(json.loads(path.read_text(encoding="utf-8"))).items():
            print(f"  {role:10} precision {p:.3f} recall {r:.3f}")
    for path, second in SECOND_LABELS.items():
        print(f"{second.name} against {path.name}")
        for role, (p, r) in agreement(_labelled(path), _labelled(second)).items():
            print(f"  {role:10} precision {p:.3f} recall {r:.3f}")
