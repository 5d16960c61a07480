"""Hostile input: every form and endpoint, fed generated junk.

Each property posts (or GETs) data a browser would never send: wrong types,
out-of-range and oddly written numbers, unknown ids, duplicated keys, missing
fields, NUL bytes, invalid UTF-8, awkward Unicode, oversized fields and bodies.
The answer is never a 500; a rejected submission gets a 4xx or the form again
with a message, and stores nothing.

Every example of a property runs in the same test transaction, so each example
takes its own "before" picture and compares against it.
"""

import uuid
from dataclasses import dataclass
from urllib.parse import quote, quote_from_bytes, quote_plus, unquote_plus

import pytest
from django import forms
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, assume, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from assessment import services
from assessment.forms import CONTROL_FIELDS, StepForm
from assessment.models import Answer, Assessment, CheckResponse, Report, ShareLink
from assessment.questionnaire import KIND_EDUCATION, KIND_EXPERIENCE
from assessment.selectors import answers_get, held_certification_slugs, questionnaire_get
from career.models import Certification, KnowledgeCheckOption, Role, SeniorityLevel
from tests.journeys import step_answers

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

User = get_user_model()

# Examples share the test's database transaction and its fixtures on purpose:
# building a user and a report per example would make the suite crawl.
# database=None keeps hypothesis from writing an example database into the tree.
HOSTILE = hypothesis_settings(
    max_examples=30,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)

PASSWORD = "correct horse battery staple 42"
OWNER = {"username": "dana-hostile", "email": "dana.hostile@example.org"}
OTHER = {"username": "charlie-hostile", "email": "charlie.hostile@example.org"}
STEP_REJECTED = (
    "This page could not be saved, and nothing from it was stored:",
    "Nothing from this page was saved yet:",
)


# --- Request bodies --------------------------------------------------------------------


@dataclass(frozen=True)
class Raw:
    """A value that is already percent-encoded: arbitrary bytes, NUL and invalid UTF-8 included."""

    encoded: str


def decoded(value) -> str:
    """What Django's QueryDict makes of a value (invalid UTF-8 becomes U+FFFD)."""
    return unquote_plus(value.encoded, errors="replace") if isinstance(value, Raw) else value


def encode(value) -> str:
    return value.encoded if isinstance(value, Raw) else quote_plus(value)


def form_body(pairs) -> str:
    """A raw urlencoded body: keys may repeat, values may be Raw bytes."""
    return "&".join(f"{encode(key)}={encode(value)}" for key, value in pairs)


def post_form(client, url, pairs):
    body = form_body(pairs)
    # Bodies over the size limit are refused before any view runs: the oversized-body tests cover them.
    assume(len(body.encode()) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def get_query(client, url, pairs):
    return client.get(f"{url}?{form_body(pairs)}")


def last_value(pairs, key) -> str | None:
    """The value Django's QueryDict.get() returns: the last one sent."""
    values = [decoded(value) for name, value in pairs if decoded(name) == key]
    return values[-1] if values else None


# --- Strategies --------------------------------------------------------------------------

AWKWARD = (
    "\x00",
    "nul\x00inside",
    "\u202eevil\u202c",
    "zero\u200bwidth\u200djoiner",
    "\ufeffbom",
    "Z\u0351\u0336\u0489a\u0300\u0301l\u0302g\u0303o",
    "🧑🏽\u200d💻🚀",
    "𝕌𝕟𝕚𝕔𝕠𝕕𝕖",
    "ﷺ",
    "Ⅻ",
    "İı",
    "<script>alert(1)</script>",
    "'; DROP TABLE assessment_answer; --",
    "{{ request }}{% debug %}",
    "%00",
    "\r\n\t",
    " ",
    "",
    "../../../etc/passwd",
    "null",
    "None",
    "[]",
)
text = st.text(st.characters(codec="utf-8"), max_size=40)
long_text = st.tuples(
    st.sampled_from(["x", "é", "🧑🏽\u200d💻", "a\u0301", "\x00", "ab\u202e"]), st.integers(81, 1000)
).map(lambda unit_and_count: unit_and_count[0] * unit_and_count[1])
awkward_text = st.one_of(st.sampled_from(AWKWARD), text, long_text)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-5, 70).map(lambda n: f"{n}e0"),
    st.sampled_from(
        ["1e3", "4E0", "-0", "+4", " 4 ", "4.5", "0x4", "0b11", "1_0", "NaN", "-inf", "9" * 5000, "4\x00", "٤", "４"]
    ),
)
percent_bytes = st.binary(max_size=24).map(lambda raw: Raw(quote_from_bytes(raw)))
hostile_value = st.one_of(awkward_text, numbers, percent_bytes)
# Keys a form might be tricked by: other steps' questions, array and object notation.
STRAY_KEYS = ("python", "mlops", "degree", "role", "seniority", "years_experience", "certifications", "python[]", "id")
hostile_key = st.one_of(st.sampled_from(STRAY_KEYS), awkward_text)


def not_in(allowed):
    return lambda value: decoded(value) not in allowed


def django_rejects(field: forms.Field):
    """True for values the given form field refuses (the framework's own rules as the oracle)."""

    def rejects(value) -> bool:
        try:
            field.clean(decoded(value))
        except ValidationError:
            return True
        return False

    return rejects


