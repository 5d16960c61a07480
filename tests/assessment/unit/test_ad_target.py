"""Building a job ad's target from the nearest profile: what is kept, raised, lowered, added and dropped."""

import pytest

from assessment import ad_target, scoring
from assessment.ad_target import NICE, REQUIRED, Mentioned

pytestmark = [pytest.mark.unit]


def profile(role: str, seniority: str, rank: int, *requirements: scoring.Requirement) -> scoring.Profile:
    return scoring.Profile(role, role.title(), seniority, seniority.title(), rank, requirements)


def skill(key: str, target: int, weight: int, essential: bool = False) -> scoring.Requirement:
    return scoring.Requirement("skill", key, key.title(), target, weight, essential)


DEGREE = scoring.Requirement("education", "degree", "Degree", 2, 3, True, "required")
NLP_MID = profile("nlp", "mid", 2, skill("python", 3, 4, True), skill("nlp", 3, 5, True), skill("mlops", 2, 2), DEGREE)
CV_MID = profile("cv", "mid", 2, skill("python", 3, 4, True), skill("vision", 3, 5, True), skill("edge", 2, 3))
CV_SENIOR = profile("cv", "senior", 3, skill("python", 4, 4, True), skill("vision", 4, 5, True))
LABELS = {("skill", k): k.title() for k in ("python", "nlp", "mlops", "vision", "edge", "rust")} | {
    ("education", "degree"): "Degree"
}


def mention(key: str, strength: str = REQUIRED, kind: str = "skill") -> Mentioned:
    return Mentioned(kind, key, strength, ({"before": "", "match": key, "after": ""},))


def derive(base, *mentions, degree=None, equivalent=False, certifications=()):
    items = ad_target.derive_items(
        base=base,
        mentions=mentions,
        same_seniority=[NLP_MID, CV_MID],
        labels=LABELS,
        degree_level=degree,
        equivalent_experience=equivalent,
        certification_levels=certifications,
    )
    return {item.key: (item.target, item.weight, item.essential, item.in_base) for item in items}


def test_the_role_the_title_names_is_the_base():
    base = ad_target.nearest_base(
        profiles=[NLP_MID, CV_MID, CV_SENIOR], mentioned={("skill", "nlp")}, title_roles=("cv",), seniority="senior"
    )

    assert (base.role, base.seniority) == ("cv", "senior")


def test_without_a_title_the_profile_whose_weight_the_ad_covers_best_is_the_base():
    base = ad_target.nearest_base(
        profiles=[NLP_MID, CV_MID], mentioned={("skill", "vision"), ("skill", "edge")}, title_roles=(), seniority=None
    )

    assert (base.role, base.seniority) == ("cv", "mid")


def test_asked_for_items_of_the_base_are_kept_one_weight_heavier():
    assert derive(NLP_MID, mention("python"), mention("nlp")) == {
        "python": (3, 5, True, True),
        "nlp": (3, 5, True, True),
    }


def test_nice_to_have_items_weigh_one_and_are_no_must_have():
    assert derive(NLP_MID, mention("nlp", NICE)) == {"nlp": (3, 1, False, True)}


def test_items_the_ad_never_mentions_drop_out():
    assert set(derive(NLP_MID, mention("mlops"))) == {"mlops"}


def test_an_item_beyond_the_base_gets_the_target_the_seniority_asks_of_it_elsewhere():
    assert derive(NLP_MID, mention("vision"), mention("edge", NICE)) == {
        "vision": (3, ad_target.NEW_WEIGHT, False, False),
        "edge": (2, ad_target.NICE_WEIGHT, False, False),
    }


def test_an_item_no_profile_at_the_seniority_asks_for_gets_a_target_by_rank():
    assert derive(NLP_MID, mention("rust")) == {"rust": (2, ad_target.NEW_WEIGHT, False, False)}


@pytest.mark.parametrize(
    ("degree", "equivalent", "expected"),
    [(4, False, (4, 4, True, True)), (3, True, (3, 4, False, True)), (None, False, (2, 4, True, True))],
    ids=["phd", "masters-or-equivalent", "no-cue"],
)
def test_the_degree_cue_sets_the_degree_target(degree, equivalent, expected):
    assert derive(NLP_MID, mention("degree", kind="education"), degree=degree, equivalent=equivalent) == {
        "degree": expected
    }


def test_edits_change_only_what_the_candidate_changed():
    items = [{"kind": "skill", "key": "nlp", "target": 3, "weight": 5, "label": "Nlp", "essential": True}]

    edited = ad_target.items_edit(items=items, changes={("skill", "nlp"): {"target": 4, "removed": True, "label": "x"}})

    assert edited == [
        {"kind": "skill", "key": "nlp", "target": 4, "weight": 5, "label": "Nlp", "essential": True, "removed": True}
    ]


def test_the_profile_scored_leaves_out_removed_items():
    base = {"role": "nlp", "role_name": "Nlp", "seniority": "mid", "seniority_name": "Mid", "seniority_rank": 2}
    items = [
        {"kind": "skill", "key": "nlp", "label": "Nlp", "target": 3, "weight": 5, "essential": True},
        {
            "kind": "skill",
            "key": "edge",
            "label": "Edge",
            "target": 2,
            "weight": 1,
            "essential": False,
            "removed": True,
        },
    ]

    scored = ad_target.profile_of(base=base, items=items)

    assert scored.requirements == (scoring.Requirement("skill", "nlp", "Nlp", 3, 5, True),)
