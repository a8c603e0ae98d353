"""The soft score's model: each feature reads one fact of the person against one of the resource,
the weights are a fitted data file, and the fit is reproducible and holds on unseen personas."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from conftest import shared_path
from matcher_helpers import person, place, record

from matcher import constraints, evaluate, features, fit, model
from matcher.facts import Hints
from matcher.profile import Profile

GAP = 0.02  # the held-out half stays this close to the cross-validated estimate


def value(feature: str, who: Profile, **kw: Any) -> float:
    """One feature's value for one resource."""
    f = features.build([record("r", **kw)])
    checks = constraints.check(who, f)
    return float(model.matrix(who, f, checks, np.arange(1))[0, model.NAMES.index(feature)])


HOME_ONLY = Hints(stays_home=True)
LONELY = Hints(wants_company=True)
# (feature, the person, the resource with the fact, the same resource without it)
CASES: list[tuple[str, Profile, dict[str, Any], dict[str, Any]]] = [
    (
        "shares an interest the person enjoys now or used to",
        person(),
        {"interests": ("singing",)},
        {"interests": ("pottery",)},
    ),
    (
        "shares an interest the person enjoys now or used to",
        person(interests=(), past_interests=("singing",)),
        {"interests": ("singing",)},
        {"interests": ("chess",)},
    ),
    (
        "something they want to try",
        person(),
        {"interests": ("pottery",)},
        {"interests": ("chess",)},
    ),
    (
        "a named interest on a side tag only",
        person(),
        {"interests": ("chess", "singing"), "text": "Chess Club\nGames."},
        {"interests": ("chess",), "text": "Chess Club\nGames."},
    ),
    (
        "close to a named interest",
        person(want_to_try=()),
        {"interests": ("music",)},
        {"interests": ("chess",)},
    ),
    ("share of the activity the person named", person(), {}, {"interests": ("chess",)}),
    (
        "more than one named interest",
        person(),
        {"interests": ("singing", "pottery")},
        {"interests": ("singing",)},
    ),
    (
        "a skill they could share",
        person(skills_to_share=("singing",)),
        {"interests": ("singing", "volunteering")},
        {"interests": ("singing",)},
    ),
    (
        "a beginners' course in something they already do",
        person(),
        {"text": "Singing\nA beginners' course for those who never learned."},
        {"text": "Singing\nFor anyone."},
    ),
    (
        "its name uses the person's own words",
        person(notes="Loves barbershop harmonies."),
        {"name": "Barbershop Harmonies", "text": "Barbershop Harmonies\nSing."},
        {"name": "Choir", "text": "Choir\nSing."},
    ),
    ("bridging setting, peer support not asked first", person(), {}, {"setting": "online"}),
    (
        "mental-health-service setting, not asked for",
        person(),
        {"setting": "mental-health-service"},
        {},
    ),
    (
        "peer setting for someone who wants peer support first",
        person(prefer_peer_support_first=True),
        {"interests": ("singing", "peer-support")},
        {},
    ),
    ("online, for someone who can get out", person(), {"setting": "online"}, {}),
    (
        "a group for who they are, as they asked",
        person(gender="woman", women_only=True),
        {"access": ("women-only",)},
        {},
    ),
    (
        "ways of taking part the person asked for",
        person(quiet=True),
        {"access": ("quiet-space",)},
        {},
    ),
    (
        "ways of taking part the person asked for",
        person(small_groups=True),
        {"text": "Singing\nA small group."},
        {"text": "Singing\nSixty voices."},
    ),
    (
        "ways of taking part the person asked for",
        person(needs_company_first_time=True),
        {"access": ("can-bring-support-worker",)},
        {},
    ),
    (
        "ways of taking part the person asked for",
        person(hints=Hints(evenings=True)),
        {"sessions": (("th", "18:30", "20:00"),)},
        {},
    ),
    (
        "ways of taking part the person asked for",
        person(),
        {"text": "Singing\nSeated, chair-based warm-ups."},
        {"text": "Singing\nStanding."},
    ),
    (
        "ways of taking part the person asked for",
        person(hints=HOME_ONLY),
        {"setting": "online"},
        {},
    ),
    (
        "company, for someone who wants wider contact",
        person(hints=LONELY),
        {"interests": ("socialising",)},
        {},
    ),
    (
        "befriending, for an older person who is lonely",
        person(age=70, hints=LONELY),
        {"interests": ("befriending",)},
        {},
    ),
    ("a group plainly for someone else", person(), {"access": ("women-only",)}, {}),
    (
        "what their accepted facts say is not for them",
        person(hints=Hints(avoid_topics=frozenset({"alcohol"}))),
        {"text": "Singing\nWe sing in the pub."},
        {"text": "Singing\nWe sing in the hall."},
    ),
    (
        "what their accepted facts say is not for them",
        person(hints=Hints(faith="christian")),
        {"text": "Singing\nAt the mosque."},
        {"text": "Singing\nAt the church."},
    ),
    (
        "what their accepted facts say is not for them",
        person(),
        {"text": "Singing\nFor people who hear voices."},
        {"text": "Singing\nFor everyone."},
    ),
    (
        "an adapted form, for someone young and mobile",
        person(access_needs=()),
        {"text": "Singing\nSeated, chair-based warm-ups.", "access": ()},
        {"text": "Singing\nStanding.", "access": ()},
    ),
    (
        "what their accepted facts say is not for them",
        person(age=70),
        {"interests": ("singing", "employment-skills")},
        {},
    ),
    ("newcomers welcome", person(), {"access": ("step-free", "newcomers-welcome")}, {}),
    ("share of the travel limit used", person(), {"places": (place(2.4),)}, {"setting": "online"}),
    ("cost after concession", person(receives_benefits=False), {}, {"standard_pence": 0}),
    ("past its review date", person(), {"age_days": 600.0}, {}),
]