def with_stray_pairs(draw, pairs: list, *, known: set[str]) -> list:
    """Add up to two pairs with unknown keys, which a form must ignore or refuse."""
    strays = draw(st.lists(st.tuples(hostile_key.filter(not_in(known)), hostile_value), max_size=2))
    return pairs + strays


# --- State ----------------------------------------------------------------------------------


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in (Answer, Assessment, Report, ShareLink, User)}


def assessment_state(assessment: Assessment) -> dict:
    assessment.refresh_from_db()
    return {
        "answers": answers_get(assessment=assessment),
        "certifications": held_certification_slugs(assessment=assessment),
        "experience": (assessment.years_experience, assessment.shipped_projects, assessment.portfolio_url),
        "completed_steps": sorted(assessment.completed_steps),
        "status": assessment.status,
    }


def is_logged_in(client) -> bool:
    return SESSION_KEY in client.session


def browser(user=None) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def answered_assessment(user, questionnaire, *, rating: int) -> Assessment:
    """An assessment of the user's with every step answered, through the same services as the views."""
    assessment = services.assessment_start(
        user=user,
        anonymous_token=None,
        role=Role.objects.get(slug="ai-engineer"),
        seniority=SeniorityLevel.objects.get(slug="mid"),
    )
    for step in questionnaire.steps:
        data = step_answers(step, rating=rating, certifications=["aws-ai-practitioner"], years=4, shipped=3)
        form = StepForm(data, step=step)
        assert form.is_valid(), form.errors
        services.answers_save(
            assessment=assessment, step=step, cleaned_data=form.cleaned_data, ratings=form.answered_ratings
        )
    return assessment


def make_report(user, questionnaire) -> Report:
    assessment = answered_assessment(user, questionnaire, rating=3)
    return services.assessment_complete(assessment=assessment, questionnaire=questionnaire)


@pytest.fixture
def owner():
    return User.objects.create_user(**OWNER, password=PASSWORD)


@pytest.fixture
def other():
    return User.objects.create_user(**OTHER, password=PASSWORD)


@pytest.fixture
def owner_client(owner):
    return browser(owner)


@pytest.fixture
def report(owner, questionnaire):
    return make_report(owner, questionnaire)


@pytest.fixture
def other_report(other, questionnaire):
    return make_report(other, questionnaire)


@pytest.fixture
def questionnaire():
    return questionnaire_get()


@pytest.fixture
def in_progress(owner, questionnaire):
    """An unfinished assessment of the owner's with every step answered at level 2."""
    return answered_assessment(owner, questionnaire, rating=2)


# --- Start -----------------------------------------------------------------------------------


ROLE_SLUGS = ("ai-engineer", "nlp-engineer", "mlops-engineer")
SENIORITY_SLUGS = ("junior", "mid", "senior", "lead")


@st.composite
def start_pairs(draw):
    pairs = []
    for key, known in (("role", ROLE_SLUGS), ("seniority", SENIORITY_SLUGS)):
        values = draw(st.lists(st.one_of(st.sampled_from(known), hostile_value), max_size=3))
        pairs += [(key, value) for value in values]
    pairs = with_stray_pairs(draw, pairs, known={"role", "seniority"})
    return draw(st.permutations(pairs))


@HOSTILE
@given(pairs=start_pairs())
def test_start_with_hostile_choices_starts_only_a_listed_role_and_seniority(pairs):
    client = browser()
    before = row_counts()
    role, seniority = last_value(pairs, "role"), last_value(pairs, "seniority")
    valid = role in ROLE_SLUGS and seniority in SENIORITY_SLUGS

    response = post_form(client, reverse("assessment:start"), pairs)

    after = row_counts()
    if valid:
        assessment = Assessment.objects.order_by("-created_at").first()
        assert response.status_code == 302
        assert (assessment.role.slug, assessment.seniority.slug) == (role, seniority)
        assert after == before | {"Assessment": before["Assessment"] + 1}
    else:
        assert response.status_code == 400
        assert "Please correct the highlighted fields." in response.content.decode()
        assert after == before


@HOSTILE
@given(pairs=start_pairs())
def test_start_page_with_a_hostile_query_string_renders_and_stores_nothing(pairs):
    before = row_counts()

    response = get_query(browser(), reverse("assessment:start"), pairs)

    assert response.status_code == 200
    assert response.context["form"].errors == {}
    assert row_counts() == before


# --- Questionnaire steps -----------------------------------------------------------------------

STEP_SLUGS = ("skills-programming", "duties", "education", "experience")
SAVED_CERTIFICATIONS = ("ibm-machine-learning",)


def valid_step_pairs(step) -> list:
    data = step_answers(step, rating=3, certifications=SAVED_CERTIFICATIONS, years=7, shipped=9)
    if step.kind == KIND_EXPERIENCE:
        data["portfolio_url"] = "https://example.org/portfolio"
    return [
        (key, value) for key, values in data.items() for value in (values if isinstance(values, list) else [values])
    ]


