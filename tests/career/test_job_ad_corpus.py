"""Recognition on the annotated corpus of job ads: the figures the issue asks for, and the committed table."""

import io
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from career.management.commands.job_ad_recognition import CORPUS
from career.models import Role, SeniorityLevel
from career.recognition_corpus import corpus_read, corpus_score
from career.selectors import recognition_matcher_get, seniority_years_list

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def score():
    return corpus_score(matcher=recognition_matcher_get(), ads=corpus_read(CORPUS), seniorities=seniority_years_list())


def test_the_corpus_has_at_least_twenty_ads_across_every_title_and_seniority():
    ads = corpus_read(CORPUS)

    assert len(ads) >= 20
    assert set(Counter(ad.role for ad in ads)) == set(Role.objects.values_list("slug", flat=True))
    assert set(Counter(ad.seniority for ad in ads)) == set(SeniorityLevel.objects.values_list("slug", flat=True))


def test_every_annotated_item_exists_in_the_catalogue():
    known = {("skill", s) for s in call_values("career.Skill")}
    known |= {("duty", s) for s in call_values("career.Duty")}
    known |= {("education", s) for s in call_values("career.Qualification")}
    known |= {("certification", s) for s in call_values("career.Certification")}

    unknown = {ad.name: sorted(ad.expected - known) for ad in corpus_read(CORPUS) if ad.expected - known}

    assert unknown == {}


def call_values(label: str) -> list[str]:
    return list(apps.get_model(label).objects.values_list("slug", flat=True))


def test_items_are_recognised_with_precision_and_recall_of_at_least_ninety_percent(score):
    assert (score.precision >= 0.9, score.recall >= 0.9) == (True, True), (score.precision, score.recall)


def test_the_seniority_cue_is_right_on_at_least_eighteen_of_twenty_ads(score):
    assert score.seniority_right >= 18 * len(score.results) / 20


def test_the_committed_figures_are_what_the_command_prints():
    call_command("job_ad_recognition", "--check", stdout=io.StringIO())


def test_an_ad_file_reads_its_header_and_text(tmp_path: Path):
    (tmp_path / "a.txt").write_text(
        "title: ML Engineer\ncompany: Acme\nrole: machine-learning-engineer\nseniority: mid\n"
        "expect: skill:python, duty:build-data-pipelines\n---\nWe want Python.\n",
        encoding="utf-8",
    )

    [ad] = corpus_read(tmp_path)

    assert (ad.title, ad.company, ad.role, ad.seniority, ad.expected, ad.text) == (
        "ML Engineer",
        "Acme",
        "machine-learning-engineer",
        "mid",
        frozenset({("skill", "python"), ("duty", "build-data-pipelines")}),
        "We want Python.\n",
    )
