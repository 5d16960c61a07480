"""The catalogue: everything a candidate is measured against.

Every model has a natural key (a slug, or its parent's key plus a level,
position or slug), so fixtures reference rows by readable keys and loading
them twice changes nothing. Ranges are enforced by database constraints, so a bad
fixture or a bad admin edit cannot store a target of 7 or a negative weight.
"""

import operator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import reduce

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.text import Truncator

from career.enums import (
    CHECK_LEVEL_MIN,
    LEVEL_MAX,
    LEVEL_MIN,
    OPTIONS_MAX,
    WEIGHT_MAX,
    WEIGHT_MIN,
    CareerTrack,
    CertificationAudience,
    CertificationEvidence,
    CertificationLevel,
    CertificationStatus,
    Expectation,
    PayFactorKind,
)
from career.recognition import GAP, normalise_phrase, phrase_variants

LEVEL_VALIDATORS = [MinValueValidator(LEVEL_MIN), MaxValueValidator(LEVEL_MAX)]
WEIGHT_VALIDATORS = [MinValueValidator(WEIGHT_MIN), MaxValueValidator(WEIGHT_MAX)]


def level_range_check(field: str, *, minimum: int = LEVEL_MIN) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": minimum, f"{field}__lte": LEVEL_MAX}),
        name=f"%(app_label)s_%(class)s_{field}_in_range",
        violation_error_message=f"{field.replace('_', ' ').capitalize()} must be between {minimum} and {LEVEL_MAX}.",
    )


def weight_range_check() -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(weight__gte=WEIGHT_MIN, weight__lte=WEIGHT_MAX),
        name="%(app_label)s_%(class)s_weight_in_range",
        violation_error_message=f"Weight must be between {WEIGHT_MIN} and {WEIGHT_MAX}.",
    )


# loaddata resolves every foreign key, and every row's own natural key, with a
# query. The shipped profiles repeat the same few profiles and skills over a
# thousand times, so load_catalogue memoises these lookups for one load.
_lookup_memo: ContextVar[dict | None] = ContextVar("career_lookup_memo", default=None)


@contextmanager
def memoised_natural_keys():
    token = _lookup_memo.set({})
    try:
        yield
    finally:
        _lookup_memo.reset(token)


def _memoised(key, fetch):
    memo = _lookup_memo.get()
    if memo is None:
        return fetch()
    if key not in memo:
        memo[key] = fetch()
    return memo[key]


class SlugQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return _memoised((self.model, slug), lambda: self.get(slug=slug))


class SlugManager(models.Manager.from_queryset(SlugQuerySet)):
    pass


class SlugModel(models.Model):
    slug = models.SlugField(max_length=80, unique=True)

    objects = SlugManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)


class LevelTextManager(models.Manager):
    def get_by_natural_key(self, owner_slug, level):
        return self.get(**{f"{self.model.owner_field}__slug": owner_slug, self.model.level_field: level})


class LevelText(models.Model):
    """What one level looks like for a skill, duty or qualification: the anchor a candidate rates against.

    Each concrete model adds its owner's foreign key (named by `owner_field`) and
    its level field (named by `level_field`), with the level's range and the
    one-row-per-level constraint.
    """

    owner_field: str = ""
    level_field = "level"

    description = models.TextField()

    objects = LevelTextManager()

    class Meta:
        abstract = True

    def __str__(self):
        return f"{getattr(self, self.owner_field)} — {self.level_field} {getattr(self, self.level_field)}"

    def natural_key(self):
        return (getattr(self, self.owner_field).slug, getattr(self, self.level_field))

    @classmethod
    def one_per_level(cls, owner_field: str, level_field: str = "level") -> models.UniqueConstraint:
        return models.UniqueConstraint(fields=[owner_field, level_field], name="%(app_label)s_%(class)s_unique")


class RequirementManager(models.Manager):
    def get_by_natural_key(self, role_slug, seniority_slug, item_slug):
        return self.get(
            profile__role__slug=role_slug,
            profile__seniority__slug=seniority_slug,
            **{f"{self.model.item_field}__slug": item_slug},
        )


