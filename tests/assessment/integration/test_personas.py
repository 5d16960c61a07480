"""Personas as tests: typical candidates run through the questionnaire against the shipped
catalogue, and the report says what a thoughtful reviewer would expect for each."""

import dataclasses
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse

from assessment.models import Report
from assessment.questionnaire import KIND_CHECK, KIND_EDUCATION, KIND_EXPERIENCE
from assessment.recommendations import CLOUD_BONUS, PROVES
from assessment.selectors import questionnaire_get
from career.enums import CertificationStatus
from career.models import Certification, EducationRequirement
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SPECIALISMS = [
    "nlp-llms",
    "generative-ai",
    "computer-vision",
    "robotics-physical-systems",
    "conversational-ai",
    "edge-deployment",
    "recommendation-systems",
    "predictive-analytics",
]
CORE_SKILLS = [
    "python",
    "supervised-learning-model-design",
    "deep-learning-frameworks",
    "neural-network-architectures",
    "data-preprocessing-pipelines",
    "data-security-privacy",
    "mlops",
    "model-optimisation-deployment",
    "monitoring-retraining-ab-testing",
    "scalable-cloud-systems",
    "system-integration",
    "problem-solving-analysis",
    "communication-collaboration",
]
RETIRED_CERTIFICATIONS = {"aws-machine-learning-specialty", "tensorflow-developer-certificate"}


@dataclass(frozen=True)
class Persona:
    """A candidate's answers: skills and duties not listed are rated `others`."""

    skills: dict[str, int]
    duties: dict[str, int]
    education: dict[str, int]
    others: int = 1
    certifications: tuple[str, ...] = ()
    experience: dict[str, str] = field(default_factory=lambda: {"years_experience": "4", "shipped_projects": "3"})

    def answers(self, step) -> dict:
        """The POST body of one questionnaire step; the knowledge check is skipped."""
        if step.kind == KIND_CHECK:
            return {"nav": "skip"}
        ratings = {"skill": self.skills, "duty": self.duties, "education": self.education}
        data = {q.key: str(ratings[q.kind].get(q.key, self.others)) for q in step.questions}
        if step.kind == KIND_EDUCATION:
            data["certifications"] = list(self.certifications)
        if step.kind == KIND_EXPERIENCE:
            data |= self.experience | {"portfolio_url": ""}
        return data | {"nav": "next"}


CAREER_SWITCHER = Persona(
    skills={"python": 1, "problem-solving-analysis": 2, "communication-collaboration": 3},
    duties={},
    education={"degree": 2, "portfolio": 0},
    others=0,
    experience={"years_experience": "0", "shipped_projects": "0"},
)
STRONG_GENERALIST = Persona(
    skills=dict.fromkeys(CORE_SKILLS, 3) | dict(zip(SPECIALISMS, [2, 2, 1, 1, 2, 1, 1, 2], strict=True)),
    duties={
        "design-implement-ml-models": 3,
        "build-data-pipelines": 3,
        "integrate-ai-systems": 2,
        "cross-functional-collaboration": 3,
        "maintain-model-performance": 2,
        "ensure-scalability-reliability": 2,
        "develop-neural-networks": 2,
        "implement-mlops": 3,
    },
    education={"degree": 3, "portfolio": 3},
    experience={"years_experience": "7", "shipped_projects": "6"},
)
MLOPS_SPECIALIST = Persona(
    skills={
        "mlops": 4,
        "data-preprocessing-pipelines": 4,
        "scalable-cloud-systems": 4,
        "monitoring-retraining-ab-testing": 4,
        "model-optimisation-deployment": 3,
        "python": 3,
        "system-integration": 3,
        "supervised-learning-model-design": 2,
        "problem-solving-analysis": 3,
        "communication-collaboration": 3,
        "data-security-privacy": 2,
        "deep-learning-frameworks": 1,
        "neural-network-architectures": 1,
    }
    | dict(zip(SPECIALISMS, [1, 0, 0, 0, 0, 1, 0, 1], strict=True)),
    duties={
        "implement-mlops": 3,
        "build-data-pipelines": 3,
        "ensure-scalability-reliability": 3,
        "design-implement-ml-models": 2,
        "integrate-ai-systems": 2,
        "cross-functional-collaboration": 2,
        "maintain-model-performance": 2,
        "develop-neural-networks": 1,
    },
    education={"degree": 3, "portfolio": 3},
)
NLP_SPECIALIST = Persona(
    skills={
        "nlp-llms": 4,
        "deep-learning-frameworks": 3,
        "neural-network-architectures": 3,
        "python": 3,
        "generative-ai": 2,
        "conversational-ai": 2,
        "supervised-learning-model-design": 3,
        "problem-solving-analysis": 3,
        "communication-collaboration": 3,
        "computer-vision": 0,
        "robotics-physical-systems": 0,
        "mlops": 1,
        "data-preprocessing-pipelines": 2,
        "data-security-privacy": 2,
        "model-optimisation-deployment": 2,
        "system-integration": 2,
    },
    duties={
        "design-implement-ml-models": 2,
        "build-data-pipelines": 2,
        "integrate-ai-systems": 2,
        "cross-functional-collaboration": 2,
        "develop-neural-networks": 2,
    },
    education={"degree": 3, "portfolio": 2},
)
CV_SPECIALIST = Persona(
    skills={
        "computer-vision": 4,
        "deep-learning-frameworks": 3,
        "neural-network-architectures": 3,
        "python": 3,
        "edge-deployment": 2,
        "supervised-learning-model-design": 3,
        "nlp-llms": 0,
        "robotics-physical-systems": 1,
        "problem-solving-analysis": 2,
        "communication-collaboration": 2,
        "data-preprocessing-pipelines": 2,
        "model-optimisation-deployment": 2,
    },
    duties={"design-implement-ml-models": 2, "cross-functional-collaboration": 2, "develop-neural-networks": 2},
    education={"degree": 2, "portfolio": 2},
)


