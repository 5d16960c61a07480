"""The public, read-only catalogue pages. Every read goes through career.selectors."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from career import selectors
from career.models import Role


@require_safe
def home(request):
    return render(request, "career/home.html", {"figures": selectors.catalogue_figures()})


@require_safe
def role_list(request):
    return render(request, "career/role_list.html", {"roles": selectors.role_list()})


@require_safe
def role_detail(request, slug):
    try:
        role = selectors.role_get(slug=slug)
    except Role.DoesNotExist:
        context = {"slug": slug, "roles": selectors.role_list()}
        return render(request, "career/role_not_found.html", context, status=404)
    context = {
        "role": role,
        "requirements": selectors.role_requirements(role=role),
        "next_moves": selectors.role_next_moves(role=role, steps=selectors.career_step_list()),
    }
    return render(request, "career/role_detail.html", context)


@require_safe
def skill_list(request):
    return render(request, "career/skill_list.html", {"categories": selectors.skill_category_list()})


@require_safe
def duty_list(request):
    return render(request, "career/duty_list.html", {"duties": selectors.duty_list()})


@require_safe
def certification_list(request):
    active, retired = selectors.split_by_status(selectors.certification_list())
    return render(request, "career/certification_list.html", {"active": active, "retired": retired})


@require_safe
def roadmap(request):
    return render(request, "career/roadmap.html", {"phases": selectors.roadmap()})


@require_safe
def career_path(request):
    context = {
        "tracks": selectors.career_ladder(steps=selectors.career_step_list()),
        "salary_bands": selectors.salary_band_list(),
    }
    return render(request, "career/career_path.html", context)


@require_safe
def outlook(request):
    return render(request, "career/outlook.html", {"outlook": selectors.outlook()})


@require_safe
def kpi_list(request):
    return render(request, "career/kpi_list.html", {"kpis": selectors.kpi_list()})


@require_safe
def faq(request):
    return render(request, "career/faq.html", {"entries": selectors.faq_list()})
