"""Assessments in progress, their answers, and the immutable report snapshots they produce."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from career.enums import LEVEL_MAX, LEVEL_MIN
from career.models import Certification, Role, SeniorityLevel


class AnswerKind(models.TextChoices):
    SKILL = "skill", "Skill"
    DUTY = "duty", "Duty"
    EDUCATION = "education", "Education"


class Cloud(models.TextChoices):
    """The cloud a candidate works on or prefers; the values are the certification providers' slugs."""

    AWS = "aws", "Amazon Web Services (AWS)"
    GOOGLE = "google", "Google Cloud"
    IBM = "ibm", "IBM Cloud"
    NONE = "", "None in particular"


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class CheckStatus(models.TextChoices):
    NOT_STARTED = "", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SKIPPED = "skipped", "Skipped"
    FINISHED = "finished", "Finished"


class OwnedQuerySet(models.QuerySet):
    def owned_by(self, *, user, anonymous_token: str | None):
        """Rows of a signed-in user, or of an anonymous browser identified by its token."""
        if user is not None and user.is_authenticated:
            return self.filter(user=user)
        if anonymous_token:
            return self.filter(user__isnull=True, anonymous_token=anonymous_token)
        return self.none()


class OwnedByCandidate(models.Model):
    """A row that belongs to a signed-in user or to an anonymous browser, never to nobody.

    Anonymous candidates are identified by a random token kept in their session,
    which survives the session key being cycled at login.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="%(class)ss"
    )
    anonymous_token = models.CharField(max_length=64, blank=True, db_index=True)

    objects = OwnedQuerySet.as_manager()

    class Meta:
        abstract = True

    @staticmethod
    def has_an_owner(what: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            condition=Q(user__isnull=False) | ~Q(anonymous_token=""),
            name="%(class)s_has_an_owner",
            violation_error_message=f"{what} belongs to a user or to an anonymous browser.",
        )


class JobAd(OwnedByCandidate):
    """A job ad a candidate pasted or uploaded, and the target profile built from it.

    `derived` is what recognition built (the base profile, the items with the ad's
    words for each, the cues, the terms matching nothing); `items` is the candidate's
    version of the items, edited before scoring. The ad's full text is kept only
    when the candidate asked for it (`text` is empty otherwise): the short phrases
    beside each item are all that is kept of it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=120, blank=True)
    company = models.CharField(max_length=120, blank=True)
    text = models.TextField(blank=True)
    derived = models.JSONField()
    items = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [OwnedByCandidate.has_an_owner("A job ad")]

    def __str__(self):
        return self.heading

    @property
    def heading(self) -> str:
        """How pages and reports name the ad: "Title at Company", or what of it was given."""
        if self.title and self.company:
            return f"{self.title} at {self.company}"
        return self.title or self.company or "Job ad"


class UnrecognisedTerm(models.Model):
    """A phrase ads ask for that no alias matches, counted across every ad: what curators should add.

    Only the phrase and how many ads used it are kept, never who pasted them or the ads themselves.
    """

    phrase = models.CharField(max_length=120, unique=True)
    ad_count = models.PositiveIntegerField(default=0)
    last_seen = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-ad_count", "phrase"]

    def __str__(self):
        return f"{self.phrase} ({self.ad_count})"


