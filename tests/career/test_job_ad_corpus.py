"""Recognition on the annotated corpus of job ads: the figures the issue asks for, and the committed table."""

import io
from collections import Counter
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from career.management.commands.job_ad_recognition import CORPUS, render
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


def test_items_are_recognised_with_precision_and_recall_of_at_least_ninety_percent_on_the_development_ads(score):
    development = score.part("development")

    assert (development.precision >= 0.9, development.recall >= 0.9) == (True, True), (
        development.precision,
        development.recall,
    )


def test_the_whole_corpus_is_recognised_with_precision_and_recall_of_at_least_ninety_percent(score):
    assert (score.precision >= 0.9, score.recall >= 0.9) == (True, True), (score.precision, score.recall)


def test_on_every_set_of_ads_written_after_the_aliases_what_is_recognised_is_right_nine_times_in_ten(score):
    held_out = [name for name in score.set_names() if name != "development"]

    assert held_out[:5] == ["held-out-1", "held-out-2", "held-out-3", "held-out-4", "held-out-5"]
    assert {name: score.part(name).precision >= 0.9 for name in held_out} == dict.fromkeys(held_out, True), {
        name: score.part(name).precision for name in held_out
    }


# Floors against regressions at the level each held-out set reaches today (docs/job-ad-recognition.md), not
# targets: the rules were tuned after seeing each set's misses, so these levels are optimistic. Held-out-2's
# fell from 0.957 in round 3, when the model-building rule began to want its verb first: the one item lost
# had been found in ad 29 from words that did not say it ("… the model properly: train").
RECALL_FLOORS = {
    "held-out-1": 0.764,
    "held-out-2": 0.949,
    "held-out-3": 0.856,
    "held-out-4": 0.962,
    # Never tuned on: the matcher as it is, on ads nobody tuned for (docs/job-ad-recognition.md).
    "held-out-5": 0.868,
}


@pytest.mark.parametrize("name", RECALL_FLOORS)
def test_recall_on_a_held_out_set_does_not_fall_below_its_measured_level(score, name):
    assert score.part(name).recall >= RECALL_FLOORS[name]


def test_the_seniority_cue_is_right_on_at_least_eighteen_of_twenty_ads(score):
    assert score.seniority_right >= 18 * len(score.results) / 20


def test_the_committed_figures_are_what_the_command_prints():
    call_command("job_ad_recognition", "--check", stdout=io.StringIO())


def test_an_ad_file_reads_its_header_and_text(tmp_path: Path):
    (tmp_path / "a.txt").write_text(
        "title: ML Engineer\ncompany: Acme\nrole: machine-learning-engineer\nseniority: mid\n"
        "expect: skill:python, duty:build-data-pipelines\nnote: pipelines: the ad's own word\n---\nWe want Python.\n",
        encoding="utf-8",
    )

    [ad] = corpus_read(tmp_path)

    assert (ad.title, ad.company, ad.role, ad.seniority, ad.expected, ad.note, ad.text) == (
        "ML Engineer",
        "Acme",
        "machine-learning-engineer",
        "mid",
        frozenset({("skill", "python"), ("duty", "build-data-pipelines")}),
        "pipelines: the ad's own word",
        "We want Python.\n",
    )


def test_each_set_an_ad_names_is_scored_apart_and_the_development_set_is_the_default(tmp_path: Path):
    header = "title: ML Engineer\ncompany: Acme\nrole: machine-learning-engineer\nseniority: mid\n"
    (tmp_path / "a.txt").write_text(header + "expect: skill:python\n---\nWe want Python.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        header + "set: held-out-10\nexpect: skill:python, skill:mlops\n---\nWe want Python.\n", encoding="utf-8"
    )
    (tmp_path / "c.txt").write_text(
        header + "set: held-out-2\nexpect: skill:python, skill:mlops, skill:sql\n---\nWe want Python.\n",
        encoding="utf-8",
    )

    score = corpus_score(matcher=recognition_matcher_get(), ads=corpus_read(tmp_path), seniorities=[("mid", 2)])

    assert [(r.ad.name, r.ad.set) for r in score.results] == [
        ("a", "development"),
        ("b", "held-out-10"),
        ("c", "held-out-2"),
    ]
    assert score.set_names() == ["development", "held-out-2", "held-out-10"]
    assert [score.part(name).recall for name in score.set_names()] == [1.0, 1 / 3, 0.5]
    assert score.recall == 3 / 6


@pytest.mark.parametrize("name", ["held-out", "held-out-one", "test", "Development"])
def test_an_ad_naming_a_set_that_is_neither_development_nor_a_numbered_held_out_set_is_refused(tmp_path, name):
    (tmp_path / "a.txt").write_text(
        f"title: T\nrole: ai-engineer\nseniority: mid\nset: {name}\nexpect: skill:python\n---\nPython.\n",
        encoding="utf-8",
    )

    with pytest.raises(ValueError, match=f"a.txt: set must be 'development' or held-out-N, not '{name}'"):
        corpus_read(tmp_path)


def test_the_table_has_a_row_per_set_after_all_and_marks_each_held_out_ad_with_its_set(tmp_path: Path):
    header = "title: ML Engineer\ncompany: Acme\nrole: machine-learning-engineer\nseniority: mid\n"
    (tmp_path / "a.txt").write_text(header + "expect: skill:python\n---\nWe want Python.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        header + "set: held-out-3\nexpect: skill:python, skill:mlops\n---\nWe want Python.\n", encoding="utf-8"
    )
    score = corpus_score(matcher=recognition_matcher_get(), ads=corpus_read(tmp_path), seniorities=[("mid", 2)])

    table = [line for line in render(score).splitlines() if line.startswith("| ") and not line.startswith("| ---")]

    assert [line.split(" | ")[0] for line in table] == [
        "| Set",
        "| All",
        "| Development",
        "| Held-out-3",
        "| Ad",
        "| a",
        "| b (held-out-3)",
    ]
    assert "| Held-out-3 | 1 | 1.000 | 0.500 |" in render(score)
