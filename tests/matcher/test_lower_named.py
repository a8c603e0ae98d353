"""Every penalty the model puts on a suggestion is named in its reasons, with both facts."""

from __future__ import annotations

from matcher_helpers import person, record

from matcher import features, rank


def _reasons(people_kw: dict, *records: features.ResourceRecord) -> dict[str, tuple[str, ...]]:
    f = features.build(list(records))
    return {s.resource_id: s.reasons for s in rank.rank(person(**people_kw), f).suggestions}


def _lower(reasons: tuple[str, ...]) -> list[str]:
    return [r for r in reasons if r.startswith("Lower: ")]


def test_a_group_led_in_sign_language_is_named_lower_for_someone_who_does_not_sign():
    signed = record("s", access=("step-free", "bsl"), text="Singing circle\nSigned singing.")
    spoken = record("v", text="Singing circle\nAll welcome.")
    found = _reasons({}, signed, spoken)
    assert _lower(found["s"]) == ["Lower: led in British Sign Language, and they do not sign"]
    assert _lower(found["v"]) == []
    signer = _reasons({"access_needs": ("step-free", "bsl")}, signed, spoken)
    assert _lower(signer["s"]) == []


def test_an_online_group_is_named_lower_for_someone_who_can_get_out():
    online = record("o", setting="online", places=(), text="Online choir\nSing from home.")
    near = record("n", text="Community choir\nSing together.")
    found = _reasons({}, online, near)
    assert "Lower: online or by phone, and they can get out to meet people in person" in found["o"]
    assert _lower(found["n"]) == []


def test_an_adapted_form_is_named_lower_for_someone_young_and_mobile_only():
    adapted = record("a", text="Seated singing\nA seated singing group for all abilities.")
    plain = record("p", text="Community choir\nSing together.")
    young = _reasons({"age": 30, "access_needs": ()}, adapted, plain)
    said = (
        "Lower: an adapted form made for older or less mobile people, and they are young and mobile"
    )
    assert said in young["a"] and _lower(young["p"]) == []
    older = _reasons({"age": 70, "access_needs": ()}, adapted, plain)
    assert _lower(older["a"]) == []


def _checks(reasons: tuple[str, ...]) -> list[str]:
    return [r for r in reasons if r.startswith("Check: ")]


def test_a_group_for_one_gender_says_check_when_their_gender_is_not_recorded():
    women = record("w", access=("step-free", "women-only"), text="Women's choir\nFor women.")
    men = record("m", text="Men's choir\nA choir for men.")
    mixed = record("x", text="Community choir\nAll welcome.")
    found = _reasons({"gender": ""}, women, men, mixed)
    assert _checks(found["w"]) == ["Check: a women-only group, and their gender is not recorded"]
    assert _checks(found["m"]) == ["Check: a men's group, and their gender is not recorded"]
    assert _checks(found["x"]) == []
    woman = _reasons({"gender": "woman"}, women, mixed)
    assert _checks(woman["w"]) == [] and _lower(woman["w"]) == []
    # They asked for women-only groups: the group is what was asked for.
    asked = _reasons({"gender": "", "women_only": True}, women)
    assert _checks(asked["w"]) == []


def test_a_group_for_an_age_group_says_check_when_their_age_is_not_recorded():
    older = record("o", access=("step-free", "over-50s"), text="Tea dance\nFor over-50s.")
    found = _reasons({"age": None}, older)
    assert _checks(found["o"]) == [
        "Check: a group for people aged 50 and over, and their age is not recorded"
    ]
    assert _checks(_reasons({"age": 60}, older)["o"]) == []


def test_an_in_person_group_says_check_for_someone_who_rarely_gets_out():
    from matcher.facts import Hints

    choir = record("c", text="Community choir\nAll welcome.")
    online = record("o", text="Online choir\nSing along by video.", setting="online", places=())
    found = _reasons({"hints": Hints(stays_home=True)}, choir, online)
    assert _checks(found["c"]) == ["Check: it meets in person, and they rarely get out"]
    assert _checks(found["o"]) == []
    assert _checks(_reasons({}, choir)["c"]) == []