def complete_as(client, persona: Persona, *, role: str, seniority: str) -> Report:
    """Start an assessment, answer every step as `persona`, and return the report it lands on."""
    assessment = start_assessment(client, role=role, seniority=seniority)
    for step in questionnaire_get().steps:
        url = reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": step.slug})
        response = client.post(url, persona.answers(step))
        assert response.status_code == 302, response.content.decode()[:2000]
    report = Report.objects.get(assessment=assessment)
    assert response["Location"] == reverse("assessment:report", kwargs={"pk": report.pk})
    return report


def recommended(report: Report) -> list[str]:
    return [rec["certification"]["slug"] for rec in report.snapshot["certifications"]]


def planned(report: Report) -> list[tuple[int, str, int]]:
    """The roadmap as (phase, item, level reached), in plan order."""
    return [
        (phase["phase"]["number"], entry["action"]["key"], entry["action"]["reaches_level"])
        for phase in report.snapshot["roadmap"]["phases"]
        for entry in phase["actions"]
    ]


# --- The career switcher ----------------------------------------------------------------------


def test_career_switcher_has_low_readiness_for_every_role_and_no_seniority(client):
    report = complete_as(client, CAREER_SWITCHER, role="ai-engineer", seniority="mid")

    role_fit = report.snapshot["role_fit"]
    assert len(role_fit) == 11
    assert [(fit["role"], fit["readiness"]) for fit in role_fit if fit["readiness"] >= 40] == []
    assert report.readiness < 40
    assert report.snapshot["seniority_estimate"]["seniority"] is None
    assert report.estimated_seniority_name == ""


def test_career_switcher_roadmap_starts_with_foundations(client):
    report = complete_as(client, CAREER_SWITCHER, role="ai-engineer", seniority="mid")

    plan = planned(report)
    first_phase = [entry for entry in plan if entry[0] == plan[0][0]]
    assert plan[0][0] == 1
    assert {level for _, _, level in first_phase} == {1}
    # Python is already at level 1, so its next step is the first action of phase 2,
    # and it comes before what builds on it.
    assert [(phase, level) for phase, key, level in plan if key == "python"] == [(2, 2), (3, 3)]
    order = [(key, level) for _, key, level in plan]
    assert order.index(("python", 2)) < order.index(("deep-learning-frameworks", 2)) < order.index(("mlops", 2))


def test_career_switcher_is_recommended_engineering_certifications_by_gap_closed_per_hour(client):
    report = complete_as(client, CAREER_SWITCHER, role="ai-engineer", seniority="mid")

    certifications = report.snapshot["certifications"]
    audiences = dict(Certification.objects.values_list("slug", "audience"))
    evidence = dict(Certification.objects.values_list("slug", "evidence"))
    rates = [Fraction(rec["covered"], rec["prep_hours"]) for rec in certifications]
    assert len(certifications) == 3
    assert [audiences[slug] for slug in recommended(report)] == ["engineering"] * 3
    assert rates == sorted(rates, reverse=True)
    assert [rec["proves"] for rec in certifications] == [PROVES[evidence[slug]] for slug in recommended(report)]


# --- The strong generalist ---------------------------------------------------------------------


