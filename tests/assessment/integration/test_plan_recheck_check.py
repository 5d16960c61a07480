"""A plan's focused re-check with the knowledge check: re-rate the finished skills, then check them.

The check asks only the re-checked skills; finishing it completes the new report as any check
does; the re-rating alone still makes its report at once.
"""

import pytest
from django.urls import reverse
from django.utils.html import escape

from assessment import knowledge_check
from assessment.models import Assessment, AssessmentStatus, CheckResponse, CheckStatus, LearningPlan, Report
from assessment.selectors import questionnaire_get
from career.models import Role
from tests.journeys import check_question_on, report_made, take_check

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def plan(signed_in, user):
    """Ada's plan from a report rating every skill 1, with every item of its first two skills done."""
    report = report_made(user=user, rating=1, hours_per_week=5)
    signed_in.post(reverse("assessment:plan-adopt", kwargs={"pk": report.pk}))
    plan = LearningPlan.objects.get()
    for key in finished_skills(plan):
        for item in plan.items.filter(target_kind="skill", target_key=key):
            url = reverse("assessment:plan-item", kwargs={"pk": plan.pk, "item_id": item.pk})
            signed_in.post(url, {"status": "done", "note": "", "evidence_url": "", "finished_on": ""})
    return plan


def finished_skills(plan) -> list[str]:
    keys = plan.items.filter(target_kind="skill").order_by("position").values_list("target_key", flat=True)
    return list(dict.fromkeys(keys))[:2]


def mark_done_again(client, plan, key: str) -> None:
    """Set a skill's items back to doing and done again: done after the latest report, they are due a re-check."""
    for item in plan.items.filter(target_kind="skill", target_key=key):
        url = reverse("assessment:plan-item", kwargs={"pk": plan.pk, "item_id": item.pk})
        for status in ("doing", "done"):
            client.post(url, {"status": status, "note": "", "evidence_url": "", "finished_on": ""})


def recheck_url(plan) -> str:
    return reverse("assessment:plan-recheck", kwargs={"pk": plan.pk})


def check_url(assessment) -> str:
    return reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": "check"})


def started_recheck(client, plan, ratings: dict[str, int]) -> Assessment:
    response = client.post(recheck_url(plan), {**{key: str(r) for key, r in ratings.items()}, "nav": "check"})
    assessment = Assessment.objects.exclude(status=AssessmentStatus.COMPLETED).get()
    assert response["Location"] == check_url(assessment)
    return assessment


def test_the_re_check_page_offers_the_check_of_those_skills_with_its_length_and_a_way_without(signed_in, plan):
    first, second = finished_skills(plan)
    names = dict(plan.items.filter(target_key__in=[first, second]).values_list("target_key", "target_label"))

    response = signed_in.get(recheck_url(plan))

    page = response.text
    offered = [skill.skill for skill in response.context["check"]["planned"]]
    assert sorted(offered) == sorted([first, second])
    minutes = knowledge_check.minutes_estimate(response.context["check"]["planned"])
    assert f"At most 6 questions, up to about {minutes} minutes</strong>, on" in page
    assert f"{escape(names[offered[0]])} and {escape(names[offered[1]])}:" in page
    assert 'name="nav" value="check" class="btn btn-primary">Save and check my knowledge</button>' in page
    assert 'name="nav" value="report"' in page
    assert "Save the ratings only</button>" in page


def test_the_check_of_a_re_check_asks_only_the_re_checked_skills_rated_1_or_more(signed_in, plan):
    first, second = finished_skills(plan)
    reports_before = Report.objects.count()

    assessment = started_recheck(signed_in, plan, {first: 2, second: 0})

    assert [entry["skill"] for entry in assessment.check_plan] == [first]
    assert (assessment.check_plan[0]["claimed"], assessment.check_status) == (2, CheckStatus.IN_PROGRESS)
    waiting = CheckResponse.objects.get(assessment=assessment)
    assert (waiting.skill_slug, waiting.level, waiting.answered_at) == (first, 2, None)
    assert Report.objects.count() == reports_before  # the report waits for the check
    page = signed_in.get(check_url(assessment)).text
    assert "Question 1 of at most 3" in page
    assert check_question_on(page)[0] == waiting.item_id


def test_a_re_check_with_the_check_needs_no_questionnaire_page_but_the_check(signed_in, plan):
    first, second = finished_skills(plan)

    assessment = started_recheck(signed_in, plan, {first: 2, second: 2})

    resume = signed_in.get(reverse("assessment:resume", kwargs={"pk": assessment.pk}))
    assert resume["Location"] == check_url(assessment)
    response = take_check(signed_in, assessment, right=True)
    report = Report.objects.get(assessment=assessment)
    assert response["Location"] == reverse("assessment:report", kwargs={"pk": report.pk})


def test_finishing_the_check_makes_a_report_with_the_checked_levels_of_those_skills(signed_in, user, plan):
    first, second = finished_skills(plan)
    latest = Report.objects.get()
    assessment = started_recheck(signed_in, plan, {first: 2, second: 3})

    take_check(signed_in, assessment, right=lambda item: CheckResponse.objects.get(item_id=item).skill_slug == first)

    report = Report.objects.get(assessment=assessment)
    check = report.snapshot["knowledge_check"]
    assert check["status"] == "finished"
    # All right from 2: 2, 2, then 3 → confirmed at 2 ("may be higher": one answer above is not enough to
    # raise it). All wrong from 3: 3, 3, then 2 → over-rated, 1 is the highest level not ruled out.
    assert {s["skill"]: (s["claimed"], s["checked"]) for s in check["skills"]} == {first: (2, 2), second: (3, 1)}
    before = {(a["kind"], a["key"]): a["rating"] for a in latest.snapshot["answers"]}
    after = {(a["kind"], a["key"]): a["rating"] for a in report.snapshot["answers"]}
    assert after == before | {("skill", first): 2, ("skill", second): 3}
    assert (report.user, report.role_slug, report.seniority_slug) == (user, latest.role_slug, latest.seniority_slug)
    compare = signed_in.get(reverse("assessment:report-compare"), {"before": latest.pk, "after": report.pk})
    assert (compare.status_code, compare.context["after"]) == (200, report)
    progress = signed_in.get(reverse("assessment:report-progress"))
    assert [p.report_id for p in progress.context["points"]] == [str(latest.pk), str(report.pk)]