def step_flaws(step) -> list[str]:
    flaws = ["unknown-field", "duplicate", "missing"]
    if step.questions:
        flaws.append("bad-rating")
    if step.kind == KIND_EDUCATION:
        flaws.append("bad-certification")
    if step.kind == KIND_EXPERIENCE:
        flaws += ["bad-years", "bad-projects", "bad-url"]
    return flaws


def required_keys(step) -> list[str]:
    keys = [question.key for question in step.questions]
    return keys + (["years_experience", "shipped_projects"] if step.kind == KIND_EXPERIENCE else [])


def replace(pairs: list, key: str, value) -> list:
    return [(name, value if name == key else old) for name, old in pairs]


def hostile_step_pairs(draw, step) -> list:
    """A step body with at least one flaw that must get the whole page refused."""
    fields = set(StepForm(step=step).fields)
    certification_slugs = set(Certification.objects.values_list("slug", flat=True))
    pairs = valid_step_pairs(step)
    flaws = draw(st.lists(st.sampled_from(step_flaws(step)), min_size=1, max_size=3, unique=True))
    for flaw in flaws:
        if flaw == "bad-rating":
            question = draw(st.sampled_from(step.questions))
            levels = {str(choice.value) for choice in question.choices} | {""}
            pairs = replace(pairs, question.key, draw(hostile_value.filter(not_in(levels))))
        elif flaw == "unknown-field":
            key = draw(hostile_key.filter(not_in(fields | CONTROL_FIELDS)))
            pairs.append((key, draw(st.one_of(st.just("3"), hostile_value))))
        elif flaw == "duplicate":
            key, value = draw(st.sampled_from([(k, v) for k, v in pairs if k != "certifications"]))
            pairs.append((key, draw(st.one_of(st.just(value), hostile_value))))
        elif flaw == "missing":
            key = draw(st.sampled_from(required_keys(step)))
            pairs = [(name, value) for name, value in pairs if name != key]
        elif flaw == "bad-certification":
            pairs.append(("certifications", draw(hostile_value.filter(not_in(certification_slugs)))))
        elif flaw in ("bad-years", "bad-projects"):
            key, top = ("years_experience", 60) if flaw == "bad-years" else ("shipped_projects", 500)
            rejects = django_rejects(forms.IntegerField(min_value=0, max_value=top, required=False))
            pairs = replace(pairs, key, draw(hostile_value.filter(rejects)))
        elif flaw == "bad-url":
            rejects = django_rejects(forms.URLField(required=False, max_length=300, assume_scheme="https"))
            pairs = replace(pairs, "portfolio_url", draw(hostile_value.filter(rejects)))
    # "Back" saves a partly answered page, so a missing answer is only a flaw going forward.
    navigation = [st.just("next"), hostile_value.filter(not_in({"back"}))]
    if "missing" not in flaws:
        navigation.append(st.just("back"))
    pairs = replace(pairs, "nav", draw(st.one_of(navigation)))
    return draw(st.permutations(pairs))


def step_url(assessment, slug: str) -> str:
    return reverse("assessment:step", kwargs={"pk": assessment.pk, "slug": slug})


@pytest.mark.parametrize("slug", STEP_SLUGS)
@HOSTILE
@given(data=st.data())
def test_step_with_a_hostile_answer_is_refused_and_changes_no_answer(
    owner_client, in_progress, questionnaire, slug, data
):
    step = questionnaire.step(slug)
    pairs = hostile_step_pairs(data.draw, step)
    before, counts = assessment_state(in_progress), row_counts()

    response = post_form(owner_client, step_url(in_progress, slug), pairs)

    assert response.status_code == 400
    assert any(message in response.content.decode() for message in STEP_REJECTED)
    assert assessment_state(in_progress) == before
    assert row_counts() == counts


@pytest.mark.parametrize("slug", STEP_SLUGS)
@HOSTILE
@given(pairs=st.lists(st.tuples(hostile_key, hostile_value), max_size=4))
def test_step_page_with_a_hostile_query_string_renders_and_changes_nothing(
    owner_client, in_progress, questionnaire, slug, pairs
):
    before, counts = assessment_state(in_progress), row_counts()

    response = get_query(owner_client, step_url(in_progress, slug), pairs)

    assert response.status_code == 200
    assert response.context["step"].slug == slug
    assert assessment_state(in_progress) == before
    assert row_counts() == counts


@HOSTILE
@given(slug=awkward_text)
def test_step_with_an_unknown_slug_is_404_and_changes_nothing(owner_client, in_progress, questionnaire, slug):
    url = f"/assess/{in_progress.pk}/{quote(slug, safe='')}/"
    before, counts = assessment_state(in_progress), row_counts()
    known = {step.slug for step in questionnaire.steps}

    responses = [owner_client.get(url), owner_client.post(url, {"nav": "next"})]

    assert [r.status_code for r in responses] == [200, 400] if slug in known else [404, 404]
    assert assessment_state(in_progress) == before
    assert row_counts() == counts


# --- Sign up, log in, passwords ------------------------------------------------------------------

SIGNUP_KNOWN = {"username", "email", "password1", "password2", "next"}
BAD_USERNAME_CHARACTERS = (" ", "\x00", "<", "/", "\u202e", "!", "#", "\u200b")


