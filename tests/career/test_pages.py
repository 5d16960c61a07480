"""The public catalogue pages: what each one shows, and that its query count does not grow with the catalogue.

The shipped catalogue is loaded once into the test database (tests/conftest.py); tests
that need rows of their own build them with tests/factories.py on top of it.
"""

from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from career.enums import CareerTrack, CertificationLevel, CertificationStatus, Expectation, PayFactorKind
from career.models import (
    Certification,
    Duty,
    Qualification,
    RequirementProfile,
    Role,
    SeniorityLevel,
    Skill,
    SkillRequirement,
)
from tests import factories

pytestmark = [pytest.mark.integration]


# --- Reading the rendered HTML ------------------------------------------------------

VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    parts: list[str] = field(default_factory=list)
    inner: list["Element"] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())

    def find(self, tag: str, cls: str | None = None, **attrs: str) -> list["Element"]:
        return [element for element in self.inner if _matches(element, tag, cls, attrs)]

    def texts(self, tag: str, cls: str | None = None, **attrs: str) -> list[str]:
        return [element.text for element in self.find(tag, cls, **attrs)]


def _matches(element: Element, tag: str, cls: str | None, attrs: dict[str, str]) -> bool:
    if element.tag != tag:
        return False
    if cls is not None and cls not in element.attrs.get("class", "").split():
        return False
    return all(element.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items())


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("document", {})
        self.open: list[Element] = [self.root]

    def handle_starttag(self, tag, attrs):
        if tag in VOID_TAGS:
            return
        element = Element(tag, {name: value or "" for name, value in attrs})
        for ancestor in self.open:
            ancestor.inner.append(element)
        self.open.append(element)

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, 0, -1):
            if self.open[index].tag == tag:
                del self.open[index:]
                return

    def handle_data(self, data):
        for element in self.open:
            element.parts.append(data)


def page(response) -> Element:
    """The rendered page as a tree; find() and texts() search every element inside an element."""
    builder = _TreeBuilder()
    builder.feed(response.content.decode())
    builder.close()
    return builder.root


def by_id(response_or_element, element_id: str) -> Element:
    root = response_or_element if isinstance(response_or_element, Element) else page(response_or_element)
    (element,) = [element for element in root.inner if element.attrs.get("id") == element_id]
    return element


def main(response) -> Element:
    return by_id(response, "main")


def table_rows(table: Element) -> list[list[str]]:
    """Each body row as the texts of its header and data cells."""
    return [
        [cell.text for cell in row.inner if cell.tag in ("th", "td")]
        for body in table.find("tbody")
        for row in body.find("tr")
    ]


def certification_card(article: Element) -> dict[str, str]:
    """A certification card: its name, level and description, and its facts by term."""
    facts = dict(zip(article.texts("dt"), article.texts("dd"), strict=True))
    level, description = article.texts("p")[:2]
    return {"name": article.texts("h3")[0], "level": level, "description": description, **facts}


def certification_cards(section: Element) -> list[dict[str, str]]:
    return [certification_card(article) for article in section.find("article")]


# --- The catalogue the seed describes -------------------------------------------------

ROLES = [
    ("AI Engineer", "Mid-level", "General AI Development"),
    ("Machine Learning Engineer", "Junior to Senior", "ML Model Development"),
    ("Deep Learning Engineer", "Mid-level to Senior", "Neural Networks"),
    ("AI Developer", "Junior", "AI Application Development"),
    ("ML Platform Engineer", "Senior", "AI Infrastructure"),
    ("AI Systems Engineer", "Mid-level", "System Integration"),
    ("NLP Engineer", "Mid-level to Senior", "Language Models"),
    ("Computer Vision Engineer", "Mid-level to Senior", "Image/Video Processing"),
    ("MLOps Engineer", "Senior", "Deployment and Operations"),
    ("Robotics AI Engineer", "Mid-level to Senior", "Physical Systems"),
    ("Conversational AI Engineer", "Mid-level", "Chatbot Development"),
]
ROLE_NAMES = [name for name, _, _ in ROLES]
SALARY_LABELS = ["$70K – $90K", "$90K – $150K", "$150K – $200K+", "$200K – $400K+"]


