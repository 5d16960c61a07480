from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, ManagementUtility, call_command

from career import checks
from career.models import (
    Certification,
    CertificationSkill,
    DutyRequirement,
    DutyScope,
    EducationRequirement,
    KnowledgeCheckItem,
    KnowledgeCheckOption,
    QualificationLevel,
    RequirementProfile,
    RoadmapAction,
    Role,
    SeniorityLevel,
    Skill,
    SkillLevel,
    SkillRequirement,
)
from tests import factories

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def object_count() -> int:
    return sum(model.objects.count() for model in apps.get_app_config("career").get_models())


def validate() -> tuple[list[str], str | None]:
    """Run the command; returns its output lines and the error it ended with, if any."""
    out = StringIO()
    try:
        call_command("validate_catalogue", stdout=out)
    except CommandError as error:
        return out.getvalue().splitlines(), str(error)
    return out.getvalue().splitlines(), None


def test_validate_catalogue_passes_on_the_shipped_catalogue(django_assert_num_queries):
    expected = f"Catalogue OK: {object_count()} objects valid, 16 cross-checks passed."

    with django_assert_num_queries(50):
        lines, error = validate()

    assert (lines, error) == ([expected], None)


# --- One planted problem per check: each returns the lines the command must print -------------


def delete_profile():
    RequirementProfile.objects.get(role__slug="nlp-engineer", seniority__slug="lead").delete()
    return ['Role "nlp-engineer": no requirement profile at seniority "lead"']


def empty_profile_skills():
    SkillRequirement.objects.filter(profile__role__slug="ai-developer", profile__seniority__slug="junior").delete()
    return [
        'Requirement profile "ai-developer/junior": asks for no skill',
        'Requirement profile "ai-developer/junior": focus skill "system-integration" is not a must-have',
    ]


def empty_profile_duties():
    DutyRequirement.objects.filter(profile__role__slug="ai-developer", profile__seniority__slug="mid").delete()
    return ['Requirement profile "ai-developer/mid": asks for no duty']


def empty_profile_education():
    EducationRequirement.objects.filter(profile__role__slug="mlops-engineer", profile__seniority__slug="lead").delete()
    return ['Requirement profile "mlops-engineer/lead": asks for no qualification']


def lower_a_lead_target():
    requirements = SkillRequirement.objects.filter(profile__role__slug="nlp-engineer", skill__slug="nlp-llms")
    junior = requirements.get(profile__seniority__slug="junior").target
    senior = requirements.get(profile__seniority__slug="senior").target
    assert junior < senior  # the shipped profile raises it; the plant below breaks that
    requirements.filter(profile__seniority__slug="lead").update(target=junior)
    return [
        f'Requirement profile "nlp-engineer/lead": skill "nlp-llms" has target {junior}, below {senior} at "senior"'
    ]


def delete_anchor():
    SkillLevel.objects.get(skill__slug="python", level=3).delete()
    return ['Skill "python": no anchor text for level 3']


def delete_qualification_levels():
    QualificationLevel.objects.filter(qualification__slug="degree", level__in=[0, 4]).delete()
    return ['Qualification "degree": no description for levels 0, 4']


def delete_duty_scope():
    DutyScope.objects.get(duty__slug="build-data-pipelines", scope=2).delete()
    return ['Duty "build-data-pipelines": no description for scope 2 (mid-level)']


def active_certification_without_skills():
    CertificationSkill.objects.filter(certification__slug="aws-ai-practitioner").delete()
    return ['Certification "aws-ai-practitioner": active but covers no skill']


def unused_skill():
    factories.make_skill(slug="quantum-machine-learning", category=Skill.objects.get(slug="python").category)
    return [
        'Skill "quantum-machine-learning": no requirement profile asks for it',
        'Skill "quantum-machine-learning": fewer than 3 active knowledge check items at levels 1, 2, 3, 4',
    ]


def prerequisite_cycle():
    Skill.objects.get(slug="python").prerequisites.add(Skill.objects.get(slug="supervised-learning-model-design"))
    return ['Skill "python": prerequisites form a cycle: python → supervised-learning-model-design → python']


def target_without_roadmap_action():
    RoadmapAction.objects.filter(skill__slug="python", reaches_level=4).delete()
    return ['Skill "python": no roadmap action reaches level 4']


def inverted_role_range():
    Role.objects.filter(slug="ai-developer").update(
        typical_seniority_from=SeniorityLevel.objects.get(slug="senior"),
        typical_seniority_to=SeniorityLevel.objects.get(slug="junior"),
    )
    return ['Role "ai-developer": typical seniority runs down, from "senior" to "junior"']


def blank_description():
    Skill.objects.filter(slug="computer-vision").update(description="")
    return ['Skill "computer-vision": description: This field cannot be blank.']


def unknown_choice():
    Certification.objects.filter(slug="tensorflow-developer-certificate").update(level="expert")
    return ["Certification \"tensorflow-developer-certificate\": level: Value 'expert' is not a valid choice."]