@st.composite
def bad_username(draw):
    base = draw(text)
    at = draw(st.integers(0, len(base)))
    return draw(
        st.one_of(
            # Framed by letters, so stripping whitespace cannot remove the bad character.
            st.just("a" + base[:at] + draw(st.sampled_from(BAD_USERNAME_CHARACTERS)) + base[at:] + "z"),
            st.integers(151, 2000).map(lambda n: "u" * n),
            st.sampled_from([OWNER["username"], OWNER["username"].upper()]),
        )
    )


@st.composite
def signup_pairs(draw):
    fields = {"username": "erin-new", "email": "erin.new@example.org", "password1": PASSWORD, "password2": PASSWORD}
    # A taken email is no flaw the form may reveal (tests/assessment/integration/test_signup.py).
    flaw = draw(st.sampled_from(["username", "email", "mismatch", "missing"]))
    if flaw == "username":
        fields["username"] = draw(bad_username())
    elif flaw == "email":
        fields["email"] = draw(hostile_value.filter(lambda value: "@" not in decoded(value)))
    elif flaw == "mismatch":
        fields["password1"] = draw(st.one_of(st.just(PASSWORD), hostile_value))
        fields["password2"] = Raw(encode(fields["password1"]) + "!")
    else:
        del fields[draw(st.sampled_from(sorted(fields)))]
    # A duplicated key must not let an earlier, good value win.
    shadowed = [(key, "good-value-1") for key in draw(st.lists(st.sampled_from(sorted(fields)), max_size=2))]
    pairs = with_stray_pairs(draw, shadowed + list(fields.items()), known=SIGNUP_KNOWN)
    return pairs


@HOSTILE
@given(pairs=signup_pairs())
def test_signup_with_a_hostile_field_is_refused_and_creates_no_user(owner, pairs):
    client = browser()
    before = row_counts()

    response = post_form(client, reverse("signup"), pairs)

    assert response.status_code == 400
    assert response.context["form"].errors != {}
    assert row_counts() == before
    assert not is_logged_in(client)


@st.composite
def login_pairs(draw):
    username = draw(st.one_of(st.sampled_from([OWNER["username"], OWNER["email"]]), hostile_value))
    password = draw(hostile_value.filter(not_in({PASSWORD})))
    # A duplicated key must not let an earlier, correct password win.
    shadowed = [("password", PASSWORD)] if draw(st.booleans()) else []
    pairs = [("username", username), *shadowed, ("password", password)]
    missing = draw(st.sampled_from([None, "username", "password"]))
    if missing == "username" or (missing == "password" and not shadowed):
        pairs = [(key, value) for key, value in pairs if key != missing]
    return with_stray_pairs(draw, pairs, known={"username", "password", "next"})


def assert_login_refused(response, client) -> None:
    """The form again with its message, or django-axes' cool-off page once a lockout starts."""
    if response.status_code == 200:
        assert response.context["form"].errors != {}
    else:
        assert response.status_code in (403, 429)
    assert not is_logged_in(client)


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
@HOSTILE
@given(pairs=login_pairs())
# Longer than the lockout log's username column (255): PostgreSQL refused to store the failed attempt.
@example(pairs=[("username", "u" * 256), ("password", "wrong password")])
def test_login_with_hostile_credentials_logs_nobody_in(owner, url_name, pairs):
    owner.is_staff = True
    owner.save(update_fields=["is_staff"])
    client = browser()
    before = row_counts()

    response = post_form(client, reverse(url_name), pairs)

    assert_login_refused(response, client)
    assert row_counts() == before


@st.composite
def password_change_pairs(draw):
    old = draw(st.one_of(st.just(PASSWORD), hostile_value.filter(not_in({PASSWORD}))))
    new1 = draw(st.one_of(st.just("a brand new passphrase 7"), hostile_value))
    new2 = draw(hostile_value.filter(lambda value: decoded(value) != decoded(new1))) if old == PASSWORD else new1
    pairs = [("old_password", old), ("new_password1", new1), ("new_password2", new2)]
    return with_stray_pairs(draw, pairs, known={"old_password", "new_password1", "new_password2"})


@HOSTILE
@given(pairs=password_change_pairs())
def test_password_change_with_hostile_fields_keeps_the_password(owner, owner_client, pairs):
    before = row_counts()

    response = post_form(owner_client, reverse("password_change"), pairs)

    owner.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors != {}
    assert owner.check_password(PASSWORD)
    assert row_counts() == before


@HOSTILE
@given(email=hostile_value, extra=st.lists(st.tuples(hostile_key, hostile_value), max_size=2))
def test_password_reset_with_a_hostile_email_sends_nothing(owner, email, extra):
    sent = len(mail.outbox)

    response = post_form(browser(), reverse("password_reset"), [("email", email), *extra])

    if response.status_code == 302:
        assert response["Location"] == reverse("password_reset_done")
    else:
        assert response.status_code == 200
        assert response.context["form"].errors != {}
    assert len(mail.outbox) == sent


