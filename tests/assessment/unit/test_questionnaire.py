import dataclasses

import pytest

from assessment.questionnaire import (
    MAX_QUESTIONS_PER_STEP,
    Answers,
    Choice,
    EducationStep,
    ExperienceStep,
    KnowledgeCheckStep,
    Question,
    Questionnaire,
    RatingStep,
    move_after_save,
    resume_at,
    skill_steps,
)

pytestmark = [pytest.mark.unit]

CHOICES = tuple(Choice(value=level, name=str(level), anchor="") for level in range(5))


def question(kind: str, key: str) -> Question:
    return Question(kind=kind, key=key, label=key.title(), description="", choices=CHOICES)


PYTHON, MLOPS = question("skill", "python"), question("skill", "mlops")
DATA_PIPELINES = question("duty", "build-data-pipelines")
DEGREE = question("education", "degree")
QUESTIONNAIRE = Questionnaire(
    steps=(
        RatingStep(slug="skills", title="Skills", intro="", questions=(PYTHON, MLOPS)),
        RatingStep(slug="duties", title="Duties", intro="", questions=(DATA_PIPELINES,), rated_by_scope=True),
        EducationStep(slug="education", title="Education", intro="", questions=(DEGREE,)),
        ExperienceStep(slug="experience", title="Experience", intro=""),
    )
)
SKILLS, DUTIES, EDUCATION, EXPERIENCE = QUESTIONNAIRE.steps
EVERYTHING = Answers(
    ratings={
        ("skill", "python"): 3,
        ("skill", "mlops"): 0,
        ("duty", "build-data-pipelines"): 2,
        ("education", "degree"): 3,
    },
    years_experience=4,
    shipped_projects=0,
)


def test_step_lookup_by_slug_and_unknown_slug_raises_lookup_error():
    found = QUESTIONNAIRE.step("duties")

    with pytest.raises(LookupError):
        QUESTIONNAIRE.step("no-such-step")
    assert (found, QUESTIONNAIRE.index("duties")) == (DUTIES, 1)


def test_rating_step_is_complete_only_when_every_question_has_a_rating():
    half = Answers(ratings={("skill", "python"): 2})

    assert (SKILLS.is_complete(half), SKILLS.is_complete(EVERYTHING)) == (False, True)


def test_a_rating_of_zero_counts_as_answered():
    zero = Answers(ratings={("skill", "python"): 0, ("skill", "mlops"): 0})

    assert SKILLS.is_complete(zero) is True


def test_same_key_of_another_kind_does_not_answer_a_question():
    other_kind = Answers(ratings={("duty", "python"): 3, ("duty", "mlops"): 3})

    assert SKILLS.answered_count(other_kind) == 0


def test_experience_step_needs_both_figures_and_zero_projects_is_an_answer():
    assert [
        EXPERIENCE.is_complete(Answers(years_experience=4)),
        EXPERIENCE.is_complete(Answers(shipped_projects=2)),
        EXPERIENCE.is_complete(Answers(years_experience=0, shipped_projects=0)),
    ] == [False, False, True]


def test_only_the_duties_step_is_rated_by_scope():
    assert [step.rated_by_scope for step in QUESTIONNAIRE.steps] == [False, True, False, False]


def test_progress_counts_answered_questions_and_complete_steps():
    answers = Answers(ratings={("skill", "python"): 1, ("education", "degree"): 2})

    progress = QUESTIONNAIRE.progress(answers)

    assert (progress.answered, progress.questions, progress.percent, progress.complete) == (
        2,
        4,
        50,
        (False, False, True, False),
    )


def test_next_goes_forward_and_back_goes_to_the_previous_step_or_stays_on_the_first():
    assert [
        move_after_save(QUESTIONNAIRE, SKILLS, Answers(), going_back=False).to,
        move_after_save(QUESTIONNAIRE, EDUCATION, Answers(), going_back=True).to,
        move_after_save(QUESTIONNAIRE, SKILLS, Answers(), going_back=True).to,
    ] == [DUTIES, DUTIES, SKILLS]


