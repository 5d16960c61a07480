"""The curators' admin for the career catalogue.

Every catalogue model is here. Change lists fetch related rows and counts in
the list query itself (select_related / annotate), so their query count does
not grow with the catalogue. Inline rows share one evaluated list of choices
per request instead of running one query per row, and range errors say which
field is out of which range ("Target must be between 0 and 4.").

Slugs are the natural keys that fixtures, page URLs and saved reports refer to:
they are filled in from the name when an object is added and read-only after.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import ngettext

from career import services
from career.enums import OPTIONS_MAX, OPTIONS_MIN, Proficiency
from career.enums import DutyScope as ScopeLabel
from career.models import (
    Alias,
    CareerStep,
    Certification,
    CertificationProvider,
    CertificationSkill,
    Concept,
    ConceptRule,
    Duty,
    DutyRequirement,
    DutyScope,
    EducationRequirement,
    FaqEntry,
    GrowthProjection,
    Industry,
    KnowledgeCheckItem,
    KnowledgeCheckOption,
    Kpi,
    MarketTrend,
    PayFactor,
    Qualification,
    QualificationLevel,
    RequirementProfile,
    RoadmapAction,
    RoadmapPhase,
    Role,
    SalaryBand,
    SeniorityLevel,
    Skill,
    SkillCategory,
    SkillLevel,
    SkillRequirement,
)
from career.recognition import CONCEPT_SPAN_WORDS

# Ranged integer fields: the form checks them itself, with a message naming the
# field and the range, and the browser gets matching min/max attributes.
RANGED_FIELDS = {"level", "scope", "target", "weight", "reaches_level", "position"}


def _range_formfield_kwargs(db_field) -> dict:
    lows = [v.limit_value for v in db_field.validators if isinstance(v, MinValueValidator)]
    highs = [v.limit_value for v in db_field.validators if isinstance(v, MaxValueValidator)]
    low, high = max(lows), min(highs)
    message = f"{capfirst(db_field.verbose_name)} must be between {low} and {high}."
    return {"min_value": low, "max_value": high, "error_messages": {"min_value": message, "max_value": message}}


class CatalogueFormfieldsMixin:
    """Clear range messages; for inlines, one query for a foreign key's choices instead of one per row."""

    cached_choice_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in RANGED_FIELDS and isinstance(db_field, models.IntegerField):
            kwargs.update(_range_formfield_kwargs(db_field))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is RequirementProfile:
            kwargs.setdefault("queryset", RequirementProfile.objects.select_related("role", "seniority"))
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and db_field.name in self.cached_choice_fields:
            # Evaluated once here; every row of the formset reuses the list. (Going
            # through iter() skips the COUNT query that list() would run for a size hint.)
            field.choices = list(iter(field.choices))
        return field


class LabelledRowsFormSetMixin:
    """Names every input of a table row after its column and its row, e.g. "Target (Python)".

    Django's tabular inlines and editable list columns label their inputs only
    through the column headers, which assistive technology does not announce for
    a form field.
    """

    row_name = staticmethod(str)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row = self.row_name(form.instance) if form.instance.pk is not None else "new row"
        for field in form.fields.values():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-object wrapper
            if not widget.is_hidden:
                widget.attrs = {**widget.attrs, "aria-label": f"{field.label} ({row})"}


def _labelled_rows(formset, row_name):
    return type(formset.__name__, (LabelledRowsFormSetMixin, formset), {"row_name": staticmethod(row_name)})


class CatalogueAdmin(CatalogueFormfieldsMixin, admin.ModelAdmin):
    """A catalogue model's admin: slugs prepopulated when adding, fixed afterwards."""

    def row_name(self, obj) -> str:
        """How a row of the editable list is named to assistive technology."""
        return str(obj)

    def get_changelist_formset(self, request, **kwargs):
        return _labelled_rows(super().get_changelist_formset(request, **kwargs), self.row_name)

    def get_queryset(self, request):
        # The change form's title names the object too, so it gets the same related rows as the list.
        queryset = super().get_queryset(request)
        if isinstance(self.list_select_related, tuple | list) and self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None else super().get_prepopulated_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and "slug" in self.prepopulated_fields:
            readonly += ("slug",)
        return readonly

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if obj._state.adding and (initial := inline.initial_rows()):
            kwargs["initial"] = initial
        return kwargs


