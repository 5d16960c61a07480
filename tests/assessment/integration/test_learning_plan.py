import csv
import io
import json
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from assessment import plan_selectors, plan_services
from assessment.models import Answer, LearningPlan, PlanItem, Report
from assessment.selectors import questionnaire_get
from career.models import RoadmapAction
from tests.journeys import answer_steps, report_made, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def report(user):
    return report_made(user=user, rating=1, hours_per_week=5)


def adopt(client, report):
    return client.post(reverse("assessment:plan-adopt", kwargs={"pk": report.pk}))


def plan_url(plan, name="assessment:plan", **extra):
    return reverse(name, kwargs={"pk": plan.pk, **extra})


def titles(plan):
    return list(plan.items.order_by("position").values_list("title", flat=True))


def mark(client, item, status, **fields):
    data = {"status": status, "note": "", "evidence_url": "", "finished_on": "", **fields}
    return client.post(reverse("assessment:plan-item", kwargs={"pk": item.plan_id, "item_id": item.pk}), data)


# --- Adoption -------------------------------------------------------------------------


def test_adopting_turns_the_ranked_actions_and_certifications_into_items_as_the_report_has_them(signed_in, report):
    response = adopt(signed_in, report)

    plan = LearningPlan.objects.get()
    snapshot = report.snapshot
    ranked = [entry["action"]["slug"] for entry in snapshot["plan"]["next_actions"]]
    roadmap = [e["action"]["slug"] for phase in snapshot["roadmap"]["phases"] for e in phase["actions"]]
    certifications = [c["certification"]["slug"] for c in snapshot["certifications"]]
    expected = ranked + [slug for slug in roadmap if slug not in ranked] + certifications
    assert response["Location"] == plan_url(plan)
    items = list(plan.items.order_by("position"))
    assert sorted(i.source_slug for i in items) == sorted(expected)
    assert [i.source_slug for i in items if i.kind == "action"] == [slug for slug in expected if slug in roadmap]
    assert (plan.hours_per_week, plan.started_on, plan.source_report_id) == (5, timezone.localdate(), report.pk)
    first = plan.items.get(position=1)
    top = snapshot["plan"]["next_actions"][0]
    assert (first.title, first.target_key, first.level_from, first.target_level, first.hours) == (
        top["action"]["title"],
        top["action"]["key"],
        top["level_from"],
        top["action"]["reaches_level"],
        top["action"]["effort_hours"],
    )
    page = signed_in.get(response["Location"])
    assert f"Plan adopted: {len(expected)} items" in page.text


def test_each_adopted_certification_comes_right_after_the_last_action_for_a_gap_it_proves(signed_in, report):
    adopt(signed_in, report)

    items = list(LearningPlan.objects.get().items.order_by("position"))
    placed_among_actions = 0
    for recommendation in report.snapshot["certifications"]:
        gaps = {(gap.get("kind", "skill"), gap["key"]) for gap in recommendation["addresses"]}
        at = next(n for n, i in enumerate(items) if i.source_slug == recommendation["certification"]["slug"])
        for_its_gaps = [n for n, i in enumerate(items) if i.kind == "action" and (i.target_kind, i.target_key) in gaps]
        if not for_its_gaps:
            assert all(i.kind == "certification" for i in items[at:])
            continue
        placed_among_actions += at < len(items) - 1
        assert max(for_its_gaps) < at
        assert all(i.kind == "certification" for i in items[max(for_its_gaps) + 1 : at])
    assert placed_among_actions >= 1


def test_adopting_the_same_report_twice_keeps_one_plan_without_duplicates(signed_in, report):
    adopt(signed_in, report)
    before = titles(LearningPlan.objects.get())

    adopt(signed_in, report)

    assert LearningPlan.objects.count() == 1
    assert titles(LearningPlan.objects.get()) == before


