"""Notes read as a practitioner writes them: free times in pairs, dislikes in lists, shorthand."""

from matcher_helpers import person, place, record

from matcher import constraints, features, gaps
from matcher.free_times import read_free_times
from matcher.reader.dislikes import dislikes
from matcher.reader.reading import extract


def test_day_and_part_pairs_are_kept_apart() -> None:
    """'Free weds mornings & mon pm' is Wednesday mornings and Monday afternoons, not every day."""
    found = [f.value for f in read_free_times("Free weds mornings & mon pm")]
    assert found == ["we@09:00-12:00", "mo@12:00-17:00"]


def test_pairs_of_full_day_names() -> None:
    """Each day keeps its own part of the day."""
    found = [f.value for f in read_free_times("free tues mornings and thurs afternoons")]
    assert found == ["tu@09:00-12:00", "th@12:00-17:00"]


def test_days_sharing_a_part_stay_together() -> None:
    """'tues and thurs mornings': both days, the same mornings."""
    found = [f.value for f in read_free_times("free tues and thurs mornings")]
    assert found == ["tu@09:00-12:00 th@09:00-12:00"]


def test_a_dislike_before_a_list_with_a_group() -> None:
    """'Not interested in football or team sports': football, though a team is named after it."""
    assert [d.codes for d in dislikes("not interested in football or team sports generaly.")] == [
        ("football",)
    ]


def test_a_group_alone_is_still_not_the_activity() -> None:
    """'No interest in walking groups' still says nothing of walking."""
    assert dislikes("no interest in walking groups") == []


def test_first_language_in_shorthand_means_esol() -> None:
    """'1st language Polish': English to improve is ESOL, not basic skills."""
    codes = [s.code for s in extract("1st language Polish, wd like to improve her English")]
    assert codes == ["esol"]


def test_n_for_and_between_words() -> None:
    """'Not into arts n crafts' turns down crafts, not only painting."""
    assert [d.codes for d in dislikes("Not into arts n crafts.")] == [("crafts",)]


def test_why_nothing_fits_says_when_an_option_breaks_more_than_one_rule():
    far_wednesday = record("w", places=(place(5.0),), sessions=(("we", "14:00", "16:00"),))
    far = record("f", places=(place(6.0),))
    profile = person(want_to_try=())
    f = features.build([far_wednesday, far])
    gap = gaps.gap(profile, f, constraints.check(profile, f), "stated", "singing")
    assert gap.text.startswith("2 singing options: all beyond 3 km")
    assert "1 not on your free days; some for more than one reason" in gap.text
    one_rule = features.build([far, record("g", places=(place(7.0),))])
    alone = gaps.gap(profile, one_rule, constraints.check(profile, one_rule), "stated", "singing")
    assert "more than one reason" not in alone.text