class Requirement(models.Model):
    """One thing a requirement profile asks for: an item (skill, duty or qualification) at a target level.

    The target is on the 0–4 scale the candidate rates on; the weight (1–5) is the
    item's importance. Each concrete model adds the profile's foreign key and the
    item's (named by `item_field`).
    """

    item_field: str = ""

    target = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    weight = models.PositiveSmallIntegerField(validators=WEIGHT_VALIDATORS)
    essential = models.BooleanField(
        default=False,
        help_text="A must-have: the profile is not met while the candidate is below this target, "
        "whatever the overall percentage.",
    )

    objects = RequirementManager()

    class Meta:
        abstract = True
        constraints = [level_range_check("target"), weight_range_check()]

    def __str__(self):
        return f"{self.item}: target {self.target}, weight {self.weight}"

    @classmethod
    def one_per_profile(cls, item_field: str) -> models.UniqueConstraint:
        return models.UniqueConstraint(fields=["profile", item_field], name="%(app_label)s_%(class)s_unique")

    @property
    def item(self):
        return getattr(self, self.item_field)

    def natural_key(self):
        profile_key = _memoised(("profile", self.profile_id), lambda: self.profile.natural_key())
        item_model = self._meta.get_field(self.item_field).related_model
        item_id = getattr(self, f"{self.item_field}_id")
        return (*profile_key, _memoised((item_model, item_id), lambda: self.item.slug))


# --- Skills ------------------------------------------------------------------


class SkillCategory(SlugModel):
    name = models.CharField(max_length=120)
    description = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "skill categories"

    def __str__(self):
        return self.name


class Skill(SlugModel):
    category = models.ForeignKey(SkillCategory, on_delete=models.PROTECT, related_name="skills")
    name = models.CharField(max_length=120)
    description = models.TextField()
    is_specialism = models.BooleanField(
        default=False, help_text="A specialism some role variants need, rather than a core AI engineering skill."
    )
    prerequisites = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="unlocks",
        help_text="Skills to build first; the roadmap orders actions so these come earlier.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["category__order", "order", "name"]

    def __str__(self):
        return self.name


class SkillLevel(LevelText):
    """What a proficiency level looks like for one skill (the anchor text)."""

    owner_field = "skill"

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)

    class Meta:
        ordering = ["skill", "level"]
        constraints = [LevelText.one_per_level("skill"), level_range_check("level")]

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["career.skill"]


# --- Seniority, salaries and the career ladder ---------------------------------


class SalaryBand(SlugModel):
    """A US salary range from the job description (Entry, Mid, Senior, Big Tech)."""

    name = models.CharField(max_length=80)
    min_usd = models.PositiveIntegerField()
    max_usd = models.PositiveIntegerField()
    open_ended = models.BooleanField(default=False, help_text="The top of the range is shown with a '+'.")
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_usd__lte=models.F("max_usd")),
                name="career_salaryband_min_not_above_max",
                violation_error_message="The minimum salary cannot be above the maximum.",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        plus = "+" if self.open_ended else ""
        return f"${self.min_usd // 1000}K – ${self.max_usd // 1000}K{plus}"


class SeniorityLevel(SlugModel):
    """A seniority a candidate can target: junior, mid-level, senior or lead scope."""

    name = models.CharField(max_length=80)
    rank = models.PositiveSmallIntegerField(unique=True, help_text="1 for junior, rising with seniority.")
    description = models.TextField()
    typical_years_min = models.PositiveSmallIntegerField(
        default=0,
        help_text="Years of hands-on experience people usually have before working at this level. "
        "Ratings that run far ahead of experience lower the estimate's confidence.",
    )
    salary_band = models.ForeignKey(SalaryBand, on_delete=models.PROTECT, related_name="seniority_levels")

    class Meta:
        ordering = ["rank"]

    def __str__(self):
        return self.name


class CareerStep(SlugModel):
    """A rung of the career ladder, on one track, with the steps it leads to."""

    name = models.CharField(max_length=120)
    track = models.CharField(max_length=20, choices=CareerTrack.choices)
    description = models.TextField()
    seniority = models.ForeignKey(
        SeniorityLevel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="career_steps",
        help_text="The seniority level this step corresponds to, if any.",
    )
    role = models.ForeignKey(
        "Role",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="career_steps",
        help_text="For a lateral move: the role it leads into.",
    )
    leads_to = models.ManyToManyField("self", symmetrical=False, blank=True, related_name="reached_from")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


# --- Duties --------------------------------------------------------------------


