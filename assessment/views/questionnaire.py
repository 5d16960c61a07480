"""The questionnaire: start, resume, and one page per step. The flow itself is assessment/questionnaire.py."""

import json

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessment import knowledge_check, selectors, services
from assessment import questionnaire as flow
from assessment.forms import (
    CheckAnswerForm,
    ReviewStepForm,
    StartForm,
    StepForm,
    review_unexpected_fields,
    unexpected_fields,
)
from assessment.limits import limit_anonymous_starts
from assessment.views import anonymous_token_get, candidate
from career import selectors as catalogue


@require_http_methods(["GET", "POST"])
@limit_anonymous_starts
def start(request):
    latest = selectors.latest_completed_assessment(user=request.user)
    if request.method == "POST":
        form = StartForm(request.POST, can_prefill=latest is not None)
        if form.is_valid():
            assessment = services.assessment_start(
                user=request.user,
                anonymous_token=anonymous_token_get(request, create=True),
                role=form.cleaned_data["role"],
                seniority=form.cleaned_data["seniority"],
                prefill_from=latest if form.cleaned_data.get("prefill") else None,
            )
            if form.cleaned_data.get("prefill"):
                return redirect("assessment:review", pk=assessment.pk)  # every answer on one page
            return redirect("assessment:resume", pk=assessment.pk)
    else:
        initial = {"role": request.GET.get("role"), "seniority": request.GET.get("seniority", "mid")}
        form = StartForm(initial=initial, can_prefill=latest is not None)
    context = {
        "form": form,
        "in_progress": selectors.assessments_in_progress(**candidate(request)),
        # The choices as cards: each role with its typical seniority, each seniority with its pay and years.
        "roles": list(catalogue.role_list()),
        "seniorities": catalogue.seniority_choice_list(),
        "retention_days": settings.ANONYMOUS_RETENTION_DAYS,
    }
    return render(request, "assessment/start.html", context, status=400 if form.errors else 200)


@require_GET
def resume(request, pk):
    assessment = selectors.assessment_get_for_candidate(**candidate(request), pk=pk)
    if assessment.is_completed:
        return redirect("assessment:report", pk=assessment.report.pk)
    questionnaire = selectors.questionnaire_get()
    optional = selectors.optional_questions(questionnaire=questionnaire, assessment=assessment)
    step = flow.resume_at(questionnaire, selectors.answers_of(assessment=assessment, optional=optional))
    if step is None:  # everything answered but not finished: check it all on one page
        return redirect("assessment:review", pk=assessment.pk)
    return redirect("assessment:step", pk=assessment.pk, slug=step.slug)


@require_http_methods(["GET", "POST"])
def review(request, pk):
    """Every answer on one page, for a retake or a pre-filled assessment: change what moved, then finish."""
    assessment = selectors.assessment_get_for_candidate(**candidate(request), pk=pk)
    if assessment.is_completed:
        messages.info(request, "This assessment is complete; here is its report.")
        return redirect("assessment:report", pk=assessment.report.pk)
    questionnaire = selectors.questionnaire_get()
    optional = selectors.optional_questions(questionnaire=questionnaire, assessment=assessment)
    answers = selectors.answers_of(assessment=assessment, optional=optional)
    steps = _answer_steps(questionnaire)
    if request.method == "GET":
        initial = {s.slug: selectors.step_initial(step=s, answers=answers, assessment=assessment) for s in steps}
        forms = {s.slug: ReviewStepForm(step=s, initial=initial[s.slug], optional=optional) for s in steps}
        return _render_review(request, assessment, questionnaire, forms, answers, shown=initial)

    forms = {s.slug: ReviewStepForm(request.POST, step=s, optional=optional) for s in steps}
    problems = review_unexpected_fields(data=request.POST, forms_by_step=forms)
    if problems or not all(form.is_valid() for form in forms.values()):
        shown = {slug: getattr(form, "shown", None) for slug, form in forms.items()}
        return _render_review(
            request, assessment, questionnaire, forms, answers, shown=shown, problems=problems, status=400
        )
    saved = services.answers_review_save(
        assessment=assessment,
        steps=[(s, forms[s.slug].cleaned_data, forms[s.slug].answered_ratings, forms[s.slug].shown) for s in steps],
        optional=optional,
    )
    if saved.conflicts:
        shown = {s.slug: selectors.step_initial(step=s, answers=saved.answers, assessment=assessment) for s in steps}
        return _render_review(
            request, assessment, questionnaire, forms, saved.answers, shown=shown, conflicts=saved.conflicts, status=409
        )
    unfinished = questionnaire.first_incomplete(saved.answers)
    if unfinished is not None:  # a step the review page does not hold still waits
        return redirect("assessment:step", pk=assessment.pk, slug=unfinished.slug)
    report = services.assessment_complete(assessment=assessment, questionnaire=questionnaire, answers=saved.answers)
    return redirect("assessment:report", pk=report.pk)


