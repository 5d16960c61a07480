"""Recognising catalogue items in a job ad: normalisation, matching, sections and cues, without a database."""

import pytest

from career.recognition import NICE, REQUIRED, Alias, Matcher, normalise, phrase_variants

pytestmark = [pytest.mark.unit]

SENIORITIES = [("junior", 0), ("mid", 2), ("senior", 5), ("lead", 8)]
MATCHER = Matcher(
    [
        Alias("PyTorch", "skill", "deep-learning-frameworks"),
        Alias("feature store", "skill", "mlops"),
        Alias("fine-tuning", "skill", "nlp-llms"),
        Alias("ML", "skill", "supervised-learning-model-design"),
        Alias("machine learning pipelines", "skill", "mlops"),
        Alias("machine learning", "skill", "supervised-learning-model-design"),
        Alias("C++", "skill", "cpp"),
        Alias("Kubernetes", "skill", "scalable-cloud-systems"),
        Alias("recommender systems", "skill", "recommendation-systems"),
        Alias("NLP Engineer", "role", "nlp-engineer"),
        Alias("ML Engineer", "role", "machine-learning-engineer"),
        Alias("AWS Certified Machine Learning – Specialty", "certification", "aws-machine-learning-specialty"),
    ]
)


def found(text: str, **kwargs) -> dict[str, str]:
    recognition = MATCHER.recognise(text, seniorities=SENIORITIES, **kwargs)
    return {mention.key: mention.strength for mention in recognition.mentions}


def test_normalise_lowers_case_and_keeps_the_original_positions_of_each_word():
    words = normalise("Hands-on  PyTorch, C++!")

    assert words.text == "hands on pytorch c++"
    assert words.original_span(9, 16) == (10, 17)
    assert "Hands-on  PyTorch, C++!"[slice(*words.original_span(17, 20))] == "C++"


@pytest.mark.parametrize(
    ("phrase", "variants"),
    [
        ("feature store", {"feature store", "feature stores"}),
        ("fine-tuning", {"fine tuning", "finetuning", "fine tunings", "finetunings"}),
        ("dependency", {"dependency", "dependencies"}),
        ("C++", {"c++"}),
        ("MLOps", {"mlops"}),
    ],
    ids=["plural", "hyphen", "y-plural", "symbol", "already-plural"],
)
def test_an_alias_matches_its_plural_and_its_hyphen_spelled_three_ways(phrase, variants):
    assert phrase_variants(phrase) == variants


@pytest.mark.parametrize(
    "text",
    ["Experience with PYTORCH.", "pytorch", "We use PyTorch-based models", "You know (PyTorch)"],
    ids=["case", "lower", "hyphen-after", "brackets"],
)
def test_an_alias_matches_whatever_the_case_and_punctuation(text):
    assert found(text) == {"deep-learning-frameworks": REQUIRED}


@pytest.mark.parametrize(
    "text", ["We write HTML and XML", "mlflow", "Cplusplus"], ids=["inside-html", "prefix", "no-symbol"]
)
def test_an_alias_never_matches_inside_a_word(text):
    assert found(text) == {}


def test_hyphenated_joined_and_spaced_spellings_all_match():
    for text in ("fine-tuning", "fine tuning", "finetuning", "Fine-Tuning of models"):
        assert found(text) == {"nlp-llms": REQUIRED}


def test_the_longest_alias_wins_where_aliases_overlap():
    recognition = MATCHER.recognise("Build machine learning pipelines", seniorities=SENIORITIES)

    assert [(m.key, m.phrase) for m in recognition.matches] == [("mlops", "machine learning pipelines")]


def test_a_nice_to_have_section_and_inline_softeners_lower_what_they_contain():
    ad = "Requirements\n- PyTorch\n- Kubernetes is a plus\n\nNice to have\n- Feature stores\n"

    assert found(ad) == {"deep-learning-frameworks": REQUIRED, "scalable-cloud-systems": NICE, "mlops": NICE}


def test_an_item_asked_for_in_one_place_and_nicely_in_another_counts_as_asked_for():
    assert found("PyTorch is a plus.\nRequirements: PyTorch") == {"deep-learning-frameworks": REQUIRED}


def test_what_the_company_says_about_itself_asks_nothing():
    ad = "Requirements\n- PyTorch\n\nAbout us\nWe build recommender systems on Kubernetes.\n"

    assert found(ad) == {"deep-learning-frameworks": REQUIRED}