class Duty(SlugModel):
    """One of the eight responsibilities of an AI engineer."""

    name = models.CharField(max_length=120)
    summary = models.TextField()
    interview_focus = models.TextField(help_text="What interviewers look for on this duty.")
    business_example = models.TextField(help_text="A real-world application of this duty.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "duties"

    def __str__(self):
        return self.name


class DutyScope(LevelText):
    """What performing a duty looks like at one scope: 1 junior, 2 mid, 3 senior, 4 lead."""

    owner_field = "duty"
    level_field = "scope"

    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="scopes")
    scope = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(LEVEL_MAX)])

    class Meta:
        ordering = ["duty", "scope"]
        constraints = [LevelText.one_per_level("duty", "scope"), level_range_check("scope", minimum=1)]

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["career.duty"]


# --- Education and qualifications ----------------------------------------------


class Qualification(SlugModel):
    """An education or qualification requirement, rated on 0–4 like a skill (degree, portfolio...)."""

    name = models.CharField(max_length=120)
    description = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class QualificationLevel(LevelText):
    owner_field = "qualification"

    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)

    class Meta:
        ordering = ["qualification", "level"]
        constraints = [LevelText.one_per_level("qualification"), level_range_check("level")]

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["career.qualification"]


# --- Roles and requirement profiles ----------------------------------------------


class Role(SlugModel):
    """One of the 11 AI engineering job titles."""

    name = models.CharField(max_length=120, unique=True)
    focus_area = models.CharField(max_length=120)
    summary = models.TextField()
    distinction = models.CharField(
        max_length=200,
        blank=True,
        help_text="One line on what sets this role apart from its neighbours, shown on the role cards where "
        "candidates choose a target (e.g. MLOps against ML Platform and AI Systems Engineer).",
    )
    typical_seniority_from = models.ForeignKey(SeniorityLevel, on_delete=models.PROTECT, related_name="+")
    typical_seniority_to = models.ForeignKey(SeniorityLevel, on_delete=models.PROTECT, related_name="+")
    research_focused = models.BooleanField(default=False, help_text="A PhD is preferred for research-focused roles.")
    focus_skill = models.ForeignKey(
        "Skill",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The skill that defines the role; its requirement is essential at every seniority.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    @property
    def experience_range(self) -> str:
        if self.typical_seniority_from_id == self.typical_seniority_to_id:
            return self.typical_seniority_from.name
        return f"{self.typical_seniority_from.name} to {self.typical_seniority_to.name}"


class RequirementProfileQuerySet(models.QuerySet):
    def with_requirement_counts(self):
        """Annotated with skill_count, duty_count and education_count."""
        return self.annotate(
            skill_count=Count("skill_requirements", distinct=True),
            duty_count=Count("duty_requirements", distinct=True),
            education_count=Count("education_requirements", distinct=True),
        )


class RequirementProfileManager(models.Manager.from_queryset(RequirementProfileQuerySet)):
    def get_by_natural_key(self, role_slug, seniority_slug):
        return _memoised(
            (self.model, role_slug, seniority_slug),
            lambda: self.get(role__slug=role_slug, seniority__slug=seniority_slug),
        )


class RequirementProfile(models.Model):
    """What a role asks of a candidate at one seniority level."""

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="profiles")
    seniority = models.ForeignKey(SeniorityLevel, on_delete=models.PROTECT, related_name="profiles")
    summary = models.TextField(blank=True)
    # Empty for profiles as shipped (loaddata does not set auto_now); set by admin edits.
    updated_at = models.DateTimeField(auto_now=True, null=True)

    objects = RequirementProfileManager()

    class Meta:
        ordering = ["role__order", "seniority__rank"]
        constraints = [
            models.UniqueConstraint(fields=["role", "seniority"], name="career_requirementprofile_unique"),
        ]

    def __str__(self):
        return f"{self.role} — {self.seniority}"

    def natural_key(self):
        return (self.role.slug, self.seniority.slug)

    natural_key.dependencies = ["career.role", "career.senioritylevel"]


class SkillRequirement(Requirement):
    item_field = "skill"

    profile = models.ForeignKey(RequirementProfile, on_delete=models.CASCADE, related_name="skill_requirements")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="requirements")

    class Meta(Requirement.Meta):
        ordering = ["profile", "skill"]
        constraints = [Requirement.one_per_profile("skill"), *Requirement.Meta.constraints]

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["career.requirementprofile", "career.skill"]


