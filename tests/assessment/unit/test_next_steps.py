"""The report's "next three steps": the plan's best actions, with the one certification pick among them."""

from assessment.recommendations import PICK_ACTION_PREFIX
from assessment.templatetags.report_format import next_steps


def entry(slug: str) -> dict:
    return {"action": {"slug": slug, "title": slug.title()}}


PICK = {"certification": {"slug": "aws-associate", "name": "AWS Associate"}}


def test_the_pick_takes_the_third_place_when_the_first_actions_do_not_include_it():
    snapshot = {"plan": {"next_actions": [entry("a"), entry("b"), entry("c"), entry("d")]}, "certifications": [PICK]}

    steps = next_steps(snapshot)

    assert [(s["action"] and s["action"]["action"]["slug"], s["certification"]) for s in steps] == [
        ("a", None),
        ("b", None),
        (None, PICK),
    ]


def test_the_pick_among_the_first_actions_is_shown_once_as_the_pick():
    picked = entry(PICK_ACTION_PREFIX + "aws-associate")
    snapshot = {"plan": {"next_actions": [entry("a"), picked, entry("c")]}, "certifications": [PICK]}

    steps = next_steps(snapshot)

    assert [s["certification"] for s in steps] == [None, PICK, None]


def test_without_a_pick_or_a_plan():
    assert [len(next_steps({"plan": {"next_actions": [entry("a")] * 5}, "certifications": []})), next_steps({})] == [
        3,
        [],
    ]