def test_a_named_certification_also_asks_for_the_certification_qualification():
    assert found("AWS Certified Machine Learning - Specialty preferred") == {
        "aws-machine-learning-specialty": NICE,
        "ai-certification": NICE,
    }


def test_each_mention_keeps_the_ads_words_around_the_match():
    recognition = MATCHER.recognise("Requirements\nStrong PyTorch skills for training", seniorities=SENIORITIES)

    excerpt = recognition.mentions[0].excerpts[0]
    assert (excerpt.before, excerpt.match, excerpt.after) == ("Strong ", "PyTorch", " skills for training")


@pytest.mark.parametrize(
    ("title", "text", "seniority", "source"),
    [
        ("Senior ML Engineer", "3+ years", "senior", "title"),
        ("Staff Engineer, Search", "", "lead", "title"),
        ("Graduate NLP Engineer", "", "junior", "title"),
        ("ML Engineer", "You have 5+ years of experience in ML.", "senior", "years"),
        ("ML Engineer", "Three or more years building models.", "mid", "years"),
        ("ML Engineer", "At least 8 years in software, 2 years with Kubernetes.", "lead", "years"),
        ("ML Engineer", "An entry-level role for recent graduates.", "junior", "text"),
        ("ML Engineer", "A role where you ship models.", None, ""),
    ],
    ids=["title-senior", "title-staff", "title-graduate", "years-5", "years-words", "years-largest", "text", "none"],
)
def test_the_seniority_cue_reads_the_title_then_the_years_then_the_text(title, text, seniority, source):
    cues = MATCHER.recognise(text, title=title, seniorities=SENIORITIES).cues

    assert (cues.seniority, cues.seniority_source) == (seniority, source)


def test_the_most_senior_title_word_wins():
    cues = MATCHER.recognise("", title="Senior Lead ML Engineer", seniorities=SENIORITIES).cues

    assert cues.seniority == "lead"


def test_without_a_title_the_first_line_is_read_as_the_title():
    cues = MATCHER.recognise("Junior NLP Engineer\nWe are hiring.", seniorities=SENIORITIES).cues

    assert (cues.seniority, cues.roles) == ("junior", ("nlp-engineer",))


@pytest.mark.parametrize(
    ("text", "level", "equivalent"),
    [
        ("BS/MS in Computer Science", 2, False),
        ("MS or PhD in machine learning", 3, False),
        ("PhD in physics", 4, False),
        ("Bachelor's degree or equivalent practical experience", 2, True),
        ("We use MS Teams a lot.", None, False),
    ],
    ids=["bs-ms", "ms-phd", "phd", "equivalent", "not-a-degree"],
)
def test_the_degree_cue_is_the_lowest_degree_the_ad_accepts(text, level, equivalent):
    cues = MATCHER.recognise(text, seniorities=SENIORITIES).cues

    assert (cues.degree_level, cues.equivalent_experience) == (level, equivalent)


def test_a_degree_asked_for_only_nicely_is_marked_nice():
    cues = MATCHER.recognise("Requirements: Python.\nPhD preferred.", seniorities=SENIORITIES).cues

    assert (cues.degree_level, cues.degree_strength) == (4, NICE)


def test_the_clouds_named_are_listed_in_order_of_first_mention():
    cues = MATCHER.recognise("Deploy on GCP (Vertex AI) or Azure; AWS later; GCP again.", seniorities=SENIORITIES).cues

    assert cues.clouds == ("google", "azure", "aws")


def test_requirements_that_match_nothing_are_listed_as_unrecognised():
    ad = "Requirements\n- Experience with Kafka, Flink and dbt\n- PyTorch and C++\n- Strong Python and Go\n"

    assert MATCHER.recognise(ad, seniorities=SENIORITIES).unrecognised == ("kafka", "flink", "dbt", "python", "go")


def test_general_words_after_a_lead_are_not_listed_as_unrecognised():
    ad = "Requirements\n- Experience with large-scale production systems and what can go wrong with them\n"

    assert MATCHER.recognise(ad, seniorities=SENIORITIES).unrecognised == ()


def test_a_script_tag_in_an_ad_is_only_text_to_the_matcher():
    recognition = MATCHER.recognise("<script>alert('PyTorch')</script>", seniorities=SENIORITIES)

    assert recognition.mentions[0].excerpts[0].before == "<script>alert('"