class CatalogueTabularInline(CatalogueFormfieldsMixin, admin.TabularInline):
    extra = 1
    row_select_related: tuple[str, ...] = ()  # what each row's label needs, fetched with the rows
    row_name_field: str | None = None  # the column that names a row; the row object itself if None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related(*self.row_select_related) if self.row_select_related else queryset

    def row_name(self, obj) -> str:
        return str(getattr(obj, self.row_name_field) if self.row_name_field else obj)

    def get_formset(self, request, obj=None, **kwargs):
        return _labelled_rows(super().get_formset(request, obj, **kwargs), self.row_name)

    def initial_rows(self) -> list[dict]:
        """The values a new parent's blank rows start with."""
        return []


class LevelInline(CatalogueTabularInline):
    """One description per level; a new parent starts with a row for each level, already numbered."""

    level_field = "level"
    levels = Proficiency
    first_level = 0

    def get_fields(self, request, obj=None):
        return (self.level_field, "level_name", "description")

    def get_readonly_fields(self, request, obj=None):
        return ("level_name",)

    def level_values(self) -> list[int]:
        return [value for value in self.levels.values if value >= self.first_level]

    def initial_rows(self) -> list[dict]:
        return [{self.level_field: value} for value in self.level_values()]

    def get_extra(self, request, obj=None, **kwargs):
        return len(self.level_values()) if obj is None else 0

    def get_max_num(self, request, obj=None, **kwargs):
        return len(self.level_values())

    @admin.display(description="Meaning")
    def level_name(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return self.levels(getattr(obj, self.level_field)).label


def _count(description: str, field: str):
    """A list column showing an annotated count, sortable by it."""

    @admin.display(description=description, ordering=field)
    def column(self, obj):
        return getattr(obj, field)

    return column


# --- Skills --------------------------------------------------------------------------


@admin.register(SkillCategory)
class SkillCategoryAdmin(CatalogueAdmin):
    list_display = ("name", "slug", "skill_count", "order")
    list_editable = ("order",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description", "order")

    skill_count = _count("Skills", "skill_count")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(skill_count=Count("skills"))


class SkillLevelInline(LevelInline):
    model = SkillLevel
    row_select_related = ("skill",)


@admin.register(Skill)
class SkillAdmin(CatalogueAdmin):
    list_display = ("name", "category", "is_specialism", "anchor_count", "profile_count", "order")
    list_filter = ("category", "is_specialism")
    list_select_related = ("category",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "category", "description", "is_specialism", "prerequisites", "order")
    autocomplete_fields = ("prerequisites",)
    inlines = [SkillLevelInline]

    anchor_count = _count("Level anchors", "anchor_count")
    profile_count = _count("Profiles asking for it", "profile_count")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(anchor_count=Count("levels", distinct=True), profile_count=Count("requirements", distinct=True))
        )


@admin.register(SkillLevel)
class SkillLevelAdmin(CatalogueAdmin):
    list_display = ("skill", "level", "description")
    list_filter = ("level", "skill__category")
    list_select_related = ("skill",)
    search_fields = ("skill__name", "description")
    autocomplete_fields = ("skill",)
    ordering = ("skill__category__order", "skill__order", "skill__name", "level")


# --- Seniority, salaries and the career ladder -------------------------------------------


@admin.register(SalaryBand)
class SalaryBandAdmin(CatalogueAdmin):
    list_display = ("name", "label", "min_usd", "max_usd", "open_ended", "order")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "min_usd", "max_usd", "open_ended", "description", "order")

    @admin.display(description="Range")
    def label(self, obj):
        return obj.label


