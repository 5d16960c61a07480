"""The knowledge check through the test client: the offer, the adaptive items, its integrity, and the report."""

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessment.exports import report_pdf_html
from assessment.models import Assessment, CheckResponse, CheckStatus, Report
from assessment.selectors import check_item_statistics
from career.models import KnowledgeCheckItem, KnowledgeCheckOption, Role, SeniorityLevel, SkillRequirement
from tests.journeys import answer_steps, check_question_on, correct_option, start_assessment, take_check

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def check_url(assessment) -> str:
    return reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": "check"})


def rated(client, rating: int = 4, **target) -> Assessment:
    """An assessment with every step but the check answered at `rating`."""
    assessment = start_assessment(client, **target)
    response = answer_steps(client, assessment, rating=rating, until="check")
    assert response["Location"] == check_url(assessment)
    return assessment


def started(client, rating: int = 4) -> Assessment:
    assessment = rated(client, rating)
    client.post(check_url(assessment), {"nav": "start"})
    assessment.refresh_from_db()
    return assessment


def pending(assessment) -> CheckResponse:
    return CheckResponse.objects.get(assessment=assessment, answered_at__isnull=True)


def heaviest_rated_skills(role="ai-engineer", seniority="mid") -> list[str]:
    rows = SkillRequirement.objects.filter(profile__role__slug=role, profile__seniority__slug=seniority, target__gt=0)
    ordered = sorted(
        rows.select_related("skill"), key=lambda r: (-r.weight, -r.target, r.skill.category.order, r.skill.order)
    )
    return [row.skill.slug for row in ordered][:5]


def test_the_offer_names_the_skills_the_time_and_that_it_can_be_skipped(client):
    assessment = rated(client)

    page = client.get(check_url(assessment)).content.decode()

    names = dict(
        SkillRequirement.objects.filter(profile__role__slug="ai-engineer").values_list("skill__slug", "skill__name")
    )
    assert "At most 15 questions, up to about 15 minutes." in page  # fifteen level-4 items of 60 s at most
    assert [names[slug] for slug in heaviest_rated_skills() if escape(names[slug]) not in page] == []
    assert "Skip the check and finish" in page
    assert CheckResponse.objects.count() == 0


def test_skills_rated_0_are_not_offered(client):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=0, until="check")

    page = client.get(check_url(assessment)).content.decode()

    assert 'data-testid="check-nothing"' in page
    client.post(check_url(assessment), {"nav": "start"})
    assessment.refresh_from_db()
    assert (assessment.check_status, CheckResponse.objects.count()) == (CheckStatus.SKIPPED, 0)


def test_starting_draws_the_first_item_at_the_claimed_level_of_the_heaviest_skill(client):
    assessment = started(client, rating=3)

    first = pending(assessment)

    assert (first.number, first.skill_slug, first.level, first.claimed) == (1, heaviest_rated_skills()[0], 3, 3)
    assert first.shown_at is not None and first.answered_at is None
    assert sorted(first.option_order) == sorted(
        KnowledgeCheckOption.objects.filter(item_id=first.item_id).values_list("pk", flat=True)
    )


def test_the_question_page_shows_the_options_in_the_candidates_order_and_never_the_key(client):
    assessment = started(client)
    first = pending(assessment)
    before = client.get(check_url(assessment)).content.decode()

    # Move the key to another option: a page that revealed it would change.
    key = correct_option(first.item_id)
    other = KnowledgeCheckOption.objects.filter(item_id=first.item_id).exclude(pk=key).first()
    KnowledgeCheckOption.objects.filter(pk=key).update(is_correct=False)
    KnowledgeCheckOption.objects.filter(pk=other.pk).update(is_correct=True)
    after = client.get(check_url(assessment)).content.decode()

    assert check_question_on(before) == (first.item_id, first.option_order)
    assert before.replace(_csrf(before), "") == after.replace(_csrf(after), "")
    assert "correct" not in before.lower().replace("the check confirms or corrects", "")
    assert escape(KnowledgeCheckItem.objects.get(pk=first.item_id).explanation) not in before


def _csrf(page: str) -> str:
    start = page.index('name="csrfmiddlewaretoken" value="') + len('name="csrfmiddlewaretoken" value="')
    return page[start : page.index('"', start)]


def answer(client, assessment, *, right: bool) -> CheckResponse:
    """Answer the item waiting, right or wrong; returns it as it was drawn."""
    waiting = pending(assessment)
    key = correct_option(waiting.item_id)
    option = key if right else next(o for o in waiting.option_order if o != key)
    client.post(check_url(assessment), {"nav": "answer", "item": waiting.item_id, "option": option})
    return waiting


