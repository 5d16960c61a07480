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
