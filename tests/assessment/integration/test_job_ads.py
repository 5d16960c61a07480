"""Scoring a candidate against a pasted or uploaded job ad: recognition, the editable target, the report."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from assessment import ad_text
from assessment.models import Assessment, JobAd, Report, UnrecognisedTerm
from assessment.services import candidate_data_claim
from tests.job_ads.ads import corpus_ad, pdf_of, pdf_without_text
from tests.journeys import answer_steps, start_assessment

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LLM = corpus_ad("14-senior-llm-engineer")
NEW = reverse("assessment:job-ad-new")


@pytest.fixture
def user():
    return get_user_model().objects.create_user(username="ada-ads", email="ada@example.org", password="x")


@pytest.fixture
def client(user):
    client = Client()
    client.force_login(user)
    return client


def paste(client, text=LLM.text, **extra):
    return client.post(NEW, {"title": LLM.title, "company": LLM.company, "text": text} | extra)


def upload(client, name: str, content: bytes, content_type="text/plain"):
    return client.post(NEW, {"title": "", "company": "", "upload": SimpleUploadedFile(name, content, content_type)})


@pytest.fixture
def job_ad(client) -> JobAd:
    response = paste(client)
    assert response.status_code == 302
    return JobAd.objects.get()


def errors_of(response) -> str:
    return " ".join(message for messages in response.context["form"].errors.values() for message in messages)


def item_keys(job_ad: JobAd) -> set[tuple[str, str]]:
    return {(item["kind"], item["key"]) for item in job_ad.items}


def test_a_pasted_ad_is_stored_with_the_target_built_from_the_nearest_profile(client):
    response = paste(client)

    job_ad = JobAd.objects.get()
    assert response["Location"] == reverse("assessment:job-ad", kwargs={"pk": job_ad.pk})
    assert job_ad.derived["base"]["role"] == "nlp-engineer"
    assert job_ad.derived["base"]["seniority"] == "senior"
    assert item_keys(job_ad) == LLM.expected
    assert job_ad.text == ""


def test_the_ad_page_shows_each_item_with_the_ads_words_highlighted(client, job_ad):
    response = client.get(reverse("assessment:job-ad", kwargs={"pk": job_ad.pk}))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="job-ad-item"') == len(job_ad.items)
    assert "<mark>large language models</mark>" in html
    assert "“senior” in the title" in html


def test_the_full_text_is_kept_only_when_the_candidate_asks(client):
    paste(client, keep_text="on")

    assert JobAd.objects.get().text == LLM.text.strip()


def test_terms_that_match_nothing_are_listed_and_counted_once_per_ad(client):
    text = LLM.text + "\n- Experience with Flink, Rust and Scala\n"

    paste(client, text=text)
    paste(client, text=text)

    assert JobAd.objects.first().derived["unrecognised"] == ["flink", "rust", "scala", "applied ml"]
    assert dict(UnrecognisedTerm.objects.values_list("phrase", "ad_count")) == {
        "applied ml": 2,
        "flink": 2,
        "rust": 2,
        "scala": 2,
    }


BAD_PASTES = {
    "empty": ("", "Paste the ad's text or upload it as a .txt or .pdf file."),
    "blank": ("   \n\t ", "Paste the ad's text or upload it as a .txt or .pdf file."),
    "no-words": ("1234 — 5678 !!!", "This does not look like a job ad: it has no words in it."),
    "nothing-recognised": (
        "We are a friendly bakery looking for someone who loves bread and early mornings.",
        "We did not recognise any skill, duty, qualification or certification in this ad. Nothing was saved.",
    ),
    "too-long": ("Python" * 5001, "The ad is 30006 characters long; an ad can have up to 30000."),
}


@pytest.mark.parametrize(("text", "message"), BAD_PASTES.values(), ids=BAD_PASTES.keys())
def test_a_bad_paste_gets_a_clear_message_and_stores_nothing(client, text, message):
    response = paste(client, text=text)

    assert response.status_code == 400
    assert message in errors_of(response)
    assert (JobAd.objects.count(), UnrecognisedTerm.objects.count()) == (0, 0)


def test_a_text_file_is_read_as_the_ad(client):
    response = upload(client, "ad.txt", LLM.text.encode())

    assert response.status_code == 302
    assert item_keys(JobAd.objects.get()) == LLM.expected


def test_a_pdf_with_text_is_read_as_the_ad(client):
    response = upload(client, "ad.pdf", pdf_of(LLM.text), "application/pdf")

    assert response.status_code == 302
    assert {"nlp-llms", "generative-ai", "python"} <= {key for _, key in item_keys(JobAd.objects.get())}


BAD_UPLOADS = {
    "pdf-without-text": (
        "scan.pdf",
        pdf_without_text(),
        "This PDF has no text we can read (it may be a scanned image). Paste the ad's text instead.",
    ),
    "binary": (
        "ad.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "This file is not text (it looks like a binary file).",
    ),
    "not-utf8": ("ad.txt", "Ingénieur".encode("latin-1"), "This file is not UTF-8 text."),
    "fake-pdf": ("ad.pdf", b"Python and PyTorch", "This file is named .pdf but is not a PDF."),
    "broken-pdf": ("ad.pdf", b"%PDF-1.7 garbage", "This PDF could not be read."),
    "too-big": ("ad.txt", b"Python " * 300_000, "The file is larger than 2 MB."),
    "too-long": ("ad.txt", b"Python " * 5000, "an ad can have up to 30,000."),
}


@pytest.mark.parametrize(("name", "content", "message"), BAD_UPLOADS.values(), ids=BAD_UPLOADS.keys())
def test_a_bad_upload_gets_a_clear_message_and_stores_nothing(client, name, content, message):
    response = upload(client, name, content)

    assert response.status_code == 400
    assert message in errors_of(response)
    assert JobAd.objects.count() == 0


def test_a_pdf_that_takes_too_long_is_given_up(monkeypatch):
    monkeypatch.setattr(ad_text, "PDF_SECONDS", 0.001)

    with pytest.raises(ad_text.AdTextError) as raised:
        ad_text.ad_text_from_upload(name="ad.pdf", content=pdf_of(LLM.text))

    assert str(raised.value) == "Reading this PDF took too long. Paste the ad's text instead."


def test_pasting_and_uploading_at_once_is_refused(client):
    response = client.post(NEW, {"text": LLM.text, "upload": SimpleUploadedFile("a.txt", b"Python")})

    assert response.status_code == 400
    assert "Paste the text or upload a file, not both." in response.content.decode()


def edit_data(job_ad: JobAd, **overrides) -> dict:
    data = {"action": "save"}
    for item in job_ad.items:
        name = f"{item['kind']}-{item['key']}"
        data[f"target-{name}"] = str(item["target"])
        data[f"weight-{name}"] = str(item["weight"])
    return data | overrides


def test_the_candidate_changes_a_target_and_a_weight_and_leaves_an_item_out(client, job_ad):
    url = reverse("assessment:job-ad", kwargs={"pk": job_ad.pk})
    data = edit_data(
        job_ad, **{"target-skill-nlp-llms": "2", "weight-skill-python": "1", "removed-skill-generative-ai": "on"}
    )

    response = client.post(url, data)

    job_ad.refresh_from_db()
    items = {item["key"]: item for item in job_ad.items}
    assert response["Location"] == url
    assert (items["nlp-llms"]["target"], items["python"]["weight"], items["generative-ai"]["removed"]) == (2, 1, True)
    assert job_ad.derived["items"] != job_ad.items


def test_reset_brings_back_the_target_derived_from_the_ad(client, job_ad):
    url = reverse("assessment:job-ad", kwargs={"pk": job_ad.pk})
    client.post(url, edit_data(job_ad, **{"removed-skill-python": "on"}))

    client.post(url, {"action": "reset"})

    job_ad.refresh_from_db()
    assert job_ad.items == job_ad.derived["items"]


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        ({"target-skill-python": "7"}, "Targets are 0 to 4 and weights 1 to 5; nothing was saved."),
        ({"weight-skill-python": "0"}, "Targets are 0 to 4 and weights 1 to 5; nothing was saved."),
        ({"target-skill-robotics-physical-systems": "3"}, "unknown field “target-skill-robotics-physical-systems”"),
    ],
    ids=["target-out-of-range", "weight-out-of-range", "item-not-in-the-ad"],
)
def test_a_bad_edit_is_refused_and_saves_nothing(client, job_ad, override, problem):
    before = job_ad.items

    response = client.post(reverse("assessment:job-ad", kwargs={"pk": job_ad.pk}), edit_data(job_ad, **override))

    job_ad.refresh_from_db()
    assert response.status_code == 400
    assert problem in response.content.decode()
    assert job_ad.items == before


@pytest.fixture
def answered(client) -> Assessment:
    assessment = start_assessment(client, role="nlp-engineer", seniority="mid")
    answer_steps(client, assessment, rating=2)
    return assessment


def score(client, job_ad, answers="latest") -> Report:
    response = client.post(reverse("assessment:job-ad-score", kwargs={"pk": job_ad.pk}), {"answers": answers})
    assert response.status_code == 302
    return Report.objects.filter(job_ad=job_ad).order_by("-created_at").first()


def test_scoring_with_the_latest_answers_makes_a_report_against_the_ads_target(client, job_ad, answered):
    client.post(
        reverse("assessment:job-ad", kwargs={"pk": job_ad.pk}),
        edit_data(job_ad, **{"removed-skill-generative-ai": "on", "target-skill-nlp-llms": "4"}),
    )

    report = score(client, job_ad)

    s = report.snapshot
    scored = {item["key"]: item for item in s["score"]["items"]}
    assert report.role_name == "Senior LLM Engineer at Atlas Legal AI"
    assert s["target"]["role_name"] == "Senior LLM Engineer at Atlas Legal AI"
    assert s["job_ad"]["base"]["role_name"] == "NLP Engineer"
    assert set(scored) == {key for _, key in LLM.expected} - {"generative-ai"}
    assert (scored["nlp-llms"]["target"], scored["nlp-llms"]["rating"]) == (4, 2)
    assert s["job_ad"]["left_out"] == ["Generative AI"]
    assert s["job_ad"]["text"] == ""
    assert s["schema_version"] == 4
    assert report.job_ad_key == str(job_ad.pk)


def test_the_report_page_shows_the_ad_and_its_words(client, job_ad, answered):
    report = score(client, job_ad)

    html = client.get(reverse("assessment:report", kwargs={"pk": report.pk})).content.decode()

    assert "Senior LLM Engineer at Atlas Legal AI" in html
    assert 'data-testid="job-ad-section"' in html
    assert "<mark>vLLM</mark>" in html


def test_the_exports_keep_the_ads_target(client, job_ad, answered):
    report = score(client, job_ad)

    exported = json.loads(client.get(reverse("assessment:report-json", kwargs={"pk": report.pk})).content)
    csv_text = client.get(reverse("assessment:report-csv", kwargs={"pk": report.pk})).content.decode()

    assert exported["snapshot"]["job_ad"]["items"] == job_ad.items
    assert exported["report"]["role_name"] == "Senior LLM Engineer at Atlas Legal AI"
    assert "NLP and large language models" in csv_text


def test_without_completed_answers_the_candidate_answers_the_questionnaire_for_the_ad(client, job_ad):
    response = client.post(reverse("assessment:job-ad-score", kwargs={"pk": job_ad.pk}), {"answers": "latest"})

    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("assessment:resume", kwargs={"pk": assessment.pk})
    assert (assessment.job_ad, assessment.role.slug, assessment.seniority.slug) == (job_ad, "nlp-engineer", "senior")

    answer_steps(client, assessment, rating=3)

    report = Report.objects.get(assessment=assessment)
    assert report.snapshot["job_ad"]["id"] == str(job_ad.pk)
    assert {i["key"] for i in report.snapshot["score"]["items"]} == {key for _, key in LLM.expected}


def test_two_reports_for_the_same_ad_compare_as_the_same_target(client, job_ad, answered):
    first = score(client, job_ad)
    second = score(client, job_ad)

    compare = client.get(reverse("assessment:report-compare") + f"?before={first.pk}&after={second.pk}")
    progress = client.get(reverse("assessment:report-progress") + f"?job_ad={job_ad.pk}")

    assert compare.context["result"].same_target is True
    assert [p.label for p in progress.context["points"]] == ["Senior LLM Engineer at Atlas Legal AI"] * 2


def test_the_report_list_shows_the_change_since_the_last_report_for_the_same_ad(client, job_ad, answered):
    score(client, job_ad)
    score(client, job_ad)

    rows = client.get(reverse("assessment:report-list")).context["rows"]

    assert [(row.report.job_ad_key, row.change) for row in rows] == [
        (str(job_ad.pk), 0),
        (str(job_ad.pk), None),
        ("", None),
    ]


def test_an_ad_with_every_item_left_out_cannot_be_scored(client, job_ad, answered):
    removed = {f"removed-{i['kind']}-{i['key']}": "on" for i in job_ad.items}
    client.post(reverse("assessment:job-ad", kwargs={"pk": job_ad.pk}), edit_data(job_ad, **removed))

    response = client.post(
        reverse("assessment:job-ad-score", kwargs={"pk": job_ad.pk}), {"answers": "latest"}, follow=True
    )

    assert "Keep at least one requirement to be scored against." in response.content.decode()
    assert Report.objects.filter(job_ad=job_ad).count() == 0


def test_the_ad_page_runs_a_fixed_number_of_queries(client, job_ad, answered, django_assert_num_queries):
    score(client, job_ad)
    score(client, job_ad)
    url = reverse("assessment:job-ad", kwargs={"pk": job_ad.pk})

    # Session, user, the ad, the latest completed assessment, the ad's reports.
    with django_assert_num_queries(5):
        response = client.get(url)

    assert len(response.context["reports"]) == 2


def test_the_paste_page_runs_a_fixed_number_of_queries(client, job_ad, django_assert_num_queries):
    paste(client)

    # Session, user, the candidate's ads.
    with django_assert_num_queries(3):
        response = client.get(NEW)

    assert len(response.context["job_ads"]) == 2


def test_the_pdf_of_an_ad_report_names_the_ad(client, job_ad, answered):
    report = score(client, job_ad)

    response = client.get(reverse("assessment:report-pdf", kwargs={"pk": report.pk}))

    assert (response.status_code, response["Content-Type"], response.content[:5]) == (200, "application/pdf", b"%PDF-")


def test_an_anonymous_candidates_ads_move_to_the_account_they_sign_in_to(user):
    anonymous = Client()
    anonymous.post(NEW, {"title": LLM.title, "text": LLM.text})
    token = JobAd.objects.get().anonymous_token

    candidate_data_claim(user=user, anonymous_token=token)

    assert list(JobAd.objects.values_list("user", "anonymous_token")) == [(user.pk, "")]


def test_deleting_an_ad_keeps_the_reports_scored_against_it(client, job_ad, answered):
    report = score(client, job_ad)

    response = client.post(reverse("assessment:job-ad-delete", kwargs={"pk": job_ad.pk}), follow=True)

    report.refresh_from_db()
    assert JobAd.objects.count() == 0
    assert (report.job_ad, report.job_ad_key, report.snapshot["job_ad"]["id"]) == (None, str(job_ad.pk), str(job_ad.pk))
    assert "was deleted; reports scored against it are kept." in response.content.decode()
    assert client.get(reverse("assessment:report", kwargs={"pk": report.pk})).status_code == 200