def test_strong_generalist_is_ready_for_ai_engineer_at_mid(client):
    report = complete_as(client, STRONG_GENERALIST, role="ai-engineer", seniority="mid")

    estimate = report.snapshot["seniority_estimate"]
    assert report.readiness >= 80
    assert report.snapshot["score"]["readiness"] >= 80
    assert estimate["seniority"] in {"mid", "senior", "lead"}
    assert report.estimated_seniority_name == estimate["seniority_name"]


# --- Specialists -------------------------------------------------------------------------------


@pytest.mark.parametrize("seniority", ["mid", "senior"])
@pytest.mark.parametrize(
    ("persona", "specialty", "best_fits", "unrelated"),
    [
        (
            MLOPS_SPECIALIST,
            "mlops-engineer",
            {"mlops-engineer", "ml-platform-engineer"},
            ["nlp-engineer", "computer-vision-engineer", "robotics-ai-engineer", "conversational-ai-engineer"],
        ),
        (
            NLP_SPECIALIST,
            "nlp-engineer",
            {"nlp-engineer", "conversational-ai-engineer"},
            ["computer-vision-engineer", "robotics-ai-engineer", "mlops-engineer"],
        ),
        (
            CV_SPECIALIST,
            "computer-vision-engineer",
            {"computer-vision-engineer", "robotics-ai-engineer"},
            ["nlp-engineer", "conversational-ai-engineer", "mlops-engineer"],
        ),
    ],
    ids=["mlops", "nlp", "computer-vision"],
)
def test_specialist_fits_their_specialty_best(client, persona, specialty, best_fits, unrelated, seniority):
    report = complete_as(client, persona, role=specialty, seniority=seniority)

    ranking = [fit["role"] for fit in report.snapshot["role_fit"]]
    assert ranking[0] in best_fits
    assert [role for role in unrelated if ranking.index(role) < ranking.index(specialty)] == []


# --- Certifications ----------------------------------------------------------------------------


def test_held_certifications_are_never_recommended(client):
    baseline = recommended(complete_as(client, CAREER_SWITCHER, role="ai-engineer", seniority="mid"))
    holder = Persona(
        skills=CAREER_SWITCHER.skills,
        duties=CAREER_SWITCHER.duties,
        education=CAREER_SWITCHER.education,
        others=CAREER_SWITCHER.others,
        certifications=tuple(baseline),
    )

    report = complete_as(client, holder, role="ai-engineer", seniority="mid")

    assert len(baseline) == 3
    assert report.snapshot["held_certifications"] == sorted(baseline)
    assert [slug for slug in recommended(report) if slug in baseline] == []
    assert len(recommended(report)) == 3


@pytest.mark.parametrize("cloud", ["aws", "google", "ibm"])
def test_the_candidates_cloud_is_flagged_and_weighs_as_a_bounded_preference(client, cloud):
    persona = dataclasses.replace(CAREER_SWITCHER, experience=CAREER_SWITCHER.experience | {"preferred_cloud": cloud})

    report = complete_as(client, persona, role="ai-engineer", seniority="mid")

    providers = dict(Certification.objects.values_list("slug", "provider__slug"))
    certifications = report.snapshot["certifications"]
    in_cloud = [(providers[rec["certification"]["slug"]] == cloud, rec["in_cloud"]) for rec in certifications]
    assert [flag for flag, shown in in_cloud if flag != shown] == []
    # Among the certificates that suit the target, the order is per hour with the cloud's bonus.
    ranked = [
        Fraction(rec["covered"], max(rec["prep_hours"], 1)) * (CLOUD_BONUS if rec["in_cloud"] else 1)
        for rec in certifications
        if rec["suited"]
    ]
    assert ranked == sorted(ranked, reverse=True)
    assert report.snapshot["experience"]["preferred_cloud"] == cloud


def test_business_certifications_only_for_a_lead_target(client):
    # Strong, but new to generative AI and language models: what the business-level exams cover.
    persona = dataclasses.replace(
        STRONG_GENERALIST, skills=STRONG_GENERALIST.skills | {"generative-ai": 0, "nlp-llms": 0}
    )
    business = set(Certification.objects.filter(audience="business").values_list("slug", flat=True))

    lead = complete_as(client, persona, role="nlp-engineer", seniority="lead")
    senior = complete_as(client, persona, role="nlp-engineer", seniority="senior")

    assert (lead.snapshot["leadership_target"], senior.snapshot["leadership_target"]) == (True, False)
    assert business & set(recommended(lead)) != set()
    assert business & set(recommended(senior)) == set()