def test_every_feature_has_a_case():
    assert {name for name, *_ in CASES} == set(model.NAMES)


@pytest.mark.parametrize(("name", "who", "has", "lacks"), CASES, ids=[c[0] for c in CASES])
def test_each_feature_reads_its_fact(name, who, has, lacks):
    assert value(name, who, **has) > 0
    assert value(name, who, **lacks) == 0


def test_a_feature_needs_the_persons_side_too():
    """The fact of the resource alone is not enough: the person must have asked for it."""
    ways = "ways of taking part the person asked for"
    assert value(ways, person(), text="Sing\nA small group.") == 0
    assert value(ways, person(), setting="online") == 0
    chosen = "a group for who they are, as they asked"
    assert value(chosen, person(gender="woman"), access=("women-only",)) == 0
    peer = "peer setting for someone who wants peer support first"
    assert value(peer, person(), interests=("singing", "peer-support")) == 0
    job = {"interests": ("singing", "employment-skills")}
    assert value("what their accepted facts say is not for them", person(age=30), **job) == 0


def test_the_shipped_weights_name_every_feature_and_how_to_refit_them():
    data = json.loads(model.WEIGHTS_FILE.read_text(encoding="utf-8"))
    assert set(data["weights"]) == set(model.NAMES)
    assert "fit-weights" in data["refit"]
    assert all(fit.half_of(p) == fit.TUNE for p in data["tuning_personas"])


def test_a_score_is_the_dot_product_of_features_and_weights():
    f = features.build([record("a"), record("b", interests=("chess",), setting="online")])
    who = person()
    checks = constraints.check(who, f)
    idx = np.arange(2)
    x = model.matrix(who, f, checks, idx)
    assert np.allclose(model.score(who, f, checks, idx), x @ model.weights())


def test_the_halves_are_fixed_by_the_persona_id():
    ids = [f"p{n:02d}" for n in range(1, 31)]
    halves = [fit.half_of(i) for i in ids]
    assert halves == [fit.half_of(i) for i in ids]
    assert 10 <= halves.count(fit.TUNE) <= 20


def test_cross_validation_leaves_out_one_person_at_a_time():
    assert fit.folds(["p01", "p02", "p03"]) == [[0], [1], [2]]


def test_the_strength_with_the_best_cross_validated_mean_is_chosen_the_stronger_on_a_tie():
    assert fit.choose({0.001: [0.8, 0.9], 0.01: [0.7, 0.8]}) == 0.001
    assert fit.choose({0.001: [0.8, 0.9], 0.01: [0.9, 0.8]}) == 0.01


@pytest.fixture(scope="module")
def public():
    folder = shared_path("eval", "public")
    f = evaluate.load_directory(folder / "directory.json")
    personas = json.loads((folder / "personas.json").read_text())
    judgments = json.loads((folder / "judgments.json").read_text())
    return f, personas, judgments


def test_the_fit_is_reproducible_and_matches_the_shipped_weights(public):
    f, personas, judgments = public
    first = fit.fit_weights(f, personas, judgments)
    again = fit.fit_weights(f, personas, judgments)
    assert first == again
    shipped = json.loads(model.WEIGHTS_FILE.read_text(encoding="utf-8"))
    # Another numpy or BLAS build may round the fourth decimal differently: same weights.
    assert first.weights.keys() == shipped["weights"].keys()
    for name, weight in first.weights.items():
        assert weight == pytest.approx(shipped["weights"][name], abs=1e-3), name
    assert first.strength == shipped["strength"]


def test_held_out_half_keeps_up_with_the_cross_validated_estimate_and_beats_the_baseline(public):
    """The cross-validated score on the tuning half predicts the unseen half within GAP.

    (The tuning half's own in-sample score runs ahead of both; the untuned baseline shows the
    halves differ in difficulty by about as much, so that gap is reported, not asserted.)
    """
    f, personas, judgments = public
    shipped = json.loads(model.WEIGHTS_FILE.read_text(encoding="utf-8"))
    estimate = shipped["cv_ndcg10"][str(shipped["strength"])]
    held = evaluate.evaluate(f, evaluate.in_half(personas, fit.HELD), judgments)
    base = evaluate.evaluate(f, evaluate.in_half(personas, fit.HELD), judgments, baseline=True)
    assert held.violation_rate == 0
    assert held.ndcg10 > base.ndcg10 + 0.05
    assert abs(held.ndcg10 - estimate) < GAP


def test_fit_weights_command_names_a_missing_file_and_writes_nothing(runner, tmp_path):
    out = tmp_path / "weights.json"
    args = ["fit-weights", "--directory", str(tmp_path / "nope.json"), "--personas", "x"]
    result = runner.invoke(args=[*args, "--judgments", "y", "--out", str(out)])
    assert result.exit_code != 0
    assert "no such file" in result.output and "nope.json" in result.output
    assert not out.exists()
