"""The questionnaire's time estimate is a range computed from what it shows, with documented constants."""

import math

from assessment.knowledge_check import CAP, ITEMS_PER_SKILL, PlannedSkill, longest_minutes, minutes_estimate
from assessment.questionnaire import (
    READING_WORDS_PER_MINUTE,
    SECONDS_PER_ANSWER_HIGH,
    SECONDS_PER_ANSWER_LOW,
    Choice,
    EducationStep,
    ExperienceStep,
    Question,
    Questionnaire,
    RatingStep,
    time_estimate,
)


def question(key: str, words: int) -> Question:
    choices = tuple(Choice(value=v, name="", anchor="") for v in range(5))  # "Level 0" … "Level 4": 2 words each
    return Question(kind="skill", key=key, label="x " * words, description="", choices=choices)


def test_estimate_counts_every_word_shown_and_every_answer_at_both_ends_of_the_answer_time():
    questionnaire = Questionnaire(
        steps=(
            RatingStep(slug="a", title="One", intro="two words", questions=(question("p", 3), question("q", 1))),
            EducationStep(slug="education", title="Education", intro=""),
            ExperienceStep(slug="experience", title="Experience", intro=""),
        )
    )

    estimate = time_estimate(questionnaire)

    words = (1 + 2) + (3 + 10) + (1 + 10) + 1 + 1
    answers = 2 + 1 + 5
    reading = words * 60 / READING_WORDS_PER_MINUTE
    assert (estimate.words, estimate.answers) == (words, answers)
    assert (estimate.minutes_low, estimate.minutes_high) == (
        math.ceil((reading + answers * SECONDS_PER_ANSWER_LOW) / 60),
        math.ceil((reading + answers * SECONDS_PER_ANSWER_HIGH) / 60),
    )


def test_a_longer_text_never_shortens_the_estimate_and_the_range_is_ordered():
    short = Questionnaire(steps=(RatingStep(slug="a", title="A", intro="", questions=(question("p", 10),)),))
    long = Questionnaire(steps=(RatingStep(slug="a", title="A", intro="", questions=(question("p", 1000),)),))

    assert time_estimate(long).minutes_low > time_estimate(short).minutes_low
    assert all(time_estimate(q).minutes_low <= time_estimate(q).minutes_high for q in (short, long))


def test_the_longest_knowledge_check_is_the_most_any_planned_check_can_take():
    every_claim = [
        [PlannedSkill(skill=str(n), name="", claimed=claimed) for n in range(skills)]
        for skills in range(1, CAP // ITEMS_PER_SKILL + 2)
        for claimed in range(5)
    ]

    assert longest_minutes() == max(minutes_estimate(planned) for planned in every_claim)