@st.composite
def set_password_pairs(draw):
    new1 = draw(st.one_of(st.just("a brand new passphrase 7"), hostile_value))
    new2 = draw(hostile_value.filter(lambda value: decoded(value) != decoded(new1)))
    pairs = draw(st.sampled_from([[("new_password1", new1), ("new_password2", new2)], [("new_password1", new1)]]))
    return with_stray_pairs(draw, pairs, known={"new_password1", "new_password2"})


@HOSTILE
@given(pairs=set_password_pairs())
def test_password_reset_form_with_hostile_passwords_keeps_the_password(owner, pairs):
    client = browser()
    uidb64 = urlsafe_base64_encode(force_bytes(owner.pk))
    link = reverse(
        "password_reset_confirm", kwargs={"uidb64": uidb64, "token": default_token_generator.make_token(owner)}
    )
    form_url = client.get(link)["Location"]
    before = row_counts()

    response = post_form(client, form_url, pairs)

    owner.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors != {}
    assert owner.check_password(PASSWORD)
    assert row_counts() == before


@HOSTILE
@given(uidb64=awkward_text, token=awkward_text)
def test_password_reset_link_with_hostile_parts_is_an_invalid_link(owner, uidb64, token):
    url = f"/accounts/reset/{quote(uidb64, safe='')}/{quote(token, safe='')}/"
    shape_ok = bool(uidb64) and bool(token) and "/" not in uidb64 + token

    responses = [browser().get(url), post_form(browser(), url, [("new_password1", "x"), ("new_password2", "x")])]

    if shape_ok:
        assert [r.status_code for r in responses] == [200, 200]
        assert [r.context["validlink"] for r in responses] == [False, False]
    else:
        assert [r.status_code for r in responses] == [404, 404]
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


# --- Share links ------------------------------------------------------------------------------------

EXPIRY_VALUES = {"", "7", "30", "90"}


@st.composite
def share_pairs(draw):
    fields = {"label": draw(st.one_of(st.just("For my mentor"), text)), "expires_in_days": "30"}
    flaw = draw(st.sampled_from(["label-nul", "label-long", "expiry"]))
    if flaw == "label-nul":
        fields["label"] = draw(text) + "\x00" + draw(text)
    elif flaw == "label-long":
        fields["label"] = draw(long_text.filter(lambda value: len(value.strip()) > 80))
    else:
        fields["expires_in_days"] = draw(hostile_value.filter(not_in(EXPIRY_VALUES)))
    shadowed = [(key, "7") for key in draw(st.lists(st.sampled_from(sorted(fields)), max_size=2))]
    return with_stray_pairs(draw, shadowed + list(fields.items()), known={"label", "expires_in_days"})


@HOSTILE
@given(pairs=share_pairs())
def test_share_create_with_a_hostile_field_is_refused_and_creates_no_link(owner_client, report, pairs):
    before = row_counts()

    response = post_form(owner_client, reverse("assessment:share-create", kwargs={"pk": report.pk}), pairs)

    assert response.status_code == 400
    assert "The link was not created" in response.content.decode()
    assert row_counts() == before


@HOSTILE
@given(
    link_id=st.integers(min_value=0, max_value=10**40),
    report_choice=st.sampled_from(["own", "other", "unknown"]),
    unknown=st.uuids(),
    extra=st.lists(st.tuples(hostile_key, hostile_value), max_size=2),
)
def test_share_revoke_with_unknown_or_foreign_ids_is_404_and_revokes_nothing(
    owner_client, report, other_report, link_id, report_choice, unknown, extra
):
    link = services.report_share_link_create(report=report, label="", expires_in_days=None)
    other_link = services.report_share_link_create(report=other_report, label="", expires_in_days=None)
    report_pk = {"own": report.pk, "other": other_report.pk, "unknown": unknown}[report_choice]
    # The owner's own links under their own report are the pairs that must work; skip them.
    own_link_ids = set(report.share_links.values_list("pk", flat=True))
    link_id = other_link.pk if report_choice == "own" and link_id in own_link_ids else link_id
    url = reverse("assessment:share-revoke", kwargs={"pk": report_pk, "link_id": link_id})
    before = row_counts()

    response = post_form(owner_client, url, extra)

    assert response.status_code == 404
    assert list(ShareLink.objects.filter(pk__in=[link.pk, other_link.pk], revoked_at__isnull=False)) == []
    assert row_counts() == before


@HOSTILE
@given(token=st.one_of(awkward_text, percent_bytes), query=st.lists(st.tuples(hostile_key, hostile_value), max_size=2))
def test_shared_page_with_a_hostile_token_is_404_and_refuses_post(report, token, query):
    live = services.report_share_link_create(report=report, label="", expires_in_days=None)
    path_token = token.encoded if isinstance(token, Raw) else quote(token, safe="")
    path = f"/s/{path_token}/"
    matches_route = decoded(Raw(path_token)) != "" and "/" not in decoded(Raw(path_token))
    assume(decoded(Raw(path_token)) != live.token)
    before = row_counts()

    get = get_query(browser(), path, query)
    post = post_form(browser(), path, query)

    assert get.status_code == 404
    assert post.status_code == (405 if matches_route else 404)
    assert row_counts() == before


# --- Saved reports: compare, delete, unknown ids everywhere ---------------------------------------------


