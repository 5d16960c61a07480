from html import escape

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from career.enums import OPTIONS_MAX
from career.models import (
    Alias,
    CareerStep,
    Certification,
    CertificationProvider,
    CertificationSkill,
    Concept,
    ConceptRule,
    Duty,
    DutyRequirement,
    DutyScope,
    EducationRequirement,
    FaqEntry,
    GrowthProjection,
    Industry,
    KnowledgeCheckItem,
    KnowledgeCheckOption,
    Kpi,
    MarketTrend,
    PayFactor,
    Qualification,
    QualificationLevel,
    RequirementProfile,
    RoadmapAction,
    RoadmapPhase,
    Role,
    SalaryBand,
    SeniorityLevel,
    Skill,
    SkillCategory,
    SkillLevel,
    SkillRequirement,
)
from career.revision import catalogue_revision
from tests import factories

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

CATALOGUE_MODELS = sorted(apps.get_app_config("career").get_models(), key=lambda model: model.__name__)
SENIORITIES = ["junior", "mid", "senior", "lead"]


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:career_{model._meta.model_name}_{view}", args=args)


def form_data(response) -> dict:
    """The POST data a browser would send back unchanged from an admin change form and its inlines."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    for form in forms:
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[bound.html_name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


# --- Every model, every page ----------------------------------------------------------------


def test_admin_registers_every_catalogue_model():
    unregistered = [model.__name__ for model in CATALOGUE_MODELS if not admin.site.is_registered(model)]

    assert unregistered == []
    assert len(CATALOGUE_MODELS) == 31


@pytest.mark.parametrize("model", CATALOGUE_MODELS, ids=lambda model: model.__name__)
def test_changelist_lists_every_row(admin_client, model):
    response = admin_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200
    assert response.context["cl"].result_count == model.objects.count()
    assert response.context["cl"].result_count > 0
    assert f"Select {model._meta.verbose_name} to change" in response.text


@pytest.mark.parametrize("model", CATALOGUE_MODELS, ids=lambda model: model.__name__)
def test_add_form_loads(admin_client, model):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == 200
    assert f"Add {model._meta.verbose_name}" in response.text
    assert response.context["adminform"].form.instance.pk is None


@pytest.mark.parametrize("model", CATALOGUE_MODELS, ids=lambda model: model.__name__)
def test_change_form_loads(admin_client, model):
    obj = model.objects.order_by("pk").first()

    response = admin_client.get(admin_url(model, "change", obj.pk))

    assert response.status_code == 200
    assert f"Change {model._meta.verbose_name}" in response.text
    assert escape(str(obj)) in response.text
    assert response.context["adminform"].form.instance == obj


# --- Change lists: the columns that matter, without N+1 queries ------------------------------------


def test_role_changelist_shows_profile_count_per_role(admin_client):
    response = admin_client.get(admin_url(Role, "changelist"))

    rows = [(role.name, role.experience_range, role.profile_count) for role in response.context["cl"].result_list]
    assert rows == [
        ("AI Engineer", "Mid-level", 4),
        ("Machine Learning Engineer", "Junior to Senior", 4),
        ("Deep Learning Engineer", "Mid-level to Senior", 4),
        ("AI Developer", "Junior", 4),
        ("ML Platform Engineer", "Senior", 4),
        ("AI Systems Engineer", "Mid-level", 4),
        ("NLP Engineer", "Mid-level to Senior", 4),
        ("Computer Vision Engineer", "Mid-level to Senior", 4),
        ("MLOps Engineer", "Senior", 4),
        ("Robotics AI Engineer", "Mid-level to Senior", 4),
        ("Conversational AI Engineer", "Mid-level", 4),
    ]
    assert '<td class="field-profile_count">4</td>' in response.text


def test_certification_changelist_shows_provider_and_covered_skill_count(admin_client):
    expected = [
        (
            certification.name,
            certification.provider.name,
            CertificationSkill.objects.filter(certification=certification).count(),
        )
        for certification in Certification.objects.select_related("provider").order_by("provider__name", "name")
    ]

    response = admin_client.get(admin_url(Certification, "changelist"))

    rows = [(c.name, c.provider.name, c.covered_skill_count) for c in response.context["cl"].result_list]
    assert rows == expected
    assert len(rows) == 12
    assert {provider for _, provider, _ in rows} == {"Amazon Web Services (AWS)", "Google", "IBM"}


def test_profile_changelist_filters_by_role_and_seniority(admin_client):
    url = admin_url(RequirementProfile, "changelist")
    role = Role.objects.get(slug="nlp-engineer")

    response = admin_client.get(url, {"role__id__exact": role.pk})

    assert [str(profile) for profile in response.context["cl"].result_list] == [
        "NLP Engineer — Junior",
        "NLP Engineer — Mid-level",
        "NLP Engineer — Senior",
        "NLP Engineer — Lead",
    ]
    assert [spec.title for spec in response.context["cl"].filter_specs] == ["role", "seniority"]


def _three(builder):
    def build():
        for _ in range(3):
            builder()

    return build


def _shipped(model, slug):
    return model.objects.get(slug=slug)


def _seniorities():
    return [SeniorityLevel.objects.get(slug=slug) for slug in SENIORITIES]


def _role_with_profiles():
    factories.make_role_with_profiles(
        seniorities=_seniorities(),
        skills=Skill.objects.all()[:3],
        duties=Duty.objects.all()[:3],
        qualifications=Qualification.objects.all()[:3],
    )


def _career_steps():
    first = factories.make_career_step(seniority=_shipped(SeniorityLevel, "lead"), role=_shipped(Role, "nlp-engineer"))
    factories.make_career_step(leads_to=[first], seniority=_shipped(SeniorityLevel, "senior"))
    factories.make_career_step(leads_to=[first], role=_shipped(Role, "mlops-engineer"))


def _roadmap_actions():
    phase = _shipped(RoadmapPhase, "hands-on-projects")
    factories.make_roadmap_action(phase=phase, skill=_shipped(Skill, "python"), reaches_level=4)
    factories.make_roadmap_action(phase=phase, duty=_shipped(Duty, "implement-mlops"))
    factories.make_roadmap_action(phase=phase, qualification=_shipped(Qualification, "portfolio"))


def _check_item():
    factories.make_check_item(skill=_shipped(Skill, "python"), level=2)


def _market_trend():
    factories.make_market_trend(skills=Skill.objects.all()[:2])


# What each change list gains to prove its query count does not grow with it.
ADD_ROWS = {
    SkillCategory: _three(lambda: factories.make_skill(category=factories.make_skill_category())),
    Skill: _three(factories.make_skill),
    SkillLevel: factories.make_skill,
    SalaryBand: _three(factories.make_salary_band),
    SeniorityLevel: _three(factories.make_seniority_level),
    CareerStep: _career_steps,
    Duty: _three(factories.make_duty),
    DutyScope: factories.make_duty,
    Qualification: _three(factories.make_qualification),
    QualificationLevel: factories.make_qualification,
    Role: _three(_role_with_profiles),
    RequirementProfile: _role_with_profiles,
    SkillRequirement: _role_with_profiles,
    DutyRequirement: _role_with_profiles,
    EducationRequirement: _role_with_profiles,
    CertificationProvider: _three(lambda: factories.make_certification(covered_skills=Skill.objects.all()[:2])),
    Certification: _three(lambda: factories.make_certification(covered_skills=Skill.objects.all()[:2])),
    CertificationSkill: lambda: factories.make_certification(covered_skills=Skill.objects.all()[:3]),
    RoadmapPhase: _three(lambda: factories.make_roadmap_action(phase=factories.make_roadmap_phase())),
    RoadmapAction: _roadmap_actions,
    Industry: _three(lambda: factories.make_industry(applications=["One", "Two"])),
    GrowthProjection: _three(factories.make_growth_projection),
    MarketTrend: _three(_market_trend),
    PayFactor: _three(factories.make_pay_factor),
    Kpi: _three(lambda: factories.make_kpi(duty=_shipped(Duty, "implement-mlops"))),
    FaqEntry: _three(factories.make_faq_entry),
    KnowledgeCheckItem: _three(_check_item),
    KnowledgeCheckOption: _check_item,
    Alias: _three(lambda: Alias.objects.create(phrase=f"alias {Alias.objects.count()}", skill=Skill.objects.first())),
    Concept: _three(lambda: Concept.objects.create(slug=f"concept-{Concept.objects.count()}", words="one, two")),
    ConceptRule: _three(
        lambda: ConceptRule.objects.create(
            slug=f"rule-{ConceptRule.objects.count()}",
            skill=Skill.objects.first(),
            first=Concept.objects.create(slug=f"first-{ConceptRule.objects.count()}", words="one"),
            second=Concept.objects.create(slug=f"second-{ConceptRule.objects.count()}", words="two"),
        )
    ),
}

# Session, user, then the list: count, rows (with related rows and counts), filter choices.
CHANGELIST_QUERIES = {
    SkillCategory: 5,
    Skill: 6,
    SkillLevel: 7,
    SalaryBand: 5,
    SeniorityLevel: 5,
    CareerStep: 7,
    Duty: 5,
    DutyScope: 7,
    Qualification: 5,
    QualificationLevel: 7,
    Role: 5,
    RequirementProfile: 7,
    SkillRequirement: 8,
    DutyRequirement: 8,
    EducationRequirement: 8,
    CertificationProvider: 5,
    Certification: 6,
    CertificationSkill: 7,
    RoadmapPhase: 5,
    RoadmapAction: 8,
    Industry: 5,
    GrowthProjection: 5,
    MarketTrend: 6,
    PayFactor: 5,
    Kpi: 6,
    FaqEntry: 5,
    KnowledgeCheckItem: 7,
    KnowledgeCheckOption: 7,
    Alias: 9,
    Concept: 5,
    ConceptRule: 5,
}


def test_every_changelist_has_a_query_count():
    assert set(CHANGELIST_QUERIES) == set(CATALOGUE_MODELS)
    assert set(ADD_ROWS) == set(CATALOGUE_MODELS)


@pytest.mark.parametrize("model", CATALOGUE_MODELS, ids=lambda model: model.__name__)
def test_changelist_query_count_does_not_grow_with_the_catalogue(admin_client, django_assert_num_queries, model):
    url = admin_url(model, "changelist")
    expected = CHANGELIST_QUERIES[model]
    with django_assert_num_queries(expected):
        shipped = admin_client.get(url)
    shipped_count = shipped.context["cl"].result_count

    ADD_ROWS[model]()
    with django_assert_num_queries(expected):
        grown = admin_client.get(url)

    assert grown.status_code == 200
    assert grown.context["cl"].result_count == model.objects.count()
    assert grown.context["cl"].result_count > shipped_count


# --- Change forms -------------------------------------------------------------------------------


def test_role_change_form_links_to_its_four_profiles(admin_client):
    role = Role.objects.get(slug="mlops-engineer")
    profiles = {profile.seniority.slug: profile for profile in role.profiles.select_related("seniority")}

    response = admin_client.get(admin_url(Role, "change", role.pk))

    links = [admin_url(RequirementProfile, "change", profiles[slug].pk) for slug in SENIORITIES]
    assert [link for link in links if f'href="{link}"' not in response.text] == []
    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.seniority.slug for form in formset.initial_forms] == SENIORITIES


def test_change_form_shows_slug_read_only(admin_client):
    role = Role.objects.get(slug="nlp-engineer")

    response = admin_client.get(admin_url(Role, "change", role.pk))

    assert "slug" not in response.context["adminform"].form.fields
    assert '<div class="readonly">nlp-engineer</div>' in response.text


def _skill_rows(response) -> int:
    return len(response.context["inline_admin_formsets"][0].formset.initial_forms)


def test_profile_change_form_query_count_does_not_grow_with_its_requirements(admin_client, django_assert_num_queries):
    profile = RequirementProfile.objects.get(role__slug="nlp-engineer", seniority__slug="senior")
    url = admin_url(RequirementProfile, "change", profile.pk)
    ContentType.objects.clear_cache()  # the page looks its content type up once per process
    with django_assert_num_queries(12):
        before = admin_client.get(url)
    asked = {requirement.skill_id for requirement in profile.skill_requirements.all()}

    for skill in Skill.objects.exclude(pk__in=asked)[:3]:
        SkillRequirement.objects.create(profile=profile, skill=skill, target=2, weight=2)
    ContentType.objects.clear_cache()
    with django_assert_num_queries(12):
        after = admin_client.get(url)

    assert _skill_rows(after) == _skill_rows(before) + 3


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("target", "7", "Target must be between 0 and 4."), ("weight", "0", "Weight must be between 1 and 5.")],
    ids=["target-7", "weight-0"],
)
def test_profile_inline_out_of_range_shows_the_error_and_stores_nothing(admin_client, field, value, message):
    profile = RequirementProfile.objects.get(role__slug="nlp-engineer", seniority__slug="senior")
    requirement = profile.skill_requirements.get(skill__slug="nlp-llms")
    before = (requirement.target, requirement.weight, profile.summary)
    url = admin_url(RequirementProfile, "change", profile.pk)
    data = form_data(admin_client.get(url))
    row = next(
        name.removesuffix("-id")
        for name, pk in data.items()
        if name.startswith("skill_requirements-") and name.endswith("-id") and pk == str(requirement.pk)
    )
    data.update({f"{row}-{field}": value, "summary": "Edited while the form has an error."})

    response = admin_client.post(url, data)

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert [errors for errors in formset.errors if errors] == [{field: [message]}]
    assert f'<ul class="errorlist" id="id_{row}-{field}_error"><li>{message}</li></ul>' in response.text
    requirement.refresh_from_db()
    profile.refresh_from_db()
    assert (requirement.target, requirement.weight, profile.summary) == before


def test_profile_change_form_saves_a_valid_target(admin_client):
    profile = RequirementProfile.objects.get(role__slug="nlp-engineer", seniority__slug="senior")
    requirement = profile.skill_requirements.get(skill__slug="nlp-llms")
    url = admin_url(RequirementProfile, "change", profile.pk)
    data = form_data(admin_client.get(url))
    row = next(
        name.removesuffix("-id") for name, pk in data.items() if name.endswith("-id") and pk == str(requirement.pk)
    )
    new_target = 3 if requirement.target != 3 else 2
    data[f"{row}-target"] = str(new_target)

    response = admin_client.post(url, data)

    assert (response.status_code, response["Location"]) == (302, admin_url(RequirementProfile, "changelist"))
    requirement.refresh_from_db()
    assert requirement.target == new_target


def test_skill_add_form_starts_with_a_row_per_level(admin_client):
    response = admin_client.get(admin_url(Skill, "add"))

    formset = response.context["inline_admin_formsets"][0].formset
    assert [form["level"].value() for form in formset.forms] == [0, 1, 2, 3, 4]


def test_skill_add_saves_the_skill_with_its_five_anchors(admin_client):
    data = form_data(admin_client.get(admin_url(Skill, "add")))
    data.update(
        {
            "name": "Reinforcement learning",
            "slug": "reinforcement-learning",
            "category": str(SkillCategory.objects.get(slug="machine-learning").pk),
            "description": "Learning behaviour from rewards.",
            "order": "50",
        }
    )
    for level in range(5):
        data[f"levels-{level}-description"] = f"Anchor {level}."

    response = admin_client.post(admin_url(Skill, "add"), data)

    assert (response.status_code, response["Location"]) == (302, admin_url(Skill, "changelist"))
    skill = Skill.objects.get(slug="reinforcement-learning")
    assert list(skill.levels.values_list("level", "description")) == [(level, f"Anchor {level}.") for level in range(5)]


def test_duty_add_form_starts_with_a_row_per_scope(admin_client):
    response = admin_client.get(admin_url(Duty, "add"))

    formset = response.context["inline_admin_formsets"][0].formset
    assert [form["scope"].value() for form in formset.forms] == [1, 2, 3, 4]


def test_roadmap_action_with_two_subjects_shows_the_constraint_message(admin_client):
    before = RoadmapAction.objects.count()
    data = form_data(admin_client.get(admin_url(RoadmapAction, "add")))
    data.update(
        {
            "title": "Two things at once",
            "slug": "two-things-at-once",
            "phase": str(RoadmapPhase.objects.get(slug="hands-on-projects").pk),
            "skill": str(Skill.objects.get(slug="python").pk),
            "duty": str(Duty.objects.get(slug="implement-mlops").pk),
            "reaches_level": "2",
            "description": "An action that names two subjects.",
            "effort_hours": "10",
        }
    )

    response = admin_client.post(admin_url(RoadmapAction, "add"), data)

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "An action improves exactly one skill, duty or qualification."
    ]
    assert RoadmapAction.objects.count() == before


# --- Knowledge check items -----------------------------------------------------------------------


def test_check_item_changelist_shows_stem_skill_level_active_flag_and_option_count(admin_client):
    items = KnowledgeCheckItem.objects.filter(skill__slug="python", level=1).order_by("slug")
    expected = [(item.stem_excerpt, "Python", 1, True, 4) for item in items]

    response = admin_client.get(admin_url(KnowledgeCheckItem, "changelist"), {"skill__id__exact": items[0].skill_id})

    rows = [
        (item.stem_excerpt, item.skill.name, item.level, item.is_active, item.option_count)
        for item in response.context["cl"].result_list
        if item.level == 1
    ]
    assert rows == expected
    assert len(rows) == 4
    assert '<td class="field-option_count">4</td>' in response.text


def test_check_item_changelist_filters_by_skill_level_and_active_flag(admin_client):
    python = Skill.objects.get(slug="python")
    KnowledgeCheckItem.objects.filter(slug="python-3-2").update(is_active=False)

    response = admin_client.get(
        admin_url(KnowledgeCheckItem, "changelist"),
        {"skill__id__exact": python.pk, "level": 3, "is_active__exact": 1},
    )

    assert [item.slug for item in response.context["cl"].result_list] == ["python-3-1", "python-3-3", "python-3-4"]
    assert [spec.title for spec in response.context["cl"].filter_specs] == ["skill", "level", "is active"]


@pytest.mark.parametrize(
    ("field", "query"),
    [("stem", "teapot"), ("explanation", "kettle"), ("skill name", "Origami")],
    ids=["stem", "explanation", "skill-name"],
)
def test_check_item_search_finds_stem_explanation_and_skill_name(admin_client, field, query):
    skill = factories.make_skill(name="Origami folding")
    item = factories.make_check_item(skill=skill, stem="Which teapot holds more?")
    KnowledgeCheckItem.objects.filter(pk=item.pk).update(explanation="The kettle is a distractor.")

    response = admin_client.get(admin_url(KnowledgeCheckItem, "changelist"), {"q": query})

    assert [found.slug for found in response.context["cl"].result_list] == [item.slug]


def test_check_item_add_form_starts_with_four_numbered_option_rows(admin_client, django_assert_num_queries):
    ContentType.objects.clear_cache()

    with django_assert_num_queries(4):  # session, user, content type, the skill choices
        response = admin_client.get(admin_url(KnowledgeCheckItem, "add"))

    formset = response.context["inline_admin_formsets"][0].formset
    assert [form["position"].value() for form in formset.forms] == [1, 2, 3, 4]
    assert (formset.min_num, formset.max_num) == (3, OPTIONS_MAX)


@pytest.mark.parametrize("option_count", [3, 5], ids=["3-options", "5-options"])
def test_check_item_change_form_query_count_does_not_grow_with_its_options(
    admin_client, django_assert_num_queries, option_count
):
    item = factories.make_check_item(options=[f"Option {n}" for n in range(option_count)])
    ContentType.objects.clear_cache()

    with django_assert_num_queries(6):  # session, user, the item, its options, content type, the skill choices
        response = admin_client.get(admin_url(KnowledgeCheckItem, "change", item.pk))

    formset = response.context["inline_admin_formsets"][0].formset
    assert [form.instance.text for form in formset.initial_forms] == [f"Option {n}" for n in range(option_count)]
    assert '<div class="readonly">' + item.slug + "</div>" in response.text


def _new_item_data(admin_client, options: list[tuple[str, bool]]) -> dict:
    data = form_data(admin_client.get(admin_url(KnowledgeCheckItem, "add")))
    data.update(
        {
            "slug": "python-1-99",
            "skill": str(Skill.objects.get(slug="python").pk),
            "level": "1",
            "stem": "What does len([1, 2, 3]) return?",
            "explanation": "len counts the items: three.",
            "is_active": "on",
            "options-TOTAL_FORMS": str(len(options)),
        }
    )
    for row, (text, correct) in enumerate(options):
        data[f"options-{row}-position"] = str(row + 1)
        data[f"options-{row}-text"] = text
        if correct:
            data[f"options-{row}-is_correct"] = "on"
    return data


def test_check_item_add_saves_the_item_with_its_options(admin_client):
    data = _new_item_data(admin_client, [("2", False), ("3", True), ("6", False)])

    response = admin_client.post(admin_url(KnowledgeCheckItem, "add"), data)

    assert (response.status_code, response["Location"]) == (302, admin_url(KnowledgeCheckItem, "changelist"))
    item = KnowledgeCheckItem.objects.get(slug="python-1-99")
    assert list(item.options.values_list("position", "text", "is_correct")) == [
        (1, "2", False),
        (2, "3", True),
        (3, "6", False),
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ([("2", True), ("3", True), ("6", False)], "Mark exactly one option as correct."),
        ([("2", False), ("3", False), ("6", False)], "Mark exactly one option as correct."),
        ([("2", False), ("3", True)], "An item needs at least 3 options."),
        (
            [("2", False), ("3", True), ("4", False), ("5", False), ("6", False), ("7", False)],
            "An item has at most 5 options.",
        ),
    ],
    ids=["two-correct", "none-correct", "two-options", "six-options"],
)
def test_check_item_add_with_bad_options_shows_the_error_and_stores_nothing(admin_client, options, message):
    before = (KnowledgeCheckItem.objects.count(), KnowledgeCheckOption.objects.count())
    data = _new_item_data(admin_client, options)

    response = admin_client.post(admin_url(KnowledgeCheckItem, "add"), data)

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors() == [message]
    assert (KnowledgeCheckItem.objects.count(), KnowledgeCheckOption.objects.count()) == before


def test_check_item_add_at_level_0_shows_the_range_message(admin_client):
    data = _new_item_data(admin_client, [("2", False), ("3", True), ("6", False)])
    data["level"] = "0"

    response = admin_client.post(admin_url(KnowledgeCheckItem, "add"), data)

    assert response.context["adminform"].form.errors == {"level": ["Level must be between 1 and 4."]}
    assert not KnowledgeCheckItem.objects.filter(slug="python-1-99").exists()


def test_check_item_add_with_a_stem_the_skill_already_has_shows_the_constraint_message(admin_client):
    data = _new_item_data(admin_client, [("2", False), ("3", True), ("6", False)])
    data["stem"] = KnowledgeCheckItem.objects.get(slug="python-1-1").stem

    response = admin_client.post(admin_url(KnowledgeCheckItem, "add"), data)

    assert response.context["adminform"].form.non_field_errors() == ["This skill already has an item with this stem."]
    assert not KnowledgeCheckItem.objects.filter(slug="python-1-99").exists()


@pytest.mark.parametrize(
    ("action", "start", "expected", "message"),
    [("deactivate", True, False, "2 items deactivated."), ("activate", False, True, "2 items activated.")],
    ids=["deactivate", "activate"],
)
def test_check_item_action_switches_the_selected_items_only(admin_client, action, start, expected, message):
    KnowledgeCheckItem.objects.filter(skill__slug="mlops", level=2).update(is_active=start)
    selected = list(KnowledgeCheckItem.objects.filter(slug__in=["mlops-2-1", "mlops-2-3"]).values_list("pk", flat=True))
    before = catalogue_revision()

    response = admin_client.post(
        admin_url(KnowledgeCheckItem, "changelist"),
        {"action": action, "_selected_action": [str(pk) for pk in selected]},
        follow=True,
    )

    flags = dict(KnowledgeCheckItem.objects.filter(skill__slug="mlops", level=2).values_list("slug", "is_active"))
    assert flags == {"mlops-2-1": expected, "mlops-2-2": start, "mlops-2-3": expected, "mlops-2-4": start}
    assert [str(m) for m in response.context["messages"]] == [message]
    assert catalogue_revision() != before


# --- Who may enter --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", "/admin/career/role/"], ids=["index", "role-list"])
def test_admin_redirects_non_staff_user_to_login(client, django_user_model, path):
    user = django_user_model.objects.create_user(username="candidate", password="a-long-test-password")
    client.force_login(user)

    response = client.get(path)

    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={path}")


@pytest.mark.parametrize("path", ["/admin/", "/admin/career/role/"], ids=["index", "role-list"])
def test_admin_redirects_anonymous_user_to_login(client, path):
    response = client.get(path)

    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={path}")


def test_admin_index_lists_the_catalogue_for_a_superuser(admin_client):
    response = admin_client.get("/admin/")

    app = next(app for app in response.context["app_list"] if app["app_label"] == "career")
    assert len(app["models"]) == 31
    assert "Career catalogue" in response.text