@admin.register(SeniorityLevel)
class SeniorityLevelAdmin(CatalogueAdmin):
    list_display = ("name", "rank", "salary_band", "typical_years_min")
    list_select_related = ("salary_band",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "rank", "salary_band", "typical_years_min", "description")


@admin.register(CareerStep)
class CareerStepAdmin(CatalogueAdmin):
    list_display = ("name", "track", "seniority", "role", "next_steps", "order")
    list_filter = ("track",)
    list_select_related = ("seniority", "role")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "track", "description", "seniority", "role", "leads_to", "reached_from_list", "order")
    readonly_fields = ("reached_from_list",)
    autocomplete_fields = ("leads_to",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("leads_to", "reached_from")

    @admin.display(description="Leads to")
    def next_steps(self, obj):
        return ", ".join(step.name for step in obj.leads_to.all()) or "—"

    @admin.display(description="Reached from")
    def reached_from_list(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return ", ".join(step.name for step in obj.reached_from.all()) or "—"


# --- Duties --------------------------------------------------------------------------


class DutyScopeInline(LevelInline):
    model = DutyScope
    row_select_related = ("duty",)
    level_field = "scope"
    levels = ScopeLabel
    # Scope 0 ("not yet") is a rating a candidate gives, never a scope a duty is described at.
    first_level = 1


@admin.register(Duty)
class DutyAdmin(CatalogueAdmin):
    list_display = ("name", "scope_count", "profile_count", "order")
    list_editable = ("order",)
    search_fields = ("name", "slug", "summary")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "summary", "interview_focus", "business_example", "order")
    inlines = [DutyScopeInline]

    scope_count = _count("Scopes described", "scope_count")
    profile_count = _count("Profiles asking for it", "profile_count")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(scope_count=Count("scopes", distinct=True), profile_count=Count("requirements", distinct=True))
        )


@admin.register(DutyScope)
class DutyScopeAdmin(CatalogueAdmin):
    list_display = ("duty", "scope", "description")
    list_filter = ("scope", "duty")
    list_select_related = ("duty",)
    search_fields = ("duty__name", "description")
    ordering = ("duty__order", "scope")


# --- Education and qualifications ------------------------------------------------------


class QualificationLevelInline(LevelInline):
    model = QualificationLevel
    row_select_related = ("qualification",)


@admin.register(Qualification)
class QualificationAdmin(CatalogueAdmin):
    list_display = ("name", "level_count", "order")
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description", "order")
    inlines = [QualificationLevelInline]

    level_count = _count("Level anchors", "level_count")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(level_count=Count("levels"))


@admin.register(QualificationLevel)
class QualificationLevelAdmin(CatalogueAdmin):
    list_display = ("qualification", "level", "description")
    list_filter = ("qualification", "level")
    list_select_related = ("qualification",)
    search_fields = ("qualification__name", "description")
    ordering = ("qualification__order", "level")


# --- Roles and requirement profiles ------------------------------------------------------


