"""The questionnaire's time estimate is measured from what it shows, with documented constants."""

import math

from assessment.questionnaire import (
    READING_WORDS_PER_MINUTE,
    SECONDS_PER_ANSWER,
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


def test_estimate_counts_every_word_shown_and_every_answer():
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
    assert (estimate.words, estimate.answers) == (words, answers)
    assert estimate.minutes == math.ceil((words * 60 / READING_WORDS_PER_MINUTE + answers * SECONDS_PER_ANSWER) / 60)


def test_a_longer_text_never_shortens_the_estimate():
    short = Questionnaire(steps=(RatingStep(slug="a", title="A", intro="", questions=(question("p", 10),)),))
    long = Questionnaire(steps=(RatingStep(slug="a", title="A", intro="", questions=(question("p", 1000),)),))

    assert time_estimate(long).minutes > time_estimate(short).minutes