def _answer_steps(questionnaire) -> list:
    """The steps whose answers the review page holds: ratings, education and experience."""
    kinds = (flow.KIND_RATINGS, flow.KIND_EDUCATION, flow.KIND_EXPERIENCE)
    return [step for step in questionnaire.steps if step.kind in kinds]


@require_http_methods(["GET", "POST"])
def step(request, pk, slug):
    assessment = selectors.assessment_get_for_candidate(**candidate(request), pk=pk)
    if assessment.is_completed:
        messages.info(request, "This assessment is complete; here is its report.")
        return redirect("assessment:report", pk=assessment.report.pk)
    questionnaire = selectors.questionnaire_get()
    try:
        current = questionnaire.step(slug)
    except LookupError as error:
        raise Http404("No such questionnaire step.") from error
    optional = selectors.optional_questions(questionnaire=questionnaire, assessment=assessment)
    if current.kind == flow.KIND_CHECK:
        return _check_step(request, assessment, questionnaire, current, optional)
    if request.method == "GET":
        answers = selectors.answers_of(assessment=assessment, optional=optional)
        initial = selectors.step_initial(step=current, answers=answers, assessment=assessment)
        form = StepForm(step=current, initial=initial, optional=optional)
        return _render_step(request, assessment, questionnaire, current, form, answers, shown=initial)

    going_back = request.POST.get("nav") == "back"
    form = StepForm(request.POST, step=current, require_all=not going_back, optional=optional)
    problems = unexpected_fields(data=request.POST, form=form)
    if problems or not form.is_valid():
        answers = selectors.answers_of(assessment=assessment, optional=optional)
        context = {"problems": problems, "shown": getattr(form, "shown", None), "status": 400}
        return _render_step(request, assessment, questionnaire, current, form, answers, **context)
    saved = services.answers_save(
        assessment=assessment,
        step=current,
        cleaned_data=form.cleaned_data,
        ratings=form.answered_ratings,
        shown=form.shown,
        optional=optional,
    )
    if saved.conflicts:
        context = {"conflicts": saved.conflicts, "shown": saved.stored, "status": 409}
        return _render_step(request, assessment, questionnaire, current, form, saved.answers, **context)
    return _move_on(request, assessment, questionnaire, current, saved.answers, going_back=going_back)


def _move_on(request, assessment, questionnaire, current, answers, *, going_back: bool):
    """After a saved step: the next page, or the report when every step is complete."""
    move = flow.move_after_save(questionnaire, current, answers, going_back=going_back)
    if move.to is None:
        report = services.assessment_complete(assessment=assessment, questionnaire=questionnaire, answers=answers)
        return redirect("assessment:report", pk=report.pk)
    if move.back_to_unfinished:
        messages.warning(request, f"Almost there: “{move.to.title}” still has unanswered questions.")
    return redirect("assessment:step", pk=assessment.pk, slug=move.to.slug)


CHECK_PROBLEMS = {
    services.CHECK_INVALID: (400, "That answer does not belong to the question shown, so nothing was stored."),
    services.CHECK_ALREADY_ANSWERED: (409, "That question was already answered: the first answer stands."),
}


