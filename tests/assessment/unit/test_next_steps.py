"""The report's "next three steps": the plan's best actions, with the one certification pick among them
only when the roadmap plans it."""

from assessment.recommendations import PICK_ACTION_PREFIX
from assessment.templatetags.report_format import certification_pick, next_steps


def entry(slug: str) -> dict:
    return {"action": {"slug": slug, "title": slug.title()}}


PICK = {"certification": {"slug": "aws-associate", "name": "AWS Associate"}, "suited": True}
PLANNED = {"phases": [{"actions": [entry("a"), entry(PICK_ACTION_PREFIX + "aws-associate")]}]}


def shown(steps: list[dict]) -> list[tuple]:
    return [(s["action"] and s["action"]["action"]["slug"], s["certification"], s["booked"]) for s in steps]


def test_the_pick_takes_the_third_place_when_the_roadmap_plans_it_and_the_first_actions_do_not_include_it():
    snapshot = {
        "plan": {"next_actions": [entry("a"), entry("b"), entry("c"), entry("d")]},
        "certifications": [PICK],
        "roadmap": PLANNED,
    }

    assert shown(next_steps(snapshot)) == [("a", None, False), ("b", None, False), (None, PICK, True)]


def test_the_pick_among_the_first_actions_is_shown_once_as_the_pick():
    picked = entry(PICK_ACTION_PREFIX + "aws-associate")
    snapshot = {
        "plan": {"next_actions": [entry("a"), picked, entry("c")]},
        "certifications": [PICK],
        "roadmap": PLANNED,
    }

    steps = next_steps(snapshot)

    assert [(s["certification"], s["booked"]) for s in steps] == [(None, False), (PICK, False), (None, False)]


def test_a_candidate_with_enough_certification_keeps_three_skills_actions():
    # The qualification is met, so the roadmap plans no certificate: the pick stays in the Certifications section.
    snapshot = {
        "plan": {"next_actions": [entry("a"), entry("b"), entry("c")]},
        "certifications": [PICK],
        "roadmap": {"phases": [{"actions": [entry("a"), entry("b"), entry("c")]}]},
    }

    assert shown(next_steps(snapshot)) == [("a", None, False), ("b", None, False), ("c", None, False)]


def test_a_first_certification_that_does_not_suit_the_target_is_no_pick():
    unsuited = {**PICK, "suited": False}
    snapshot = {"plan": {"next_actions": [entry("a")] * 3}, "certifications": [unsuited], "roadmap": PLANNED}

    assert (certification_pick(snapshot), [s["certification"] for s in next_steps(snapshot)]) == (None, [None] * 3)


def test_a_snapshot_from_before_suited_existed_takes_its_first_certification_as_the_pick():
    old = {"certification": PICK["certification"]}

    assert certification_pick({"certifications": [old]}) == old


def test_without_a_pick_or_a_plan():
    assert [len(next_steps({"plan": {"next_actions": [entry("a")] * 5}, "certifications": []})), next_steps({})] == [
        3,
        [],
    ]
