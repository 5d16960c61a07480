"""Job ads: paste or upload one, adjust the target built from it, and be scored against it."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from assessment import job_ads
from assessment.forms import JobAdForm, JobAdItemsForm, job_ad_unexpected_fields
from assessment.limits import limit_anonymous_starts
from assessment.views import anonymous_token_get, candidate


@require_http_methods(["GET", "POST"])
@limit_anonymous_starts
def job_ad_new(request):
    form = JobAdForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job_ad = job_ads.job_ad_create(
                user=request.user,
                anonymous_token=anonymous_token_get(request, create=True),
                title=form.cleaned_data["title"],
                company=form.cleaned_data["company"],
                text=form.cleaned_data["ad_text"],
                keep_text=form.cleaned_data["keep_text"],
            )
        except job_ads.NothingRecognised as error:
            form.add_error(None, f"{error} Nothing was saved. Check that you pasted the requirements.")
        else:
            return redirect("assessment:job-ad", pk=job_ad.pk)
    context = {"form": form, "job_ads": job_ads.job_ad_list(**candidate(request))}
    return render(request, "assessment/job_ad_new.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def job_ad_detail(request, pk):
    job_ad = job_ads.job_ad_get_for_candidate(**candidate(request), pk=pk)
    if request.method == "POST" and request.POST.get("action") == "reset":
        job_ads.job_ad_reset(job_ad=job_ad)
        messages.success(request, "The target is back to what the ad asks for.")
        return redirect("assessment:job-ad", pk=job_ad.pk)
    form = JobAdItemsForm(request.POST or None, items=job_ad.items)
    problems = job_ad_unexpected_fields(data=request.POST, form=form) if request.method == "POST" else []
    if request.method == "POST" and not problems and form.is_valid():
        job_ads.job_ad_items_save(job_ad=job_ad, changes=form.changes)
        messages.success(request, "Your changes to the target are saved.")
        return redirect("assessment:job-ad", pk=job_ad.pk)
    context = {
        "job_ad": job_ad,
        "form": form,
        "problems": problems,
        "latest": job_ads.latest_completed_for_candidate(**candidate(request)),
        "reports": job_ads.job_ad_reports(job_ad=job_ad),
        "kept": sum(1 for item in job_ad.items if not item.get("removed")),
    }
    return render(request, "assessment/job_ad_detail.html", context, status=400 if request.method == "POST" else 200)


@require_POST
def job_ad_score(request, pk):
    job_ad = job_ads.job_ad_get_for_candidate(**candidate(request), pk=pk)
    if not any(not item.get("removed") for item in job_ad.items):
        messages.error(request, "Keep at least one requirement to be scored against.")
        return redirect("assessment:job-ad", pk=job_ad.pk)
    latest = job_ads.latest_completed_for_candidate(**candidate(request))
    if request.POST.get("answers") == "latest" and latest is not None:
        report = job_ads.job_ad_score(job_ad=job_ad, answers_from=latest)
        return redirect("assessment:report", pk=report.pk)
    assessment = job_ads.job_ad_assessment_start(
        job_ad=job_ad, user=request.user, anonymous_token=anonymous_token_get(request, create=True)
    )
    return redirect("assessment:resume", pk=assessment.pk)


@require_POST
def job_ad_delete(request, pk):
    job_ad = job_ads.job_ad_get_for_candidate(**candidate(request), pk=pk)
    job_ads.job_ad_delete(job_ad=job_ad)
    messages.success(request, f"The job ad “{job_ad.heading}” was deleted; reports scored against it are kept.")
    return redirect("assessment:job-ad-new")