@pytest.mark.parametrize(
    ("first_two", "third_level"),
    [((True, True), 4), ((False, False), 2), ((True, False), 3)],
    ids=["both-right-probe-above", "both-wrong-locate-below", "one-each-tie-break"],
)
def test_two_items_at_the_claim_then_a_third_decided_by_them(client, first_two, third_level):
    assessment = started(client, rating=3)

    asked = [answer(client, assessment, right=right) for right in first_two]

    third = pending(assessment)
    asked[0].refresh_from_db()
    assert (asked[0].correct, asked[0].answered_at >= asked[0].shown_at) == (first_two[0], True)
    assert [(r.skill_slug, r.level) for r in asked] == [(heaviest_rated_skills()[0], 3)] * 2
    assert asked[0].item_id != asked[1].item_id
    assert (third.skill_slug, third.level) == (asked[0].skill_slug, third_level)
    answer(client, assessment, right=True)
    assert pending(assessment).skill_slug == heaviest_rated_skills()[1]  # three items, then the next skill


def test_an_item_cannot_be_answered_twice(client):
    assessment = started(client)
    first = pending(assessment)
    key = correct_option(first.item_id)
    wrong = next(o for o in first.option_order if o != key)
    client.post(check_url(assessment), {"nav": "answer", "item": first.item_id, "option": wrong})
    snapshot = list(CheckResponse.objects.order_by("number").values())

    response = client.post(check_url(assessment), {"nav": "answer", "item": first.item_id, "option": key})

    assert response.status_code == 409
    assert "That question was already answered: the first answer stands." in response.content.decode()
    assert list(CheckResponse.objects.order_by("number").values()) == snapshot


@pytest.mark.parametrize(
    "tamper",
    ["unknown item", "another item's option", "an option of an item not asked", "no option", "not a number"],
)
def test_tampered_ids_give_400_and_store_nothing(client, tamper):
    assessment = started(client)
    first = pending(assessment)
    stranger = KnowledgeCheckItem.objects.exclude(pk=first.item_id).first()
    data = {
        "unknown item": {"item": 999_999, "option": first.option_order[0]},
        "another item's option": {"item": first.item_id, "option": stranger.options.first().pk},
        "an option of an item not asked": {"item": stranger.pk, "option": stranger.options.first().pk},
        "no option": {"item": first.item_id},
        "not a number": {"item": "1 OR 1=1", "option": "x"},
    }[tamper]
    before = list(CheckResponse.objects.values())

    response = client.post(check_url(assessment), {"nav": "answer", **data})

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert list(CheckResponse.objects.values()) == before
    assert check_question_on(response.content.decode()) == (first.item_id, first.option_order)


def test_options_are_shuffled_per_candidate(client):
    shown_orders = set()
    for _ in range(8):
        first = pending(started(client))
        positions = dict(KnowledgeCheckOption.objects.filter(item_id=first.item_id).values_list("pk", "position"))
        shown_orders.add(tuple(positions[option] for option in first.option_order))

    assert len(shown_orders) > 1  # eight candidates all seeing one order: about 1 in 24⁷


def test_a_retake_draws_different_items(client, django_user_model):
    user = django_user_model.objects.create_user(username="retaker", email="retaker@example.com")
    client.force_login(user)
    first = rated(client)
    take_check(client, first, right=False)
    first_items = set(CheckResponse.objects.filter(assessment=first).values_list("item_id", flat=True))

    second = rated(client)
    take_check(client, second, right=False)

    second_items = set(CheckResponse.objects.filter(assessment=second).values_list("item_id", flat=True))
    assert len(first_items) == len(second_items) == 15
    assert first_items & second_items == set()


def test_skipping_leads_to_an_unchecked_report(client):
    assessment = rated(client)

    response = client.post(check_url(assessment), {"nav": "skip"})

    report = Report.objects.get(assessment=assessment)
    assert response["Location"] == reverse("assessment:report", kwargs={"pk": report.pk})
    assert report.snapshot["knowledge_check"] == {"status": "skipped", "items": [], "skills": []}
    page = client.get(response["Location"]).content.decode()
    assert "Unchecked: you skipped the knowledge check" in page