def uuid_or_none(value: str):
    """The report id Django's UUIDField reads from a string (it accepts several spellings), or None."""
    try:
        return uuid.UUID(hex=value)
    except (ValueError, TypeError, AttributeError):
        return None


@HOSTILE
@given(data=st.data())
def test_report_compare_with_hostile_ids_shows_only_own_reports(owner_client, report, other_report, data):
    candidates = st.one_of(
        st.sampled_from([str(report.pk), str(report.pk).upper(), str(other_report.pk), ""]),
        st.uuids().map(str),
        hostile_value,
    )
    pairs = data.draw(
        st.lists(st.tuples(st.sampled_from(["before", "after"]), candidates), max_size=4)
        .flatmap(lambda pairs: st.permutations(pairs))
        .map(list)
    )
    pairs += data.draw(st.lists(st.tuples(hostile_key, hostile_value), max_size=1))
    before_id, after_id = last_value(pairs, "before"), last_value(pairs, "after")
    before = row_counts()

    response = get_query(owner_client, reverse("assessment:report-compare"), pairs)

    if not (before_id and after_id):
        assert response.status_code == 200
        assert response.context["result"] is None
    elif {uuid_or_none(before_id), uuid_or_none(after_id)} == {report.pk}:
        assert response.status_code == 200
        assert response.context["before"] == report
    else:
        assert response.status_code == 404
    assert row_counts() == before


def pk_urls(pk) -> list[str]:
    """Every address that names an assessment or a report by its id."""
    return [
        reverse("assessment:resume", kwargs={"pk": pk}),
        reverse("assessment:step", kwargs={"pk": pk, "slug": "duties"}),
        reverse("assessment:review", kwargs={"pk": pk}),
        reverse("assessment:report", kwargs={"pk": pk}),
        reverse("assessment:report-delete", kwargs={"pk": pk}),
        reverse("assessment:report-pdf", kwargs={"pk": pk}),
        reverse("assessment:report-csv", kwargs={"pk": pk}),
        reverse("assessment:report-json", kwargs={"pk": pk}),
    ]


@HOSTILE
@given(
    choice=st.sampled_from(["unknown", "someone-else's"]),
    unknown=st.uuids(),
    visitor=st.sampled_from(["anonymous", "owner"]),
    extra=st.lists(st.tuples(hostile_key, hostile_value), max_size=2),
)
def test_unknown_and_foreign_ids_are_404_everywhere_and_change_nothing(
    owner, other_report, choice, unknown, visitor, extra
):
    pk = unknown if choice == "unknown" else other_report.pk
    client = browser(owner if visitor == "owner" else None)
    before = row_counts()

    statuses = [get_query(client, url, extra).status_code for url in pk_urls(pk)]
    statuses += [post_form(client, url, extra).status_code for url in pk_urls(pk)[1:3] + pk_urls(pk)[4:5]]
    statuses.append(post_form(client, reverse("assessment:share-create", kwargs={"pk": pk}), extra).status_code)

    assert statuses == [404] * 12
    assert row_counts() == before


@HOSTILE
@given(segment=st.one_of(awkward_text, percent_bytes))
def test_malformed_ids_in_addresses_are_404(owner_client, segment):
    path_segment = segment.encoded if isinstance(segment, Raw) else quote(segment, safe="")
    before = row_counts()

    statuses = [
        owner_client.get(f"/assess/{path_segment}/").status_code,
        owner_client.post(f"/reports/{path_segment}/delete/").status_code,
        owner_client.get(f"/reports/{path_segment}/export.csv").status_code,
        owner_client.post(f"/reports/{path_segment}/share/").status_code,
    ]

    assert statuses == [404] * 4
    assert row_counts() == before


# --- Account data and deletion --------------------------------------------------------------------------


@HOSTILE
@given(pairs=st.lists(st.tuples(hostile_key, hostile_value), max_size=4))
def test_account_data_with_a_hostile_body_only_reads(owner, owner_client, report, pairs):
    before = row_counts()

    page = get_query(owner_client, reverse("assessment:account-data"), pairs)
    download = post_form(owner_client, reverse("assessment:account-data"), pairs)

    assert (page.status_code, download.status_code) == (200, 200)
    assert download.json()["profile"]["username"] == OWNER["username"]
    assert row_counts() == before


@st.composite
def account_delete_pairs(draw):
    wrong = ("password", draw(hostile_value.filter(not_in({PASSWORD}))))
    shape = draw(st.sampled_from(["wrong", "correct-then-wrong", "missing"]))
    pairs = {"wrong": [wrong], "correct-then-wrong": [("password", PASSWORD), wrong], "missing": []}[shape]
    return with_stray_pairs(draw, pairs, known={"password"})


@HOSTILE
@given(pairs=account_delete_pairs())
def test_account_delete_with_a_wrong_or_hostile_password_deletes_nothing(owner, owner_client, report, pairs):
    before = row_counts()

    response = post_form(owner_client, reverse("assessment:account-delete"), pairs)

    assert response.status_code == 400
    assert "Your account was not deleted" in response.content.decode()
    assert row_counts() == before
    assert is_logged_in(owner_client)