def test_next_on_the_last_step_finishes_when_everything_is_complete():
    move = move_after_save(QUESTIONNAIRE, EXPERIENCE, EVERYTHING, going_back=False)

    assert (move.to, move.back_to_unfinished) == (None, False)


def test_next_on_the_last_step_returns_to_the_first_unfinished_step():
    missing_duty = Answers(
        ratings={key: value for key, value in EVERYTHING.ratings.items() if key[0] != "duty"},
        years_experience=4,
        shipped_projects=0,
    )

    move = move_after_save(QUESTIONNAIRE, EXPERIENCE, missing_duty, going_back=False)

    assert (move.to, move.back_to_unfinished) == (DUTIES, True)


def test_first_incomplete_step_or_none_when_all_is_answered():
    assert [
        QUESTIONNAIRE.first_incomplete(Answers(ratings=dict(EVERYTHING.ratings))),
        QUESTIONNAIRE.first_incomplete(EVERYTHING),
    ] == [
        EXPERIENCE,
        None,
    ]


def test_skill_categories_merge_into_steps_of_at_most_eight_questions():
    def category(slug: str, count: int):
        return (
            slug,
            slug.capitalize(),
            f"About {slug}.",
            tuple(question("skill", f"{slug}-{i}") for i in range(count)),
        )

    steps = skill_steps(
        [
            category("programming", 1),
            category("learning", 3),
            category("data", 2),
            category("production", 5),
            category("professional", 2),
            category("specialisms", 8),
        ]
    )

    assert [(s.slug, s.title, len(s.questions)) for s in steps] == [
        ("skills-programming", "Programming, learning and data", 6),
        ("skills-production", "Production and professional", 7),
        ("skills-specialisms", "Specialisms", 8),
    ]
    # A merged step says which description is which category's.
    assert steps[0].intro == "Programming: About programming. Learning: About learning. Data: About data."
    assert steps[2].intro == "About specialisms."


def test_many_one_question_categories_fill_steps_to_eight():
    sizes = [
        len(s.questions) for s in skill_steps([(f"c{i}", "C", "", (question("skill", f"q{i}"),)) for i in range(20)])
    ]

    assert (max(sizes), min(sizes[:-1])) == (MAX_QUESTIONS_PER_STEP, MAX_QUESTIONS_PER_STEP)


WITH_CHECK = Questionnaire(steps=(*QUESTIONNAIRE.steps, KnowledgeCheckStep(slug="check", title="Check", intro="")))
CHECK = WITH_CHECK.steps[-1]


@pytest.mark.parametrize(
    ("started", "done", "complete"),
    [(False, False, False), (True, False, False), (True, True, True)],
    ids=["not-started", "in-progress", "finished-or-skipped"],
)
def test_the_check_step_is_complete_once_finished_or_skipped(started, done, complete):
    answers = dataclasses.replace(EVERYTHING, check_started=started, check_done=done)

    assert CHECK.is_complete(answers) == complete


def test_next_from_experience_offers_the_check_until_it_is_done():
    not_taken = move_after_save(WITH_CHECK, WITH_CHECK.step("experience"), EVERYTHING, going_back=False)
    done = dataclasses.replace(EVERYTHING, check_started=True, check_done=True)
    after_it = move_after_save(WITH_CHECK, WITH_CHECK.step("experience"), done, going_back=False)

    assert (not_taken.to, after_it.to) == (CHECK, None)


def test_a_retake_resumes_on_the_review_page_and_a_started_check_resumes_at_the_check():
    retake = resume_at(WITH_CHECK, EVERYTHING)
    checking = resume_at(WITH_CHECK, dataclasses.replace(EVERYTHING, check_started=True))
    unfinished = resume_at(WITH_CHECK, dataclasses.replace(EVERYTHING, years_experience=None))

    assert (retake, checking.slug, unfinished.slug) == (None, "check", "experience")
