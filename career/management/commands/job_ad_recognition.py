"""Prints how well job-ad recognition does on the annotated corpus, and writes docs/job-ad-recognition.md."""

from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from career.recognition import CONCEPT_SPAN_WORDS
from career.recognition_corpus import DEVELOPMENT, CorpusScore, corpus_read, corpus_score
from career.selectors import recognition_matcher_get, seniority_years_list

CORPUS = Path(settings.BASE_DIR) / "tests" / "job_ads" / "corpus"
DOC = Path(settings.BASE_DIR) / "docs" / "job-ad-recognition.md"


# How the sets came about and what each round changed: the figures before each round are history, the table
# below is measured now.
HISTORY = """
Each set is scored apart, because what its figures mean depends on what was tuned on it.

**Development (ads 01–22).** The ads the aliases were curated against: many of their bullets use
the aliases' own wording, so their figures are optimistic.

**Held-out-1 (ads 23–28).** Written after the aliases, in other words and with the clutter of real
postings (company blurbs, benefits, legal footers, years in prose, a layout copied from a PDF), and
annotated before the matcher was run on them. First measured at precision 0.962 and recall 0.379.
Every change since was made after their misses were known, so their figures have been optimistic
ever since:

- Reading the ad (a short line of its own holding a heading word is a heading, a line break inside a
  sentence does not split it, aliases that open with a verb match its other forms, the company's
  blurb before the first heading asks for nothing), then a review's narrowing of aliases that named
  something else in ordinary ads and its European and UK headings: precision 1.000, recall 0.500.
  Two annotations (ads 25 and 28) were completed after the matcher had run on them, and the traps of
  ads 23 and 28 copy the first review's probe sentences.
- Round 1, concept rules (below): precision 1.000, recall 0.750; development 1.000 and 0.984.
- Round 2 (below): precision 0.981, recall 0.765.
- Round 3 (below): precision 0.981, recall 0.765; round 4 changed neither (the table).

**Held-out-2 (ads 29–38).** Written by someone who had seen neither the aliases nor the concept
rules, reviewed by an independent annotator, and measured before anything was changed for them:
with the aliases alone (before round 1) precision 0.960 and recall 0.688; with round 1's rules
precision 0.933 and recall 0.804. Those two lines are the honest estimate of round 1 on ads nobody
tuned for. The set holds a control outside machine learning (34, a backend data-platform role) and
UK, European and public-sector layouts. Round 2 was then tuned on it (precision 0.950, recall 0.957
after it), so its figures in the table are optimistic too.

**Held-out-3 (ads 39–48).** Written, like held-out-2, by someone who had seen neither the aliases nor
the rules, reviewed by an independent annotator, and measured before anything was changed for them:
with round 1's rules precision 0.850 and recall 0.761; with round 2's precision 0.839 and recall
0.810, seniority right on 8 of 10. Those are the honest estimate of round 2 on ads nobody tuned for:
it said more than the ads asked, mostly in the control (48, a site reliability engineer at a company
whose product is speech and summarisation models) and in a platform ad (42) where model teams, not
the candidate, build and watch the models. Round 3 was then tuned on it, so its figures in the table
are optimistic as well. Five annotations were changed in round 3, each to follow the development
ads' convention (listed in the ads' notes): education:ai-certification added to ads 34, 39 and 45,
which name a catalogue certification (as ads 08, 18 and 31 do), and education:portfolio to ads 42
(open-source contributions, as in ad 14) and 46 (publications, as in ads 06, 16, 20 and 28). With
those annotations round 2 scored precision 0.869 and recall 0.815 on held-out-3, and precision 0.957
on held-out-2.

**Held-out-4 (ads 49–58).** Written, like held-out-2 and 3, by someone who had seen neither the aliases
nor the rules, and measured before anything was changed for them: with round 3's rules precision 0.853
and recall 0.875, seniority right on 10 of 10; with round 2's precision 0.841 and recall 0.868. An
independent adjudicator, not told which side had proposed an item, then read every disputed (ad,
item) pair against the ad: all 19 misses were confirmed as asked, and 8 of the 23 extras were judged
asked and added to the annotations (each named in its ad's note). With those annotations, and
education:ai-certification added to ad 56 beside the catalogue certification it names (as for every
such ad), round 3 scored precision 0.904 and recall 0.881: the honest estimate of round 3 on ads
nobody tuned for. Round 4 was then tuned on it, so its figures in the table are optimistic too.

**Held-out-5 (ads 59–68).** Written, like held-out-2 to 4, by someone who had seen neither the aliases
nor the rules, reviewed by an independent annotator, and measured before anything was changed for
them: with round 3's rules precision 0.933 and recall 0.846; with round 4's precision 0.935 and recall
0.866, seniority right on 9 of 10. The same adjudication then confirmed all 20 misses as asked and 3 of
the 9 extras as asked (added to the annotations, named in the ads' notes). Nothing has been changed for
this set since: its line in the table is the honest estimate of the matcher on ads nobody tuned for.
On such ads about 13 % of the requirements an ad asks for are not found (most often a duty said in a
paraphrase: working with other teams, data pipelines, fitting AI into existing systems), and about 4 %
of the recognised items are ones the ad does not ask for; the candidate sees every recognised item with
the words it came from before anything is scored.

**Concept rules.** Besides its aliases, an item is recognised where a word of each of two or three
*concepts* stands in one line or sentence, at most {span} words from the first to the last
(`fixtures/concept_rules.json`, edited in the admin as Career › Concepts and Concept rules):
"deduplicate" or "label" with "transcripts" or "images" is data preparation, "serve" or "port" with
"models" is model deployment, a board, phone or robot with a model and a verb of running it is edge
deployment. Each concept lists the phrases in which its words mean something else ("CI pipeline",
"business model", "cutting-edge", "Docker images"); the company blurb, benefits, headings and
nice-to-have sections weigh rule matches as they weigh aliases. The probe sentences of
`tests/career/test_concept_rules.py` were written for the tests, not taken from ads.

**Round 2.** First, a third review's probes (sentences of its own): words that are nouns or mean
something else in ordinary ads were dropped or fenced ("frames", "visual", "profile", "schedule",
"retention", "capacity", "fast", "serve as", "after launch", "train colleagues", "automate
workflows", "Hugging Face Transformers"); edge targets are hardware, not any car, camera or device;
a bare Kafka or Spark needs a data job beside it; "evaluate" no longer means watching a live model,
nor do the bare aliases "model performance" and "model accuracy". New rules name designing and
building models (the duty had none), automating the model lifecycle, owning models in production,
moving data into a warehouse or feature store, and reliability at scale. On held-out-2 these scored
precision 0.935 and recall 0.833. Making a verb come before its object in every rule was tried and
not kept: it cost recall (held-out-1 0.765 to 0.721, held-out-2 0.833 to 0.790) for false positives
that the fenced phrases already removed. Then, after reading held-out-2's misses, general wording
for what they showed: "Job description" opens the duties (a civil-service heading); a live model
or assistant that is reviewed, watched once live or fed back into retraining; pipelines
that clean data, "data engine", data streamed into training; reliability as autoscaling, health
checks, fallbacks and running reliably at peak; explaining "in plain language" or to managers;
"spoken communication", "an analytical mind", working "side by side", design discussions with a
team; "generative … models". No annotation was changed. Development precision fell from 1.000 to
0.972, mostly because the new rule for designing and building models names that duty in deep
learning, vision and platform ads whose annotations leave it out: some are right ("train object
detection models"), some are not ("the models our data scientists train"). Still missed: a person
named before their role in brackets ("Priya (CEO)"), a thought spread over more than {span} words,
and the role read from titles such as "AI Product Engineer" or a backend posting (role right on 7
of held-out-2's 10 ads).

**Round 3.** First, what held-out-3's extras showed, by general means: a clause (the words between two
marks that part a sentence) that tells the candidate what they will not do ("you won't be training
models") or whose subject is another team ("the services our ML team builds", "model teams own their
models") asks nothing, unless the candidate leads that team or works with it; "N days a year" is a
rate of leave or training, not years of experience (both seniority misses); "Why us" lists benefits;
"model teams" are people; GPU node pools and capacity are infrastructure, not model optimisation, and
inference that merely runs is not either; the bare aliases "APIs" and "GitHub Actions" no longer name
integration or MLOps, and "Cloud SQL" names a cloud service rather than data preparation. Then a
fourth review's defects (its probe sentences are tests): a live model's quality needs a model-quality
signal (drift, accuracy, hallucinations) and not just "in production"; human sales and support agents
are not AI agents; the model-building rule wants its verb first, with no word between that makes the
object another thing's ("dashboards that track our models", "services around our ML models"), and
"improve" or "fine-tune" models count; "Job description", "Position summary" and like headings read
as the opening blurb does (sentences about "we" ask nothing, a list's items still ask); a
certification named in the benefits asks for nothing; "automate" alone is not MLOps, Kafka
consumers are not a data pipeline, staff retraining is not a model's. Then general recall: working
"cross-functionally", with a department named bare ("work with Security on…"), sitting or meeting
with people and with domain people (planners, underwriters, lawyers); connecting AI to what a client
"already runs", to plant systems (PLC, MES, OPC UA); "What you'll own" and "What you'll work on" as
headings of the duties although prose, not a list, follows them; "training runs" and "training data"
are nouns, not building a model; "cloud certifications" ask for a certification in AI, as ad 31's
annotation has it. Not changed, and why: a certification for data
engineering still counts towards the AI-certification qualification, as the assessment rates that
qualification by any certification held (its level-3 anchor names data workloads); the bare aliases
"retraining" and "Kafka" stay, since dropping them cost held-out-2 recall. The model-building rule's
order cost one item of held-out-2 (found in ad 29 from words that did not say it). Still missed: a
company named in the third person in its blurb ("Acme AI trains foundation models") counts as asking,
and LLM products named by an SRE ad give the LLM skill.

**Round 4.** Tuned on held-out-4, by general means (the probe sentences of the tests are written for
them): integrating AI with an existing planner, back end or the systems a bot must reach (perception and
bots are AI components; "existing" names a system to connect); Indian degree names (B.Tech, M.Tech, MCA,
B.E.); "security controls"; "LLM APIs" and "generative models" as generative AI; working "together
with" people, "day-to-day" with them, talking with product, departments joined by "and", and "model
development teams" as people rather than model building; writing and presenting papers or experiments;
"tackle … problems". FastAPI alone no longer names system integration. Then a fifth review's defects
(its probe sentences are tests): another team's work in a clause drops only the others' part (from what
their clause describes to where the candidate comes back, "and you…", "…and serve them"), so the
candidate's verb before it and the tools named after it still ask, and being one of that team ("join a
team that builds…") or working for it ("the platform that lets teams train…") is the candidate's work;
"you're not afraid to", "you don't shy away from" ask; "but" and "however" part a clause; under "Job
description" and like headings prose asks unless the company is its subject ("we…", "our customers…",
"Acme AI trains…"), and "the post holder will…", "the role involves…" address the candidate; words
joined by hyphens ("state-of-the-art", "end-to-end") do not part a verb from its model; a cloud
provider's certification asks for that cloud besides the certification; "design prompts" and
"evaluation harness" count only with an LLM. No annotation was changed. Not changed, and why: a cloud
certification still counts towards the AI-certification qualification, as the corpus's annotations
(ads 31, 41, 53) read it. Still missed on held-out-4: features wired into existing flows when the
sentence before says they are AI, "deploying it" with the model named earlier, running feature
pipelines and owning a data loop; still said too much: SQL as data preparation in web ads, the tasks of
models the candidate integrates but others build, and distributed training on a GPU cluster of one's own
as cloud systems.
"""


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
    parts = [("All", score)] + [(name.capitalize(), score.part(name)) for name in score.set_names()]
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
