"""Prints how well job-ad recognition does on the annotated corpus, and writes docs/job-ad-recognition.md."""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from career.recognition import CONCEPT_SPAN_WORDS
from career.recognition_corpus import CorpusScore, corpus_read, corpus_score
from career.selectors import recognition_matcher_get, seniority_years_list

CORPUS = Path(settings.BASE_DIR) / "tests" / "job_ads" / "corpus"
DOC = Path(settings.BASE_DIR) / "docs" / "job-ad-recognition.md"


def render(score: CorpusScore) -> str:
    development, held_out = score.part(held_out=False), score.part(held_out=True)
    held_out_names = ", ".join(r.ad.name[:2] for r in held_out.results) or "none"
    lines = [
        "# Job-ad recognition on the annotated corpus",
        "",
        "Written by `python manage.py job_ad_recognition --write` from `tests/job_ads/corpus/`",
        "(one ad per file, with the catalogue items a reader expects it to ask for).",
        "Precision and recall are micro-averaged over every (ad, item) pair of skills, duties,",
        "qualifications and certifications. Seniority is the cue read from the ad",
        "(title words, then years of experience, then words in the text).",
        "",
        "The development set is the ads the aliases were curated against, so its figures are",
        "optimistic: many of its bullets use the aliases' own wording. The held-out set",
        f"(ads {held_out_names}; `set: held-out` in their header) was written after the aliases, in",
        "other words and with the clutter of real postings (company blurbs, benefits, legal",
        "footers, years in prose, a layout copied from a PDF), and annotated by reading it, before",
        "the matcher was run on it. Its figures were the honest estimate for ads nobody tuned for",
        "until the changes below, each made after seeing them.",
        "",
        "When first measured, the held-out set scored precision 0.962 and recall 0.379. Four",
        "changes to the matcher followed, each for any ad and none adding a phrase from these ads:",
        'a short line of its own holding a heading word is read as a heading ("Your',
        'responsibilities:", "What you\'ll work on"); a line break inside a sentence, as in text',
        "copied from a PDF, no longer splits it; aliases that open with a verb match its other",
        'forms ("built", "trains"); and before the first heading a sentence in which the company',
        'speaks of itself ("we", "our") and not to the candidate asks for nothing (a blurb\'s',
        '"forecasting" no longer counts). As they were chosen after seeing these ads, the',
        "held-out figures below are somewhat optimistic too. Most remaining misses are paraphrases",
        '("keep the ranker fast", "port models to the boards") that no list of phrases covers.',
        "",
        "A second review then probed the matcher with sentences of its own, not with the held-out",
        'ads, and the changes it led to are general: European and UK headings ("Your tasks", "Your',
        'profile", "Person specification", "Essential", "Desirable", "Assets") open their sections;',
        'benefits and pay headings ("What you\'ll get", "Salary, bonus and equity") ask for nothing;',
        'the opening "We are looking for a … with X and Y" keeps its requirements; working with people',
        "needs them within four words of the verb, or after a list of departments, and counts more verbs",
        '("pair with", "coordinate with") and people ("staff", "peers", "departments"); "monitor" matches',
        'its other forms; aliases that named something else in ordinary ads were narrowed ("DPO",',
        '"Helm", "Claude", "Gemini", "Qualcomm", "train … networks", bare "embeddings", "reranking",',
        '"multimodal"...) and "Flash Attention" was added. Narrowing cost one development item (ad 19\'s',
        '"Train grasp-prediction networks"). The review quoted one held-out phrase, ad 27\'s "Pair with',
        'the dialogue team", which is now found. After it, two held-out annotations were completed',
        "(ads 25 and 28, decided after the matcher had been run on them; the borderline calls are",
        "listed below). It also found that the traps of ads 23 and 28 copy the first review's probe",
        "sentences, so their precision tests those fixes rather than new wording, and that the",
        "held-out set lacks an ad outside machine learning and an ad in the European or UK layout:",
        "those are still to be written by someone who has not seen the aliases.",
        "",
        "Concept rules came next (`fixtures/concept_rules.json`, edited in the admin as Career ›",
        "Concepts and Concept rules). Besides its aliases, an item is recognised where a word of each",
        f"of two or three *concepts* stands in one line or sentence, at most {CONCEPT_SPAN_WORDS} words from the first",
        'to the last: "deduplicate" or "label" with "transcripts" or "images" is data preparation,',
        '"serve" or "port" with "models" or "classifiers" is model deployment, a board, phone or robot',
        "with a model and a verb of running it is edge deployment. Each concept lists the phrases in",
        'which its words mean something else ("CI pipeline", "business model", "cutting-edge",',
        '"Docker images"), the ad\'s words from the first concept word to the last are highlighted, and',
        "the company blurb, benefits, headings and nice-to-have sections weigh them as they weigh",
        "aliases. The words were chosen from the catalogue's descriptions and from how postings",
        "commonly phrase each item, with no phrase copied from the held-out ads, and probed for",
        "precision with sentences of their own (`tests/career/test_concept_rules.py`). But the rules",
        "were written after the held-out misses above were known, and were narrowed while both sets",
        "were measured: rules that added items the development annotations leave out were dropped",
        '(cleaning data as the pipeline duty, writing tests as the reliability duty), and "ship',
        'software" was excluded after it named model deployment in ad 24. So the held-out figures',
        "below are optimistic too. Before the rules, the development set scored precision 1.000 and",
        "recall 0.980, the held-out set precision 1.000 and recall 0.500. What the rules still miss",
        f"there is mostly a thought spread over a long sentence (more than {CONCEPT_SPAN_WORDS} words from the verb to",
        'its object) and verbs left out as too general ("move", "compare"). The honest measure of',
        "the rules is a further set of ads written by someone who has seen neither the aliases nor",
        "the rules; its figures are to be reported apart from this table.",
        "",
        "| Set | Ads | Precision | Recall | Seniority right | Role right |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, part in (("All", score), ("Development", development), ("Held-out", held_out)):
        count = len(part.results)
        lines.append(
            f"| {name} | {count} | {part.precision:.3f} | {part.recall:.3f} | "
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
        name = f"{r.ad.name} (held-out)" if r.ad.held_out else r.ad.name
        lines.append(
            f"| {name} | {r.role or 'none'} | {seniority} | {len(r.ad.expected)} | "
            f"{len(r.found & r.ad.expected)} | {missed} | {extra} |"
        )
    notes = [r.ad for r in score.results if r.ad.note]
    if notes:
        lines += ["", "Borderline annotations, decided as a hiring manager would:", ""]
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
