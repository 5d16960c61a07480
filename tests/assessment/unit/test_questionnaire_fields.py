import re

import pytest
from django.template import Context, Template

from assessment.forms import StepForm
from assessment.questionnaire import Choice, Question, RatingStep

pytestmark = [pytest.mark.unit]

HOSTILE = '"><script>alert(1)</script>'
STEP = RatingStep(
    slug="skills-programming",
    title="Programming",
    intro="",
    questions=(
        Question(
            kind="skill",
            key="python",
            label="Python",
            description="",
            choices=(
                Choice(value=0, name="None", anchor=f"Never used it {HOSTILE}"),
                Choice(value=1, name="Awareness", anchor="Read about it"),
                Choice(value=2, name="", anchor="Wrote small scripts"),
            ),
        ),
    ),
)
FIELD = Template("{% load questionnaire_fields %}{% rating_field field %}")


def render(form: StepForm) -> str:
    return FIELD.render(Context({"field": form["python"]}))


def options(html: str) -> list[tuple[str, str, str]]:
    """(value, checked, required) of every radio input, in order."""
    return re.findall(r'<input [^>]*name="python" id="id_python_\d" value="(\d)"( checked)?( required)?>', html)


def test_rating_field_escape_anchor_text():
    html = render(StepForm(step=STEP))

    assert ("<script>" in html, html.count("&lt;script&gt;alert(1)&lt;/script&gt;")) == (False, 1)


def test_rating_field_show_level_names_or_numbers():
    html = render(StepForm(step=STEP))

    assert re.findall(r'<span class="rating-level">([^<]*)</span>', html) == ["0 · None", "1 · Awareness", "Level 2"]


def test_rating_field_check_the_saved_answer_only():
    html = render(StepForm(step=STEP, initial={"python": 1}))

    assert options(html) == [("0", "", " required"), ("1", " checked", " required"), ("2", "", " required")]


def test_rating_field_keep_a_posted_answer_and_drop_required_when_going_back():
    html = render(StepForm({"python": "2"}, step=STEP, require_all=False))

    assert options(html) == [("0", "", ""), ("1", "", ""), ("2", " checked", "")]


FIELDS = Template("{% load questionnaire_fields %}{% rating_fields form %}")
FIELD_BY_FIELD = Template("{% load questionnaire_fields %}{% for field in form %}{% rating_field field %}{% endfor %}")


@pytest.mark.parametrize("initial", [{}, {"python": 0}, {"python": 2}, {"python": "1"}])
@pytest.mark.parametrize(
    "form_options", [{}, {"prefix": "p"}, {"auto_id": "q-%s"}, {"auto_id": False}, {"auto_id": True}]
)
def test_a_fresh_page_draws_every_question_as_a_bound_field_would(initial, form_options):
    # rating_fields draws an unbound form without making bound fields; the result must not differ.
    form = StepForm(step=STEP, initial=initial, **form_options)

    fresh = FIELDS.render(Context({"form": form}))
    bound = FIELD_BY_FIELD.render(Context({"form": StepForm(step=STEP, initial=initial, **form_options)}))

    assert fresh == bound
