"""The catalogue: everything a candidate is measured against.

Every model has a natural key (a slug, or its parent's key plus a level or
slug), so fixtures reference rows by readable keys and loading them twice
changes nothing. Ranges are enforced by database constraints, so a bad
fixture or a bad admin edit cannot store a target of 7 or a negative weight.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from career.enums import (
    LEVEL_MAX,
    LEVEL_MIN,
    WEIGHT_MAX,
    WEIGHT_MIN,
    CareerTrack,
    CertificationLevel,
    CertificationStatus,
    Expectation,
    PayFactorKind,
)

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


class SkillLevelManager(models.Manager):
    def get_by_natural_key(self, skill_slug, level):
        return self.get(skill__slug=skill_slug, level=level)


class SkillLevel(models.Model):
    """What a proficiency level looks like for one skill (the anchor text)."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    description = models.TextField()

    objects = SkillLevelManager()

    class Meta:
        ordering = ["skill", "level"]
        constraints = [
            models.UniqueConstraint(fields=["skill", "level"], name="career_skilllevel_unique"),
            level_range_check("level"),
        ]

    def __str__(self):
        return f"{self.skill} — level {self.level}"

    def natural_key(self):
        return (self.skill.slug, self.level)

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


class DutyScopeManager(models.Manager):
    def get_by_natural_key(self, duty_slug, scope):
        return self.get(duty__slug=duty_slug, scope=scope)


class DutyScope(models.Model):
    """What performing a duty looks like at one scope: 1 junior, 2 mid, 3 senior, 4 lead."""

    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="scopes")
    scope = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(LEVEL_MAX)])
    description = models.TextField()

    objects = DutyScopeManager()

    class Meta:
        ordering = ["duty", "scope"]
        constraints = [
            models.UniqueConstraint(fields=["duty", "scope"], name="career_dutyscope_unique"),
            level_range_check("scope", minimum=1),
        ]

    def __str__(self):
        return f"{self.duty} — scope {self.scope}"

    def natural_key(self):
        return (self.duty.slug, self.scope)

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


class QualificationLevelManager(models.Manager):
    def get_by_natural_key(self, qualification_slug, level):
        return self.get(qualification__slug=qualification_slug, level=level)


class QualificationLevel(models.Model):
    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    description = models.TextField()

    objects = QualificationLevelManager()

    class Meta:
        ordering = ["qualification", "level"]
        constraints = [
            models.UniqueConstraint(fields=["qualification", "level"], name="career_qualificationlevel_unique"),
            level_range_check("level"),
        ]

    def __str__(self):
        return f"{self.qualification} — level {self.level}"

    def natural_key(self):
        return (self.qualification.slug, self.level)

    natural_key.dependencies = ["career.qualification"]


# --- Roles and requirement profiles ----------------------------------------------


class Role(SlugModel):
    """One of the 11 AI engineering job titles."""

    name = models.CharField(max_length=120, unique=True)
    focus_area = models.CharField(max_length=120)
    summary = models.TextField()
    typical_seniority_from = models.ForeignKey(SeniorityLevel, on_delete=models.PROTECT, related_name="+")
    typical_seniority_to = models.ForeignKey(SeniorityLevel, on_delete=models.PROTECT, related_name="+")
    research_focused = models.BooleanField(default=False, help_text="A PhD is preferred for research-focused roles.")
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


class RequirementProfileManager(models.Manager):
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


class SkillRequirementManager(models.Manager):
    def get_by_natural_key(self, role_slug, seniority_slug, skill_slug):
        return self.get(profile__role__slug=role_slug, profile__seniority__slug=seniority_slug, skill__slug=skill_slug)


class SkillRequirement(models.Model):
    profile = models.ForeignKey(RequirementProfile, on_delete=models.CASCADE, related_name="skill_requirements")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="requirements")
    target = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    weight = models.PositiveSmallIntegerField(validators=WEIGHT_VALIDATORS)

    objects = SkillRequirementManager()

    class Meta:
        ordering = ["profile", "skill"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="career_skillrequirement_unique"),
            level_range_check("target"),
            weight_range_check(),
        ]

    def __str__(self):
        return f"{self.skill}: target {self.target}, weight {self.weight}"

    def natural_key(self):
        profile_key = _memoised(("profile", self.profile_id), lambda: self.profile.natural_key())
        return (*profile_key, _memoised((Skill, self.skill_id), lambda: self.skill.slug))

    natural_key.dependencies = ["career.requirementprofile", "career.skill"]


class DutyRequirementManager(models.Manager):
    def get_by_natural_key(self, role_slug, seniority_slug, duty_slug):
        return self.get(profile__role__slug=role_slug, profile__seniority__slug=seniority_slug, duty__slug=duty_slug)


class DutyRequirement(models.Model):
    """The scope (1 junior … 4 lead) at which a profile expects a duty to have been performed."""

    profile = models.ForeignKey(RequirementProfile, on_delete=models.CASCADE, related_name="duty_requirements")
    duty = models.ForeignKey(Duty, on_delete=models.CASCADE, related_name="requirements")
    target = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    weight = models.PositiveSmallIntegerField(validators=WEIGHT_VALIDATORS)

    objects = DutyRequirementManager()

    class Meta:
        ordering = ["profile", "duty"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "duty"], name="career_dutyrequirement_unique"),
            level_range_check("target"),
            weight_range_check(),
        ]

    def __str__(self):
        return f"{self.duty}: target {self.target}, weight {self.weight}"

    def natural_key(self):
        profile_key = _memoised(("profile", self.profile_id), lambda: self.profile.natural_key())
        return (*profile_key, _memoised((Duty, self.duty_id), lambda: self.duty.slug))

    natural_key.dependencies = ["career.requirementprofile", "career.duty"]


class EducationRequirementManager(models.Manager):
    def get_by_natural_key(self, role_slug, seniority_slug, qualification_slug):
        return self.get(
            profile__role__slug=role_slug,
            profile__seniority__slug=seniority_slug,
            qualification__slug=qualification_slug,
        )


class EducationRequirement(models.Model):
    profile = models.ForeignKey(RequirementProfile, on_delete=models.CASCADE, related_name="education_requirements")
    qualification = models.ForeignKey(Qualification, on_delete=models.CASCADE, related_name="requirements")
    target = models.PositiveSmallIntegerField(validators=LEVEL_VALIDATORS)
    weight = models.PositiveSmallIntegerField(validators=WEIGHT_VALIDATORS)
    expectation = models.CharField(max_length=20, choices=Expectation.choices)

    objects = EducationRequirementManager()

    class Meta:
        ordering = ["profile", "qualification"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "qualification"], name="career_educationrequirement_unique"),
            level_range_check("target"),
            weight_range_check(),
        ]

    def __str__(self):
        return f"{self.qualification}: target {self.target}, weight {self.weight} ({self.expectation})"

    def natural_key(self):
        profile_key = _memoised(("profile", self.profile_id), lambda: self.profile.natural_key())
        return (*profile_key, _memoised((Qualification, self.qualification_id), lambda: self.qualification.slug))

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
    url = models.URLField(blank=True)
    prep_hours = models.PositiveSmallIntegerField(help_text="A rough preparation effort, in hours.")
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
            )
        ]

    def __str__(self):
        return self.name


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