class RequirementProfileInline(CatalogueTabularInline):
    """A role's profiles, one per seniority; each links to its page with the requirements."""

    model = RequirementProfile
    fields = ("seniority", "summary", "requirement_counts")
    readonly_fields = ("requirement_counts",)
    show_change_link = True
    extra = 0
    cached_choice_fields = ("seniority",)
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("seniority", "role").with_requirement_counts()

    @admin.display(description="Requirements")
    def requirement_counts(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return f"{obj.skill_count} skills, {obj.duty_count} duties, {obj.education_count} education"


@admin.register(Role)
class RoleAdmin(CatalogueAdmin):
    list_display = ("name", "focus_area", "experience_range", "research_focused", "profile_count", "order")
    list_filter = ("research_focused",)
    list_select_related = ("typical_seniority_from", "typical_seniority_to")
    search_fields = ("name", "slug", "focus_area", "summary", "distinction")
    prepopulated_fields = {"slug": ("name",)}
    fields = (
        "name",
        "slug",
        "focus_area",
        "summary",
        "distinction",
        ("typical_seniority_from", "typical_seniority_to"),
        "focus_skill",
        "research_focused",
        "order",
    )
    inlines = [RequirementProfileInline]

    profile_count = _count("Profiles", "profile_count")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(profile_count=Count("profiles"))

    @admin.display(description="Experience")
    def experience_range(self, obj):
        return obj.experience_range


class SkillRequirementInline(CatalogueTabularInline):
    model = SkillRequirement
    fields = ("skill", "target", "weight", "essential")
    row_select_related = ("skill",)
    row_name_field = "skill"
    cached_choice_fields = ("skill",)


class DutyRequirementInline(CatalogueTabularInline):
    model = DutyRequirement
    fields = ("duty", "target", "weight", "essential")
    row_select_related = ("duty",)
    row_name_field = "duty"
    cached_choice_fields = ("duty",)
    verbose_name = "duty requirement (target is the scope: 1 junior, 2 mid-level, 3 senior, 4 lead)"


class EducationRequirementInline(CatalogueTabularInline):
    model = EducationRequirement
    fields = ("qualification", "target", "weight", "expectation", "essential")
    row_select_related = ("qualification",)
    row_name_field = "qualification"
    cached_choice_fields = ("qualification",)


@admin.register(RequirementProfile)
class RequirementProfileAdmin(CatalogueAdmin):
    list_display = ("role", "seniority", "skill_count", "duty_count", "education_count", "updated_at")
    list_display_links = ("role", "seniority")
    list_filter = ("role", "seniority")
    list_select_related = ("role", "seniority")
    search_fields = ("role__name", "seniority__name", "summary")
    fields = ("role", "seniority", "summary", "updated_at")
    readonly_fields = ("updated_at",)
    inlines = [SkillRequirementInline, DutyRequirementInline, EducationRequirementInline]

    skill_count = _count("Skills", "skill_count")
    duty_count = _count("Duties", "duty_count")
    education_count = _count("Education", "education_count")

    def get_queryset(self, request):
        return super().get_queryset(request).with_requirement_counts()


class RequirementRowAdmin(CatalogueAdmin):
    """One requirement across every profile: filter by role, seniority or item, and edit targets in the list."""

    list_filter = ("profile__role", "profile__seniority", "essential")
    list_editable = ("target", "weight", "essential")
    search_fields = ("profile__role__name",)
    autocomplete_fields = ("profile",)
    ordering = ("profile__role__order", "profile__seniority__rank")
    item_field = ""  # skill, duty or qualification

    def row_name(self, obj) -> str:
        return f"{obj.profile} · {getattr(obj, self.item_field)}"


@admin.register(SkillRequirement)
class SkillRequirementAdmin(RequirementRowAdmin):
    item_field = "skill"
    list_display = ("profile", "skill", "target", "weight", "essential")
    list_filter = ("skill", *RequirementRowAdmin.list_filter)
    list_select_related = ("profile__role", "profile__seniority", "skill")
    search_fields = ("skill__name", *RequirementRowAdmin.search_fields)
    autocomplete_fields = ("profile", "skill")
    ordering = (*RequirementRowAdmin.ordering, "skill__category__order", "skill__order")


@admin.register(DutyRequirement)
class DutyRequirementAdmin(RequirementRowAdmin):
    item_field = "duty"
    list_display = ("profile", "duty", "target", "weight", "essential")
    list_filter = ("duty", *RequirementRowAdmin.list_filter)
    list_select_related = ("profile__role", "profile__seniority", "duty")
    search_fields = ("duty__name", *RequirementRowAdmin.search_fields)
    autocomplete_fields = ("profile", "duty")
    ordering = (*RequirementRowAdmin.ordering, "duty__order")


@admin.register(EducationRequirement)
class EducationRequirementAdmin(RequirementRowAdmin):
    item_field = "qualification"
    list_display = ("profile", "qualification", "target", "weight", "expectation", "essential")
    list_filter = ("qualification", "expectation", *RequirementRowAdmin.list_filter)
    list_editable = ("target", "weight", "expectation", "essential")
    list_select_related = ("profile__role", "profile__seniority", "qualification")
    search_fields = ("qualification__name", *RequirementRowAdmin.search_fields)
    ordering = (*RequirementRowAdmin.ordering, "qualification__order")


# --- Certifications --------------------------------------------------------------------


@admin.register(CertificationProvider)
class CertificationProviderAdmin(CatalogueAdmin):
    list_display = ("name", "website", "certification_count")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "website")

    certification_count = _count("Certifications", "certification_count")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(certification_count=Count("certifications"))


