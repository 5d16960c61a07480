import secrets

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessment import selectors, services
from assessment.forms import StartForm, StepForm, unexpected_fields
from assessment.limits import limit_anonymous_starts

ANONYMOUS_TOKEN_SESSION_KEY = "candidate_token"  # noqa: S105 (a session key name, not a secret)


def anonymous_token_get(request, *, create: bool = False) -> str | None:
    """The random token that ties an anonymous candidate's rows to their browser session."""
    token = request.session.get(ANONYMOUS_TOKEN_SESSION_KEY)
    if token is None and create and not request.user.is_authenticated:
        token = secrets.token_urlsafe(32)
        request.session[ANONYMOUS_TOKEN_SESSION_KEY] = token
    return token


def candidate(request) -> dict:
    """Who is asking, in the form the access helpers take."""
    return {"user": request.user, "anonymous_token": anonymous_token_get(request)}


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
            return redirect("assessment:resume", pk=assessment.pk)
    else:
        initial = {"role": request.GET.get("role"), "seniority": request.GET.get("seniority", "mid")}
        form = StartForm(initial=initial, can_prefill=latest is not None)
    context = {"form": form, "in_progress": selectors.assessments_in_progress(**candidate(request))}
    return render(request, "assessment/start.html", context, status=400 if form.errors else 200)


@require_GET
def resume(request, pk):
    assessment = selectors.assessment_get_for_candidate(**candidate(request), pk=pk)
    if assessment.is_completed:
        return redirect("assessment:report", pk=assessment.report.pk)
    questionnaire = selectors.questionnaire_get()
    answered = set(selectors.answers_get(assessment=assessment))
    # Everything answered but not finished happens on a retake: review from the start.
    step = _first_incomplete_step(questionnaire, answered, assessment) or questionnaire.steps[0]
    return redirect("assessment:step", pk=assessment.pk, slug=step.slug)


@require_http_methods(["GET", "POST"])
def step(request, pk, slug):
    assessment = selectors.assessment_get_for_candidate(**candidate(request), pk=pk)
    if assessment.is_completed:
        messages.info(request, "This assessment is complete; here is its report.")
        return redirect("assessment:report", pk=assessment.report.pk)
    questionnaire = selectors.questionnaire_get()
    current = questionnaire.step(slug)
    saved = selectors.answers_get(assessment=assessment)
    if request.method == "GET":
        form = StepForm(step=current, initial=_initial(current, saved, assessment))
        return _render_step(request, assessment, questionnaire, current, form, saved)

    going_back = request.POST.get("nav") == "back"
    form = StepForm(request.POST, step=current, require_all=not going_back)
    problems = unexpected_fields(data=request.POST, form=form)
    if problems or not form.is_valid():
        return _render_step(request, assessment, questionnaire, current, form, saved, problems=problems, status=400)
    services.answers_save(
        assessment=assessment, step=current, cleaned_data=form.cleaned_data, ratings=form.answered_ratings
    )
    return _redirect_after_save(request, assessment, questionnaire, current, going_back=going_back)


def _redirect_after_save(request, assessment, questionnaire, current, *, going_back: bool):
    index = questionnaire.index(current.slug)
    if going_back:
        return redirect("assessment:step", pk=assessment.pk, slug=questionnaire.steps[max(index - 1, 0)].slug)
    if index + 1 < len(questionnaire.steps):
        return redirect("assessment:step", pk=assessment.pk, slug=questionnaire.steps[index + 1].slug)
    answered = set(selectors.answers_get(assessment=assessment))
    missing = _first_incomplete_step(questionnaire, answered, assessment)
    if missing is not None:
        messages.warning(request, f"Almost there: “{missing.title}” still has unanswered questions.")
        return redirect("assessment:step", pk=assessment.pk, slug=missing.slug)
    report = services.assessment_complete(assessment=assessment, questionnaire=questionnaire)
    return redirect("assessment:report", pk=report.pk)


def _first_incomplete_step(questionnaire, answered, assessment):
    return next(
        (
            s
            for s in questionnaire.steps
            if not s.is_complete(answered=answered, completed_steps=assessment.completed_steps)
        ),
        None,
    )


def _initial(step, saved: dict, assessment) -> dict:
    initial = {q.key: saved[(q.kind, q.key)] for q in step.questions if (q.kind, q.key) in saved}
    if step.kind == selectors.STEP_KIND_EDUCATION:
        initial["certifications"] = sorted(selectors.held_certification_slugs(assessment=assessment))
    if step.kind == selectors.STEP_KIND_EXPERIENCE:
        initial |= {
            "years_experience": assessment.years_experience,
            "shipped_projects": assessment.shipped_projects,
            "portfolio_url": assessment.portfolio_url,
        }
    return initial


def _render_step(request, assessment, questionnaire, current, form, saved, *, problems=(), status=200):
    answered = set(saved)
    steps = [
        {"step": s, "complete": s.is_complete(answered=answered, completed_steps=assessment.completed_steps)}
        for s in questionnaire.steps
    ]
    answered_count = sum(1 for s in questionnaire.steps for q in s.questions if (q.kind, q.key) in answered)
    index = questionnaire.index(current.slug)
    context = {
        "assessment": assessment,
        "step": current,
        "steps": steps,
        "step_number": index + 1,
        "step_count": len(questionnaire.steps),
        "is_first": index == 0,
        "is_last": index == len(questionnaire.steps) - 1,
        "answered_count": answered_count,
        "question_count": questionnaire.question_count,
        "percent_answered": round(100 * answered_count / questionnaire.question_count)
        if questionnaire.question_count
        else 0,
        "form": form,
        "problems": problems,
    }
    return render(request, "assessment/step.html", context, status=status)
