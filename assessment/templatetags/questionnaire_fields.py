"""The radio options of a rating question, written here rather than in a template loop.

A questionnaire step shows up to eight questions of five options each; rendering
those forty options node by node in a template was the largest single cost of
a step page. Every text is escaped by format_html.
"""

from django import template
from django.utils.html import conditional_escape, format_html_join

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


@register.simple_tag
def rating_options(field) -> str:
    """The options of a bound RatingField: one radio input per choice, with its level and anchor text."""
    value = field.value()
    current = "" if value is None else str(value)
    name, id_ = conditional_escape(field.html_name), conditional_escape(field.auto_id)
    required = " required" if field.field.required else ""
    return format_html_join(
        "\n",
        OPTION_HTML,
        (
            {
                "name": name,
                "id": id_,
                "value": str(choice.value),
                "checked": " checked" if str(choice.value) == current else "",
                "required": required,
                "level": f"{choice.value} · {choice.name}" if choice.name else f"Level {choice.value}",
                "anchor": choice.anchor,
            }
            for choice in field.field.question.choices
        ),
    )
