"""Forms only validate: views hand cleaned_data to a service."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.http import QueryDict

from assessment.selectors import STEP_KIND_EDUCATION, STEP_KIND_EXPERIENCE, Question, Step
from career.enums import LEVEL_MAX, LEVEL_MIN
from career.models import Role, SeniorityLevel

# Fields every questionnaire POST may carry besides the answers.
CONTROL_FIELDS = {"csrfmiddlewaretoken", "nav"}
MULTI_VALUE_FIELDS = {"certifications"}


class StartForm(forms.Form):
    role = forms.ModelChoiceField(
        queryset=Role.objects.all(),
        to_field_name="slug",
        empty_label=None,
        label="Target role",
        error_messages={"invalid_choice": "Choose one of the listed roles."},
    )
    seniority = forms.ModelChoiceField(
        queryset=SeniorityLevel.objects.all(),
        to_field_name="slug",
        empty_label=None,
        label="Target seniority",
        error_messages={"invalid_choice": "Choose one of the listed seniority levels."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RatingField(forms.TypedChoiceField):
    """A 0–4 rating whose choices carry the item's own anchor texts."""

    def __init__(self, *, question: Question, **kwargs):
        self.question = question
        super().__init__(
            choices=[(choice.value, choice.name) for choice in question.choices],
            coerce=int,
            widget=forms.RadioSelect,
            label=question.label,
            error_messages={
                "required": f"Choose a level for “{question.label}”.",
                "invalid_choice": f"“%(value)s” is not a level for “{question.label}”: "
                f"pick one of {LEVEL_MIN}–{LEVEL_MAX}.",
            },
            **kwargs,
        )


class StepForm(forms.Form):
    """The answers of one questionnaire step, generated from its questions."""

    def __init__(self, *args, step: Step, require_all: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for question in step.questions:
            self.fields[question.key] = RatingField(question=question, required=require_all)
        if step.kind == STEP_KIND_EDUCATION:
            self.fields["certifications"] = forms.MultipleChoiceField(
                choices=[(c.slug, c.name) for c in step.certifications],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label="Certifications you hold",
                error_messages={"invalid_choice": "“%(value)s” is not a certification we know."},
            )
        if step.kind == STEP_KIND_EXPERIENCE:
            self.fields["years_experience"] = forms.IntegerField(
                min_value=0,
                max_value=60,
                required=require_all,
                label="Years of hands-on experience in software or data",
            )
            self.fields["shipped_projects"] = forms.IntegerField(
                min_value=0,
                max_value=500,
                required=require_all,
                label="AI or ML projects you have shipped (to users, a client or production)",
            )
            self.fields["portfolio_url"] = forms.URLField(
                required=False, max_length=300, label="Link to your portfolio (optional)", assume_scheme="https"
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *[
                Field(name, template="assessment/_rating_field.html") if isinstance(field, RatingField) else Field(name)
                for name, field in self.fields.items()
            ]
        )

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, "This field cannot contain NUL characters.")
        return cleaned

    @property
    def answered_ratings(self) -> dict[str, int]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if isinstance(self.fields[name], RatingField) and value not in (None, "")
        }


def unexpected_fields(*, data: QueryDict, form: forms.Form) -> list[str]:
    """Field names this step does not ask, and single-answer fields sent more than once.

    A question id from another step or another role, or a duplicated answer, is
    refused outright rather than silently ignored.
    """
    problems = [f"unknown field “{name}”" for name in data if name not in form.fields and name not in CONTROL_FIELDS]
    problems += [
        f"“{name}” was sent {len(data.getlist(name))} times"
        for name in data
        if name not in MULTI_VALUE_FIELDS and len(data.getlist(name)) > 1
    ]
    return problems