def second_correct_option():
    option = KnowledgeCheckOption.objects.filter(item__slug="python-2-3", is_correct=False).first()
    option.is_correct = True
    option.save()
    return ['Knowledge check item "python-2-3": 2 options marked correct, needs exactly one']


def no_correct_option():
    KnowledgeCheckOption.objects.filter(item__slug="mlops-4-1").update(is_correct=False)
    return ['Knowledge check item "mlops-4-1": no option marked correct, needs exactly one']


def two_options_only():
    wrong = KnowledgeCheckOption.objects.filter(item__slug="computer-vision-3-4", is_correct=False)
    KnowledgeCheckOption.objects.filter(pk__in=list(wrong.values_list("pk", flat=True)[:2])).delete()
    return ['Knowledge check item "computer-vision-3-4": has 2 options, needs 3 to 5']


def repeated_stem_in_another_skill():
    stem = KnowledgeCheckItem.objects.get(slug="python-1-1").stem
    factories.make_check_item(
        skill=Skill.objects.get(slug="system-integration"),
        slug="system-integration-1-5",
        stem=f"  {stem.upper()}\n\n",
    )
    return ['Knowledge check item "system-integration-1-5": same stem as "python-1-1"']


def too_few_active_items():
    KnowledgeCheckItem.objects.filter(slug__in=["nlp-llms-3-1", "nlp-llms-3-4"]).update(is_active=False)
    return ['Skill "nlp-llms": fewer than 3 active knowledge check items at level 3']


def focus_skill_not_a_must_have():
    SkillRequirement.objects.filter(
        profile__role__slug="nlp-engineer", profile__seniority__slug="senior", skill__slug="nlp-llms"
    ).update(essential=False)
    return ['Requirement profile "nlp-engineer/senior": focus skill "nlp-llms" is not a must-have']


def role_without_focus_skill():
    Role.objects.filter(slug="robotics-ai-engineer").update(focus_skill=None)
    return ['Role "robotics-ai-engineer": names no focus skill']


PLANTS = [
    delete_profile,
    empty_profile_skills,
    empty_profile_duties,
    empty_profile_education,
    lower_a_lead_target,
    delete_anchor,
    delete_qualification_levels,
    delete_duty_scope,
    active_certification_without_skills,
    unused_skill,
    prerequisite_cycle,
    target_without_roadmap_action,
    inverted_role_range,
    blank_description,
    unknown_choice,
    second_correct_option,
    no_correct_option,
    two_options_only,
    repeated_stem_in_another_skill,
    too_few_active_items,
    focus_skill_not_a_must_have,
    role_without_focus_skill,
]


@pytest.mark.parametrize("plant", PLANTS, ids=lambda plant: plant.__name__.replace("_", "-"))
def test_validate_catalogue_reports_a_planted_problem(plant):
    expected_lines = plant()

    lines, error = validate()

    assert lines == expected_lines
    assert error == f"Catalogue check failed: {_problems(len(expected_lines))} in {object_count()} objects."


def _problems(count: int) -> str:
    return "1 problem" if count == 1 else f"{count} problems"


def test_validate_catalogue_reports_every_problem_in_one_run():
    expected_lines = delete_profile() + delete_anchor() + blank_description()

    lines, error = validate()

    assert sorted(lines) == sorted(expected_lines)
    assert error == f"Catalogue check failed: 3 problems in {object_count()} objects."


def test_validate_catalogue_fails_with_exit_status_1():
    delete_duty_scope()
    out = StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("validate_catalogue", stdout=out)

    # manage.py prints the error to stderr and exits with this status.
    assert failure.value.returncode == 1
    assert out.getvalue() == 'Duty "build-data-pipelines": no description for scope 2 (mid-level)\n'


def test_validate_catalogue_has_help_text():
    parser = (
        ManagementUtility(["manage.py"])
        .fetch_command("validate_catalogue")
        .create_parser("manage.py", "validate_catalogue")
    )

    assert "every role has a profile at every seniority" in " ".join(parser.format_help().split())


def test_repeated_stems_reports_each_repeat_against_the_alphabetically_first_item():
    options = (True, False, False)
    facts = checks.CatalogueFacts(
        check_items={
            "b-1-1": checks.CheckItemFacts("b", 1, True, "What is X?", options),
            "a-2-1": checks.CheckItemFacts("a", 2, False, "what is  x?", options),
            "c-1-1": checks.CheckItemFacts("c", 1, True, "\nWHAT IS X?\n", options),
            "c-1-2": checks.CheckItemFacts("c", 1, True, "What is Y?", options),
        }
    )

    problems = checks.repeated_stems(facts)

    assert [str(problem) for problem in problems] == [
        'Knowledge check item "b-1-1": same stem as "a-2-1"',
        'Knowledge check item "c-1-1": same stem as "a-2-1"',
    ]