class CertificationSkillInline(CatalogueTabularInline):
    model = CertificationSkill
    fields = ("skill", "level")
    row_select_related = ("skill",)
    row_name_field = "skill"
    cached_choice_fields = ("skill",)
    verbose_name = "covered skill (level is the proficiency the certification evidences)"


@admin.register(Certification)
class CertificationAdmin(CatalogueAdmin):
    list_display = (
        "name",
        "provider",
        "level",
        "status",
        "covered_skill_count",
        "prep_hours",
        "fee",
        "facts_checked_on",
        "retired_on",
    )
    list_filter = ("status", "level", "provider", "audience", "evidence")
    list_select_related = ("provider",)
    search_fields = ("name", "slug", "description", "provider__name")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "provider",
                    "level",
                    ("audience", "evidence", "credential_level"),
                    "description",
                    "url",
                    "prep_hours",
                    ("status", "retired_on"),
                    "status_note",
                )
            },
        ),
        (
            "Exam facts",
            {
                "description": "From the official page. Leave a fact blank when unsure: candidates are then sent "
                "to the official page. Any fact needs the date it was checked.",
                "fields": ("exam_format", "duration", "fee", "facts_checked_on"),
            },
        ),
    )
    inlines = [CertificationSkillInline]

    covered_skill_count = _count("Skills covered", "covered_skill_count")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(covered_skill_count=Count("covered_skills"))


@admin.register(CertificationSkill)
class CertificationSkillAdmin(CatalogueAdmin):
    list_display = ("certification", "skill", "level")
    list_filter = ("certification__status", "certification__provider", "skill")
    list_select_related = ("certification", "skill")
    search_fields = ("certification__name", "skill__name")
    autocomplete_fields = ("skill",)
    ordering = ("certification__name", "skill__category__order", "skill__order")


# --- Roadmap ------------------------------------------------------------------------


@admin.register(RoadmapPhase)
class RoadmapPhaseAdmin(CatalogueAdmin):
    list_display = ("number", "name", "action_count")
    list_display_links = ("number", "name")
    search_fields = ("name", "slug", "summary")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("number", "name", "slug", "summary")

    action_count = _count("Actions", "action_count")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(action_count=Count("actions"))


@admin.register(RoadmapAction)
class RoadmapActionAdmin(CatalogueAdmin):
    list_display = ("title", "phase", "subject", "reaches_level", "effort_hours")
    list_filter = ("phase", "reaches_level", "skill__category")
    list_select_related = ("phase", "skill", "duty", "qualification")
    search_fields = ("title", "slug", "description", "skill__name", "duty__name", "qualification__name")
    prepopulated_fields = {"slug": ("title",)}
    fields = (
        "title",
        "slug",
        "phase",
        ("skill", "duty", "qualification"),
        "reaches_level",
        "description",
        "effort_hours",
    )
    autocomplete_fields = ("skill",)

    @admin.display(description="Improves")
    def subject(self, obj):
        return obj.skill or obj.duty or obj.qualification


# --- Context: industries, outlook, KPIs, FAQ, pay ------------------------------------------


@admin.register(Industry)
class IndustryAdmin(CatalogueAdmin):
    list_display = ("name", "application_count", "order")
    list_editable = ("order",)
    search_fields = ("name", "slug", "description", "example_applications")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description", "example_applications", "order")

    @admin.display(description="Example applications")
    def application_count(self, obj):
        return len(obj.application_list)