def test_retired_certifications_are_never_recommended(client):
    report = complete_as(client, MLOPS_SPECIALIST, role="mlops-engineer", seniority="mid")
    # Were they still offered, both retired certifications would top this candidate's list.
    Certification.objects.filter(slug__in=RETIRED_CERTIFICATIONS).update(
        status=CertificationStatus.ACTIVE, retired_on=None
    )
    reactivated = complete_as(client, MLOPS_SPECIALIST, role="mlops-engineer", seniority="mid")

    assert [slug for slug in recommended(report) if slug in RETIRED_CERTIFICATIONS] == []
    assert {slug for slug in recommended(reactivated) if slug in RETIRED_CERTIFICATIONS} == RETIRED_CERTIFICATIONS


# --- The plan -----------------------------------------------------------------------------------


def next_five(report: Report) -> list[str]:
    return [step["action"]["slug"] for step in report.snapshot["plan"]["next_actions"]]


@pytest.mark.parametrize("seniority", ["mid", "senior"])
def test_strong_candidate_without_a_degree_gets_it_as_its_own_long_term_route(client, seniority):
    persona = dataclasses.replace(
        STRONG_GENERALIST,
        education=STRONG_GENERALIST.education | {"degree": 0},
        experience=STRONG_GENERALIST.experience | {"hours_per_week": "10"},
    )

    report = complete_as(client, persona, role="ai-engineer", seniority=seniority)

    roadmap, plan = report.snapshot["roadmap"], report.snapshot["plan"]
    in_phases = [entry["action"] for phase in roadmap["phases"] for entry in phase["actions"]]
    routes = [(r["action"]["slug"], r["expectation"], r["optional"]) for r in roadmap["long_routes"]]
    assert routes == [("degree-2-bachelors", "required", False)]
    assert [action["key"] for action in in_phases if action["key"] == "degree"] == []
    assert 1 <= len(next_five(report)) <= 5
    assert [slug for slug in next_five(report) if slug.startswith("degree-")] == []
    assert plan["skills_hours"] == roadmap["total_hours"] == sum(action["effort_hours"] for action in in_phases)
    assert (plan["long_term_hours"], plan["optional_hours"]) == (5400, 0)
    assert plan["weeks"] == -(-plan["skills_hours"] // 10)
    assert "The degree this profile requires is a separate long-term route (5,400 h), not in this date." in " ".join(
        report.body_html.split()
    )


def test_a_preferred_phd_is_optional_and_outside_every_total(client):
    # The shipped profiles require a Bachelor's everywhere; a curator may make a profile prefer a PhD instead.
    EducationRequirement.objects.filter(
        profile__role__slug="deep-learning-engineer", profile__seniority__slug="senior", qualification__slug="degree"
    ).update(target=4, weight=1, expectation="preferred", essential=False)
    report = complete_as(client, NLP_SPECIALIST, role="deep-learning-engineer", seniority="senior")

    roadmap, plan = report.snapshot["roadmap"], report.snapshot["plan"]
    in_phases = [entry["action"]["key"] for phase in roadmap["phases"] for entry in phase["actions"]]
    assert [(r["action"]["slug"], r["expectation"], r["optional"]) for r in roadmap["long_routes"]] == [
        ("degree-4-phd", "preferred", True)
    ]
    assert "degree" not in in_phases
    assert (plan["long_term_hours"], plan["optional_hours"]) == (0, 9000)
    assert plan["skills_hours"] < 9000


def test_next_five_of_a_career_switcher_start_where_they_stand(client):
    report = complete_as(client, CAREER_SWITCHER, role="ai-engineer", seniority="mid")

    steps = report.snapshot["plan"]["next_actions"]
    assert len(steps) == 5
    # Nothing in them waits for something not yet done: each starts from the candidate's own level
    # or from a level an earlier one of the five reaches.
    reached = {(a["kind"], a["key"]): a["rating"] for a in report.snapshot["score"]["items"]}
    for step in steps:
        action = step["action"]
        assert step["level_from"] == reached[(action["kind"], action["key"])]
        reached[(action["kind"], action["key"])] = action["reaches_level"]


# --- The ceiling -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "seniority"),
    [("ai-engineer", "mid"), ("deep-learning-engineer", "lead"), ("mlops-engineer", "senior")],
    ids=["ai-engineer-mid", "deep-learning-engineer-lead", "mlops-engineer-senior"],
)
def test_all_ratings_at_maximum_give_full_readiness_and_no_gaps(client, role, seniority):
    assessment = start_assessment(client, role=role, seniority=seniority)

    answer_steps(client, assessment, rating=4, certifications=["google-cloud-professional-ml-engineer"])

    report = Report.objects.get(assessment=assessment)
    score = report.snapshot["score"]
    assert report.readiness == Decimal("100.0")
    assert score["readiness"] == 100.0
    assert [item["key"] for item in score["items"] if item["gap"] > 0] == []
    assert report.snapshot["top_gaps"] == []
    assert report.snapshot["certifications"] == []
    assert report.snapshot["roadmap"]["total_hours"] == 0
    assert report.snapshot["roadmap"]["long_routes"] == []
    assert (report.snapshot["plan"]["next_actions"], report.snapshot["plan"]["skills_hours"]) == ([], 0)
    assert "Nothing is left to plan: you meet every target of this profile." in report.body_html
    assert {fit["readiness"] for fit in report.snapshot["role_fit"]} == {100.0}
    assert report.snapshot["seniority_estimate"]["seniority"] == "lead"


