"""Job ads: nobody reads or changes another candidate's ad, markup in an ad shows as text, hostile input gets a 4xx."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from assessment.models import Assessment, JobAd, Report
from tests.job_ads.ads import corpus_ad
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

AD = corpus_ad("09-senior-ml-platform")
SCRIPT = "<script>alert('x')</script>"
HOSTILE_TITLE = f'Senior ML Platform Engineer {SCRIPT}"><img src=x onerror=alert(1)>'
HOSTILE_COMPANY = "<b>Tidewater</b> & Co"
HOSTILE_TEXT = f"Experience with {SCRIPT} and <i>Terraform</i>\n" + AD.text + "\n- Strong <u>Go</u>\n"


def signed_in(username: str) -> Client:
    user = get_user_model().objects.create_user(username=username, email=f"{username}@example.org", password="x")
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def alice() -> Client:
    return signed_in("alice-ads")


@pytest.fixture
def alice_ad(alice) -> JobAd:
    response = alice.post(
        reverse("assessment:job-ad-new"),
        {"title": HOSTILE_TITLE, "company": HOSTILE_COMPANY, "text": HOSTILE_TEXT, "keep_text": "on"},
    )
    assert response.status_code == 302
    return JobAd.objects.get()


@pytest.fixture
def alice_report(alice, alice_ad) -> Report:
    answer_steps(alice, start_assessment(alice, role="ml-platform-engineer", seniority="senior"), rating=2)
    response = alice.post(reverse("assessment:job-ad-score", kwargs={"pk": alice_ad.pk}), {"answers": "latest"})
    assert response.status_code == 302
    return Report.objects.get(job_ad=alice_ad)


def test_markup_in_an_ad_is_stored_as_typed(alice_ad):
    assert (alice_ad.title, alice_ad.company, alice_ad.text) == (HOSTILE_TITLE, HOSTILE_COMPANY, HOSTILE_TEXT.strip())


@pytest.mark.parametrize("url_name", ["assessment:job-ad", "assessment:job-ad-new"])
def test_the_ad_pages_show_markup_as_text(alice, alice_ad, url_name):
    url = reverse(url_name, kwargs={"pk": alice_ad.pk}) if url_name == "assessment:job-ad" else reverse(url_name)

    html = alice.get(url).content.decode()

    assert (SCRIPT in html, "<b>Tidewater</b>" in html, "<img src=x" in html) == (False, False, False)
    assert "&lt;b&gt;Tidewater&lt;/b&gt; &amp; Co" in html


def test_the_highlighted_phrases_are_escaped_around_the_mark(alice, alice_ad):
    html = alice.get(reverse("assessment:job-ad", kwargs={"pk": alice_ad.pk})).content.decode()

    assert (
        "with &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; and &lt;i&gt;<mark>Terraform</mark>&lt;/i&gt;" in html
    )
    assert "<i>" not in html


def test_the_report_shows_the_ads_markup_as_text(alice, alice_report):
    html = alice.get(reverse("assessment:report", kwargs={"pk": alice_report.pk})).content.decode()

    assert (SCRIPT in html, "<b>Tidewater</b>" in html, "<i>Terraform" in html) == (False, False, False)
    assert "&lt;b&gt;Tidewater&lt;/b&gt; &amp; Co" in html


@pytest.mark.parametrize(
    ("method", "url_name", "data"),
    [
        ("get", "assessment:job-ad", {}),
        ("post", "assessment:job-ad", {"action": "reset"}),
        ("post", "assessment:job-ad", {"action": "save", "target-skill-python": "0", "weight-skill-python": "1"}),
        ("post", "assessment:job-ad-score", {"answers": "questionnaire"}),
        ("post", "assessment:job-ad-delete", {}),
    ],
    ids=["view", "reset", "edit", "score", "delete"],
)
@pytest.mark.parametrize("who", ["charlie", "anonymous"])
def test_nobody_else_can_see_or_change_an_ad(alice_ad, method, url_name, data, who):
    other = signed_in("charlie-ads") if who == "charlie" else Client()
    items_before = alice_ad.items

    response = getattr(other, method)(reverse(url_name, kwargs={"pk": alice_ad.pk}), data)

    alice_ad.refresh_from_db()  # still there
    assert response.status_code == 404
    assert HOSTILE_COMPANY not in response.content.decode()
    assert (alice_ad.items, Assessment.objects.filter(job_ad=alice_ad).count()) == (items_before, 0)


def test_another_candidates_ads_are_not_listed(alice_ad):
    html = signed_in("charlie-ads").get(reverse("assessment:job-ad-new")).content.decode()

    assert ("Tidewater" in html, str(alice_ad.pk) in html) == (False, False)


def test_an_anonymous_ad_belongs_to_its_browser_only(db):
    owner, stranger = Client(), Client()
    owner.post(reverse("assessment:job-ad-new"), {"title": "ML Engineer", "text": AD.text})
    job_ad = JobAd.objects.get()

    assert owner.get(reverse("assessment:job-ad", kwargs={"pk": job_ad.pk})).status_code == 200
    assert stranger.get(reverse("assessment:job-ad", kwargs={"pk": job_ad.pk})).status_code == 404


@pytest.mark.parametrize("pk", ["00000000-0000-0000-0000-000000000000"], ids=["unknown"])
def test_an_unknown_ad_is_404(alice, pk):
    assert alice.get(reverse("assessment:job-ad", kwargs={"pk": pk})).status_code == 404


HOSTILE_FORMS = {
    "nul-in-text": {"text": AD.text + "\x00"},
    "nul-in-title": {"title": "ML\x00", "text": AD.text},
    "title-too-long": {"title": "T" * 121, "text": AD.text},
    "company-too-long": {"company": "C" * 121, "text": AD.text},
}


@pytest.mark.parametrize("data", HOSTILE_FORMS.values(), ids=HOSTILE_FORMS.keys())
def test_hostile_ad_forms_get_a_400_and_store_nothing(alice, data):
    response = alice.post(reverse("assessment:job-ad-new"), data)

    assert response.status_code == 400
    assert JobAd.objects.count() == 0


def test_an_item_field_sent_twice_is_refused(alice, alice_ad):
    url = reverse("assessment:job-ad", kwargs={"pk": alice_ad.pk})
    data = {"action": "save"} | {
        f"{part}-{i['kind']}-{i['key']}": str(i[part]) for i in alice_ad.items for part in ("target", "weight")
    }
    body = "&".join(f"{name}={value}" for name, value in data.items()) + "&target-skill-python=1"

    response = alice.post(url, body, content_type="application/x-www-form-urlencoded")

    assert response.status_code == 400
    assert "“target-skill-python” was sent 2 times" in response.content.decode()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_ad_pages_refuse_other_methods(alice, alice_ad, method):
    response = getattr(alice, method)(reverse("assessment:job-ad", kwargs={"pk": alice_ad.pk}))

    assert response.status_code == 405


def test_scoring_needs_a_post(alice, alice_ad):
    response = alice.get(reverse("assessment:job-ad-score", kwargs={"pk": alice_ad.pk}))

    assert (response.status_code, Assessment.objects.count()) == (405, 0)


def test_the_ad_page_is_never_stored_by_a_browser_or_a_proxy(alice, alice_ad):
    response = alice.get(reverse("assessment:job-ad", kwargs={"pk": alice_ad.pk}))

    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