class DutyRequirement(Requirement):
    """The scope (1 junior … 4 lead) at which a profile expects a duty to have been performed."""

    item_field = "duty"

    profile = models.ForeignKey(RequirementProfile, on_delete=models.CASCADE, related_name="duty_requirements")
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="requirements")

    class Meta(Requirement.Meta):
        ordering = ["profile", "duty"]
        constraints = [Requirement.one_per_profile("duty"), *Requirement.Meta.constraints]

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["career.requirementprofile", "career.duty"]


class EducationRequirement(Requirement):
    item_field = "qualification"

    profile = models.ForeignKey(RequirementProfile, on_delete=models.CASCADE, related_name="education_requirements")
    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="requirements")
    expectation = models.CharField(max_length=20, choices=Expectation.choices)

    class Meta(Requirement.Meta):
        ordering = ["profile", "qualification"]
        constraints = [Requirement.one_per_profile("qualification"), *Requirement.Meta.constraints]

    def __str__(self):
        return f"{super().__str__()} ({self.expectation})"

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["career.requirementprofile", "career.qualification"]


# --- Certifications ----------------------------------------------------------------


class CertificationProvider(SlugModel):
    name = models.CharField(max_length=80)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class CertificationQuerySet(SlugQuerySet):
    def active(self):
        return self.filter(status=CertificationStatus.ACTIVE)


class CertificationManager(models.Manager.from_queryset(CertificationQuerySet)):
    pass


class Certification(SlugModel):
    provider = models.ForeignKey(CertificationProvider, on_delete=models.PROTECT, related_name="certifications")
    name = models.CharField(max_length=160)
    level = models.CharField(max_length=20, choices=CertificationLevel.choices)
    status = models.CharField(max_length=20, choices=CertificationStatus.choices, default=CertificationStatus.ACTIVE)
    description = models.TextField()
    audience = models.CharField(
        max_length=20,
        choices=CertificationAudience.choices,
        default=CertificationAudience.ENGINEERING,
        help_text="Business-audience certificates are recommended only for leadership targets.",
    )
    evidence = models.CharField(
        max_length=20,
        choices=CertificationEvidence.choices,
        default=CertificationEvidence.EXAM,
        help_text="What holding it shows: an exam is evidence of knowledge, not of hands-on level.",
    )
    credential_level = models.PositiveSmallIntegerField(
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(LEVEL_MAX)],
        help_text="The level of the 'AI and machine learning certification' qualification that holding it gives.",
    )
    url = models.URLField(blank=True, help_text="The provider's official page for this certification.")
    prep_hours = models.PositiveSmallIntegerField(help_text="A rough preparation effort, in hours.")
    # Facts copied from the official page, with the day they were checked. Leave a fact
    # blank rather than guess: candidates are then sent to the official page.
    exam_format = models.CharField(
        max_length=200, blank=True, help_text="E.g. “65 multiple-choice or multiple-response questions”."
    )
    duration = models.CharField(max_length=80, blank=True, help_text="E.g. “90 minutes”, or “self-paced”.")
    fee = models.CharField(max_length=80, blank=True, help_text="With its currency, e.g. “USD 100”.")
    facts_checked_on = models.DateField(
        null=True, blank=True, help_text="The day the format, duration and fee were checked on the official page."
    )
    retired_on = models.DateField(null=True, blank=True)
    status_note = models.CharField(max_length=200, blank=True)

    objects = CertificationManager()

    class Meta:
        ordering = ["provider__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CertificationStatus.ACTIVE, retired_on__isnull=True)
                | Q(status=CertificationStatus.RETIRED),
                name="career_certification_active_has_no_retirement_date",
                violation_error_message="An active certification cannot have a retirement date.",
            ),
            level_range_check("credential_level", minimum=1),
            models.CheckConstraint(
                condition=Q(exam_format="", duration="", fee="") | Q(facts_checked_on__isnull=False),
                name="career_certification_facts_have_a_check_date",
                violation_error_message="Give the date the format, duration and fee were checked.",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def has_facts(self) -> bool:
        return bool(self.exam_format or self.duration or self.fee)


class CertificationSkillManager(models.Manager):
    def get_by_natural_key(self, certification_slug, skill_slug):
        return self.get(certification__slug=certification_slug, skill__slug=skill_slug)


class CertificationSkill(models.Model):
    """A skill a certification covers, and the proficiency level it evidences."""

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="covered_skills")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="certifications")
    level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)

    objects = CertificationSkillManager()

    class Meta:
        ordering = ["certification", "skill"]
        constraints = [
            models.UniqueConstraint(fields=["certification", "skill"], name="career_certificationskill_unique"),
            level_range_check("level", minimum=1),
        ]

    def __str__(self):
        return f"{self.certification} covers {self.skill} to level {self.level}"

    def natural_key(self):
        return (self.certification.slug, self.skill.slug)

    natural_key.dependencies = ["career.certification", "career.skill"]