def _check_step(request, assessment, questionnaire, current, optional):
    """The knowledge check: its offer, one item at a time, and the way on once it is finished or skipped."""
    nav = request.POST.get("nav") if request.method == "POST" else None
    if request.method == "GET":
        return _render_check(request, assessment, questionnaire, current, optional)
    if nav == "back":
        return redirect("assessment:step", pk=assessment.pk, slug=questionnaire.before(current).slug)
    if nav == "start":
        assessment = services.check_start(assessment=assessment)
    elif nav == "skip":
        assessment = services.check_stop(assessment=assessment)
    elif nav == "answer":
        form = CheckAnswerForm(request.POST)
        if not form.is_valid():
            problems = list(dict.fromkeys(error for errors in form.errors.values() for error in errors))
            return _render_check(request, assessment, questionnaire, current, optional, problems=problems, status=400)
        outcome, assessment = services.check_answer(
            assessment=assessment, item_id=form.cleaned_data["item"], option_id=form.cleaned_data["option"]
        )
        if outcome in CHECK_PROBLEMS:
            status, problem = CHECK_PROBLEMS[outcome]
            return _render_check(
                request, assessment, questionnaire, current, optional, problems=[problem], status=status
            )
    else:
        problem = "Use the buttons on the page to start, answer or skip the check."
        return _render_check(request, assessment, questionnaire, current, optional, problems=[problem], status=400)
    if not assessment.check_done:
        return redirect("assessment:step", pk=assessment.pk, slug=current.slug)
    answers = selectors.answers_of(assessment=assessment, optional=optional)
    return _move_on(request, assessment, questionnaire, current, answers, going_back=False)


def _render_check(request, assessment, questionnaire, current, optional, *, problems=(), status=200):
    answers = selectors.answers_of(assessment=assessment, optional=optional)
    if not assessment.check_status:  # not started: what the check would ask
        ratings = selectors.check_skill_ratings(answers.ratings)
        planned = knowledge_check.skills_to_check(selectors.check_requirements_get(assessment=assessment), ratings)
        standing, question = selectors.CheckStanding(answered=0, pending=None), None
    else:
        planned = selectors.check_plan_of(assessment=assessment)
        standing = selectors.check_standing_get(assessment=assessment) if not assessment.check_done else None
        question = (
            selectors.check_question_get(standing=standing, plan=planned, questionnaire=questionnaire)
            if standing
            else None
        )
    most = knowledge_check.max_items(planned)
    check = {
        "status": assessment.check_status,
        "planned": planned,
        "max_items": most,
        "minutes": knowledge_check.minutes_estimate(planned),
        "question": question,
        "answered": standing.answered if standing else 0,
    }
    context = {"problems": problems, "status": status, "extra": {"check": check}}
    return _render_step(request, assessment, questionnaire, current, None, answers, **context)


def _render_step(
    request,
    assessment,
    questionnaire,
    current,
    form,
    answers,
    *,
    shown=None,
    problems=(),
    conflicts=(),
    status=200,
    extra=None,
):
    progress = questionnaire.progress(answers)
    role_name, seniority_name = selectors.target_names(questionnaire=questionnaire, assessment=assessment)
    context = {
        "assessment": assessment,
        "role_name": role_name,
        "seniority_name": seniority_name,
        # Scored against a job ad: the step names the ad (optional_questions has already read it).
        "job_ad_heading": assessment.job_ad.heading if assessment.job_ad_id else None,
        "step": current,
        "steps": [
            {"step": step, "complete": complete}
            for step, complete in zip(questionnaire.steps, progress.complete, strict=True)
        ],
        "step_number": questionnaire.index(current.slug) + 1,
        "step_count": len(questionnaire.steps),
        "is_first": questionnaire.is_first(current),
        "is_last": questionnaire.is_last(current),
        "answered_count": progress.answered,
        "question_count": progress.questions,
        "percent_answered": progress.percent,
        "form": form,
        "optional_count": sum(1 for question in current.questions if answers.is_optional(question)),
        # What the page shows, sent back with the answers so that only changes are saved.
        "shown": json.dumps(shown, sort_keys=True) if shown is not None else None,
        "problems": problems,
        "conflicts": conflicts,
        **(extra or {}),
    }
    return render(request, "assessment/step.html", context, status=status)


def _render_review(request, assessment, questionnaire, forms, answers, *, shown, problems=(), conflicts=(), status=200):
    progress = questionnaire.progress(answers)
    context = {
        "assessment": assessment,
        "sections": [
            {
                "step": s,
                "form": forms[s.slug],
                "shown": json.dumps(shown[s.slug], sort_keys=True) if shown.get(s.slug) is not None else None,
            }
            for s in _answer_steps(questionnaire)
        ],
        "answered_count": progress.answered,
        "question_count": progress.questions,
        "problems": problems,
        "conflicts": conflicts,
        "has_errors": any(form.errors for form in forms.values()),
    }
    return render(request, "assessment/review.html", context, status=status)
