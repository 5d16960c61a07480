"""The questionnaire's measured length, for pages outside the questionnaire (the home page, the report list).

One read of the catalogue revision, as every questionnaire page makes: the questionnaire and
its estimate are kept in the process per revision (selectors.questionnaire_get).
"""

from django import template

from assessment import questionnaire, selectors

register = template.Library()


@register.simple_tag
def questionnaire_minutes() -> int:
    """questionnaire.time_estimate's minutes for the questionnaire as the catalogue stands."""
    return questionnaire.time_estimate(selectors.questionnaire_get()).minutes