# --- Roadmap -----------------------------------------------------------------------


class RoadmapPhase(SlugModel):
    """One of the five steps to become an AI engineer."""

    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=120)
    summary = models.TextField()

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.name}"


class RoadmapAction(SlugModel):
    """A concrete action that raises one skill, duty or qualification to a level."""

    phase = models.ForeignKey(RoadmapPhase, on_delete=models.PROTECT, related_name="actions")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, null=True, blank=True, related_name="actions")
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, null=True, blank=True, related_name="actions")
    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    reaches_level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(LEVEL_MAX)],
        help_text="The level this action brings the candidate to.",
    )
    title = models.CharField(max_length=200)
    description = models.TextField()
    effort_hours = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["phase__number", "reaches_level", "slug"]
        constraints = [
            level_range_check("reaches_level", minimum=1),
            models.CheckConstraint(
                condition=Q(skill__isnull=False, duty__isnull=True, qualification__isnull=True)
                | Q(skill__isnull=True, duty__isnull=False, qualification__isnull=True)
                | Q(skill__isnull=True, duty__isnull=True, qualification__isnull=False),
                name="career_roadmapaction_exactly_one_subject",
                violation_error_message="An action improves exactly one skill, duty or qualification.",
            ),
        ]

    def __str__(self):
        return self.title


# --- Context: industries, outlook, KPIs, FAQ, pay ------------------------------------


class Industry(SlugModel):
    name = models.CharField(max_length=80)
    description = models.TextField()
    example_applications = models.TextField(help_text="One application per line.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "industries"

    def __str__(self):
        return self.name

    @property
    def application_list(self) -> list[str]:
        return [line.strip() for line in self.example_applications.splitlines() if line.strip()]


class GrowthProjection(SlugModel):
    """A projected job-growth figure (the seed: 26% from 2024 to 2034)."""

    label = models.CharField(max_length=160)
    percent = models.PositiveSmallIntegerField()
    start_year = models.PositiveSmallIntegerField()
    end_year = models.PositiveSmallIntegerField()
    description = models.TextField()

    class Meta:
        ordering = ["-end_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_year__lt=models.F("end_year")),
                name="career_growthprojection_years_in_order",
                violation_error_message="The start year must come before the end year.",
            )
        ]

    def __str__(self):
        return f"{self.label}: {self.percent}% ({self.start_year}–{self.end_year})"


class MarketTrend(SlugModel):
    name = models.CharField(max_length=120)
    description = models.TextField()
    skills = models.ManyToManyField(Skill, blank=True, related_name="trends")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class PayFactor(SlugModel):
    """A top-paying region or a factor that moves pay."""

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=PayFactorKind.choices)
    description = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "order", "name"]

    def __str__(self):
        return self.name


class Kpi(SlugModel):
    """A measure an AI engineer is judged by."""

    name = models.CharField(max_length=120)
    description = models.TextField()
    duty = models.ForeignKey(Duty, on_delete=models.SET_NULL, null=True, blank=True, related_name="kpis")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "KPI"

    def __str__(self):
        return self.name


class FaqEntry(SlugModel):
    question = models.CharField(max_length=300)
    answer = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = "FAQ entry"
        verbose_name_plural = "FAQ entries"

    def __str__(self):
        return self.question


# --- Knowledge check: the question bank ------------------------------------------------


class KnowledgeCheckItem(SlugModel):
    """A multiple-choice question testing what one level of a skill's anchor describes.

    The slug reads "<skill>-<level>-<n>". Only active items are asked: a curator takes
    a doubtful item out of use by deactivating it.
    """

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="check_items")
    level = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(CHECK_LEVEL_MIN), MaxValueValidator(LEVEL_MAX)]
    )
    # Bounded so that the unique index on (skill, stem) stays within PostgreSQL's index row size.
    stem = models.TextField(max_length=1000, help_text="The question; code keeps its line breaks.")
    explanation = models.TextField(
        help_text="Why the correct option is right and the most tempting wrong one is wrong; shown after answering."
    )
    is_active = models.BooleanField(default=True, help_text="Only active items are asked.")

    class Meta:
        ordering = ["skill", "level", "slug"]
        verbose_name = "knowledge check item"
        constraints = [
            level_range_check("level", minimum=CHECK_LEVEL_MIN),
            models.UniqueConstraint(
                fields=["skill", "stem"],
                name="career_knowledgecheckitem_unique_stem",
                violation_error_message="This skill already has an item with this stem.",
            ),
        ]

    def __str__(self):
        return f"{self.slug}: {self.stem_excerpt}"

    @property
    def stem_excerpt(self) -> str:
        return Truncator(" ".join(self.stem.split())).chars(80)

    def natural_key(self):
        return super().natural_key()

    natural_key.dependencies = ["career.skill"]