def test_the_plan_page_shows_the_checked_level_next_to_the_ratings(signed_in, plan):
    first, second = finished_skills(plan)
    assessment = started_recheck(signed_in, plan, {first: 2, second: 1})
    take_check(signed_in, assessment, right=True)

    page = signed_in.get(reverse("assessment:plan", kwargs={"pk": plan.pk}))

    moved = {m.key: (m.level_from, m.level_now, m.checked) for m in page.context["page"].moved}
    assert moved == {first: (1, 2, 2), second: (1, 1, 1)}  # all right: each rating confirmed
    assert '<th scope="col" class="text-end">Checked</th>' in page.text
    assert page.text.count('data-testid="checked-level">') == 2


def test_a_second_re_check_draws_other_items_where_the_bank_has_them(signed_in, plan):
    first, second = finished_skills(plan)
    earlier = started_recheck(signed_in, plan, {first: 1, second: 0})
    take_check(signed_in, earlier, right=False)  # two wrong answers at level 1 end the skill: none below
    shown = set(CheckResponse.objects.filter(assessment=earlier).values_list("item_id", flat=True))
    mark_done_again(signed_in, plan, first)  # only the first skill is due again; the second was re-rated since

    later = started_recheck(signed_in, plan, {first: 1})

    again = CheckResponse.objects.get(assessment=later)
    assert (again.skill_slug, again.level, len(shown)) == (first, 1, 2)
    assert again.item_id not in shown


def test_the_re_rating_alone_still_makes_its_report_at_once_without_a_check(signed_in, plan):
    first, second = finished_skills(plan)

    response = signed_in.post(recheck_url(plan), {first: "2", second: "2", "nav": "report"})

    new = Report.objects.order_by("created_at").last()
    assert response["Location"] == reverse("assessment:report", kwargs={"pk": new.pk})
    assert (new.assessment.status, new.assessment.check_status) == (AssessmentStatus.COMPLETED, CheckStatus.NOT_STARTED)
    assert new.snapshot["knowledge_check"]["status"] == "not_taken"
    assert CheckResponse.objects.count() == 0
    assert new.assessment.completed_steps == [step.slug for step in questionnaire_get().steps]


def test_with_nothing_to_check_the_re_check_saves_the_ratings_as_a_report_and_says_why(signed_in, plan):
    first, second = finished_skills(plan)

    response = signed_in.post(recheck_url(plan), {first: "0", second: "0", "nav": "check"}, follow=True)

    new = Report.objects.order_by("created_at").last()
    assert response.redirect_chain[-1][0] == reverse("assessment:report", kwargs={"pk": new.pk})
    assert "None of these skills can be checked" in response.text
    assert (new.snapshot["knowledge_check"]["status"], CheckResponse.objects.count()) == ("skipped", 0)


@pytest.mark.parametrize(
    "nav",
    [["check", "check"], ["start"], ["answer"], ["<script>"]],
    ids=["twice", "the-check-steps-start", "the-check-steps-answer", "markup"],
)
def test_an_unknown_or_repeated_way_to_finish_is_refused_and_saves_nothing(signed_in, plan, nav):
    first, second = finished_skills(plan)
    before = (Report.objects.count(), Assessment.objects.count())

    response = signed_in.post(recheck_url(plan), {first: "2", second: "2", "nav": nav})

    assert response.status_code == 400
    assert "Nothing was saved: the form sent" in response.text
    assert "<script>" not in response.text
    assert (Report.objects.count(), Assessment.objects.count()) == before


def test_a_target_gone_from_the_catalogue_saves_nothing_and_says_so(signed_in, plan):
    first, second = finished_skills(plan)
    Role.objects.filter(slug=plan.role_slug).update(slug="renamed-role")
    before = (Report.objects.count(), Assessment.objects.count())

    response = signed_in.post(recheck_url(plan), {first: "2", second: "2", "nav": "check"}, follow=True)

    assert response.redirect_chain == [(reverse("assessment:plan", kwargs={"pk": plan.pk}), 302)]
    assert f"{plan.role_name} ({plan.seniority_name}) is no longer offered. Nothing was saved." in response.text
    assert (Report.objects.count(), Assessment.objects.count()) == before


def test_a_check_left_half_way_is_offered_to_continue_until_it_is_finished(signed_in, plan):
    first, second = finished_skills(plan)
    assessment = started_recheck(signed_in, plan, {first: 2, second: 2})

    page = signed_in.get(recheck_url(plan)).text

    resume = reverse("assessment:resume", kwargs={"pk": assessment.pk})
    assert 'data-testid="check-under-way"' in page
    assert f'<a href="{resume}">Continue it</a>' in page
    take_check(signed_in, assessment, right=True)
    after = signed_in.get(recheck_url(plan), follow=True)  # both skills now rated at their items' level
    assert (after.status_code, 'data-testid="check-under-way"' in after.text) == (200, False)
