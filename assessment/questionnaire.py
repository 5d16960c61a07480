"""The questionnaire: its steps, their questions, and the flow between them. Plain data, no Django.

`selectors.questionnaire_get` builds a Questionnaire from the catalogue; forms,
services and views read it. A step is one page. Each kind of step is a class
that knows when it is complete, given the candidate's answers so far:

- RatingStep: a 0–4 rating for each question (skills of one category, or duties
  rated by the scope at which they were performed); complete when every question
  the candidate must answer has a rating (specialisms their target profile does
  not ask for are optional);
- EducationStep: qualifications rated like skills, plus the certifications held
  (optional); complete when every qualification has a rating;
- ExperienceStep: years of experience and shipped projects (plus an optional
  portfolio link, the cloud the candidate uses or prefers and the hours a week
  they can spend learning); complete when both numbers are given;
- KnowledgeCheckStep: the optional knowledge check (assessment/knowledge_check.py),
  one item per page view; complete when the candidate finished or skipped it.

The flow: Next goes to the following step; Back to the one before; after the
last step the candidate either finishes (every step complete) or is sent to the
first step that is not. Resuming goes to the first incomplete step; with every
step complete (a retake from earlier answers) to the review page, which shows all
answers at once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

KIND_RATINGS = "ratings"
KIND_EDUCATION = "education"
KIND_EXPERIENCE = "experience"
KIND_CHECK = "check"


@dataclass(frozen=True)
class Choice:
    value: int
    name: str
    anchor: str

    @property
    def title(self) -> str:
        """How the page names the level: "2 · Working", or "Level 2" for a scale without names."""
        return f"{self.value} · {self.name}" if self.name else f"Level {self.value}"


@dataclass(frozen=True)
class Question:
    kind: str  # skill | duty | education, as in assessment.scoring
    key: str
    label: str
    description: str
    choices: tuple[Choice, ...]
    specialism: bool = False  # optional when the target profile does not ask for it


@dataclass(frozen=True)
class CertificationChoice:
    slug: str
    name: str
    provider: str
    level: str
    level_name: str
    retired: bool


@dataclass(frozen=True)
class Answers:
    """What a candidate has answered so far: ratings by (kind, key), and the experience figures."""

    ratings: Mapping[tuple[str, str], int] = field(default_factory=dict)
    years_experience: int | None = None
    shipped_projects: int | None = None
    optional: frozenset[tuple[str, str]] = frozenset()  # questions this candidate may leave unanswered
    check_done: bool = False  # the knowledge check was finished or skipped
    check_started: bool = False  # the knowledge check was started (and perhaps finished)

    def has_rating(self, question: Question) -> bool:
        return (question.kind, question.key) in self.ratings

    def is_optional(self, question: Question) -> bool:
        return (question.kind, question.key) in self.optional


@dataclass(frozen=True)
class Step:
    """One page of the questionnaire. Subclasses say what completes it."""

    slug: str
    title: str
    intro: str
    questions: tuple[Question, ...] = ()

    kind = ""
    # The template that renders the step's own fields, inside assessment/step.html.
    template = ""
    rated_by_scope = False  # ratings are scopes of work done (duties) rather than proficiency
    # Next passes over the step once it is complete, and resuming starts there only once it was begun:
    # the knowledge check, which is taken once and never revised.
    taken_once = False

    def is_complete(self, answers: Answers) -> bool:
        raise NotImplementedError

    def required_questions(self, answers: Answers) -> tuple[Question, ...]:
        return tuple(question for question in self.questions if not answers.is_optional(question))

    def all_required_rated(self, answers: Answers) -> bool:
        return all(answers.has_rating(question) or answers.is_optional(question) for question in self.questions)

    def answered_count(self, answers: Answers, required: tuple[Question, ...] | None = None) -> int:
        """Required questions answered (optional ones do not count towards progress); `required`, when
        the caller has them already, saves working them out again."""
        required = self.required_questions(answers) if required is None else required
        return sum(1 for question in required if answers.has_rating(question))


@dataclass(frozen=True)
class RatingStep(Step):
    kind = KIND_RATINGS
    template = "assessment/steps/_ratings.html"

    rated_by_scope: bool = False

    def is_complete(self, answers: Answers) -> bool:
        return self.all_required_rated(answers)


@dataclass(frozen=True)
class EducationStep(Step):
    kind = KIND_EDUCATION
    template = "assessment/steps/_education.html"

    certifications: tuple[CertificationChoice, ...] = ()

    def is_complete(self, answers: Answers) -> bool:
        return self.all_required_rated(answers)


@dataclass(frozen=True)
class ExperienceStep(Step):
    kind = KIND_EXPERIENCE
    template = "assessment/steps/_experience.html"

    def is_complete(self, answers: Answers) -> bool:
        return answers.years_experience is not None and answers.shipped_projects is not None


@dataclass(frozen=True)
class KnowledgeCheckStep(Step):
    kind = KIND_CHECK
    template = "assessment/steps/_check.html"
    taken_once = True

    def is_complete(self, answers: Answers) -> bool:
        return answers.check_done


@dataclass(frozen=True)
class Progress:
    answered: int
    questions: int
    complete: tuple[bool, ...]  # per step, in order

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.questions) if self.questions else 0


@dataclass(frozen=True)
class Questionnaire:
    steps: tuple[Step, ...]
    # The specialisms each target asks for, by target (any hashable key, e.g. role and seniority ids).
    specialisms_asked: Mapping[object, frozenset[str]] = field(default_factory=dict, repr=False, compare=False)
    # What each target is called, as (role, seniority) names, by the same keys: pages name the
    # target without reading the role and seniority rows again.
    target_names: Mapping[object, tuple[str, str]] = field(default_factory=dict, repr=False, compare=False)
    _by_slug: Mapping[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_by_slug", {step.slug: index for index, step in enumerate(self.steps)})

    def step(self, slug: str) -> Step:
        """The step with this slug; LookupError when there is none."""
        try:
            return self.steps[self._by_slug[slug]]
        except KeyError:
            raise LookupError(f"No questionnaire step {slug!r}.") from None

    def index(self, slug: str) -> int:
        return self._by_slug[self.step(slug).slug]

    @property
    def question_count(self) -> int:
        return sum(len(step.questions) for step in self.steps)

    def optional_for(self, target) -> frozenset[tuple[str, str]]:
        """The specialism questions the target does not ask for: a candidate aiming at it may skip them."""
        asked = self.specialisms_asked.get(target, frozenset())
        return frozenset(
            (question.kind, question.key)
            for step in self.steps
            for question in step.questions
            if question.specialism and question.key not in asked
        )

    def is_first(self, step: Step) -> bool:
        return self.index(step.slug) == 0

    def is_last(self, step: Step) -> bool:
        return self.index(step.slug) == len(self.steps) - 1

    def before(self, step: Step) -> Step:
        """The step Back leads to: the previous one, or this one when it is the first."""
        return self.steps[max(self.index(step.slug) - 1, 0)]

    def after(self, step: Step) -> Step | None:
        """The step Next leads to; None after the last step."""
        index = self.index(step.slug) + 1
        return self.steps[index] if index < len(self.steps) else None

    def first_incomplete(self, answers: Answers) -> Step | None:
        return next((step for step in self.steps if not step.is_complete(answers)), None)

    def progress(self, answers: Answers) -> Progress:
        answered = questions = 0
        for step in self.steps:
            required = step.required_questions(answers)
            answered += step.answered_count(answers, required)
            questions += len(required)
        return Progress(
            answered=answered,
            questions=questions,
            complete=tuple(step.is_complete(answers) for step in self.steps),
        )


# --- Steps of comparable length --------------------------------------------------------

MAX_QUESTIONS_PER_STEP = 8  # the duties step's eight: no skills page asks more


def skill_steps(categories: list[tuple[str, str, str, tuple[Question, ...]]]) -> list[RatingStep]:
    """One rating step per run of consecutive skill categories (slug, name, description, questions),
    merged while the step stays within MAX_QUESTIONS_PER_STEP questions, so that no page holds a
    single question and none more than the longest fixed step. A merged step takes the first
    category's slug, the names joined ("Programming, machine learning and data") and each
    category's description in order, after its name ("Data: Getting the right data…"), so the page
    says which questions belong to what. Category names are noun phrases ("Production
    engineering", "Workplace skills"), so a title reads right however the categories merge."""
    groups: list[list[tuple[str, str, str, tuple[Question, ...]]]] = []
    for category in categories:
        if groups and sum(len(c[3]) for c in groups[-1]) + len(category[3]) <= MAX_QUESTIONS_PER_STEP:
            groups[-1].append(category)
        else:
            groups.append([category])
    return [
        RatingStep(
            slug=f"skills-{group[0][0]}",
            title=_joined([name for _, name, _, _ in group]),
            intro=" ".join(
                (f"{name}: {description}" if len(group) > 1 else description)
                for _, name, description, _ in group
                if description
            ),
            questions=tuple(question for *_, questions in group for question in questions),
        )
        for group in groups
    ]


def _joined(names: list[str]) -> str:
    names = [names[0], *(name[:1].lower() + name[1:] for name in names[1:])]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass(frozen=True)
class Move:
    """Where a candidate goes after saving a step."""

    to: Step | None  # None: every step is complete, so the questionnaire is finished
    back_to_unfinished: bool = False  # Next on the last step while an earlier step is incomplete


def move_after_save(questionnaire: Questionnaire, step: Step, answers: Answers, *, going_back: bool) -> Move:
    """Back: the previous step. Next: the following step (passing over a step taken once and
    complete); after the last one, the first incomplete step, or the end when there is none."""
    if going_back:
        return Move(to=questionnaire.before(step))
    following = questionnaire.after(step)
    while following is not None and following.taken_once and following.is_complete(answers):
        following = questionnaire.after(following)
    if following is not None:
        return Move(to=following)
    unfinished = questionnaire.first_incomplete(answers)
    return Move(to=unfinished, back_to_unfinished=unfinished is not None)


def resume_at(questionnaire: Questionnaire, answers: Answers) -> Step | None:
    """The first incomplete step; None when every answer is given (a retake starts from the previous
    answers), so the candidate checks them all on the review page. A step taken once (the knowledge
    check) counts only once begun: a retake reviews its answers first."""
    unfinished = questionnaire.first_incomplete(answers)
    if unfinished is not None and unfinished.taken_once and not answers.check_started:
        unfinished = next((s for s in questionnaire.steps if not s.taken_once and not s.is_complete(answers)), None)
    return unfinished


# --- How long it takes ---------------------------------------------------------------

# An estimate from reading speed and typical self-rating response times, not a measurement of
# candidates (no completion has been timed yet).
# Silent reading of non-fiction by adults: 238 words a minute on average (Brysbaert, 2019,
# "How many words do we read per minute? A review and meta-analysis of reading rate"). Comparing
# five level descriptions re-reads some of them, and skimming skips some: both are in the range
# below rather than in the reading figure.
READING_WORDS_PER_MINUTE = 238
# Seconds to settle one judgement-based self-rating once its text is read: survey response-time
# studies typically find about 8 to 15 seconds an item. The low end gives the short estimate, the
# high end the long one; typing a number or a link is counted as one answer like any other.
SECONDS_PER_ANSWER_LOW = 8
SECONDS_PER_ANSWER_HIGH = 15
EXPERIENCE_ANSWERS = 5  # years, shipped projects, portfolio link, cloud, hours a week


@dataclass(frozen=True)
class TimeEstimate:
    words: int  # every word the steps show: titles, intros, questions, their descriptions and level texts
    answers: int  # every answer a candidate can give
    minutes_low: int  # ⌈words ÷ READING_WORDS_PER_MINUTE + answers × SECONDS_PER_ANSWER_LOW ÷ 60⌉
    minutes_high: int  # the same with SECONDS_PER_ANSWER_HIGH


def _word_count(*texts: str) -> int:
    return sum(len(text.split()) for text in texts)


def time_estimate(questionnaire: Questionnaire) -> TimeEstimate:
    """A range for the whole questionnaire, for a reader who reads every word once and answers every question.

    minutes = ⌈words ÷ 238 + answers × s ÷ 60⌉ with s = 8 for the low end and s = 15 for the
    high end (READING_WORDS_PER_MINUTE, SECONDS_PER_ANSWER_LOW and _HIGH). Words are
    whitespace-separated tokens of what the steps show; answers are the questions plus the
    certifications held (one) and the experience step's fields. The optional knowledge check
    counts no question here: its own figure is knowledge_check.longest_minutes().

    An estimate from reading speed and typical self-rating response times, not a measurement:
    once enough completions are timed, their median and 80th percentile should replace it.
    """
    words = answers = 0
    for step in questionnaire.steps:
        words += _word_count(step.title, step.intro)
        for question in step.questions:
            words += _word_count(question.label, question.description)
            words += sum(_word_count(choice.title, choice.anchor) for choice in question.choices)
            answers += 1
        if isinstance(step, EducationStep):
            words += sum(_word_count(c.name) for c in step.certifications)
            answers += 1
        if isinstance(step, ExperienceStep):
            answers += EXPERIENCE_ANSWERS
    reading = words * 60 / READING_WORDS_PER_MINUTE
    return TimeEstimate(
        words=words,
        answers=answers,
        minutes_low=math.ceil((reading + answers * SECONDS_PER_ANSWER_LOW) / 60),
        minutes_high=math.ceil((reading + answers * SECONDS_PER_ANSWER_HIGH) / 60),
    )