class KnowledgeCheckOptionManager(models.Manager):
    def get_by_natural_key(self, item_slug, position):
        return self.get(item__slug=item_slug, position=position)


class KnowledgeCheckOption(models.Model):
    """One answer offered by a knowledge check item, at a position 1–5 (candidates see the options shuffled)."""

    item = models.ForeignKey(KnowledgeCheckItem, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(OPTIONS_MAX)])
    text = models.CharField(max_length=300)
    is_correct = models.BooleanField(default=False)

    objects = KnowledgeCheckOptionManager()

    class Meta:
        ordering = ["item", "position"]
        verbose_name = "knowledge check option"
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="career_knowledgecheckoption_unique"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=OPTIONS_MAX),
                name="career_knowledgecheckoption_position_in_range",
                violation_error_message=f"Position must be between 1 and {OPTIONS_MAX}.",
            ),
        ]

    def __str__(self):
        return f"{self.item.slug} option {self.position}"

    def natural_key(self):
        return (_memoised((KnowledgeCheckItem, self.item_id), lambda: self.item.slug), self.position)

    natural_key.dependencies = ["career.knowledgecheckitem"]


# --- Aliases: how job ads name catalogue items --------------------------------------


class AliasManager(models.Manager):
    def get_by_natural_key(self, phrase):
        return self.get(phrase=phrase)


def exactly_one_of(*fields: str) -> Q:
    """A constraint's condition: exactly one of these foreign keys is set (what an alias or a rule names)."""
    return reduce(
        operator.or_,
        (Q(**{f"{chosen}__isnull": False}, **{f: None for f in fields if f != chosen}) for chosen in fields),
    )


class NamesOneItem:
    """A row that names exactly one catalogue item, through one of the foreign keys in TARGETS."""

    TARGETS: tuple[str, ...] = ()

    @property
    def target_kind(self) -> str:
        """The name of the foreign key that is set ("skill", "duty"...), or "" when none is."""
        return next((name for name in self.TARGETS if getattr(self, f"{name}_id")), "")

    @property
    def target(self):
        kind = self.target_kind
        return getattr(self, kind) if kind else None


class Alias(NamesOneItem, models.Model):
    """A phrase job ads use for one skill, duty, qualification or certification, or for a role's title.

    Matching ignores case, punctuation, singular or plural and the form of an opening verb
    ("build models" finds "built models"), and a hyphen matches a space or nothing ("fine-tuning"
    finds "fine tuning" and "finetuning"), so one alias covers those spellings. A "…" in a phrase
    stands for up to four words ("fine-tune … models" finds "fine-tune BERT-style models").
    A phrase names exactly one thing.
    """

    phrase = models.CharField(max_length=120, unique=True)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases")
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases")
    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases"
    )
    certification = models.ForeignKey(
        "Certification", on_delete=models.CASCADE, null=True, blank=True, related_name="aliases"
    )
    role = models.ForeignKey(
        Role,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="aliases",
        help_text="A job title for the role: it points the ad at this role's profile rather than naming a requirement.",
    )

    TARGETS = ("skill", "duty", "qualification", "certification", "role")

    objects = AliasManager()

    class Meta:
        ordering = ["phrase"]
        verbose_name_plural = "aliases"
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_of("skill", "duty", "qualification", "certification", "role"),
                name="career_alias_names_one_thing",
                violation_error_message="An alias names exactly one skill, duty, qualification, certification or role.",
            )
        ]

    def __str__(self):
        return self.phrase

    def natural_key(self):
        return (self.phrase,)

    natural_key.dependencies = [
        "career.skill",
        "career.duty",
        "career.qualification",
        "career.certification",
        "career.role",
    ]

    def clean(self):
        if not normalise_phrase(self.phrase):
            raise ValidationError({"phrase": "An alias needs at least one letter or digit."})

    def validate_unique(self, exclude=None):
        """Also refuse a phrase that matches the same words as another alias ("PyTorch" and "pytorch").

        One query over every alias, so it runs with the uniqueness checks (the admin's) and not
        where those are skipped (validate_catalogue leaves uniqueness to the database)."""
        super().validate_unique(exclude=exclude)
        normalised = normalise_phrase(self.phrase)
        clash = next(
            (
                other
                for other in Alias.objects.exclude(pk=self.pk).only("phrase")
                if normalise_phrase(other.phrase) == normalised
            ),
            None,
        )
        if clash is not None:
            raise ValidationError({"phrase": f"“{clash.phrase}” already matches the same words."})


