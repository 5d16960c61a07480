"""A rating question as HTML, written here rather than in a template.

A questionnaire step shows up to eight questions of five options each; rendering
them node by node in a template (an include per question, a loop per option) was
most of the cost of a step page. The questions come from the catalogue and change
only with it, so a question's HTML for a given field name, saved answer and
required flag is kept in a bounded per-process memo. Every text is escaped by
format_html; an answer with errors is rendered afresh.
"""

import html
from functools import lru_cache

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from assessment.questionnaire import Question
from career.templatetags.navigation import page_url_builder

register = template.Library()

OPTION_HTML = (
    '<div class="rating-option">\n'
    '  <input class="form-check-input" type="radio" name="{name}" id="{id}_{value}" value="{value}"'
    "{checked}{required}>\n"
    '  <label class="rating-label" for="{id}_{value}">\n'
    '    <span class="rating-level">{level}</span>\n'
    '    <span class="rating-anchor">{anchor}</span>\n'
    "  </label>\n"
    "</div>"
)

FIELD_HTML = (
    '<fieldset class="rating card mb-3{error_class}" id="q-{name}"{described_by}>\n'
    '  <legend class="card-header h6 mb-0 w-100">{label}{optional}</legend>\n'
    '  <div class="card-body">\n'
    "    {description}\n"
    "    {errors}\n"
    '    <div class="rating-options">\n'
    "      {options}\n"
    "    </div>\n"
    "  </div>\n"
    "</fieldset>\n"
)


def _options(question: Question, *, name: str, id_: str, current: str, required: bool) -> SafeString:
    return format_html_join(
        "\n",
        OPTION_HTML,
        (
            {
                "name": name,
                "id": id_,
                "value": str(choice.value),
                "checked": " checked" if str(choice.value) == current else "",
                "required": " required" if required else "",
                "level": choice.title,
                "anchor": choice.anchor,
            }
            for choice in question.choices
        ),
    )


OPTIONAL_NOTE = ' <span class="badge text-bg-light border fw-normal">optional for your target</span>'


def _field(
    question: Question, *, name: str, id_: str, current: str, required: bool, optional: bool, errors: list[str]
) -> SafeString:
    description = (
        format_html('<p class="small text-body-secondary mb-2">{}</p>', question.description)
        if question.description
        else ""
    )
    error_text = (
        format_html('<p class="text-danger small fw-semibold mb-2" id="{}-error">{}</p>', id_, " ".join(errors))
        if errors
        else ""
    )
    return format_html(
        FIELD_HTML,
        error_class=" border-danger" if errors else "",
        name=name,
        described_by=format_html(' aria-describedby="{}-error"', id_) if errors else "",
        label=question.label,
        optional=mark_safe(OPTIONAL_NOTE) if optional else "",  # noqa: S308 (a constant)
        description=description,
        errors=error_text,
        options=_options(question, name=name, id_=id_, current=current, required=required),
    )


@lru_cache(maxsize=4096)
def _field_without_errors(
    question: Question, name: str, id_: str, current: str, required: bool, optional: bool
) -> SafeString:
    return _field(question, name=name, id_=id_, current=current, required=required, optional=optional, errors=[])


@register.simple_tag
def rating_field(field) -> SafeString:
    """A bound RatingField as a fieldset: its label, description, errors, and one radio per level."""
    value = field.value()
    state = {
        "name": field.html_name,
        "id_": field.auto_id,
        "current": "" if value is None else str(value),
        "required": field.field.required,
        "optional": getattr(field.field, "optional", False),
    }
    if field.errors:
        return _field(field.field.question, **state, errors=list(field.errors))
    return _field_without_errors(field.field.question, *state.values())


@register.simple_tag
def rating_fields(form) -> SafeString:
    """Every rating question of a step form, in order (see rating_field).

    A page not yet posted has no errors and shows the saved answers: it is drawn from the form's
    fields and initial values, as rating_field draws a bound field, without making one per question.
    """
    if form.is_bound:
        return SafeString("".join(rating_field(field) for field in form))
    html = []
    for key, field in form.fields.items():
        name = form.add_prefix(key)
        value = field.prepare_value(form.get_initial_for_field(field, key))  # BoundField.value(), unbound
        current = "" if value is None else str(value)
        optional = getattr(field, "optional", False)
        html.append(
            _field_without_errors(field.question, name, _auto_id(form, name), current, field.required, optional)
        )
    return SafeString("".join(html))


def _auto_id(form, name: str) -> str:
    """BoundField.auto_id: the id Django gives a field of this form."""
    if form.auto_id and "%s" in str(form.auto_id):
        return form.auto_id % name
    return name if form.auto_id else ""


STEP_ITEM_HTML = '<li{current}>\n  <a href="{url}">{title}</a>{complete}\n</li>'
CURRENT_STEP_ATTRIBUTES = ' aria-current="step" class="fw-semibold"'
COMPLETE_HTML = '<span class="text-success"> ✓<span class="visually-hidden"> complete</span></span>'


@register.simple_tag
def step_list(steps, *, current, assessment) -> SafeString:
    """The questionnaire's steps as list items, the current one marked and the complete ones ticked.

    `steps` are {"step", "complete"} rows; the links come from page_url, reversed once per process.
    Plain str.format with html.escape() on every text (the titles and URLs are plain strings):
    format_html's machinery, and Django's lazy-aware escape(), were most of this list's cost.
    """
    step_url = page_url_builder("assessment:step", pk=assessment.pk, slug="")
    return SafeString(
        "\n".join(
            STEP_ITEM_HTML.format(
                current=CURRENT_STEP_ATTRIBUTES if row["step"].slug == current else "",
                url=html.escape(step_url(pk=assessment.pk, slug=row["step"].slug)),
                title=html.escape(row["step"].title),
                complete=COMPLETE_HTML if row["complete"] else "",
            )
            for row in steps
        )
    )