# --- Pages -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_home_shows_key_figures_and_leads_to_the_assessment_and_roles(client):
    response = client.get(reverse("career:home"))

    content = main(response)
    assert response.status_code == 200
    assert content.texts("h1") == ["See what stands between you and your next AI engineering role"]
    assert content.texts("dd") == ["11", "$70K – $400K+", "26%", "21 plus 8 duties, from junior to lead scope"]
    assert [a.attrs["href"] for a in by_id(content, "get-started").find("a")] == ["/assess/", "/roles/"]


@pytest.mark.django_db
def test_role_list_shows_every_role_with_experience_and_focus(client):
    response = client.get(reverse("career:role-list"))

    cards = main(response).find("article")
    assert response.status_code == 200
    assert [(card.texts("h2")[0], *card.texts("dd")) for card in cards] == ROLES
    assert [card.find("a")[0].attrs["href"] for card in cards][:2] == [
        "/roles/ai-engineer/",
        "/roles/machine-learning-engineer/",
    ]
    assert cards[6].texts("p") == [Role.objects.get(slug="nlp-engineer").summary]


@pytest.mark.django_db
def test_role_detail_shows_the_salary_band_for_each_seniority(client):
    response = client.get(reverse("career:role-detail", args=["nlp-engineer"]))

    salaries = by_id(response, "salaries")
    assert response.status_code == 200
    assert main(response).texts("h1") == ["NLP Engineer"]
    assert [row[:2] for row in table_rows(salaries.find("table")[0])] == [
        ["Junior atypical for this title", "$70K – $90K (Entry)"],
        ["Mid-level typical for this role", "$90K – $150K (Mid)"],
        ["Senior typical for this role", "$150K – $200K+ (Senior)"],
        ["Lead atypical for this title", "$150K – $200K+ (Senior)"],
    ]


@pytest.mark.django_db
def test_role_detail_shows_targets_weights_scopes_and_education_per_seniority(client):
    junior, senior = SeniorityLevel.objects.get(slug="junior"), SeniorityLevel.objects.get(slug="senior")
    category = factories.make_skill_category(name="Modelling")
    tuning = factories.make_skill(name="Tuning", category=category, order=1)
    serving = factories.make_skill(name="Serving", category=category, order=2)
    duty = factories.make_duty(name="Shipping models")
    degree = Qualification.objects.get(slug="degree")
    role = factories.make_role(name="Model Tuner", typical_seniority_from=junior, typical_seniority_to=junior)
    factories.make_profile(
        role=role,
        seniority=junior,
        skills={tuning: (1, 2)},
        duties={duty: (1, 3)},
        education={degree: (2, 4, Expectation.REQUIRED)},
    )
    factories.make_profile(role=role, seniority=senior, skills={tuning: (3, 5), serving: (2, 1)}, duties={duty: (4, 3)})

    response = client.get(reverse("career:role-detail", args=[role.slug]))

    skills_table = by_id(response, "skills").find("table")[0]
    assert response.status_code == 200
    assert skills_table.texts("th", scope="col") == ["Skill", "Junior typical", "Senior"]
    assert table_rows(skills_table) == [
        ["Modelling"],
        ["Tuning", "1 Awareness weight 2", "3 Proficient weight 5"],
        ["Serving", "— Not asked for", "2 Working weight 1"],
    ]
    assert table_rows(by_id(response, "duties").find("table")[0]) == [
        ["Shipping models", "1 Junior weight 3", "4 Lead weight 3"],
    ]
    assert table_rows(by_id(response, "education").find("table")[0]) == [
        [
            "Degree",
            "2 Required weight 4 A Bachelor's degree in Computer Science, Data Science or a related field such as "
            "mathematics, statistics or engineering.",
            "— Not asked for",
        ],
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "next_steps"),
    [
        ("ai-developer", ["Mid-level AI Engineer"]),
        ("nlp-engineer", ["Staff Engineer", "AI Engineering Manager", "Move into computer vision"]),
        ("mlops-engineer", ["Staff Engineer", "AI Engineering Manager", "Move into NLP", "Move into computer vision"]),
    ],
    ids=["junior-role", "lateral-move-into-itself-left-out", "senior-role"],
)
def test_role_detail_shows_where_the_role_leads(client, slug, next_steps):
    response = client.get(reverse("career:role-detail", args=[slug]))

    assert response.status_code == 200
    assert by_id(response, "career").texts("h3") == next_steps