def test_stopping_midway_keeps_the_answers_given_and_one_answer_settles_nothing(client):
    assessment = started(client)
    first = pending(assessment)
    client.post(
        check_url(assessment), {"nav": "answer", "item": first.item_id, "option": correct_option(first.item_id)}
    )

    client.post(check_url(assessment), {"nav": "skip"})

    report = Report.objects.get(assessment=assessment)
    check = report.snapshot["knowledge_check"]
    assert [(item["item"], item["correct"]) for item in check["items"]] == [(first.item_slug, True)]
    assert CheckResponse.objects.filter(assessment=assessment).count() == 1
    assert [(s["skill"], s["claimed"], s["checked"], s["outcome"]) for s in check["skills"]] == [
        (first.skill_slug, 4, 4, "unsettled")
    ]
    assert check["calibration"]["summary"] == (
        "Your answers matched your rating on 0 of 1 skill; on 1 your answers did not settle it."
    )
    assert check["confidence"]["direction"] == "unchanged"
    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()
    assert '<span data-testid="check-outcome">not settled</span>' in page
    assert 'data-testid="over-confidence"' not in page


def test_all_wrong_from_4_lowers_the_checked_levels_and_the_readiness_as_checked(client):
    assessment = rated(client, rating=4)

    response = take_check(client, assessment, right=False)

    report = Report.objects.get(assessment=assessment)
    check = report.snapshot["knowledge_check"]
    assert response["Location"] == reverse("assessment:report", kwargs={"pk": report.pk})
    # Missed twice at 4 and once at 3: level 2 is the highest not ruled out.
    assert [(s["skill"], s["claimed"], s["checked"], s["outcome"]) for s in check["skills"]] == [
        (slug, 4, 2, "over") for slug in heaviest_rated_skills()
    ]
    assert (check["items_answered"], check["items_correct"]) == (15, 0)
    assert check["as_checked"]["readiness"] < check["as_claimed"]["readiness"] == report.snapshot["score"]["readiness"]
    assert check["calibration"]["summary"] == (
        "Your answers matched your rating on 0 of 5 skills; on 5 you missed the questions at your rated level."
    )
    assert check["skills"][0]["meaning"].startswith(
        "None of your 3 answers (levels 3–4) was right; level 2 is the highest not ruled out, and it was not asked."
    )
    assert check["confidence"]["direction"] in ("lowered", "unchanged")
    assert check["confidence"]["after"] == "low"
    assert (check["as_claimed"]["meets"], check["as_checked"]["meets"]) == (True, False)  # Python, a must-have, at 2
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="over-confidence"' in page
    assert '<td data-testid="meets-checked">not yet</td>' in page


def test_all_right_from_4_confirms_every_rating(client):
    assessment = rated(client, rating=4)

    take_check(client, assessment, right=True)

    check = Report.objects.get(assessment=assessment).snapshot["knowledge_check"]
    assert [(s["claimed"], s["checked"], s["outcome"], s["items"]) for s in check["skills"]] == [
        (4, 4, "confirmed", 2)
    ] * 5
    assert check["as_checked"]["readiness"] == check["as_claimed"]["readiness"]
    assert check["calibration"]["summary"] == "Your answers matched your rating on 5 of 5 skills."
    assert check["confidence"]["reason"].endswith("your answers were at or above your rating on all 5 checked skills.")


def test_all_right_from_3_confirms_and_says_it_may_be_higher_without_raising_the_figures(client):
    assessment = rated(client, rating=3)

    take_check(client, assessment, right=True)

    check = Report.objects.get(assessment=assessment).snapshot["knowledge_check"]
    assert [(s["claimed"], s["checked"], s["outcome"], s["items"]) for s in check["skills"]] == [(3, 3, "under", 3)] * 5
    assert check["as_checked"]["readiness"] == check["as_claimed"]["readiness"]
    assert check["calibration"]["summary"] == (
        "Your answers matched your rating on 5 of 5 skills; on 5 of these you also answered the question one "
        "level above right."
    )


def test_the_report_reviews_each_answered_item_with_its_key_and_explanation(client):
    assessment = rated(client, rating=3)
    take_check(client, assessment, right=lambda item: item % 2 == 0)

    report = Report.objects.get(assessment=assessment)
    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()

    responses = list(CheckResponse.objects.filter(assessment=assessment).order_by("number"))
    items = report.snapshot["knowledge_check"]["items"]
    assert [(i["number"], i["item"], i["correct"]) for i in items] == [
        (r.number, r.item_slug, r.correct) for r in responses
    ]
    for item, response in zip(items, responses, strict=True):
        bank = KnowledgeCheckItem.objects.get(pk=response.item_id)
        assert (item["stem"], item["explanation"]) == (bank.stem, bank.explanation)
        assert [o["text"] for o in item["options"]] == [
            KnowledgeCheckOption.objects.get(pk=i).text for i in response.option_order
        ]
        assert [o["correct"] for o in item["options"]] == [
            i == correct_option(response.item_id) for i in response.option_order
        ]
        assert [o["chosen"] for o in item["options"]] == [i == response.chosen_id for i in response.option_order]
        assert item["seconds"] == response.seconds >= 0
        assert escape(bank.explanation) in page
    assert page.count('data-testid="review-item"') == len(items)