# --- Catalogue pages ----------------------------------------------------------------------------------------

CATALOGUE_URL_NAMES = (
    "career:home",
    "career:role-list",
    "career:skill-list",
    "career:duty-list",
    "career:certification-list",
    "career:roadmap",
    "career:career-path",
    "career:outlook",
    "career:kpi-list",
    "career:faq",
)


@HOSTILE
@given(name=st.sampled_from(CATALOGUE_URL_NAMES), pairs=st.lists(st.tuples(hostile_key, hostile_value), max_size=4))
def test_catalogue_pages_ignore_a_hostile_query_string(name, pairs):
    before = row_counts()

    response = get_query(browser(), reverse(name), pairs)

    assert response.status_code == 200
    assert response.resolver_match.view_name == name
    assert row_counts() == before


@HOSTILE
@given(slug=st.one_of(awkward_text, percent_bytes, st.from_regex(r"[-a-zA-Z0-9_]{1,80}", fullmatch=True)))
def test_role_page_with_an_odd_slug_is_404(slug):
    path_slug = slug.encoded if isinstance(slug, Raw) else quote(slug, safe="")
    assume(decoded(Raw(path_slug)) not in set(Role.objects.values_list("slug", flat=True)))

    response = browser().get(f"/roles/{path_slug}/")

    assert response.status_code == 404


# --- Oversized bodies, too many fields, wrong content types, wrong methods -----------------------------------


def form_urls(*, report, in_progress) -> dict[str, str]:
    return {
        "start": reverse("assessment:start"),
        "step": step_url(in_progress, "duties"),
        "signup": reverse("signup"),
        "login": reverse("login"),
        "admin-login": reverse("admin:login"),
        "password-change": reverse("password_change"),
        "password-reset": reverse("password_reset"),
        "share-create": reverse("assessment:share-create", kwargs={"pk": report.pk}),
        "report-delete": reverse("assessment:report-delete", kwargs={"pk": report.pk}),
        "account-data": reverse("assessment:account-data"),
        "account-delete": reverse("assessment:account-delete"),
    }


FORM_ENDPOINTS = (
    "start",
    "step",
    "signup",
    "login",
    "admin-login",
    "password-change",
    "password-reset",
    "share-create",
    "report-delete",
    "account-data",
    "account-delete",
)
# Pages for visitors who are not signed in; a signed-in candidate is redirected away from them.
ANONYMOUS_ENDPOINTS = ("start", "signup", "login", "admin-login", "password-reset")
# These views never read the body; in production CSRF protection reads (and refuses) it first.
BODY_IGNORING_ENDPOINTS = ("report-delete", "account-data")


def csrf_browser(user) -> Client:
    """A browser with a well-formed CSRF cookie, checked as in production; no token is ever sent."""
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32
    return client


def oversized_body(kind: str) -> str:
    many = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1
    if kind == "one-huge-field":
        return "password=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if kind == "too-many-fields":
        return "&".join(f"f{n}=1" for n in range(many))
    return "&".join("password=x" for _ in range(many))


OVERSIZED = ("one-huge-field", "too-many-fields", "too-many-duplicates")