@pytest.mark.django_db
def test_role_detail_unknown_slug_is_404_with_the_roles_to_choose_from(client):
    response = client.get("/roles/prompt-whisperer/")

    content = main(response)
    assert response.status_code == 404
    assert content.texts("h1") == ["Role not found"]
    assert content.texts("p", cls="lead") == [
        "There is no role called “prompt-whisperer” in the catalogue. It may have been renamed, or the address may be "
        "mistyped."
    ]
    assert [a.text for a in content.find("ul")[0].find("a")] == ROLE_NAMES


@pytest.mark.django_db
def test_skill_list_groups_skills_by_category_with_all_five_level_anchors(client):
    response = client.get(reverse("career:skill-list"))

    content = main(response)
    python = by_id(content, "skill-python")
    assert response.status_code == 200
    assert content.texts("h2") == [
        "Programming",
        "Machine learning",
        "Data",
        "Production engineering",
        "Workplace skills",
        "Specialisms",
    ]
    assert len(content.find("article")) == 21
    assert [len(card.find("li")) for card in content.find("article")] == [5] * 21
    assert python.texts("strong") == [
        "None (level 0):",
        "Awareness (level 1):",
        "Working (level 2):",
        "Proficient (level 3):",
        "Expert (level 4):",
    ]
    assert by_id(content, "skill-supervised-learning-model-design").texts("p", cls="small") == ["Build first: Python"]
    assert by_id(content, "skill-nlp-llms").texts("h3") == ["NLP and large language models Specialism"]


@pytest.mark.django_db
def test_duty_list_shows_each_duty_at_four_scopes_with_focus_and_example(client):
    response = client.get(reverse("career:duty-list"))

    content = main(response)
    first = by_id(content, "design-implement-ml-models")
    duty = Duty.objects.get(slug="design-implement-ml-models")
    assert response.status_code == 200
    assert [title.split(". ", 1)[1] for title in content.texts("h2")] == list(
        Duty.objects.order_by("order").values_list("name", flat=True)
    )
    assert len(content.texts("h2")) == 8
    assert [row[0] for row in table_rows(first.find("table")[0])] == ["1 Junior", "2 Mid-level", "3 Senior", "4 Lead"]
    assert sum(len(table_rows(table)) for table in content.find("table")) == 32
    assert first.texts("dd")[:2] == [duty.interview_focus, duty.business_example]


@pytest.mark.django_db
def test_certification_list_groups_active_by_provider_and_keeps_retired_as_history(client):
    response = client.get(reverse("career:certification-list"))

    content = main(response)
    retired = by_id(content, "retired")
    assert response.status_code == 200
    assert content.texts("h2") == ["Amazon Web Services (AWS)", "Google", "IBM", "No longer offered"]
    google = [
        "Google Cloud Generative AI Leader",
        "Google Cloud Professional Data Engineer",
        "Google Cloud Professional Machine Learning Engineer",
    ]
    assert [(card["name"], card["description"]) for card in certification_cards(by_id(content, "google"))] == [
        (name, Certification.objects.get(name=name).description) for name in google
    ]
    assert table_rows(retired.find("table")[0]) == [
        [
            "AWS Certified Machine Learning – Specialty",
            "Amazon Web Services (AWS)",
            "31 March 2026",
            "Retired by AWS: the exam could be taken until 31 March 2026 and is no longer offered.",
        ],
        [
            "TensorFlow Developer Certificate",
            "Google",
            "31 May 2024",
            "Closed by Google in May 2024; the exam is no longer offered.",
        ],
    ]


@pytest.mark.django_db
def test_certification_list_never_shows_a_retired_certification_among_the_current_ones(client):
    provider = factories.make_certification_provider(name="Acme Cloud")
    skill = Skill.objects.get(slug="python")
    factories.make_certification(
        provider=provider, name="Acme Python Associate", level=CertificationLevel.ASSOCIATE, covered_skills=[skill]
    )
    factories.make_certification(
        provider=provider,
        name="Acme Python Foundations",
        level=CertificationLevel.FOUNDATIONAL,
        prep_hours=12,
        covered_skills=[skill],
        covered_level=1,
    )
    factories.make_certification(
        provider=provider,
        name="Acme Legacy Expert",
        status=CertificationStatus.RETIRED,
        retired_on=date(2023, 1, 31),
        status_note="Withdrawn in 2023.",
    )

    response = client.get(reverse("career:certification-list"))

    acme = by_id(main(response), provider.slug)
    assert response.status_code == 200
    assert [
        (card["name"], card["level"], card["Skills covered"], card["Preparation"]) for card in certification_cards(acme)
    ] == [
        ("Acme Python Foundations", "Foundational", "Python to level 1", "about 12 hours (our estimate)"),
        ("Acme Python Associate", "Associate", "Python to level 2", "about 40 hours (our estimate)"),
    ]
    assert table_rows(by_id(response, "retired").find("table")[0])[0] == [
        "Acme Legacy Expert",
        "Acme Cloud",
        "31 January 2023",
        "Withdrawn in 2023.",
    ]