@admin.register(GrowthProjection)
class GrowthProjectionAdmin(CatalogueAdmin):
    list_display = ("label", "percent", "start_year", "end_year")
    search_fields = ("label", "description")
    prepopulated_fields = {"slug": ("label",)}
    fields = ("label", "slug", "percent", ("start_year", "end_year"), "description")


@admin.register(MarketTrend)
class MarketTrendAdmin(CatalogueAdmin):
    list_display = ("name", "skill_names", "order")
    list_editable = ("order",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description", "skills", "order")
    autocomplete_fields = ("skills",)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("skills")

    @admin.display(description="Skills")
    def skill_names(self, obj):
        return ", ".join(skill.name for skill in obj.skills.all()) or "—"


@admin.register(PayFactor)
class PayFactorAdmin(CatalogueAdmin):
    list_display = ("name", "kind", "order")
    list_filter = ("kind",)
    list_editable = ("order",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "kind", "description", "order")


@admin.register(Kpi)
class KpiAdmin(CatalogueAdmin):
    list_display = ("name", "duty", "order")
    list_filter = ("duty",)
    list_editable = ("order",)
    list_select_related = ("duty",)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "description", "duty", "order")


@admin.register(FaqEntry)
class FaqEntryAdmin(CatalogueAdmin):
    list_display = ("question", "order")
    list_editable = ("order",)
    search_fields = ("question", "answer")
    prepopulated_fields = {"slug": ("question",)}
    fields = ("question", "slug", "answer", "order")


# --- Knowledge check: the question bank ----------------------------------------------------


class KnowledgeCheckOptionFormSet(forms.BaseInlineFormSet):
    default_error_messages = {
        "too_few_forms": "An item needs at least %(num)d options.",
        "too_many_forms": "An item has at most %(num)d options.",
    }

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if sum(1 for form in kept if form.cleaned_data.get("is_correct")) != 1:
            raise ValidationError("Mark exactly one option as correct.")


class KnowledgeCheckOptionInline(CatalogueTabularInline):
    """An item's options, 3 to 5 of them, exactly one marked correct; a new item starts with them numbered."""

    model = KnowledgeCheckOption
    formset = KnowledgeCheckOptionFormSet
    fields = ("position", "text", "is_correct")
    row_select_related = ("item",)
    min_num = OPTIONS_MIN
    max_num = OPTIONS_MAX
    formfield_overrides = {models.CharField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}}

    def get_formset(self, request, obj=None, **kwargs):
        # The admin shows min_num and max_num rows but only refuses other counts when asked to.
        return super().get_formset(request, obj, validate_min=True, validate_max=True, **kwargs)

    def initial_rows(self) -> list[dict]:
        return [{"position": position} for position in range(1, OPTIONS_MAX + 1)]


class KnowledgeCheckItemForm(forms.ModelForm):
    class Meta:
        help_texts = {"slug": "Skill, level and a number, e.g. python-3-5. Fixed once the item is saved."}


@admin.register(KnowledgeCheckItem)
class KnowledgeCheckItemAdmin(CatalogueAdmin):
    form = KnowledgeCheckItemForm
    list_display = ("stem_excerpt", "skill", "level", "is_active", "option_count")
    list_filter = ("skill", "level", "is_active")
    list_select_related = ("skill",)
    search_fields = ("stem", "explanation", "skill__name", "slug")
    fields = ("slug", "skill", "level", "stem", "explanation", "is_active")
    inlines = [KnowledgeCheckOptionInline]
    actions = ["activate", "deactivate"]

    option_count = _count("Options", "option_count")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(option_count=Count("options"))

    def get_readonly_fields(self, request, obj=None):
        # The slug is the fixtures' natural key: renamed, the shipped item would come back beside it on the next load.
        readonly = tuple(super().get_readonly_fields(request, obj))
        return (*readonly, "slug") if obj is not None else readonly

    @admin.display(description="Stem", ordering="stem")
    def stem_excerpt(self, obj):
        return obj.stem_excerpt

    @admin.action(description="Activate selected knowledge check items")
    def activate(self, request, queryset):
        self._set_active(request, queryset, active=True)

    @admin.action(description="Deactivate selected knowledge check items")
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, active=False)

    def _set_active(self, request, queryset, *, active: bool):
        changed = services.check_items_set_active(items=queryset, active=active)
        verb = "activated" if active else "deactivated"
        self.message_user(request, ngettext("%d item %s.", "%d items %s.", changed) % (changed, verb), messages.SUCCESS)