@pytest.mark.parametrize("body", OVERSIZED)
@pytest.mark.parametrize("endpoint", FORM_ENDPOINTS)
def test_oversized_body_is_400_and_stores_nothing(owner, report, in_progress, endpoint, body):
    url = form_urls(report=report, in_progress=in_progress)[endpoint]
    client = csrf_browser(owner)
    before, state = row_counts(), assessment_state(in_progress)

    response = client.post(url, oversized_body(body), content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert row_counts() == before
    assert assessment_state(in_progress) == state
    assert is_logged_in(client)


@pytest.mark.parametrize("body", OVERSIZED)
@pytest.mark.parametrize("endpoint", [name for name in FORM_ENDPOINTS if name not in BODY_IGNORING_ENDPOINTS])
def test_oversized_body_is_400_in_the_view_itself(owner, report, in_progress, endpoint, body):
    url = form_urls(report=report, in_progress=in_progress)[endpoint]
    client = browser(None if endpoint in ANONYMOUS_ENDPOINTS else owner)
    before, state = row_counts(), assessment_state(in_progress)

    response = client.post(url, oversized_body(body), content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert row_counts() == before
    assert assessment_state(in_progress) == state


WRONG_CONTENT = {
    "json": ('{"role": "ai-engineer", "seniority": "mid", "password": "x", "email": "a@b.c"}', "application/json"),
    "plain-text": ("role=ai-engineer&seniority=mid&password=x", "text/plain"),
    "xml": ("<role>ai-engineer</role>", "application/xml"),
    "garbage-bytes": (b"\xff\xfe\x00\x00role\x00=\x80&password=\xc3", "application/x-www-form-urlencoded"),
    "broken-multipart": ("--boundary\r\nContent-Disposition: form-data\r\n", "multipart/form-data; boundary=boundary"),
    "multipart-without-boundary": ("role=ai-engineer", "multipart/form-data"),
}
# An unreadable body leaves these forms empty, and each has a required field.
REQUIRED_FIELD_ENDPOINTS = ("start", "step", "signup", "login", "admin-login", "password-change", "account-delete")


@pytest.mark.parametrize("content", sorted(WRONG_CONTENT))
@pytest.mark.parametrize("endpoint", REQUIRED_FIELD_ENDPOINTS)
def test_wrong_content_type_is_refused_and_stores_nothing(owner, report, in_progress, endpoint, content):
    url = form_urls(report=report, in_progress=in_progress)[endpoint]
    body, content_type = WRONG_CONTENT[content]
    client = browser(None if endpoint in ANONYMOUS_ENDPOINTS else owner)
    before, state = row_counts(), assessment_state(in_progress)

    response = client.post(url, body, content_type=content_type)

    # Django's auth views show a refused form again with 200; ours answer 400. A broken multipart body is 400.
    if response.status_code == 200:
        assert endpoint in ("login", "admin-login", "password-change")
        assert response.context["form"].errors != {}
    else:
        assert response.status_code == 400
    assert row_counts() == before
    assert assessment_state(in_progress) == state
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


# Function views that name their methods; Django's class-based auth views answer PUT like POST.
METHOD_LIMITED_ENDPOINTS = (
    "start",
    "step",
    "signup",
    "share-create",
    "report-delete",
    "account-data",
    "account-delete",
)


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"])
@pytest.mark.parametrize("endpoint", METHOD_LIMITED_ENDPOINTS)
def test_unsupported_methods_with_a_body_are_405_and_store_nothing(owner, report, in_progress, endpoint, method):
    url = form_urls(report=report, in_progress=in_progress)[endpoint]
    client = browser(owner)
    before, state = row_counts(), assessment_state(in_progress)

    response = client.generic(method, url, "role=ai-engineer&password=x", "application/x-www-form-urlencoded")

    assert response.status_code == 405
    assert row_counts() == before
    assert assessment_state(in_progress) == state


# --- The knowledge check ----------------------------------------------------------------------

CHECK_NAV = {"start", "skip", "back", "answer"}


@pytest.fixture
def checking(in_progress):
    """The owner's assessment with the knowledge check started: one item waits for an answer."""
    return services.check_start(assessment=in_progress)


def check_state(assessment: Assessment) -> tuple:
    assessment.refresh_from_db()
    rows = CheckResponse.objects.filter(assessment=assessment).order_by("number").values()
    return assessment.check_status, assessment.status, list(rows)


def not_cleaned_to(ids: set[int]):
    """True for values an integer field refuses or reads as another id (" 16 " reads as 16)."""
    field = forms.IntegerField()

    def other(value) -> bool:
        try:
            return field.clean(decoded(value)) not in ids
        except ValidationError:
            return True

    return other


@st.composite
def hostile_check_pairs(draw, waiting: CheckResponse):
    """An answer that must be refused: a hostile or foreign item or option, a duplicate, or a hostile nav."""
    item, option = str(waiting.item_id), str(waiting.option_order[0])
    others = [
        str(pk)
        for pk in KnowledgeCheckOption.objects.exclude(item_id=waiting.item_id).values_list("pk", flat=True)[:50]
    ]
    flaw = draw(st.sampled_from(["item", "option", "foreign-option", "duplicate", "missing", "nav"]))
    pairs = [("nav", "answer"), ("item", item), ("option", option)]
    if flaw == "item":
        pairs = replace(pairs, "item", draw(hostile_value.filter(not_cleaned_to({waiting.item_id}))))
    elif flaw == "option":
        pairs = replace(pairs, "option", draw(hostile_value.filter(not_cleaned_to(set(waiting.option_order)))))
    elif flaw == "foreign-option":
        pairs = replace(pairs, "option", draw(st.sampled_from(others)))
    elif flaw == "duplicate":
        key = draw(st.sampled_from(["item", "option", "nav"]))
        pairs.append((key, draw(st.one_of(st.just(dict(pairs)[key]), hostile_value))))
    elif flaw == "missing":
        key = draw(st.sampled_from(["item", "option"]))
        pairs = [(name, value) for name, value in pairs if name != key]
    else:
        pairs = replace(pairs, "nav", draw(hostile_value.filter(not_in(CHECK_NAV))))
    pairs = with_stray_pairs(draw, pairs, known={"nav", "item", "option"})
    return draw(st.permutations(pairs))


@HOSTILE
@given(data=st.data())
def test_check_answer_with_hostile_ids_is_refused_and_stores_nothing(owner_client, checking, data):
    waiting = CheckResponse.objects.get(assessment=checking, answered_at__isnull=True)
    pairs = data.draw(hostile_check_pairs(waiting))
    before, counts = check_state(checking), row_counts()

    response = post_form(owner_client, step_url(checking, "check"), pairs)

    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert check_state(checking) == before
    assert row_counts() == counts


@HOSTILE
@given(pairs=st.lists(st.tuples(hostile_key, hostile_value), max_size=4))
def test_check_page_with_a_hostile_query_string_renders_and_changes_nothing(owner_client, checking, pairs):
    before = check_state(checking)

    response = get_query(owner_client, step_url(checking, "check"), pairs)

    assert response.status_code == 200
    assert response.context["check"]["question"].item_id == before[2][0]["item_id"]
    assert check_state(checking) == before