@pytest.mark.django_db
def test_roadmap_shows_the_five_phases_in_order(client):
    response = client.get(reverse("career:roadmap"))

    assert response.status_code == 200
    assert main(response).texts("h2") == [
        "Phase 1: Build an academic foundation",
        "Phase 2: Learn the core technical skills",
        "Phase 3: Gain hands-on project experience",
        "Phase 4: Prepare for technical interviews",
        "Phase 5: Position yourself for growth",
    ]


@pytest.mark.django_db
def test_roadmap_groups_a_phase_actions_by_skill_duty_and_qualification_with_effort(client):
    phase = factories.make_roadmap_phase(name="Extra practice")
    python, duty = Skill.objects.get(slug="python"), Duty.objects.get(slug="build-data-pipelines")
    portfolio = Qualification.objects.get(slug="portfolio")
    factories.make_roadmap_action(phase=phase, qualification=portfolio, title="Publish a project", effort_hours=1200)
    factories.make_roadmap_action(phase=phase, duty=duty, title="Own a nightly pipeline", effort_hours=30)
    factories.make_roadmap_action(phase=phase, skill=python, title="Write a CLI", reaches_level=3, effort_hours=20)
    factories.make_roadmap_action(phase=phase, skill=python, title="Read a guide", reaches_level=1, effort_hours=5)

    response = client.get(reverse("career:roadmap"))

    section = by_id(response, phase.slug)
    assert response.status_code == 200
    assert section.texts("h3") == [
        "Skill Python",
        "Duty Building and optimising data pipelines",
        "Qualification Portfolio of AI projects",
    ]
    assert section.texts("span", cls="fw-semibold") == [
        "Read a guide",
        "Write a CLI",
        "Own a nightly pipeline",
        "Publish a project",
    ]
    assert section.texts("p", cls="small") == ["4 actions, about 1,255 hours in all."]


@pytest.mark.django_db
def test_career_path_shows_core_ic_management_and_lateral_tracks_with_salary_bands(client):
    response = client.get(reverse("career:career-path"))

    content = main(response)
    assert response.status_code == 200
    assert content.texts("h2") == [
        "Core ladder",
        "Individual contributor",
        "Management",
        "Lateral specialism",
        "Salary bands",
    ]
    assert content.texts("h3") == [
        "Junior AI Engineer",
        "Mid-level AI Engineer",
        "Senior AI Engineer",
        "Staff Engineer",
        "Principal Engineer",
        "AI Architect",
        "AI Engineering Manager",
        "Director of AI",
        "VP of AI / Chief AI Officer",
        "Move into NLP",
        "Move into computer vision",
    ]
    assert by_id(content, "senior-ai-engineer").texts("p", cls="text-body-secondary") == [
        "Senior level · Senior band, $150K – $200K+"
    ]
    assert [row[:2] for row in table_rows(by_id(content, "salary-bands").find("table")[0])] == [
        ["Entry", "$70K – $90K"],
        ["Mid", "$90K – $150K"],
        ["Senior", "$150K – $200K+"],
        ["Big Tech", "$200K – $400K+"],
    ]


@pytest.mark.django_db
def test_outlook_shows_pay_regions_factors_growth_trends_and_industries(client):
    response = client.get(reverse("career:outlook"))

    content = main(response)
    assert response.status_code == 200
    assert [row[1] for row in table_rows(by_id(content, "salaries").find("table")[0])] == SALARY_LABELS
    assert [li.find("span")[0].text for li in by_id(content, "salaries").find("li")] == [
        "Silicon Valley",
        "New York City",
        "Seattle",
        "Experience level",
        "Specialisation",
        "Company size",
    ]
    assert by_id(content, "demand").texts("p", cls="app-figure-value") == ["26%"]
    assert by_id(content, "demand").texts("h4") == [
        "Generative AI",
        "Large language models",
        "Growing demand for MLOps",
        "Edge AI deployment",
        "More remote work",
    ]
    assert by_id(content, "industries").texts("h3") == ["Technology", "Finance", "Healthcare", "Automotive"]