class Assessment(OwnedByCandidate):
    """One candidate's questionnaire against a target role and seniority."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    seniority = models.ForeignKey(SeniorityLevel, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.IN_PROGRESS)
    completed_steps = models.JSONField(default=list, blank=True)
    years_experience = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
        help_text="Years of hands-on work in software or data.",
    )
    shipped_projects = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(500)])
    portfolio_url = models.URLField(blank=True, max_length=300)
    preferred_cloud = models.CharField(max_length=20, choices=Cloud.choices, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    held_certifications = models.ManyToManyField(Certification, blank=True, related_name="+")
    check_status = models.CharField(max_length=20, choices=CheckStatus.choices, blank=True, default="")
    # What the knowledge check asks, fixed when it starts: [{"skill", "name", "claimed"}], heaviest first.
    check_plan = models.JSONField(default=list, blank=True)
    # Seeds the item draws and the option order; a new assessment gets a new one.
    check_seed = models.CharField(max_length=32, blank=True)
    # Scored against this job ad's target rather than the role's profile.
    job_ad = models.ForeignKey(JobAd, on_delete=models.SET_NULL, null=True, blank=True, related_name="assessments")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [OwnedByCandidate.has_an_owner("An assessment")]

    def __str__(self):
        return f"{self.role} ({self.seniority}) — {self.get_status_display()}"

    @property
    def is_completed(self) -> bool:
        return self.status == AssessmentStatus.COMPLETED

    @property
    def check_done(self) -> bool:
        return self.check_status in (CheckStatus.SKIPPED, CheckStatus.FINISHED)


class Answer(models.Model):
    """A rating of one skill, duty or qualification on the 0–4 scale.

    Items are referenced by kind and slug rather than by foreign key, so the
    answers read the same whatever later happens to the catalogue.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    kind = models.CharField(max_length=20, choices=AnswerKind.choices)
    key = models.SlugField(max_length=80)
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(LEVEL_MIN), MaxValueValidator(LEVEL_MAX)])

    class Meta:
        ordering = ["assessment", "kind", "key"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "kind", "key"], name="answer_unique_per_item"),
            models.CheckConstraint(
                condition=Q(rating__gte=LEVEL_MIN, rating__lte=LEVEL_MAX),
                name="answer_rating_in_range",
                violation_error_message=f"A rating must be between {LEVEL_MIN} and {LEVEL_MAX}.",
            ),
        ]

    def __str__(self):
        return f"{self.kind}:{self.key} = {self.rating}"


class CheckResponse(models.Model):
    """One knowledge check item shown to a candidate, and their one answer to it.

    Created when the item is drawn (`shown_at`); answered once (`answered_at`), never again.
    The item's slug, skill and level are copied so statistics and reports survive a curator
    deleting the item.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="check_responses")
    number = models.PositiveSmallIntegerField(help_text="1 for the first item asked, 2 for the next, …")
    item = models.ForeignKey(
        "career.KnowledgeCheckItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    item_slug = models.SlugField(max_length=80)
    skill_slug = models.SlugField(max_length=80)
    level = models.PositiveSmallIntegerField()
    claimed = models.PositiveSmallIntegerField(help_text="The candidate's rating of the skill when the item was drawn.")
    option_order = models.JSONField(default=list, help_text="The option ids in the order this candidate sees them.")
    chosen = models.ForeignKey(
        "career.KnowledgeCheckOption", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    correct = models.BooleanField(null=True)
    shown_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assessment", "number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "number"], name="checkresponse_unique_number"),
            models.UniqueConstraint(fields=["assessment", "item_slug"], name="checkresponse_item_once"),
        ]

    def __str__(self):
        return f"{self.item_slug}: {'unanswered' if self.correct is None else self.correct}"

    @property
    def seconds(self) -> float | None:
        if self.answered_at is None:
            return None
        return round((self.answered_at - self.shown_at).total_seconds(), 1)


class Report(OwnedByCandidate):
    """An immutable snapshot of a completed assessment: inputs, the profile as used, every figure."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # One report per assessment: a double-submitted completion cannot create two.
    assessment = models.OneToOneField(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="report"
    )
    role_slug = models.SlugField(max_length=80)
    role_name = models.CharField(max_length=120)
    seniority_slug = models.SlugField(max_length=80)
    seniority_name = models.CharField(max_length=80)
    readiness = models.DecimalField(max_digits=4, decimal_places=1)
    estimated_seniority_name = models.CharField(max_length=80, blank=True)
    catalogue_version = models.CharField(max_length=64, help_text="A fingerprint of the requirement profiles used.")
    # Kept out of the stored body: the owner's pages show it, a share link only when the owner chose so.
    portfolio_url = models.URLField(blank=True, max_length=300)
    snapshot = models.JSONField()
    # The job ad it was scored against, if any; `job_ad_key` keeps the ad's id after the ad is deleted,
    # so that reports for the same ad still line up in the list, compare and progress.
    job_ad = models.ForeignKey(JobAd, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports")
    job_ad_key = models.CharField(max_length=36, blank=True, db_index=True)
    # The body of the report page, rendered from the snapshot once: a snapshot never
    # changes, so neither does its HTML. `body_template` fingerprints the template it
    # was rendered with; a later release's template renders it again.
    body_html = models.TextField(blank=True)
    body_template = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(readiness__gte=0, readiness__lte=100),
                name="report_readiness_in_range",
                violation_error_message="Readiness must be between 0 and 100.",
            ),
            OwnedByCandidate.has_an_owner("A report"),
        ]

    def __str__(self):
        return f"{self.role_name} ({self.seniority_name}): {self.readiness}%"