def test_adopting_a_newer_report_merges_and_done_items_stay_done(signed_in, user, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    done, noted = plan.items.order_by("position")[:2]
    mark(signed_in, done, "done")
    mark(signed_in, noted, "todo", note="Halfway through the course")
    newer = report_made(user=user, rating=2)

    response = adopt(signed_in, newer)

    assert "done items stay done, notes are kept" in signed_in.get(response["Location"]).text
    plan.refresh_from_db()
    done.refresh_from_db()
    noted.refresh_from_db()
    assert plan.source_report_id == newer.pk
    assert (done.status, done.finished_on, done.position) == ("done", timezone.localdate(), 1)
    assert noted.note == "Halfway through the course"
    slugs = list(plan.items.values_list("kind", "source_slug"))
    assert len(slugs) == len(set(slugs))
    assert LearningPlan.objects.count() == 1


def test_adopting_an_older_report_than_the_plan_follows_changes_nothing(signed_in, user, report):
    newer = report_made(user=user, rating=2)
    adopt(signed_in, newer)
    plan = LearningPlan.objects.get()
    before = titles(plan)

    response = adopt(signed_in, report)

    plan.refresh_from_db()
    assert (plan.source_report_id, titles(plan)) == (newer.pk, before)
    page = signed_in.get(response["Location"])
    assert "Your plan already follows the report of" in page.text


def test_a_plan_per_target(signed_in, user, report):
    other_target = report_made(user=user, rating=1, role="nlp-engineer", seniority="senior")

    adopt(signed_in, report)
    adopt(signed_in, other_target)

    assert sorted(LearningPlan.objects.values_list("role_slug", "seniority_slug")) == [
        ("ai-engineer", "mid"),
        ("nlp-engineer", "senior"),
    ]


def test_catalogue_edits_after_adoption_leave_every_adopted_item_intact(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    before = list(plan.items.order_by("position").values())
    renamed, rehoured, deleted = RoadmapAction.objects.filter(
        slug__in=[item["source_slug"] for item in before if item["kind"] == "action"][:3]
    )

    RoadmapAction.objects.filter(pk=renamed.pk).update(title="A completely new title")
    RoadmapAction.objects.filter(pk=rehoured.pk).update(effort_hours=999)
    deleted.delete()

    assert list(plan.items.order_by("position").values()) == before
    page = signed_in.get(plan_url(plan))
    assert "A completely new title" not in page.text
    assert all(item["title"] in page.text.replace("&#x27;", "'") for item in before[:3])


def test_the_report_page_offers_a_signed_in_owner_to_adopt_and_an_anonymous_one_to_sign_up(client, signed_in, report):
    page = signed_in.get(reverse("assessment:report", kwargs={"pk": report.pk}))

    assert "Adopt this plan" in page.text
    assert reverse("assessment:plan-adopt", kwargs={"pk": report.pk}) in page.text


def test_an_anonymous_report_offers_sign_up_to_keep_it_and_adopt_its_plan(client):
    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=1)
    report = Report.objects.get(assessment=assessment)

    page = client.get(reverse("assessment:report", kwargs={"pk": report.pk}))

    assert "needs an account" in page.text
    assert f"{reverse('signup')}?next=/reports/{report.pk}/" in page.text
    assert reverse("assessment:plan-adopt", kwargs={"pk": report.pk}) not in page.text


# --- Pace, items, progress ------------------------------------------------------------


def test_setting_the_pace_moves_the_expected_finish(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    hours = sum(plan.items.values_list("hours", flat=True))

    response = signed_in.post(plan_url(plan, "assessment:plan-pace"), {"hours_per_week": "6"})

    plan.refresh_from_db()
    assert (response.status_code, response["Location"], plan.hours_per_week) == (302, plan_url(plan), 6)
    page = signed_in.get(plan_url(plan))
    expected = timezone.localdate() + timedelta(weeks=-(-hours // 6), days=-1)
    assert "Finish at 6 h a week from today</dt>" in page.text
    assert f"{expected.day} {expected:%B %Y}" in page.text
    assert "Pace set to 6 hours a week: the open items are planned from today at it." in page.text


def test_marking_items_done_and_skipped_moves_the_progress_bar(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    first, second, third = plan.items.order_by("position")[:3]
    planned = sum(plan.items.values_list("hours", flat=True))

    mark(signed_in, first, "done")
    mark(signed_in, second, "done", finished_on=(timezone.localdate() - timedelta(days=3)).isoformat())
    response = mark(signed_in, third, "skipped")

    assert response["Location"] == f"{plan_url(plan)}#item-{third.pk}"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.finished_on, second.finished_on) == (timezone.localdate(), timezone.localdate() - timedelta(days=3))
    page = signed_in.get(plan_url(plan))
    done = first.hours + second.hours
    assert f"{done} of {planned - third.hours} planned hours done" in page.text
    assert f'max="{planned - third.hours}" value="{done}"' in page.text


def test_leaving_done_clears_the_finished_date(signed_in, report):
    adopt(signed_in, report)
    item = LearningPlan.objects.get().items.first()
    mark(signed_in, item, "done")

    mark(signed_in, item, "doing")

    item.refresh_from_db()
    assert (item.status, item.finished_on) == ("doing", None)


def test_note_and_https_evidence_are_kept(signed_in, report):
    adopt(signed_in, report)
    item = LearningPlan.objects.get().items.first()

    mark(signed_in, item, "done", note="Shipped it", evidence_url="https://github.com/ada/project")

    item.refresh_from_db()
    assert (item.note, item.evidence_url) == ("Shipped it", "https://github.com/ada/project")


def test_the_calendar_has_one_event_per_planned_week_with_open_work(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    signed_in.post(plan_url(plan, "assessment:plan-pace"), {"hours_per_week": "40"})
    first = plan.items.order_by("position").first()
    mark(signed_in, first, "done")
    page = plan_selectors.plan_page_get(plan=LearningPlan.objects.get(), today=timezone.localdate())
    weeks = sorted({row.scheduled.planned_week for row in page.rows if row.item.status in ("todo", "doing")})

    response = signed_in.get(plan_url(plan, "assessment:plan-ics"))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(event["UID"]) for event in events] == [f"plan-{plan.pk}-week-{w}@skills-gap" for w in weeks]
    starts = [event.decoded("DTSTART") for event in events]
    assert starts == [plan.started_on + timedelta(weeks=w - 1) for w in weeks]
    assert first.title not in response.content.decode()


# --- Re-check ---------------------------------------------------------------------------


def finish_one_skill(client, plan):
    """Mark done every item of the first skill that has items; returns its key."""
    key = plan.items.filter(target_kind="skill").order_by("position").first().target_key
    for item in plan.items.filter(target_kind="skill", target_key=key):
        mark(client, item, "done")
    return key


def test_a_skill_whose_items_are_done_is_offered_a_re_check(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    key = finish_one_skill(signed_in, plan)
    label = plan.items.filter(target_key=key).first().target_label

    page = signed_in.get(plan_url(plan))

    assert f"Every item for <strong>{label}</strong> is done or skipped, and at least one is done." in page.text
    recheck = signed_in.get(plan_url(plan, "assessment:plan-recheck"))
    rating = next(a["rating"] for a in report.snapshot["answers"] if a["key"] == key)
    target = max(plan.items.filter(target_key=key).values_list("target_level", flat=True))
    assert (
        f"<strong>{label}</strong>: rated {rating} in that report; the items you finished aim at level {target}."
        in (recheck.text)
    )
    assert f'name="{key}"' in recheck.text
    assert recheck.text.count('<fieldset class="rating') == 1


def test_a_re_check_makes_a_new_report_with_everything_else_from_the_latest(signed_in, user, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    key = finish_one_skill(signed_in, plan)

    response = signed_in.post(plan_url(plan, "assessment:plan-recheck"), {key: "3"})

    new = Report.objects.exclude(pk=report.pk).get()
    assert response["Location"] == reverse("assessment:report", kwargs={"pk": new.pk})
    before = {(a["kind"], a["key"]): a["rating"] for a in report.snapshot["answers"]}
    after = {(a["kind"], a["key"]): a["rating"] for a in new.snapshot["answers"]}
    assert after == before | {("skill", key): 3}
    assert (new.user, new.role_slug, new.seniority_slug) == (user, report.role_slug, report.seniority_slug)
    assert new.snapshot["held_certifications"] == report.snapshot["held_certifications"]
    assert new.readiness > report.readiness
    plan_page = signed_in.get(plan_url(plan))
    assert 'data-testid="moved-skills"' in plan_page.text
    assert 'data-testid="recheck-due"' not in plan_page.text
    compare = signed_in.get(reverse("assessment:report-compare"), {"before": report.pk, "after": new.pk})
    assert compare.context["after"] == new
    progress = signed_in.get(reverse("assessment:report-progress"))
    assert [p.report_id for p in progress.context["points"]] == [str(report.pk), str(new.pk)]


def test_a_re_check_needs_a_level_for_every_skill_and_saves_nothing_without(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    finish_one_skill(signed_in, plan)

    response = signed_in.post(plan_url(plan, "assessment:plan-recheck"), {})

    assert response.status_code == 400
    assert "Nothing was saved: choose a level for every skill below." in response.text
    assert Report.objects.count() == 1


def test_without_a_finished_skill_the_re_check_says_so(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()

    response = signed_in.get(plan_url(plan, "assessment:plan-recheck"), follow=True)

    assert "No skill is ready for a re-check" in response.text
    assert Report.objects.count() == 1


# --- Timeline ---------------------------------------------------------------------------


def test_the_progress_page_marks_finished_items_and_lists_them_next_to_their_skill(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    item = plan.items.filter(target_kind="skill").order_by("position").first()
    mark(signed_in, item, "done")

    page = signed_in.get(reverse("assessment:report-progress"))

    assert [m.label for m in page.context["markers"]] == [item.title]
    assert f"Plan item finished {timezone.localdate():%d %b %Y}: {item.title}" in page.text.replace("&#x27;", "'")
    row = next(r for r in page.context["trends"] if r["trend"].key == item.target_key)
    assert list(row["done"]) == [item]


# --- Exports and data rights ------------------------------------------------------------


def test_the_json_export_carries_the_plan_as_it_stands(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    item = plan.items.order_by("position").first()
    mark(signed_in, item, "done", note="=cmd|' /C calc'!A0")

    data = json.loads(signed_in.get(reverse("assessment:report-json", kwargs={"pk": report.pk})).content)

    assert data["schema_version"] == 4
    exported = data["learning_plan"]
    assert (exported["id"], exported["done_hours"], len(exported["items"])) == (
        str(plan.pk),
        item.hours,
        plan.items.count(),
    )
    assert exported["items"][0] | {"status": "done"} == exported["items"][0]
    assert exported["items"][0]["note"] == "=cmd|' /C calc'!A0"


def test_the_json_export_of_a_report_without_a_plan_says_null(signed_in, report):
    data = json.loads(signed_in.get(reverse("assessment:report-json", kwargs={"pk": report.pk})).content)

    assert (data["schema_version"], data["learning_plan"]) == (4, None)


def test_the_csv_export_ends_with_the_plan_items_neutralising_formulas(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    item = plan.items.order_by("position").first()
    mark(signed_in, item, "done", note="=HYPERLINK(1)")

    text = signed_in.get(reverse("assessment:report-csv", kwargs={"pk": report.pk})).content.decode()

    rows = [row for row in csv.reader(io.StringIO(text)) if row and row[0] == "learning_plan"]
    assert len(rows) == plan.items.count()
    assert (rows[0][1], rows[0][2], rows[0][5], rows[0][16]) == ("1", "done", item.title, "'=HYPERLINK(1)")


def test_download_all_my_data_holds_the_plans_and_the_digest_setting(signed_in, user, report):
    adopt(signed_in, report)
    plan_services.digest_subscription_set(user=user, active=True)

    data = json.loads(signed_in.post(reverse("assessment:account-data")).content)

    assert [p["id"] for p in data["learning_plans"]] == [str(LearningPlan.objects.get().pk)]
    assert len(data["learning_plans"][0]["items"]) == PlanItem.objects.count()
    assert data["plan_digest"] == {"active": True, "last_sent_week": None}


def test_deleting_the_account_deletes_its_plans_and_digest(signed_in, user, report):
    adopt(signed_in, report)
    plan_services.digest_subscription_set(user=user, active=True)

    signed_in.post(reverse("assessment:account-delete"), {"password": "x"})

    assert (LearningPlan.objects.count(), PlanItem.objects.count()) == (0, 0)
    assert not get_user_model().objects.filter(username="ada").exists()


def test_deleting_the_adopted_report_keeps_the_plan(signed_in, report):
    adopt(signed_in, report)

    signed_in.post(reverse("assessment:report-delete", kwargs={"pk": report.pk}))

    plan = LearningPlan.objects.get()
    assert (plan.source_report_id, plan.items.count() > 0) == (None, True)
    assert signed_in.get(plan_url(plan)).status_code == 200


def test_re_check_copies_answers_not_just_skills(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    key = finish_one_skill(signed_in, plan)

    signed_in.post(plan_url(plan, "assessment:plan-recheck"), {key: "2"})

    new = Report.objects.exclude(pk=report.pk).get()
    kinds = set(Answer.objects.filter(assessment=new.assessment).values_list("kind", flat=True))
    assert kinds == {"skill", "duty", "education"}
    assert new.assessment.completed_steps == [step.slug for step in questionnaire_get().steps]


def test_the_plan_page_lists_what_is_overdue(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    start = timezone.localdate() - timedelta(weeks=20)
    LearningPlan.objects.filter(pk=plan.pk).update(started_on=start, baseline_on=start)
    first = plan.items.order_by("position").first()
    due = start + timedelta(weeks=-(-first.hours // 5), days=-1)

    page = signed_in.get(plan_url(plan))

    overdue = page.context["page"].overdue
    assert overdue[0].item == first
    assert f'<a href="#item-{first.pk}">{first.title}</a>, due {due.day} {due:%b %Y}' in page.text
    assert all(row.scheduled.due_on < timezone.localdate() for row in overdue)


def test_the_plan_page_says_certification_hours_are_outside_the_reports_date(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    certification_hours = sum(plan.items.filter(kind="certification").values_list("hours", flat=True))

    page = signed_in.get(plan_url(plan))

    assert certification_hours > 0
    assert f"include {certification_hours} h of certification preparation" in page.text


def test_a_refused_item_update_shows_what_was_typed_and_saves_nothing(signed_in, report):
    adopt(signed_in, report)
    item = LearningPlan.objects.get().items.first()

    response = mark(signed_in, item, "done", note="My long note <kept>", evidence_url="ftp://files.example.org/x")

    item.refresh_from_db()
    assert (response.status_code, item.status, item.note) == (400, "todo", "")
    assert f"“{item.title}” was not saved" in response.text.replace("&#x27;", "'")
    assert ">My long note &lt;kept&gt;</textarea>" in response.text
    assert 'value="ftp://files.example.org/x"' in response.text
    assert "An evidence link must be a full address starting with https://." in response.text


def test_without_a_report_for_the_target_no_re_check_is_offered(signed_in, report):
    adopt(signed_in, report)
    plan = LearningPlan.objects.get()
    finish_one_skill(signed_in, plan)
    signed_in.post(reverse("assessment:report-delete", kwargs={"pk": report.pk}))

    page = signed_in.get(plan_url(plan))

    assert page.context["page"].recheck_due == ()
    assert 'data-testid="recheck-due"' not in page.text
    assert signed_in.get(plan_url(plan, "assessment:plan-recheck"))["Location"] == plan_url(plan)
