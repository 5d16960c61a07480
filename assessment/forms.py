"""Forms only validate: views hand cleaned_data to a service."""

import json
from functools import lru_cache

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.validators import MaxLengthValidator, URLValidator
from django.http import QueryDict
from django.utils.choices import BaseChoiceIterator

from assessment import ad_text
from assessment.models import Cloud, PlanItemStatus
from assessment.questionnaire import EducationStep, ExperienceStep, Question, Step
from career.enums import LEVEL_MAX, LEVEL_MIN, WEIGHT_MAX, WEIGHT_MIN
from career.models import Role, SeniorityLevel

# Fields every questionnaire POST may carry besides the answers.
# `shown`: the values the page was rendered with, as JSON (services.answers_save compares against them).
CONTROL_FIELDS = {"csrfmiddlewaretoken", "nav", "shown"}
MULTI_VALUE_FIELDS = {"certifications"}


class CrispyFieldsMixin:
    """Crispy renders the fields only: the page template writes the <form> tag and the CSRF token."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class StartForm(CrispyFieldsMixin, forms.Form):
    """The target. templates/assessment/start.html draws `role` and `seniority` as cards, with what the
    catalogue says about each choice; only `prefill` goes through crispy."""

    role = forms.ModelChoiceField(
        queryset=Role.objects.all(),
        to_field_name="slug",
        empty_label=None,
        widget=forms.RadioSelect,
        label="Target role",
        error_messages={
            "required": "Choose the role you are aiming for.",
            "invalid_choice": "Choose one of the listed roles.",
        },
    )
    seniority = forms.ModelChoiceField(
        queryset=SeniorityLevel.objects.all(),
        to_field_name="slug",
        empty_label=None,
        widget=forms.RadioSelect,
        label="Target seniority",
        error_messages={
            "required": "Choose the seniority you want to be ready for.",
            "invalid_choice": "Choose one of the listed seniority levels.",
        },
    )

    prefill = forms.BooleanField(
        required=False,
        initial=True,
        label="Start from my latest answers",
        help_text="Your previous answers are filled in; you only update what changed.",
    )

    def __init__(self, *args, can_prefill: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_prefill:
            del self.fields["prefill"]


class FixedChoices(BaseChoiceIterator):
    """(value, label) pairs already in the form Django normalises choices to. Django leaves a choice
    iterator as it is, so building the field does not walk the pairs again on every request."""

    def __init__(self, pairs: tuple[tuple[int, str], ...]):
        self.pairs = pairs

    def __iter__(self):
        return iter(self.pairs)


@lru_cache(maxsize=4096)
def _rating_options(question: Question) -> tuple[FixedChoices, dict[str, str]]:
    """A question's choices and error messages: they change only with the catalogue."""
    choices = FixedChoices(tuple((choice.value, choice.name) for choice in question.choices))
    messages = {
        "required": f"Choose a level for “{question.label}”.",
        "invalid_choice": f"“%(value)s” is not a level for “{question.label}”: pick one of {LEVEL_MIN}–{LEVEL_MAX}.",
    }
    return choices, messages


class RatingField(forms.TypedChoiceField):
    """A 0–4 rating whose choices carry the item's own anchor texts."""

    def __init__(self, *, question: Question, **kwargs):
        self.question = question
        choices, messages = _rating_options(question)
        super().__init__(
            choices=choices,
            coerce=int,
            widget=forms.RadioSelect,
            label=question.label,
            error_messages=messages,
            **kwargs,
        )