# --- Concept rules: how job ads say catalogue items in their own words -------------------


def phrase_list(text: str) -> list[str]:
    """The phrases of a comma-separated list, without blanks."""
    return [phrase.strip() for phrase in text.split(",") if phrase.strip()]


class Concept(SlugModel):
    """Words job ads use for one idea ("pipeline", "ETL", "ingestion"...), for concept rules to combine."""

    words = models.TextField(
        help_text="Comma-separated. Matched like aliases: case, punctuation, singular or plural, the form of a "
        "common opening verb and hyphens do not matter."
    )
    not_in = models.TextField(
        blank=True,
        help_text="Comma-separated phrases in which one of the words means something else (“CI pipeline”, "
        "“sales pipeline” for “pipeline”): a word inside one of them does not count.",
    )

    class Meta:
        ordering = ["slug"]

    def __str__(self):
        return self.slug

    @property
    def word_list(self) -> list[str]:
        return phrase_list(self.words)

    @property
    def not_in_list(self) -> list[str]:
        return phrase_list(self.not_in)

    def clean(self):
        for name, phrases in (("words", self.word_list), ("not_in", self.not_in_list)):
            empty = [phrase for phrase in phrases if not normalise_phrase(phrase)]
            if empty:
                raise ValidationError({name: f"“{empty[0]}” has no letter or digit."})
            if any(GAP in phrase for phrase in phrases):
                raise ValidationError({name: "No gap (…) in a concept's words: the rule sets how far apart they are."})
        if not self.word_list:
            raise ValidationError({"words": "A concept needs at least one word."})
        words = {form for phrase in self.word_list for form in phrase_variants(phrase)}
        cancelling = [phrase for phrase in self.not_in_list if words & phrase_variants(phrase)]
        if cancelling:
            raise ValidationError({"not_in": f"“{cancelling[0]}” is one of the words: it would cancel it everywhere."})


class ConceptRule(NamesOneItem, SlugModel):
    """A skill, duty, qualification or certification that an ad names by words of two or three concepts in
    one line or sentence, close together: "build" with "ETL" is building data pipelines, "label" with
    "image data" is data preparation. Aliases catch the set phrases; rules catch what ads say in their
    own words."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, null=True, blank=True, related_name="concept_rules")
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, null=True, blank=True, related_name="concept_rules")
    qualification = models.ForeignKey(
        Qualification, on_delete=models.CASCADE, null=True, blank=True, related_name="concept_rules"
    )
    certification = models.ForeignKey(
        "Certification", on_delete=models.CASCADE, null=True, blank=True, related_name="concept_rules"
    )
    first = models.ForeignKey(Concept, on_delete=models.PROTECT, related_name="+")
    second = models.ForeignKey(Concept, on_delete=models.PROTECT, related_name="+")
    third = models.ForeignKey(
        Concept,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Optional: a word of this concept must stand there too.",
    )

    TARGETS = ("skill", "duty", "qualification", "certification")

    class Meta:
        ordering = ["slug"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_of("skill", "duty", "qualification", "certification"),
                name="career_conceptrule_names_one_thing",
                violation_error_message="A concept rule names exactly one skill, duty, qualification or certification.",
            )
        ]

    def __str__(self):
        return self.slug

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = [
        "career.concept",
        "career.skill",
        "career.duty",
        "career.qualification",
        "career.certification",
    ]

    def clean(self):
        concepts = [self.first_id, self.second_id, self.third_id]
        chosen = [concept for concept in concepts if concept is not None]
        if len(chosen) != len(set(chosen)):
            raise ValidationError("A rule combines different concepts: each may appear once.")