@pytest.mark.django_db
def test_kpi_list_shows_each_kpi_with_the_duty_it_relates_to(client):
    response = client.get(reverse("career:kpi-list"))

    rows = table_rows(main(response).find("table")[0])
    assert response.status_code == 200
    assert [(row[0], row[2]) for row in rows] == [
        ("Model accuracy", "Maintaining model performance and accuracy"),
        ("System scalability", "Ensuring AI system scalability and reliability"),
        ("Data pipeline efficiency", "Building and optimising data pipelines"),
        ("Successful integration with existing infrastructure", "Integrating AI systems with existing infrastructure"),
    ]


@pytest.mark.django_db
def test_faq_lists_every_question_with_its_answer(client):
    response = client.get(reverse("career:faq"))

    content = main(response)
    assert response.status_code == 200
    assert content.texts("h2") == [
        "Can I become an AI engineer if I am changing careers and have no experience in the field?",
        "How is the job different at a FAANG company compared with a mid-size company?",
        "In 2026, is a Bachelor's degree enough, or do I need a Master's?",
        "Why are strong candidates for AI engineering jobs still turned down?",
        "Which metrics is an AI engineer's work measured by?",
        "How does this assessment work out my readiness?",
    ]
    assert len(content.texts("p")) == 1 + 6


# --- Query counts ------------------------------------------------------------------------


def grow_catalogue() -> None:
    """Add rows to every part of the catalogue the pages list, including the NLP Engineer's profiles."""
    seniorities = list(SeniorityLevel.objects.order_by("rank"))
    category = factories.make_skill_category(name="Extra skills")
    skills = []
    for _ in range(5):
        skills.append(factories.make_skill(category=category, prerequisites=skills[-1:]))
    duties = [factories.make_duty() for _ in range(2)]
    qualification = factories.make_qualification()
    for _ in range(3):
        factories.make_role_with_profiles(
            seniorities=seniorities, skills=skills, duties=duties, qualifications=[qualification]
        )
    for profile in RequirementProfile.objects.filter(role__slug="nlp-engineer"):
        SkillRequirement.objects.bulk_create(
            SkillRequirement(profile=profile, skill=skill, target=2, weight=2) for skill in skills
        )
    provider = factories.make_certification_provider()
    factories.make_certification(provider=provider, covered_skills=skills)
    factories.make_certification(provider=provider, covered_skills=skills[:2], level=CertificationLevel.PROFESSIONAL)
    factories.make_certification(provider=provider, status=CertificationStatus.RETIRED, retired_on=date(2020, 1, 1))
    phase = factories.make_roadmap_phase()
    factories.make_roadmap_action(phase=phase, skill=skills[0])
    factories.make_roadmap_action(phase=phase, duty=duties[0])
    factories.make_roadmap_action(phase=phase, qualification=qualification)
    principal = factories.make_career_step(track=CareerTrack.INDIVIDUAL_CONTRIBUTOR, seniority=seniorities[-1])
    factories.make_career_step(track=CareerTrack.MANAGEMENT, leads_to=[principal])
    factories.make_industry(applications=["One", "Two"])
    factories.make_market_trend(skills=skills)
    factories.make_pay_factor(kind=PayFactorKind.REGION)
    factories.make_pay_factor()
    factories.make_growth_projection()
    factories.make_kpi(duty=duties[0])
    factories.make_kpi()
    factories.make_faq_entry()


@pytest.mark.django_db
@pytest.mark.parametrize("grown", [False, True], ids=["shipped", "grown"])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/", 6),  # with the catalogue revision, for the questionnaire's measured time (kept per revision)
        ("/roles/", 1),
        ("/roles/nlp-engineer/", 8),
        ("/roles/no-such-role/", 2),
        ("/skills/", 4),
        ("/duties/", 3),
        ("/certifications/", 2),
        ("/roadmap/", 2),
        ("/career-path/", 3),
        ("/outlook/", 6),
        ("/kpis/", 1),
        ("/faq/", 1),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_page_query_count_does_not_grow_with_the_catalogue(client, django_assert_num_queries, url, queries, grown):
    if grown:
        grow_catalogue()
    client.get(url)  # the steady state: what a page keeps per catalogue revision is built by the first request

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == (404 if "no-such-role" in url else 200)
