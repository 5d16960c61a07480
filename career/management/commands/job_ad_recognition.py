"""Prints how well job-ad recognition does on the annotated corpus, and writes docs/job-ad-recognition.md."""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from career.recognition import CONCEPT_SPAN_WORDS
from career.recognition_corpus import DEVELOPMENT, CorpusScore, corpus_read, corpus_score
from career.selectors import recognition_matcher_get, seniority_years_list

CORPUS = Path(settings.BASE_DIR) / "tests" / "job_ads" / "corpus"
DOC = Path(settings.BASE_DIR) / "docs" / "job-ad-recognition.md"


HISTORY = """PLACEHOLDER"""


def set_label(name: str) -> str:
    return name.capitalize()


def render(score: CorpusScore) -> str:
    lines = [
        "# Job-ad recognition on the annotated corpus",
        "",
        "Written by `python manage.py job_ad_recognition --write` from `tests/job_ads/corpus/`",
        "(one ad per file, with the catalogue items a reader expects it to ask for; `set:` in its",
        "header names the set it belongs to, `development` when it says nothing).",
        "Precision and recall are micro-averaged over every (ad, item) pair of skills, duties,",
        "qualifications and certifications. Seniority is the cue read from the ad",
        "(title words, then years of experience, then words in the text).",
        "",
        HISTORY.format(span=CONCEPT_SPAN_WORDS).strip(),
        "",
        "| Set | Ads | Precision | Recall | Seniority right | Role right |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    parts = [("All", score)] + [(set_label(name), score.part(name)) for name in score.set_names()]
    for label, part in parts:
        count = len(part.results)
        lines.append(
            f"| {label} | {count} | {part.precision:.3f} | {part.recall:.3f} | "
            f"{part.seniority_right} of {count} | {part.role_right} of {count} |"
        )
    lines += [
        "",
        "| Ad | Role | Seniority (expected → read) | Items expected | Found | Missed | Extra |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in score.results:
        missed = ", ".join(sorted(key for _, key in r.missed)) or "—"
        extra = ", ".join(sorted(key for _, key in r.extra)) or "—"
        seniority = f"{r.ad.seniority} → {r.seniority or 'none'}"
        name = r.ad.name if r.ad.set == DEVELOPMENT else f"{r.ad.name} ({r.ad.set})"
        lines.append(
            f"| {name} | {r.role or 'none'} | {seniority} | {len(r.ad.expected)} | "
            f"{len(r.ad.expected & r.found)} | {missed} | {extra} |"
        )
    notes = [r.ad for r in score.results if r.ad.note]
    if notes:
        lines += ["", "Annotation notes, decided as a hiring manager would:", ""]
        lines += [f"- {ad.name}: {ad.note}" for ad in notes]
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    help = (
        "Recognise every ad of the annotated job-ad corpus and print precision, recall and seniority accuracy; "
        "--write stores the table in docs/job-ad-recognition.md, --check fails when that file is out of date."
    )

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Write docs/job-ad-recognition.md.")
        parser.add_argument("--check", action="store_true", help="Fail when the committed table is out of date.")

    def handle(self, *args, **options):
        score = corpus_score(
            matcher=recognition_matcher_get(), ads=corpus_read(CORPUS), seniorities=seniority_years_list()
        )
        document = render(score)
        self.stdout.write(document)
        if options["write"]:
            DOC.write_text(document, encoding="utf-8")
        if options["check"] and (not DOC.exists() or DOC.read_text(encoding="utf-8") != document):
            raise CommandError("docs/job-ad-recognition.md is out of date: run job_ad_recognition --write.")