class StepForm(forms.Form):
    """The answers of one questionnaire step, generated from its questions. Its fields are drawn by
    assessment.templatetags.questionnaire_fields and crispy's as_crispy_field filter (no FormHelper)."""

    def __init__(self, *args, step: Step, require_all: bool = True, optional: frozenset = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for question in step.questions:
            skippable = (question.kind, question.key) in optional
            self.fields[question.key] = RatingField(question=question, required=require_all and not skippable)
            self.fields[question.key].optional = skippable
        if isinstance(step, EducationStep):
            self.fields["certifications"] = forms.MultipleChoiceField(
                choices=[(c.slug, f"{c.name} (retired)" if c.retired else c.name) for c in step.certifications],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label="Certifications you hold",
                error_messages={"invalid_choice": "“%(value)s” is not a certification we know."},
            )
        if isinstance(step, ExperienceStep):
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
            self.fields["preferred_cloud"] = forms.ChoiceField(
                choices=Cloud.choices,
                required=False,
                widget=forms.RadioSelect,
                label="The cloud you use or would like to use",
                help_text="Certifications on this cloud are suggested first.",
                error_messages={"invalid_choice": "“%(value)s” is not one of the clouds listed."},
            )
            self.fields["hours_per_week"] = forms.IntegerField(
                min_value=1,
                max_value=60,
                required=False,
                label="Hours a week you can spend learning (optional)",
                help_text="Turns your plan into an expected date for reaching the target.",
            )

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str) and "\x00" in value:
                self.add_error(name, "This field cannot contain NUL characters.")
        self.shown = self._shown()
        return cleaned

    def _shown(self) -> dict | None:
        """The values the page was rendered with, by field name; None when the client sent none."""
        raw = self.data.get(self.add_prefix("shown"))
        if raw is None:
            return None
        try:
            shown = json.loads(raw)
        except ValueError:
            shown = None
        if not isinstance(shown, dict) or not set(shown) <= set(self.fields):
            self.add_error(
                None, "The page sent back a damaged record of what it showed; reload the page and try again."
            )
            return None
        return shown

    @property
    def answered_ratings(self) -> dict[str, int]:
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if isinstance(self.fields[name], RatingField) and value not in (None, "")
        }


class ReviewStepForm(StepForm):
    """One step's answers on the review page, where every step is on one page: prefixed by the
    step's slug, each rating a compact drop-down of its levels (the step page shows what each means)."""

    def __init__(self, *args, step: Step, **kwargs):
        super().__init__(*args, step=step, prefix=step.slug, **kwargs)
        for field in self.fields.values():
            if isinstance(field, RatingField):
                not_answered = [("", "Not answered")] if field.optional or not field.required else [("", "Choose")]
                field.widget = forms.Select(
                    choices=[*not_answered, *((c.value, c.title) for c in field.question.choices)]
                )


def review_unexpected_fields(*, data: QueryDict, forms_by_step: dict) -> list[str]:
    """unexpected_fields for the review page: every step's prefixed fields, and each step's `shown`."""
    allowed = {"csrfmiddlewaretoken", "nav"}
    for form in forms_by_step.values():
        allowed |= {form.add_prefix(name) for name in [*form.fields, "shown"]}
    multi = {form.add_prefix(name) for form in forms_by_step.values() for name in MULTI_VALUE_FIELDS}
    problems = [f"unknown field “{name}”" for name in data if name not in allowed]
    problems += [
        f"“{name}” was sent {len(data.getlist(name))} times"
        for name in data
        if name not in multi and len(data.getlist(name)) > 1
    ]
    return problems


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


class SignupForm(CrispyFieldsMixin, UserCreationForm):
    """Username, email (for password resets) and a password checked by the validators."""

    email = forms.EmailField(label="Email", help_text="Only used to reset your password.")

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    # No check that the email is free: saying so would tell anyone who has an
    # account. assessment.signups answers both cases alike and mails the address.


