"""The questionnaire's estimated length, for pages outside the questionnaire (the home page, the report list).

One read of the catalogue revision, as every questionnaire page makes: the questionnaire and
its estimate are kept in the process per revision (selectors.questionnaire_get).
"""

from django import template

from assessment import knowledge_check, questionnaire, selectors

register = template.Library()


@register.simple_tag
def questionnaire_time() -> dict:
    """{"low", "high"}: questionnaire.time_estimate's range in minutes for the questionnaire as the catalogue
    stands, and "check": the most minutes the optional knowledge check can take (knowledge_check.longest_minutes)."""
    estimate = questionnaire.time_estimate(selectors.questionnaire_get())
    return {"low": estimate.minutes_low, "high": estimate.minutes_high, "check": knowledge_check.longest_minutes()}