def test_exports_carry_the_check(client):
    assessment = rated(client, rating=4)
    take_check(client, assessment, right=False)
    report = Report.objects.get(assessment=assessment)

    data = json.loads(client.get(reverse("assessment:report-json", kwargs={"pk": report.pk})).content)
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("assessment:report-csv", kwargs={"pk": report.pk})).content.decode()))
    )
    pdf_html = report_pdf_html(report)

    assert (data["schema_version"], data["snapshot"]["schema_version"]) == (4, 4)
    assert data["snapshot"]["knowledge_check"] == report.snapshot["knowledge_check"]
    skills = [row for row in rows if row and row[0] == "check_skill"]
    items = [row for row in rows if row and row[0] == "check_item"]
    assert ["section", "skill", "name", "claimed", "checked", "items", "correct", "outcome"] in rows
    assert [(row[1], row[3], row[4], row[7]) for row in skills] == [
        (s, "4", "2", "over") for s in heaviest_rated_skills()
    ]
    assert [(row[2], row[5]) for row in items] == [
        (i["item"], "0") for i in report.snapshot["knowledge_check"]["items"]
    ]
    assert escape(report.snapshot["knowledge_check"]["calibration"]["summary"]) in pdf_html


def test_compare_and_progress_show_checked_levels_over_time(client, django_user_model):
    user = django_user_model.objects.create_user(username="progress", email="progress@example.com")
    client.force_login(user)
    first = rated(client, rating=4)
    take_check(client, first, right=False)
    second = rated(client, rating=4)
    take_check(client, second, right=True)
    before, after = Report.objects.order_by("created_at")

    compare = client.get(
        reverse("assessment:report-compare"), {"before": before.pk, "after": after.pk}
    ).content.decode()
    progress = client.get(reverse("assessment:report-progress")).content.decode()

    for page in (compare, progress):
        section = page[page.index('data-testid="checked-levels"') :]
        assert section.count("4 → <strong>2</strong>") == 5
        assert section.count("4 → <strong>4</strong>") == 5
        assert "(not settled)</span>" not in section


def test_progress_marks_a_level_the_answers_did_not_settle(client, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="stopper", email="stopper@example.com"))
    assessment = started(client)
    first = pending(assessment)
    client.post(
        check_url(assessment), {"nav": "answer", "item": first.item_id, "option": correct_option(first.item_id)}
    )
    client.post(check_url(assessment), {"nav": "skip"})

    progress = client.get(reverse("assessment:report-progress")).content.decode()

    section = progress[progress.index('data-testid="checked-levels"') :]
    assert section.count('4 → <strong>4</strong> <span class="text-body-secondary">(not settled)</span>') == 1


def test_item_statistics_command_writes_the_admin_table(client):
    take_check(client, rated(client, rating=4), right=True)
    take_check(client, rated(client, rating=4), right=False)
    out = io.StringIO()

    call_command("knowledge_check_statistics", stdout=out)

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    asked = list(CheckResponse.objects.values_list("item_slug", "correct"))
    expected = {}
    for slug, correct in asked:
        shown, right = expected.get(slug, (0, 0))
        expected[slug] = (shown + 1, right + int(correct))
    assert len(rows) == KnowledgeCheckItem.objects.count()
    assert {row["item"]: (int(row["shown"]), row["share_correct"]) for row in rows if int(row["shown"])} == {
        slug: (shown, f"{right / shown:.3f}") for slug, (shown, right) in expected.items()
    }


def test_item_statistics_page_is_for_curators_only(client):
    take_check(client, rated(client, rating=4), right=True)
    curator = get_user_model().objects.create_user(username="curator", email="c@example.com", is_staff=True)
    curator.user_permissions.add(Permission.objects.get(codename="view_knowledgecheckitem"))
    client.force_login(curator)

    page = client.get(reverse("check-statistics")).content.decode()
    download = client.get(reverse("check-statistics"), {"format": "csv"})

    assert page.count('data-testid="statistics-row"') == KnowledgeCheckItem.objects.count()
    assert "Discrimination (claimed level)" in page
    assert download["Content-Type"] == "text/csv"
    assert len(download.content.decode().splitlines()) == KnowledgeCheckItem.objects.count() + 1