class BoundedUsernameMixin:
    """Refuses a username longer than any account's before it reaches authentication.

    Django's login form only hints the limit to the browser. An overlong name would
    otherwise be recorded as a failed attempt in the lockout log, whose column is
    shorter than what a request can carry (PostgreSQL then refuses the row).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


class LoginForm(BoundedUsernameMixin, AuthenticationForm):
    pass


class AdminLoginForm(BoundedUsernameMixin, AdminAuthenticationForm):
    pass


SHARE_EXPIRY_CHOICES = [("", "Never"), ("7", "After 7 days"), ("30", "After 30 days"), ("90", "After 90 days")]


class ShareLinkForm(forms.Form):
    label = forms.CharField(
        max_length=80,
        required=False,
        label="Who is it for? (optional)",
        help_text="A reminder for you; the person opening the link does not see it.",
    )
    expires_in_days = forms.TypedChoiceField(
        choices=SHARE_EXPIRY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        initial="30",
        label="The link stops working",
        error_messages={"invalid_choice": "Choose when the link stops working: never, or after 7, 30 or 90 days."},
    )
    show_portfolio = forms.BooleanField(
        required=False,
        label="Show my portfolio link",
        help_text="Off unless you tick it: the person opening this link then sees the portfolio address you gave.",
    )
    # No crispy helper: templates/assessment/_share_links.html writes the fields by hand.


class AccountDeleteForm(CrispyFieldsMixin, forms.Form):
    """Asks for the password again before the account and everything in it goes."""

    password = forms.CharField(label="Your password", strip=False, widget=forms.PasswordInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password


# --- The learning plan ----------------------------------------------------------------


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise forms.ValidationError("This field cannot contain NUL characters.")
    return value


class PlanPaceForm(forms.Form):
    hours_per_week = forms.IntegerField(
        min_value=1,
        max_value=60,
        label="Hours a week for this plan",
        error_messages={
            "required": "Give the hours a week you can spend, from 1 to 60.",
            "invalid": "Hours a week is a whole number, from 1 to 60.",
            "min_value": "Hours a week is at least 1.",
            "max_value": "Hours a week is at most 60.",
        },
    )


class HttpsURLField(forms.URLField):
    """A web address that must use https: a link shown to the candidate never downgrades to http or runs script."""

    default_validators = [URLValidator(schemes=["https"])]
    default_error_messages = {"invalid": "An evidence link must be a full address starting with https://."}


class PlanItemForm(forms.Form):
    status = forms.ChoiceField(
        choices=PlanItemStatus.choices,
        label="Status",
        error_messages={"invalid_choice": "Choose to do, doing, done or skipped."},
    )
    note = forms.CharField(required=False, max_length=2000, label="Note", widget=forms.Textarea(attrs={"rows": 2}))
    evidence_url = HttpsURLField(
        required=False,
        max_length=300,
        assume_scheme="https",
        label="Evidence link (https)",
        help_text="A project, a certificate or a write-up that shows it done.",
    )
    finished_on = forms.DateField(
        required=False,
        label="Finished on",
        help_text="For a done item; today if left empty.",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Give the date as YYYY-MM-DD."},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_note(self):
        return _no_nul(self.cleaned_data["note"])

    def clean_evidence_url(self):
        return _no_nul(self.cleaned_data["evidence_url"])

    def clean_finished_on(self):
        finished_on = self.cleaned_data["finished_on"]
        if finished_on is not None and finished_on > self.today:
            raise forms.ValidationError("A finished date cannot be in the future.")
        return finished_on


class DigestForm(forms.Form):
    active = forms.BooleanField(required=False, label="Email me a weekly digest of my plans")


# --- The knowledge check --------------------------------------------------------------


class CheckAnswerForm(forms.Form):
    """One knowledge check answer: the item shown and the option chosen, by id. Whether they belong
    together, and to this candidate's check, is for services.check_answer to say."""

    item = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    option = forms.IntegerField(
        min_value=1, max_value=2**31 - 1, error_messages={"required": "Choose one of the answers."}
    )

    def clean(self):
        # One answer per request: a body naming an item or an option twice is not from our page.
        if any(len(self.data.getlist(name)) > 1 for name in ("item", "option", "nav")):
            raise forms.ValidationError("Send one answer at a time.")
        return super().clean()


# --- Job ads ----------------------------------------------------------------------------


