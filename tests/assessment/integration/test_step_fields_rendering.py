"""Every rating step of the shipped questionnaire draws the same HTML from a fresh form as from bound fields."""

import pytest
from django.template import Context, Template

from assessment.forms import StepForm
from assessment.questionnaire import RatingStep
from assessment.selectors import questionnaire_get

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

FIELDS = Template("{% load questionnaire_fields %}{% rating_fields form %}")
FIELD_BY_FIELD = Template("{% load questionnaire_fields %}{% for field in form %}{% rating_field field %}{% endfor %}")


def test_every_rating_step_draws_alike_fresh_or_field_by_field():
    steps = [step for step in questionnaire_get().steps if isinstance(step, RatingStep)]

    for number, step in enumerate(steps):
        initial = {q.key: (number + index) % 5 for index, q in enumerate(step.questions) if index % 3}
        optional = frozenset((q.kind, q.key) for index, q in enumerate(step.questions) if index % 2)
        fresh = FIELDS.render(Context({"form": StepForm(step=step, initial=initial, optional=optional)}))
        bound = FIELD_BY_FIELD.render(Context({"form": StepForm(step=step, initial=initial, optional=optional)}))

        assert fresh == bound, step.slug
        assert fresh.count("<fieldset") == len(step.questions)
    assert len(steps) >= 4