@admin.register(KnowledgeCheckOption)
class KnowledgeCheckOptionAdmin(CatalogueAdmin):
    list_display = ("item", "position", "text", "is_correct")
    list_filter = ("is_correct", "item__level", "item__skill")
    list_select_related = ("item",)
    search_fields = ("text", "item__slug", "item__stem")
    autocomplete_fields = ("item",)


# --- Aliases: how job ads name catalogue items ------------------------------------------


class NamesOneItemAdmin(CatalogueAdmin):
    """The change list's "Names" column for an alias or a concept rule: what it names, and its kind."""

    @admin.display(description="Names")
    def names(self, obj) -> str:
        target = obj.target
        return f"{obj.target_kind}: {target}" if target else "—"


@admin.register(Alias)
class AliasAdmin(NamesOneItemAdmin):
    list_display = ("phrase", "names")
    list_select_related = ("skill", "duty", "qualification", "certification", "role")
    search_fields = ("phrase", "skill__name", "duty__name", "qualification__name", "certification__name", "role__name")
    list_filter = (
        ("skill", admin.RelatedOnlyFieldListFilter),
        ("duty", admin.RelatedOnlyFieldListFilter),
        ("qualification", admin.RelatedOnlyFieldListFilter),
        ("role", admin.RelatedOnlyFieldListFilter),
    )
    fieldsets = (
        (
            None,
            {
                "fields": ("phrase",),
                "description": "Write the phrase as postings do. Case, punctuation and plurals do not matter, and a "
                "hyphen also matches a space or nothing (“fine-tuning” finds “fine tuning” and “finetuning”). "
                "Avoid phrases that mean something else in an ad (“edge” is in “cutting-edge”; “CV” is a résumé).",
            },
        ),
        ("What it names (exactly one)", {"fields": ("skill", "duty", "qualification", "certification", "role")}),
    )


# --- Concept rules: how job ads say catalogue items in their own words --------------------


@admin.register(Concept)
class ConceptAdmin(CatalogueAdmin):
    list_display = ("slug", "words")
    search_fields = ("slug", "words", "not_in")
    fieldsets = (
        (
            None,
            {
                "fields": ("slug", "words", "not_in"),
                "description": "Words ads use for one idea, separated by commas. A rule names a catalogue item "
                "where a word of each of its concepts stands in one line or sentence, close together. List "
                "under “Not in” the phrases in which a word means something else (“cutting-edge” for “edge”).",
            },
        ),
    )


@admin.register(ConceptRule)
class ConceptRuleAdmin(NamesOneItemAdmin):
    list_display = ("slug", "names", "first", "second", "third")
    list_select_related = ("skill", "duty", "qualification", "certification", "first", "second", "third")
    search_fields = ("slug", "skill__name", "duty__name", "qualification__name", "certification__name")
    # Plain selects: a few dozen concepts, and select2's empty optional box has no accessible name.
    fieldsets = (
        (
            None,
            {
                "fields": ("slug", "first", "second", "third"),
                "description": "The item counts where a word of each concept stands in one line or sentence of an "
                f"ad, at most {CONCEPT_SPAN_WORDS} words from the first to the last; the ad's words from the first "
                "to the last are shown as where it says so. Check the figures with the job_ad_recognition command "
                "after a change.",
            },
        ),
        ("What it names (exactly one)", {"fields": ("skill", "duty", "qualification", "certification")}),
    )