class JobAdForm(CrispyFieldsMixin, forms.Form):
    """A job ad, pasted or uploaded (one of the two), with its title and company for the report."""

    title = forms.CharField(max_length=120, required=False, label="Job title", help_text="As the ad gives it.")
    company = forms.CharField(max_length=120, required=False, label="Company")
    text = forms.CharField(
        required=False,
        label="The ad's text",
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=ad_text.TEXT_MAX_CHARS,
        error_messages={
            "max_length": "The ad is %(show_value)d characters long; an ad can have up to %(limit_value)d. "
            "Paste the part with the requirements instead."
        },
        help_text=f"Paste the whole ad, up to {ad_text.TEXT_MAX_CHARS:,} characters.",
    )
    upload = forms.FileField(
        required=False,
        label="Or upload it",
        help_text="A .txt or .pdf file of up to 2 MB. PDFs need real text (a scanned image has none).",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.pdf,text/plain,application/pdf"}),
    )
    keep_text = forms.BooleanField(
        required=False,
        label="Keep the ad's full text with my reports",
        help_text="Otherwise only the short phrases each requirement was recognised from are kept.",
    )

    def clean(self):
        cleaned = super().clean()
        for name in ("title", "company", "text"):
            if "\x00" in (cleaned.get(name) or ""):
                self.add_error(name, "This field cannot contain NUL characters.")
        if self.errors:
            return cleaned
        text, upload = (cleaned.get("text") or "").strip(), cleaned.get("upload")
        if text and upload:
            raise forms.ValidationError("Paste the text or upload a file, not both.")
        if upload:
            text = self._upload_text(upload)
        if not text.strip():
            raise forms.ValidationError("Paste the ad's text or upload it as a .txt or .pdf file.")
        if not any(char.isalpha() for char in text):
            raise forms.ValidationError("This does not look like a job ad: it has no words in it.")
        cleaned["ad_text"] = text
        return cleaned

    def _upload_text(self, upload) -> str:
        if upload.size > ad_text.UPLOAD_MAX_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB. Paste the ad's text instead.")
        try:
            text = ad_text.ad_text_from_upload(name=upload.name, content=upload.read())
        except ad_text.AdTextError as error:
            raise forms.ValidationError(str(error)) from error
        if len(text) > ad_text.TEXT_MAX_CHARS:
            raise forms.ValidationError(
                f"The file's text is {len(text):,} characters long; an ad can have up to "
                f"{ad_text.TEXT_MAX_CHARS:,}. Paste the part with the requirements instead."
            )
        return text


class JobAdItemsForm(forms.Form):
    """The candidate's changes to a job ad's items: a target (0–4) and a weight (1–5) per item, or left out."""

    def __init__(self, *args, items: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            name = item_field_name(item)
            self.fields[f"target-{name}"] = forms.TypedChoiceField(
                choices=[(level, str(level)) for level in range(LEVEL_MIN, LEVEL_MAX + 1)],
                coerce=int,
                label=f"Target for {item['label']}",
                initial=item["target"],
            )
            self.fields[f"weight-{name}"] = forms.TypedChoiceField(
                choices=[(weight, str(weight)) for weight in range(WEIGHT_MIN, WEIGHT_MAX + 1)],
                coerce=int,
                label=f"Weight of {item['label']}",
                initial=item["weight"],
            )
            self.fields[f"removed-{name}"] = forms.BooleanField(
                required=False, label=f"Leave out {item['label']}", initial=item.get("removed", False)
            )

    def rows(self):
        """Each item with its three bound fields, for the template."""
        for item in self.items:
            name = item_field_name(item)
            yield {
                "item": item,
                "target": self[f"target-{name}"],
                "weight": self[f"weight-{name}"],
                "removed": self[f"removed-{name}"],
            }

    @property
    def changes(self) -> dict[tuple[str, str], dict]:
        return {
            (item["kind"], item["key"]): {
                "target": self.cleaned_data[f"target-{item_field_name(item)}"],
                "weight": self.cleaned_data[f"weight-{item_field_name(item)}"],
                "removed": self.cleaned_data[f"removed-{item_field_name(item)}"],
            }
            for item in self.items
        }


def item_field_name(item: dict) -> str:
    return f"{item['kind']}-{item['key']}"


JOB_AD_CONTROL_FIELDS = {"csrfmiddlewaretoken", "action"}


def job_ad_unexpected_fields(*, data: QueryDict, form: forms.Form) -> list[str]:
    """Fields the item form does not have, and fields sent more than once: refused, never ignored."""
    problems = [
        f"unknown field “{name}”" for name in data if name not in form.fields and name not in JOB_AD_CONTROL_FIELDS
    ]
    problems += [f"“{name}” was sent {len(data.getlist(name))} times" for name in data if len(data.getlist(name)) > 1]
    return problems
