"""Learning plans: adopt one from a report, work through it, re-check finished skills, export it as a calendar.

Plans need an account: every view asks through `signed_in_owner`, so an anonymous visitor owns none.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessment import charts, knowledge_check, plan_selectors, plan_services, selectors
from assessment.forms import DigestForm, PlanItemForm, PlanPaceForm, StepForm, unexpected_fields
from assessment.ical import plan_calendar
from assessment.limits import limit_lookup_misses
from assessment.questionnaire import KIND_CHECK, RatingStep
from assessment.views import attachment, signed_in_owner


@login_required
@require_POST
@limit_lookup_misses
def plan_adopt(request, pk):
    report = selectors.report_get_for_candidate(**signed_in_owner(request), pk=pk)
    try:
        adoption = plan_services.plan_adopt(user=request.user, report=report, today=timezone.localdate())
    except plan_services.OlderReport as error:
        messages.info(request, f"{error} Adopt from that report, or a newer one, to change the plan.")
        plan = plan_selectors.plan_for_target_get(
            user=request.user, role_slug=report.role_slug, seniority_slug=report.seniority_slug
        )
        return redirect("assessment:plan", pk=plan.pk)
    if adoption.created:
        messages.success(request, f"Plan adopted: {adoption.added} items, each kept as this report proposed it.")
    else:
        messages.success(
            request,
            f"Plan updated from this report: {adoption.added} new items; {adoption.dropped} untouched items it no "
            "longer proposes removed; done items stay done, notes are kept.",
        )
    return redirect("assessment:plan", pk=adoption.plan.pk)


@login_required
@require_GET
def plan_list(request):
    context = {
        "plans": plan_selectors.plan_list_for_user(user=request.user),
        "digest_form": DigestForm(initial={"active": plan_selectors.digest_active(user=request.user)}),
    }
    return render(request, "assessment/plan/list.html", context)


def _plan_page(request, plan, *, pace_form=None, item_forms=None, status=200):
    page = plan_selectors.plan_page_get(plan=plan, today=timezone.localdate())
    forms = item_forms or {}
    context = {
        "page": page,
        "plan": plan,
        "rows": [{"row": row, "form": forms.get(row.item.pk)} for row in page.rows],
        "pace_form": pace_form or PlanPaceForm(initial={"hours_per_week": plan.hours_per_week}),
        "chart": charts.burndown(page.schedule.burndown) if page.schedule.burndown else None,
    }
    return render(request, "assessment/plan/detail.html", context, status=status)


@login_required
@require_GET
@limit_lookup_misses
def plan_detail(request, pk):
    plan = plan_selectors.plan_get_for_owner(**signed_in_owner(request), pk=pk)
    return _plan_page(request, plan)


@login_required
@require_POST
@limit_lookup_misses
def plan_pace(request, pk):
    plan = plan_selectors.plan_get_for_owner(**signed_in_owner(request), pk=pk)
    form = PlanPaceForm(request.POST)
    if not form.is_valid():
        return _plan_page(request, plan, pace_form=form, status=400)
    plan_services.plan_pace_set(plan=plan, hours_per_week=form.cleaned_data["hours_per_week"])
    messages.success(request, f"Pace set to {plan.hours_per_week} hours a week; the weeks and dates follow it.")
    return redirect("assessment:plan", pk=plan.pk)


@login_required
@require_POST
@limit_lookup_misses
def plan_item_update(request, pk, item_id):
    item = plan_selectors.plan_item_get_for_owner(**signed_in_owner(request), plan_pk=pk, pk=item_id)
    today = timezone.localdate()
    form = PlanItemForm(request.POST, today=today)
    if not form.is_valid():
        messages.error(request, f"“{item.title}” was not saved: see the message next to it.")
        return _plan_page(request, item.plan, item_forms={item.pk: form}, status=400)
    plan_services.plan_item_update(item=item, today=today, **form.cleaned_data)
    messages.success(request, f"“{item.title}”: {item.get_status_display().lower()}.")
    return redirect(reverse("assessment:plan", kwargs={"pk": item.plan_id}) + f"#item-{item.pk}")


@login_required
@require_GET
@limit_lookup_misses
def plan_ics(request, pk):
    plan = plan_selectors.plan_get_for_owner(**signed_in_owner(request), pk=pk)
    page = plan_selectors.plan_page_get(plan=plan, today=timezone.localdate())
    content = plan_calendar(page=page, stamp=timezone.now())
    filename = f"learning-plan-{plan.role_slug}-{plan.seniority_slug}.ics"
    return attachment(content, content_type="text/calendar; charset=utf-8", filename=filename)


RECHECK_FINISHES = {"report", "check"}  # the re-check page's two buttons: re-rating alone, or with the check


@login_required
@require_http_methods(["GET", "POST"])
@limit_lookup_misses
def plan_recheck(request, pk):
    plan = plan_selectors.plan_get_for_owner(**signed_in_owner(request), pk=pk)
    page = plan_selectors.plan_page_get(plan=plan, today=timezone.localdate())
    questionnaire = selectors.questionnaire_get()
    questions = plan_selectors.recheck_questions(questionnaire=questionnaire, skills=page.recheck_due)
    if page.latest_report is None or not questions:
        messages.info(request, "No skill is ready for a re-check: finish every item of a skill first.")
        return redirect("assessment:plan", pk=plan.pk)
    step = RatingStep(slug="recheck", title="Re-check", intro="", questions=questions)
    ratings = {q.key: r for q in questions if (r := page.ratings.get(q.key)) is not None}
    form = StepForm(request.POST if request.method == "POST" else None, step=step, initial=ratings)
    finish = request.POST.get("nav", "report")
    problems = _recheck_problems(request, form, finish)
    if request.method == "POST" and not problems and form.is_valid():
        return _recheck_save(request, plan, page, form.answered_ratings, questionnaire, with_check=finish == "check")
    requirements = selectors.check_requirements_for_target(role_slug=plan.role_slug, seniority_slug=plan.seniority_slug)
    offer = plan_selectors.recheck_check_offer(requirements=requirements, skills=page.recheck_due, ratings=page.ratings)
    most = knowledge_check.max_items(offer)
    context = {
        **{"plan": plan, "form": form, "problems": problems, "latest": page.latest_report},
        "due": [(skill, page.ratings.get(skill.key, 0)) for skill in page.recheck_due],
        "check": {"planned": offer, "max_items": most, "minutes": knowledge_check.minutes_estimate(offer)},
        "under_way": plan_selectors.check_under_way_for_plan(plan=plan),
    }
    return render(request, "assessment/plan/recheck.html", context, status=400 if form.is_bound else 200)


def _recheck_problems(request, form, finish: str) -> list[str]:
    if request.method != "POST":
        return []
    problems = unexpected_fields(data=request.POST, form=form)
    if finish not in RECHECK_FINISHES:
        problems.append(f"an unknown way to finish “{finish}”")
    return problems


def _recheck_save(request, plan, page, ratings, questionnaire, *, with_check: bool):
    """The re-rating as a new report at once, or an assessment whose knowledge check of those skills comes next."""
    latest = page.latest_report
    try:
        if not with_check:
            report = plan_services.plan_recheck_complete(
                plan=plan, latest=latest, ratings=ratings, questionnaire=questionnaire
            )
            messages.success(request, "Re-check saved as a new report: your plan shows what moved.")
            return redirect("assessment:report", pk=report.pk)
        started = plan_services.plan_recheck_check_start(
            plan=plan, latest=latest, ratings=ratings, questionnaire=questionnaire
        )
    except plan_services.RecheckTargetGone as error:
        messages.error(request, f"{error} Nothing was saved.")
        return redirect("assessment:plan", pk=plan.pk)
    if started.report is not None:
        messages.info(
            request,
            "None of these skills can be checked (a skill rated 0 has no claim to check), "
            "so the re-rating was saved as a new report on its own.",
        )
        return redirect("assessment:report", pk=started.report.pk)
    messages.success(
        request, "Ratings saved. Now the knowledge check of those skills; finishing it makes the new report."
    )
    check = next(step for step in questionnaire.steps if step.kind == KIND_CHECK)
    return redirect("assessment:step", pk=started.assessment.pk, slug=check.slug)


@login_required
@require_POST
def digest_settings(request):
    form = DigestForm(request.POST)
    form.is_valid()  # a checkbox: anything but "on" means off
    active = form.cleaned_data.get("active", False)
    plan_services.digest_subscription_set(user=request.user, active=active)
    if active:
        messages.success(
            request, "You will get a weekly digest of your plans by email. Each one has an unsubscribe link."
        )
    else:
        messages.success(request, "Weekly digest turned off: no more emails about your plans.")
    return redirect("assessment:plan-list")
