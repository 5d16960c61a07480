"""The knowledge check runs the same number of queries whatever the size of the bank and the catalogue.

Each test runs three times: on the shipped catalogue; on one ten times its size, with the
bank copied onto every copied skill (make_catalogue_copies); and with nine more items at
every skill × level of the shipped skills (make_check_bank_copies), so the items the check
draws from grow tenfold too. The literals are the measured counts.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from assessment import selectors
from assessment.models import CheckResponse, Report
from career.models import KnowledgeCheckItem
from tests.factories import make_catalogue_copies, make_check_bank_copies
from tests.journeys import answer_steps, correct_option, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

SHIPPED_ITEMS_PER_LEVEL = 4


@pytest.fixture(params=["shipped", "tenfold-catalogue", "tenfold-per-skill"])
def bank(request, db) -> str:
    if request.param == "tenfold-catalogue":
        make_catalogue_copies(copies=9)
    if request.param == "tenfold-per-skill":
        make_check_bank_copies(copies=9)
    return request.param


def check_url(assessment) -> str:
    return reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": "check"})


def rated(client):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=3, until="check")
    return assessment


def test_the_bank_grows_tenfold(bank):
    python_level_3 = KnowledgeCheckItem.objects.filter(skill__slug="python", level=3).count()
    total = KnowledgeCheckItem.objects.count()

    assert (python_level_3, total) == {
        "shipped": (SHIPPED_ITEMS_PER_LEVEL, 336),
        "tenfold-catalogue": (SHIPPED_ITEMS_PER_LEVEL, 3360),
        "tenfold-per-skill": (10 * SHIPPED_ITEMS_PER_LEVEL, 3360),
    }[bank]


# Session, assessment, catalogue revision, answers; then the offer reads the target's skill
# requirements, a question reads where the check stands (answers given, the item waiting). The item's
# stem and options are read the first time a process shows it under the current catalogue revision.
CHECK_GET_OFFER_QUERIES = 5
CHECK_GET_QUESTION_QUERIES = 5
ITEM_TEXT_QUERIES = 2


def test_check_step_get_query_count_is_constant_in_bank_size(client, django_assert_num_queries, bank, monkeypatch):
    monkeypatch.setattr(selectors, "_check_item_memo", {"questionnaire": None, "texts": {}})  # a fresh process
    assessment = rated(client)

    with django_assert_num_queries(CHECK_GET_OFFER_QUERIES, info="offer"):
        offer = client.get(check_url(assessment))
    client.post(check_url(assessment), {"nav": "start"})
    with django_assert_num_queries(CHECK_GET_QUESTION_QUERIES + ITEM_TEXT_QUERIES, info="question, first shown"):
        first = client.get(check_url(assessment))
    with django_assert_num_queries(CHECK_GET_QUESTION_QUERIES, info="question, shown again"):
        again = client.get(check_url(assessment))

    assert 'data-testid="check-offer"' in offer.content.decode()
    assert first.content.decode().count('name="option"') == 4
    assert again.content.decode().count('name="option"') == 4


def test_an_item_changed_in_the_catalogue_is_shown_as_it_is_now(client, bank):
    assessment = rated(client)
    client.post(check_url(assessment), {"nav": "start"})
    client.get(check_url(assessment))  # its texts are now kept in this process
    waiting = CheckResponse.objects.get(assessment=assessment, answered_at__isnull=True)
    item = KnowledgeCheckItem.objects.get(pk=waiting.item_id)
    item.stem = "Which of these <b>changed</b> stems is shown?"
    item.save()  # moves the catalogue revision on
    option = item.options.first()
    option.text = "A rewritten option"
    option.save()

    page = client.get(check_url(assessment)).content.decode()

    assert "Which of these &lt;b&gt;changed&lt;/b&gt; stems is shown?" in page
    assert "A rewritten option" in page


# Session, assessment, catalogue revision, then in one transaction (a savepoint and its release)
# the assessment locked and saved at the end, and between: to start, its answers and the target's
# skill requirements; to answer, the items asked, the chosen option's key and the answer saved;
# then the next item drawn (the bank of the planned skills, the items seen in earlier assessments,
# the item's options, the new row).
CHECK_START_QUERIES = 13
CHECK_ANSWER_QUERIES = 14


def test_check_step_post_query_count_is_constant_in_bank_size(client, django_assert_num_queries, bank):
    assessment = rated(client)

    with django_assert_num_queries(CHECK_START_QUERIES, info="start"):
        client.post(check_url(assessment), {"nav": "start"})
    first = CheckResponse.objects.get(assessment=assessment)
    answer = {"nav": "answer", "item": first.item_id, "option": correct_option(first.item_id)}
    with django_assert_num_queries(CHECK_ANSWER_QUERIES, info="answer"):
        response = client.post(check_url(assessment), answer)

    assert response["Location"] == check_url(assessment)
    assert list(CheckResponse.objects.filter(assessment=assessment).values_list("number", "correct")) == [
        (1, True),
        (2, None),
    ]


# 12 to record the answer as above (no item left to draw), then the completion: the answers, the
# scoring as for any completion, and the check's rows, its items and options, and the figures as
# checked (the seniorities' years and the certificates held read again).
CHECK_LAST_ANSWER_QUERIES = 42


def right_answer(assessment) -> dict:
    waiting = CheckResponse.objects.get(assessment=assessment, answered_at__isnull=True)
    return {"nav": "answer", "item": waiting.item_id, "option": correct_option(waiting.item_id)}


def test_the_last_answer_completes_the_report_in_a_fixed_number_of_queries(client, django_assert_num_queries, bank):
    assessment = rated(client)
    client.post(check_url(assessment), {"nav": "start"})
    # Rated 3 and always right: levels 3, 3 then 4 on each of five skills, fifteen items.
    for _ in range(14):
        client.post(check_url(assessment), right_answer(assessment))
    last = right_answer(assessment)

    with django_assert_num_queries(CHECK_LAST_ANSWER_QUERIES):
        response = client.post(check_url(assessment), last)

    report = Report.objects.get(assessment=assessment)
    assert response["Location"] == reverse("assessment:report", kwargs={"pk": report.pk})
    assert [(s["claimed"], s["checked"], s["outcome"]) for s in report.snapshot["knowledge_check"]["skills"]] == [
        (3, 3, "under")
    ] * 5


# Session, user, the user's permissions (two: through groups and directly), then the answers
# and the bank's items, whatever the number of either.
STATISTICS_QUERIES = 6


def test_item_statistics_query_count_is_constant_in_bank_size(client, django_assert_num_queries, bank):
    for right in (True, False):
        assessment = rated(client)
        client.post(check_url(assessment), {"nav": "start"})
        while CheckResponse.objects.filter(assessment=assessment, answered_at__isnull=True).exists():
            waiting = CheckResponse.objects.get(assessment=assessment, answered_at__isnull=True)
            option = (
                correct_option(waiting.item_id)
                if right
                else next(o for o in waiting.option_order if o != correct_option(waiting.item_id))
            )
            client.post(check_url(assessment), {"nav": "answer", "item": waiting.item_id, "option": option})
    curator = get_user_model().objects.create_user(username="curator", email="c@example.com", is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="view_knowledgecheckitem"))
    client.force_login(curator)

    with django_assert_num_queries(STATISTICS_QUERIES):
        page = client.get(reverse("check-statistics"))

    assert page.content.decode().count('data-testid="statistics-row"') == KnowledgeCheckItem.objects.count()