def test_a_report_made_before_the_check_says_it_is_unchecked(client):
    assessment = rated(client)
    client.post(check_url(assessment), {"nav": "skip"})
    report = Report.objects.get(assessment=assessment)
    old = {key: value for key, value in report.snapshot.items() if key != "knowledge_check"} | {"schema_version": 2}
    Report.objects.filter(pk=report.pk).update(snapshot=old, body_template="")

    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()
    exported = client.get(reverse("assessment:report-csv", kwargs={"pk": report.pk})).content.decode()

    assert "Unchecked: this report was made without the knowledge check" in page
    assert "check_skill" not in exported


def test_back_from_the_check_leads_to_experience_and_next_passes_a_finished_check(client):
    assessment = rated(client)
    client.post(check_url(assessment), {"nav": "start"})
    first = pending(assessment)
    client.post(
        check_url(assessment), {"nav": "answer", "item": first.item_id, "option": correct_option(first.item_id)}
    )

    back = client.post(check_url(assessment), {"nav": "back"})
    resumed = client.get(reverse("assessment:resume", kwargs={"pk": assessment.pk}))

    experience = reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": "experience"})
    assert (back["Location"], resumed["Location"]) == (experience, check_url(assessment))
    assert check_question_on(client.get(check_url(assessment)).content.decode())[0] == pending(assessment).item_id


def test_a_question_deleted_by_a_curator_meanwhile_can_be_stopped_at(client):
    assessment = started(client)
    first = pending(assessment)
    client.post(
        check_url(assessment), {"nav": "answer", "item": first.item_id, "option": correct_option(first.item_id)}
    )
    KnowledgeCheckItem.objects.filter(pk=pending(assessment).item_id).delete()

    page = client.get(check_url(assessment)).content.decode()
    stopped = client.post(check_url(assessment), {"nav": "skip"})

    report = Report.objects.get(assessment=assessment)
    assert 'data-testid="check-withdrawn"' in page
    assert stopped["Location"] == reverse("assessment:report", kwargs={"pk": report.pk})
    assert [i["item"] for i in report.snapshot["knowledge_check"]["items"]] == [first.item_slug]


def answered_check(*, python_right: bool, mlops_right: bool) -> Assessment:
    """A finished check of two skills claimed at 3, asked as the rule asks them: two level-3 items
    each, answered alike within a skill; MLOps missed twice gets a level-2 item, missed too."""
    assessment = Assessment.objects.create(
        role=Role.objects.get(slug="ai-engineer"),
        seniority=SeniorityLevel.objects.get(slug="mid"),
        anonymous_token=f"stats-{Assessment.objects.count()}",
        check_status=CheckStatus.FINISHED,
    )
    python = list(KnowledgeCheckItem.objects.filter(skill__slug="python", level=3).order_by("slug")[:2])
    mlops = list(KnowledgeCheckItem.objects.filter(skill__slug="mlops", level=3).order_by("slug")[:2])
    mlops_below = KnowledgeCheckItem.objects.filter(skill__slug="mlops", level=2).order_by("slug").first()
    asked = [(item, python_right) for item in python] + [(item, mlops_right) for item in mlops]
    if not mlops_right:
        asked.append((mlops_below, False))
    now = timezone.now()
    for number, (item, right) in enumerate(asked, start=1):
        CheckResponse.objects.create(
            assessment=assessment,
            number=number,
            item=item,
            item_slug=item.slug,
            skill_slug=item.skill.slug,
            level=item.level,
            claimed=3,
            correct=right,
            shown_at=now,
            answered_at=now,
        )
    return assessment


def test_item_statistics_correlate_with_the_checked_level_on_the_other_skills():
    # Thirty candidates: those who get Python wrong are checked at 3 on MLOps, those who get it right at 1.
    for n in range(30):
        answered_check(python_right=n % 2 == 0, mlops_right=n % 2 == 1)

    rows = {row.slug: row.statistics for row in check_item_statistics()}

    python_item = KnowledgeCheckItem.objects.filter(skill__slug="python", level=3).order_by("slug").first()
    stats = rows[python_item.slug]
    assert (stats.answered, stats.share_correct) == (30, 0.5)
    assert stats.discrimination_other_skills == pytest.approx(-1.0)
    assert stats.discrimination_claimed is None  # every answer claimed 3: no variation
    assert stats.flags == ("negative discrimination",)
    assert [row.slug for row in check_item_statistics(flagged_only=True)].count(python_item.slug) == 1