# --- Verdicts a hiring manager would sign -------------------------------------------------------

ON_TARGET_GENERALIST = Persona(
    skills=dict.fromkeys(CORE_SKILLS, 3) | dict.fromkeys(SPECIALISMS, 2),
    duties={},
    education={"degree": 3, "portfolio": 3},
    others=3,
    experience={"years_experience": "6", "shipped_projects": "5"},
)


@pytest.mark.parametrize("seniority", ["junior", "mid", "senior", "lead"])
def test_python_at_zero_never_meets_an_ai_engineer_profile(client, seniority):
    no_python = Persona(
        skills=dict.fromkeys(CORE_SKILLS + SPECIALISMS, 4) | {"python": 0},
        duties={},
        education=ON_TARGET_GENERALIST.education,
        others=4,
        experience={"years_experience": "12", "shipped_projects": "9"},
    )

    report = complete_as(client, no_python, role="ai-engineer", seniority=seniority)

    verdict = report.snapshot["verdict"]
    assert (verdict["meets"], [item["key"] for item in verdict["blocking"]]) == (False, ["python"])
    assert report.snapshot["seniority_estimate"]["seniority"] is None
    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()
    assert "1 must-have is short:" in page
    assert "Python (you 0, needs" in page


def test_all_fours_with_no_experience_get_low_confidence_and_no_unqualified_lead(client):
    all_fours = Persona(
        skills={},
        duties={},
        education={"degree": 4, "portfolio": 4},
        others=4,
        experience={"years_experience": "0", "shipped_projects": "0"},
    )

    report = complete_as(client, all_fours, role="ai-engineer", seniority="lead")

    confidence = report.snapshot["confidence"]
    assert (confidence["level"], confidence["estimated_name"], confidence["shown_name"]) == ("low", "Lead", "Junior")
    assert report.estimated_seniority_name == "Junior"
    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()
    assert "low confidence" in page
    assert "your ratings alone match Lead, which your experience does not support yet" in page


def test_a_strong_candidate_without_a_degree_is_told_plainly_and_not_failed_on_skills(client):
    no_degree = Persona(
        skills=ON_TARGET_GENERALIST.skills,
        duties={},
        education={"degree": 0, "portfolio": 4},
        others=3,
        experience={"years_experience": "6", "shipped_projects": "5"},
    )

    report = complete_as(client, no_degree, role="ai-engineer", seniority="mid")

    verdict = report.snapshot["verdict"]
    assert (verdict["meets"], verdict["blocking"], [item["key"] for item in verdict["formal_gaps"]]) == (
        False,
        [],
        ["degree"],
    )
    assert report.snapshot["confidence"]["shown_name"] == "Senior"
    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()
    assert "some weigh shipped work, a strong portfolio and certifications instead" in page


def test_ratings_at_the_senior_targets_are_estimated_senior_with_high_confidence(client):
    ladder = {
        "skills": dict.fromkeys(CORE_SKILLS, 3) | {"python": 3},
        "duties": dict.fromkeys(
            [
                "design-implement-ml-models",
                "build-data-pipelines",
                "integrate-ai-systems",
                "cross-functional-collaboration",
                "maintain-model-performance",
                "ensure-scalability-reliability",
                "develop-neural-networks",
                "implement-mlops",
            ],
            3,
        ),
    }
    senior = Persona(
        skills=ladder["skills"] | dict.fromkeys(SPECIALISMS, 2) | {"generative-ai": 3, "mlops": 4},
        duties=ladder["duties"],
        education={"degree": 2, "portfolio": 3},
        others=3,
        experience={"years_experience": "6", "shipped_projects": "5"},
    )

    report = complete_as(client, senior, role="ai-engineer", seniority="senior")

    confidence = report.snapshot["confidence"]
    assert (report.snapshot["verdict"]["meets"], confidence["shown_name"], confidence["level"]) == (
        True,
        "Senior",
        "high",
    )