class ReportPdf(models.Model):
    """A report's PDF, rendered once: a snapshot never changes, so neither does its PDF."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, primary_key=True, related_name="pdf")
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"PDF of {self.report}"


class ShareLinkQuerySet(models.QuerySet):
    def live(self, *, now):
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ShareLink(models.Model):
    """A private, read-only link to one report, for a mentor or an employer."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="share_links")
    # 32 random bytes, URL-safe: 256 bits, far beyond guessing.
    token = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=80, blank=True, help_text="Who the link is for, as a reminder.")
    # The report's stored body never holds the portfolio link: the shared page adds it only when the owner chose so.
    show_portfolio = models.BooleanField(
        default=False, help_text="The shared page shows the candidate's portfolio link."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Share link for {self.report}"


# --- The learning plan ------------------------------------------------------------


class LearningPlan(models.Model):
    """A signed-in candidate's plan for one target, adopted from a report and worked through.

    The target is kept as slugs and names, like a report's: the plan reads the same
    whatever later happens to the catalogue.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="learning_plans")
    role_slug = models.SlugField(max_length=80)
    role_name = models.CharField(max_length=120)
    seniority_slug = models.SlugField(max_length=80)
    seniority_name = models.CharField(max_length=80)
    # The report adopted last; a deleted report leaves the plan as it is.
    source_report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    hours_per_week = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    started_on = models.DateField(help_text="Week 1 of the plan starts on this day.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role_slug", "seniority_slug"], name="learning_plan_one_per_target"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gte=1, hours_per_week__lte=60),
                name="learning_plan_pace_in_range",
                violation_error_message="Hours per week must be between 1 and 60.",
            ),
        ]

    def __str__(self):
        return f"Plan for {self.role_name} ({self.seniority_name})"


class PlanItemKind(models.TextChoices):
    ACTION = "action", "Roadmap action"
    CERTIFICATION = "certification", "Certification"


class PlanItemStatus(models.TextChoices):
    TODO = "todo", "To do"
    DOING = "doing", "Doing"
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


class PlanItem(models.Model):
    """One action or certification of a plan, as it was when adopted: a catalogue edit never changes it."""

    plan = models.ForeignKey(LearningPlan, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=PlanItemKind.choices)
    source_slug = models.SlugField(max_length=80, help_text="The action's or certification's slug when adopted.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    # What the item improves: a skill, duty or qualification, by kind and slug, with its name when adopted.
    target_kind = models.CharField(max_length=20, choices=AnswerKind.choices, blank=True)
    target_key = models.SlugField(max_length=80, blank=True)
    target_label = models.CharField(max_length=120, blank=True)
    level_from = models.PositiveSmallIntegerField(validators=[MaxValueValidator(LEVEL_MAX)])
    target_level = models.PositiveSmallIntegerField(validators=[MaxValueValidator(LEVEL_MAX)])
    hours = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=PlanItemStatus.choices, default=PlanItemStatus.TODO)
    note = models.TextField(blank=True, max_length=2000)
    evidence_url = models.URLField(blank=True, max_length=300)
    finished_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "source_slug"], name="plan_item_once_per_plan"),
            models.CheckConstraint(
                condition=Q(status=PlanItemStatus.DONE, finished_on__isnull=False)
                | (~Q(status=PlanItemStatus.DONE) & Q(finished_on__isnull=True)),
                name="plan_item_finished_when_done",
                violation_error_message="A finished date belongs to a done item, and a done item has one.",
            ),
            models.CheckConstraint(
                condition=Q(level_from__lte=LEVEL_MAX, target_level__lte=LEVEL_MAX),
                name="plan_item_levels_in_range",
                violation_error_message=f"Levels are between {LEVEL_MIN} and {LEVEL_MAX}.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_status_display()})"


class DigestSubscription(models.Model):
    """A candidate who asked for the weekly plan digest by email. No row, no email."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="plan_digest"
    )
    active = models.BooleanField(default=True)
    # The Monday of the last week a digest went out: a second run in the same week sends nothing.
    last_sent_week = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Weekly digest for {self.user} ({'on' if self.active else 'off'})"
