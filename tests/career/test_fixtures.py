"""The shipped catalogue is complete, faithful to the job description and loads safely.

The session database holds the catalogue (tests/conftest.py loads it once);
each test runs in a transaction that is rolled back afterwards.
"""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import IntegrityError
from django.db.models import Count, Max, Min, Q

from career.management.commands.load_catalogue import CATALOGUE_FIXTURES
from career.models import (
    CareerStep,
    Certification,
    CertificationProvider,
    Duty,
    FaqEntry,
    GrowthProjection,
    Industry,
    KnowledgeCheckItem,
    KnowledgeCheckOption,
    Kpi,
    MarketTrend,
    PayFactor,
    Qualification,
    RequirementProfile,
    RoadmapAction,
    RoadmapPhase,
    Role,
    SalaryBand,
    SeniorityLevel,
    Skill,
    SkillRequirement,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
SENIORITIES = ["junior", "mid", "senior", "lead"]
ROLES = [
    ("ai-engineer", "AI Engineer", "General AI Development", "mid", "mid"),
    ("machine-learning-engineer", "Machine Learning Engineer", "ML Model Development", "junior", "senior"),
    ("deep-learning-engineer", "Deep Learning Engineer", "Neural Networks", "mid", "senior"),
    ("ai-developer", "AI Developer", "AI Application Development", "junior", "junior"),
    ("ml-platform-engineer", "ML Platform Engineer", "AI Infrastructure", "senior", "senior"),
    ("ai-systems-engineer", "AI Systems Engineer", "System Integration", "mid", "mid"),
    ("nlp-engineer", "NLP Engineer", "Language Models", "mid", "senior"),
    ("computer-vision-engineer", "Computer Vision Engineer", "Image/Video Processing", "mid", "senior"),
    ("mlops-engineer", "MLOps Engineer", "Deployment and Operations", "senior", "senior"),
    ("robotics-ai-engineer", "Robotics AI Engineer", "Physical Systems", "mid", "senior"),
    ("conversational-ai-engineer", "Conversational AI Engineer", "Chatbot Development", "mid", "mid"),
]
DUTIES = [
    "design-implement-ml-models",
    "build-data-pipelines",
    "integrate-ai-systems",
    "cross-functional-collaboration",
    "maintain-model-performance",
    "ensure-scalability-reliability",
    "develop-neural-networks",
    "implement-mlops",
]
SKILLS_BY_CATEGORY = {
    "programming": ["python"],
    "machine-learning": [
        "supervised-learning-model-design",
        "deep-learning-frameworks",
        "neural-network-architectures",
    ],
    "data": ["data-preprocessing-pipelines", "data-security-privacy"],
    "production": [
        "mlops",
        "model-optimisation-deployment",
        "monitoring-retraining-ab-testing",
        "scalable-cloud-systems",
        "system-integration",
    ],
    "professional": ["problem-solving-analysis", "communication-collaboration"],
    "specialisms": [
        "nlp-llms",
        "generative-ai",
        "computer-vision",
        "robotics-physical-systems",
        "conversational-ai",
        "edge-deployment",
        "recommendation-systems",
        "predictive-analytics",
    ],
}


def catalogue_counts() -> dict[str, int]:
    """Rows per catalogue table, including the many-to-many link tables."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("career").get_models(include_auto_created=True)
    }


# --- The files ----------------------------------------------------------------------


def test_fixture_files_are_exactly_the_loaded_families():
    files = sorted(path.stem for path in FIXTURES_DIR.glob("*.json"))

    assert files == sorted(CATALOGUE_FIXTURES)


@pytest.mark.parametrize("name", CATALOGUE_FIXTURES)
def test_fixture_file_uses_natural_keys_only(name):
    objects = json.loads((FIXTURES_DIR / f"{name}.json").read_text(encoding="utf-8"))

    with_pk = [obj for obj in objects if "pk" in obj]

    assert objects != []
    assert with_pk == []


def test_catalogue_fills_every_catalogue_table():
    empty = [label for label, count in catalogue_counts().items() if count == 0]

    assert empty == []


# --- Roles, seniority and pay ---------------------------------------------------------


def test_roles_are_the_eleven_titles_with_focus_areas_and_experience():
    roles = Role.objects.order_by("order").values_list(
        "slug", "name", "focus_area", "typical_seniority_from__slug", "typical_seniority_to__slug"
    )

    assert list(roles) == ROLES


def test_only_the_deep_learning_engineer_is_research_focused():
    research = Role.objects.filter(research_focused=True).values_list("slug", flat=True)

    assert list(research) == ["deep-learning-engineer"]


def test_seniority_levels_rank_junior_to_lead_with_salary_bands():
    levels = SeniorityLevel.objects.values_list("slug", "rank", "salary_band__slug")

    assert list(levels) == [("junior", 1, "entry"), ("mid", 2, "mid"), ("senior", 3, "senior"), ("lead", 4, "senior")]


def test_salary_bands_carry_the_seed_figures():
    bands = [(band.slug, band.min_usd, band.max_usd, band.open_ended, band.label) for band in SalaryBand.objects.all()]

    assert bands == [
        ("entry", 70_000, 90_000, False, "$70K \N{EN DASH} $90K"),
        ("mid", 90_000, 150_000, False, "$90K \N{EN DASH} $150K"),
        ("senior", 150_000, 200_000, True, "$150K \N{EN DASH} $200K+"),
        ("big-tech", 200_000, 400_000, True, "$200K \N{EN DASH} $400K+"),
    ]


def test_pay_factors_name_the_top_regions_and_what_moves_pay():
    factors = PayFactor.objects.values_list("kind", "name")

    assert list(factors) == [
        ("factor", "Experience level"),
        ("factor", "Specialisation"),
        ("factor", "Company size"),
        ("region", "Silicon Valley"),
        ("region", "New York City"),
        ("region", "Seattle"),
    ]


# --- Career ladder --------------------------------------------------------------------


def test_career_ladder_has_both_tracks_beyond_senior():
    steps = CareerStep.objects.order_by("order").values_list("track", "name")

    assert list(steps) == [
        ("core", "Junior AI Engineer"),
        ("core", "Mid-level AI Engineer"),
        ("core", "Senior AI Engineer"),
        ("ic", "Staff Engineer"),
        ("ic", "Principal Engineer"),
        ("ic", "AI Architect"),
        ("management", "AI Engineering Manager"),
        ("management", "Director of AI"),
        ("management", "VP of AI / Chief AI Officer"),
        ("specialism", "Move into NLP"),
        ("specialism", "Move into computer vision"),
    ]


def test_career_ladder_lateral_moves_lead_into_nlp_and_computer_vision_roles():
    moves = CareerStep.objects.filter(track="specialism").order_by("order").values_list("slug", "role__slug")

    assert list(moves) == [
        ("nlp-specialist", "nlp-engineer"),
        ("computer-vision-specialist", "computer-vision-engineer"),
    ]


def test_career_ladder_senior_step_splits_into_ic_and_management():
    senior = CareerStep.objects.get(slug="senior-ai-engineer")

    next_steps = senior.leads_to.order_by("order").values_list("slug", flat=True)

    assert list(next_steps) == [
        "staff-engineer",
        "ai-engineering-manager",
        "nlp-specialist",
        "computer-vision-specialist",
    ]


def test_career_ladder_reaches_the_executive_step_from_both_tracks():
    reached_from = CareerStep.objects.get(slug="director-of-ai").reached_from.order_by("order")

    assert list(reached_from.values_list("slug", flat=True)) == ["ai-architect", "ai-engineering-manager"]
    assert list(CareerStep.objects.get(slug="director-of-ai").leads_to.values_list("slug", flat=True)) == [
        "vp-ai-chief-ai-officer"
    ]


# --- Skills -----------------------------------------------------------------------------


def test_skills_are_the_catalogue_skills_by_category():
    by_category = {}
    for category, skill in Skill.objects.values_list("category__slug", "slug"):
        by_category.setdefault(category, []).append(skill)

    assert by_category == SKILLS_BY_CATEGORY


def test_specialisms_are_exactly_the_specialism_category():
    specialisms = Skill.objects.filter(is_specialism=True).values_list("slug", flat=True)

    assert list(specialisms) == SKILLS_BY_CATEGORY["specialisms"]


def test_deep_learning_frameworks_skill_names_tensorflow_and_pytorch():
    skill = Skill.objects.get(slug="deep-learning-frameworks")

    text = f"{skill.name} {skill.description}"

    assert "TensorFlow" in text
    assert "PyTorch" in text


def test_every_skill_has_an_anchor_for_each_level():
    levels = {
        skill.slug: sorted(level.level for level in skill.levels.all() if level.description.strip())
        for skill in Skill.objects.prefetch_related("levels")
    }

    assert levels == {slug: [0, 1, 2, 3, 4] for slugs in SKILLS_BY_CATEGORY.values() for slug in slugs}


# --- Duties and qualifications -------------------------------------------------------------


def test_duties_are_the_eight_in_seed_order():
    duties = Duty.objects.values_list("slug", flat=True)

    assert list(duties) == DUTIES


def test_every_duty_has_four_scopes_with_descriptions():
    scopes = {
        duty.slug: [scope.scope for scope in duty.scopes.all() if scope.description.strip()]
        for duty in Duty.objects.prefetch_related("scopes")
    }

    assert scopes == {slug: [1, 2, 3, 4] for slug in DUTIES}


def test_every_duty_has_a_business_example_and_an_interview_focus():
    incomplete = [
        duty.slug for duty in Duty.objects.all() if not (duty.business_example.strip() and duty.interview_focus.strip())
    ]

    assert incomplete == []


def test_qualifications_are_degree_portfolio_and_certification_with_five_anchors():
    levels = {
        qualification.slug: [level.level for level in qualification.levels.all()]
        for qualification in Qualification.objects.prefetch_related("levels")
    }

    assert levels == {
        "degree": [0, 1, 2, 3, 4],
        "portfolio": [0, 1, 2, 3, 4],
        "ai-certification": [0, 1, 2, 3, 4],
    }


def test_degree_anchors_climb_from_bachelors_to_phd():
    degree = Qualification.objects.get(slug="degree")
    anchors = {level.level: level.description for level in degree.levels.all()}

    assert "Bachelor" in anchors[2]
    assert "Master" in anchors[3]
    assert "PhD" in anchors[4]


# --- Requirement profiles ---------------------------------------------------------------------


def test_every_role_has_a_profile_for_every_seniority():
    pairs = set(RequirementProfile.objects.values_list("role__slug", "seniority__slug"))

    assert pairs == {(role[0], seniority) for role in ROLES for seniority in SENIORITIES}


def test_every_profile_has_skill_duty_and_education_requirements():
    profiles = RequirementProfile.objects.annotate(
        skills=Count("skill_requirements", distinct=True),
        duties=Count("duty_requirements", distinct=True),
        education=Count("education_requirements", distinct=True),
    )

    lacking = [str(profile) for profile in profiles if 0 in (profile.skills, profile.duties, profile.education)]

    assert lacking == []


@pytest.mark.parametrize("relation", ["skill_requirements", "duty_requirements", "education_requirements"])
def test_requirement_targets_and_weights_are_in_range(relation):
    model = RequirementProfile._meta.get_field(relation).related_model

    bounds = model.objects.aggregate(Min("target"), Max("target"), Min("weight"), Max("weight"))

    assert 0 <= bounds["target__min"] <= bounds["target__max"] <= 4
    assert 1 <= bounds["weight__min"] <= bounds["weight__max"] <= 5


def test_seniority_never_lowers_a_skill_target():
    targets = {}
    for role, rank, skill, target in SkillRequirement.objects.values_list(
        "profile__role__slug", "profile__seniority__rank", "skill__slug", "target"
    ):
        targets.setdefault((role, skill), {})[rank] = target

    lowered = [
        (role, skill, ranks)
        for (role, skill), ranks in targets.items()
        if any(ranks.get(rank, 0) > ranks.get(rank + 1, 4) for rank in range(1, 4))
    ]

    assert lowered == []


# --- Certifications ------------------------------------------------------------------------------


def test_certification_providers_are_google_aws_and_ibm():
    providers = CertificationProvider.objects.values_list("slug", flat=True)

    assert sorted(providers) == ["aws", "google", "ibm"]


def test_required_certifications_are_active():
    active = set(Certification.objects.active().values_list("name", flat=True))

    assert active >= {
        "AWS Certified Machine Learning Engineer \N{EN DASH} Associate",
        "AWS Certified AI Practitioner",
        "AWS Certified Generative AI Developer \N{EN DASH} Professional",
        "Google Cloud Professional Machine Learning Engineer",
        "Google Cloud Generative AI Leader",
        "IBM AI Engineering Professional Certificate",
    }


def test_retired_certifications_are_marked_retired_with_their_dates():
    retired = Certification.objects.filter(status="retired").order_by("retired_on").values_list("name", "retired_on")

    assert list(retired) == [
        ("TensorFlow Developer Certificate", date(2024, 5, 31)),
        ("AWS Certified Machine Learning \N{EN DASH} Specialty", date(2026, 3, 31)),
    ]


def test_every_active_certification_covers_a_skill():
    uncovered = Certification.objects.active().filter(covered_skills=None).values_list("slug", flat=True)

    assert list(uncovered) == []


# --- Roadmap ----------------------------------------------------------------------------------------


def test_roadmap_has_the_five_phases_in_order():
    phases = RoadmapPhase.objects.values_list("number", "slug")

    assert list(phases) == [
        (1, "academic-foundation"),
        (2, "core-technical-skills"),
        (3, "hands-on-projects"),
        (4, "interview-preparation"),
        (5, "strategic-positioning"),
    ]


def test_every_roadmap_phase_has_actions_with_an_effort():
    phases = RoadmapPhase.objects.annotate(actions_count=Count("actions")).values_list("slug", "actions_count")
    effortless = RoadmapAction.objects.filter(effort_hours=0).values_list("slug", flat=True)

    assert [slug for slug, count in phases if count == 0] == []
    assert list(effortless) == []


def test_every_core_skill_has_a_roadmap_action():
    core = set(Skill.objects.filter(is_specialism=False).values_list("slug", flat=True))

    with_actions = set(RoadmapAction.objects.filter(skill__isnull=False).values_list("skill__slug", flat=True))

    assert core - with_actions == set()


# --- Knowledge check: the question bank -------------------------------------------------------------------


def test_bank_has_four_active_items_for_every_skill_and_level():
    skills = [slug for slugs in SKILLS_BY_CATEGORY.values() for slug in slugs]

    counts = KnowledgeCheckItem.objects.filter(is_active=True).values("skill__slug", "level").annotate(n=Count("pk"))

    assert {(row["skill__slug"], row["level"]): row["n"] for row in counts} == {
        (skill, level): 4 for skill in skills for level in range(1, 5)
    }
    assert KnowledgeCheckItem.objects.count() == 336


def test_bank_slugs_name_the_skill_the_level_and_a_number():
    misnamed = [
        slug
        for slug, skill, level in KnowledgeCheckItem.objects.values_list("slug", "skill__slug", "level")
        if slug.removeprefix(f"{skill}-{level}-") not in {"1", "2", "3", "4"}
    ]

    assert misnamed == []


def test_every_bank_item_has_three_to_five_options_with_exactly_one_correct():
    items = KnowledgeCheckItem.objects.annotate(
        option_count=Count("options"), correct_count=Count("options", filter=Q(options__is_correct=True))
    )

    shapes = {(item.option_count, item.correct_count) for item in items}
    wrong = [item.slug for item in items if not (3 <= item.option_count <= 5 and item.correct_count == 1)]

    assert wrong == []
    assert shapes == {(4, 1)}


def test_every_bank_option_sits_at_positions_numbered_from_one():
    positions: dict[str, list[int]] = {}
    for slug, position in KnowledgeCheckOption.objects.order_by("item__slug", "position").values_list(
        "item__slug", "position"
    ):
        positions.setdefault(slug, []).append(position)

    assert {slug: numbers for slug, numbers in positions.items() if numbers != [1, 2, 3, 4]} == {}


def test_bank_has_no_repeated_stem_ignoring_case_and_whitespace():
    stems = [" ".join(stem.split()).casefold() for stem in KnowledgeCheckItem.objects.values_list("stem", flat=True)]

    assert len(set(stems)) == len(stems) == 336


def test_bank_items_have_an_explanation_and_no_blank_option():
    unexplained = KnowledgeCheckItem.objects.filter(explanation__regex=r"^\s*$").values_list("slug", flat=True)
    blank = KnowledgeCheckOption.objects.filter(text__regex=r"^\s*$").values_list("item__slug", "position")

    assert (list(unexplained), list(blank)) == ([], [])


def test_certification_actions_follow_the_qualification_levels_one_per_level():
    actions = RoadmapAction.objects.filter(qualification__slug="ai-certification").order_by("reaches_level")

    assert [(action.reaches_level, action.slug) for action in actions] == [
        (1, "ai-certification-1-foundational-exam"),
        (2, "ai-certification-2-hands-on-certificate"),
        (3, "ai-certification-3-associate"),
        (4, "ai-certification-4-professional"),
    ]


def test_every_active_certification_gives_a_level_the_roadmap_reaches():
    reached = set(
        RoadmapAction.objects.filter(qualification__slug="ai-certification").values_list("reaches_level", flat=True)
    )

    levels = set(Certification.objects.active().values_list("credential_level", flat=True))

    assert levels - reached == set()


# --- Industries, outlook, KPIs, FAQ -----------------------------------------------------------------------


def test_industries_are_the_four_sectors_with_example_applications():
    industries = {industry.slug: len(industry.application_list) > 0 for industry in Industry.objects.all()}

    assert industries == {"technology": True, "finance": True, "healthcare": True, "automotive": True}


def test_growth_projection_is_26_percent_from_2024_to_2034():
    growth = GrowthProjection.objects.values_list("percent", "start_year", "end_year")

    assert list(growth) == [(26, 2024, 2034)]


def test_market_trends_are_the_named_trends():
    trends = MarketTrend.objects.values_list("slug", flat=True)

    assert list(trends) == [
        "generative-ai",
        "large-language-models",
        "mlops-demand",
        "edge-ai-deployment",
        "remote-work",
    ]


def test_kpis_are_the_four_measures():
    kpis = Kpi.objects.values_list("slug", "duty__slug")

    assert list(kpis) == [
        ("model-accuracy", "maintain-model-performance"),
        ("system-scalability", "ensure-scalability-reliability"),
        ("data-pipeline-efficiency", "build-data-pipelines"),
        ("successful-integration", "integrate-ai-systems"),
    ]


def test_faq_answers_the_five_seed_questions_then_how_scoring_works():
    questions = FaqEntry.objects.values_list("slug", flat=True)

    assert list(questions) == [
        "career-switchers",
        "faang-vs-mid-size",
        "masters-or-bachelors",
        "why-strong-candidates-get-rejected",
        "kpis",
        "how-readiness-is-scored",
    ]


# --- Loading ------------------------------------------------------------------------------------------------


def test_loading_the_catalogue_again_keeps_every_row_count_and_restores_shipped_values():
    requirement = SkillRequirement.objects.get_by_natural_key("nlp-engineer", "senior", "nlp-llms")
    shipped = requirement.target
    SkillRequirement.objects.filter(pk=requirement.pk).update(target=0 if shipped else 1)
    before = catalogue_counts()

    call_command("load_catalogue", verbosity=0)

    requirement.refresh_from_db()
    assert catalogue_counts() == before
    assert requirement.target == shipped


def test_loading_the_catalogue_again_restores_the_bank():
    objects = json.loads((FIXTURES_DIR / "knowledge_check.json").read_text(encoding="utf-8"))
    shipped = next(obj["fields"] for obj in objects if obj["fields"].get("slug") == "nlp-llms-4-2")
    keys = [obj["fields"]["is_correct"] for obj in objects if obj["fields"].get("item") == ["nlp-llms-4-2"]]
    KnowledgeCheckItem.objects.filter(slug="nlp-llms-4-2").update(is_active=False, explanation="Edited.")
    KnowledgeCheckOption.objects.filter(item__slug="nlp-llms-4-2").update(is_correct=True)
    before = catalogue_counts()

    call_command("load_catalogue", verbosity=0)

    item = KnowledgeCheckItem.objects.get(slug="nlp-llms-4-2")
    assert catalogue_counts() == before
    assert (item.is_active, item.explanation) == (True, shipped["explanation"])
    assert list(item.options.values_list("is_correct", flat=True)) == keys
    assert keys.count(True) == 1


# Each malformed file first adds a valid new row, so a load that was not
# all-or-nothing would leave that row behind and change the counts.
VALID_FIRST = {
    "model": "career.skillcategory",
    "fields": {"slug": "planted-category", "name": "Planted", "description": "Must not survive a failed load."},
}
MALFORMED = {
    "bad-json": (
        "[" + json.dumps(VALID_FIRST) + ', {"model": "career.skill", "fields": {',
        DeserializationError,
        "Problem installing fixture",
    ),
    "unknown-natural-key": (
        [
            VALID_FIRST,
            {
                "model": "career.skillrequirement",
                "fields": {"profile": ["nlp-engineer", "senior"], "skill": ["no-such-skill"], "target": 2, "weight": 2},
            },
        ],
        DeserializationError,
        "SkillRequirement has no skill",
    ),
    "target-of-7": (
        [
            VALID_FIRST,
            {
                "model": "career.skillrequirement",
                "fields": {"profile": ["nlp-engineer", "senior"], "skill": ["nlp-llms"], "target": 7, "weight": 3},
            },
        ],
        IntegrityError,
        "career_skillrequirement_target_in_range",
    ),
    "check-item-at-level-5": (
        [
            VALID_FIRST,
            {
                "model": "career.knowledgecheckitem",
                "fields": {
                    "slug": "python-5-1",
                    "skill": ["python"],
                    "level": 5,
                    "stem": "Beyond?",
                    "explanation": "No.",
                },
            },
        ],
        IntegrityError,
        "career_knowledgecheckitem_level_in_range",
    ),
    "negative-weight": (
        [
            VALID_FIRST,
            {
                "model": "career.skillrequirement",
                "fields": {"profile": ["nlp-engineer", "senior"], "skill": ["nlp-llms"], "target": 3, "weight": -1},
            },
        ],
        IntegrityError,
        "weight",
    ),
}


@pytest.mark.parametrize(("content", "error", "message"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_fixture_fails_and_leaves_the_catalogue_unchanged(tmp_path, content, error, message):
    path = tmp_path / "malformed.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    requirement = SkillRequirement.objects.get_by_natural_key("nlp-engineer", "senior", "nlp-llms")
    before = catalogue_counts()

    with pytest.raises(error, match="Problem installing fixture") as failure:
        call_command("loaddata", str(path), verbosity=0)

    assert message in str(failure.value)
    assert catalogue_counts() == before
    assert SkillRequirement.objects.values_list("target", "weight").get(pk=requirement.pk) == (
        requirement.target,
        requirement.weight,
    )


def test_loaddata_command_exits_non_zero_on_a_malformed_fixture(tmp_path):
    path = tmp_path / "malformed.json"
    path.write_text(MALFORMED["bad-json"][0], encoding="utf-8")
    # A scratch database: the file is refused while parsing, before any table is touched.
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["SQLITE_PATH"] = str(tmp_path / "scratch.sqlite3")
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "loaddata", str(path)]

    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603

    assert result.returncode == 1
    assert "DeserializationError: Problem installing fixture" in result.stderr
