"""Recognising catalogue items in a job ad: normalisation, matching, sections and cues, without a database."""

import pytest

from career.recognition import NICE, REQUIRED, Alias, Concept, ConceptRule, Matcher, normalise, phrase_variants

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
        Alias("neural networks", "skill", "neural-network-architectures"),
        Alias("fine-tune … models", "duty", "develop-neural-networks"),
        Alias("collaborate with", "duty", "cross-functional-collaboration"),
        Alias("monitor … models", "duty", "maintain-model-performance"),
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
        ("neural networks", {"neural networks", "neural network"}),
        ("APIs", {"apis", "api"}),
        ("dependencies", {"dependencies", "dependency", "dependencie"}),
        ("approaches", {"approaches", "approach", "approache"}),
        ("AWS", {"aws"}),
        ("root cause analysis", {"root cause analysis"}),
        ("robotics", {"robotics"}),
    ],
    ids=[
        "plural",
        "hyphen",
        "y-plural",
        "symbol",
        "not-a-plural",
        "singular",
        "acronym-plural",
        "ies-singular",
        "es-singular",
        "short-acronym",
        "sis",
        "ics",
    ],
)
def test_an_alias_matches_its_plural_or_singular_and_each_hyphen_spelled_three_ways(phrase, variants):
    assert phrase_variants(phrase) == variants


def test_each_hyphen_of_an_alias_may_be_a_space_or_nothing_on_its_own():
    assert {"fine tune pre trained", "fine tune pretrained", "finetune pre trained", "finetune pretrained"} <= (
        phrase_variants("fine-tune pre-trained")
    )


@pytest.mark.parametrize(
    "text",
    ["Design a convolutional neural network", "Experience with neural networks", "Neural-network design"],
    ids=["singular", "plural", "hyphen"],
)
def test_an_alias_written_in_the_plural_matches_the_singular_and_the_plural(text):
    assert found(text) == {"neural-network-architectures": REQUIRED}


def test_an_alias_written_in_the_singular_matches_the_plural():
    assert found("We run feature stores") == {"mlops": REQUIRED}


@pytest.mark.parametrize(
    "text",
    [
        "Fine-tune models for our search",
        "Fine-tune BERT-style models with Hugging Face",
        "You fine-tune large language models and vision models",
        "Finetunes our open model weekly",
    ],
    ids=["no-gap", "two-words", "three-words", "joined-and-singular"],
)
def test_an_alias_with_a_gap_matches_a_few_words_between_its_parts(text):
    assert found(text)["develop-neural-networks"] == REQUIRED


@pytest.mark.parametrize(
    "text",
    [
        "Fine-tune the ranking of results in the app for our models",
        "Fine-tune the prompts.\nModels ship weekly.",
        "Tune models",
    ],
    ids=["too-far", "another-line", "only-the-tail"],
)
def test_an_alias_with_a_gap_needs_both_parts_close_together_in_one_sentence(text):
    assert "develop-neural-networks" not in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Work with the platform team to ship models",
        "Partner with clinicians, product managers and our compliance team",
        "You will work closely with data engineers",
        "Liaise with the store operations leads",
        "Pair with the dialogue team on every release",
        "Coordinate with the operations staff at each site",
        "Engage with peers in other departments",
        "Work with product, design and data teams",
    ],
    ids=["platform-team", "list-of-people", "closely", "liaise", "pair", "staff", "peers", "list-of-departments"],
)
def test_working_with_people_is_cross_functional_collaboration(text):
    assert found(text) == {"cross-functional-collaboration": REQUIRED}


@pytest.mark.parametrize(
    "text",
    [
        "We partner with 300 hospitals across Europe",
        "Work with large datasets every day",
        "Partner with us.\nOur team is small.",
        "Experience working with Spark, Kafka and Flink in product teams",
        "Work with Airflow and dbt in data teams",
        "You'll be paired with a senior engineer for six months",
    ],
    ids=["companies", "things", "another-sentence", "tools-listed-before-teams", "tools-far-from-teams", "mentoring"],
)
def test_working_with_things_or_companies_is_not_collaboration(text):
    assert found(text) == {}


def test_collaboration_found_by_an_alias_and_by_the_people_after_it_counts_once():
    recognition = MATCHER.recognise("Collaborate with research scientists", seniorities=SENIORITIES)

    assert [(m.key, m.phrase) for m in recognition.matches] == [("cross-functional-collaboration", "collaborate with")]


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
    for text in ("fine-tuning", "fine tuning", "finetuning", "Fine-Tuning of prompts"):
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
        ("ML Engineer", "3+ years of Python.\nTen days a year for learning, 5 training days per year.", "mid", "years"),
        ("ML Engineer", "An entry-level role for recent graduates.", "junior", "text"),
        ("ML Engineer", "A role where you ship models.", None, ""),
    ],
    ids=[
        "title-senior",
        "title-staff",
        "title-graduate",
        "years-5",
        "years-words",
        "years-largest",
        "days-a-year-are-leave",
        "text",
        "none",
    ],
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


@pytest.mark.parametrize(
    ("ad", "expected"),
    [
        ("Your responsibilities:\n- PyTorch\n", {"deep-learning-frameworks": REQUIRED}),
        ("What you'll work on\n- PyTorch\n", {"deep-learning-frameworks": REQUIRED}),
        (
            "About Acme:\nWe run Kubernetes.\n\nYou might be a fit if\n- PyTorch\n",
            {"deep-learning-frameworks": REQUIRED},
        ),
        (
            "Requirements\n- PyTorch\nIt would be great if you also know\n- Kubernetes\n",
            {
                "deep-learning-frameworks": REQUIRED,
                "scalable-cloud-systems": NICE,
            },
        ),
    ],
    ids=["responsibilities-colon", "what-youll", "about-company-then-fit", "would-be-great"],
)
def test_a_short_line_of_its_own_with_a_heading_word_is_read_as_a_heading(ad, expected):
    assert found(ad) == expected


@pytest.mark.parametrize(
    "ad",
    [
        "Requirements\n- About three years with Kubernetes\n- PyTorch\n",
        "Requirements\nAbout three years of Python\nKubernetes\n",
        "Requirements\nYou have fine-tuned vision models\n- Kubernetes\n",
        "Requirements\nKubernetes skills\n- PyTorch\n",
    ],
    ids=["bullet", "no-colon-no-list", "names-an-item-by-a-gap", "names-an-item"],
)
def test_a_bullet_or_a_line_naming_an_item_is_never_taken_for_a_heading(ad):
    assert found(ad)["scalable-cloud-systems"] == REQUIRED


def test_a_line_break_inside_a_sentence_does_not_split_it():
    ad = "Responsibilities\n - Mentor engineers and collaborate with the\n   security team on every release\n"

    recognition = MATCHER.recognise(ad, seniorities=SENIORITIES)

    assert [(m.key, ad[m.start : m.end]) for m in recognition.matches] == [
        ("cross-functional-collaboration", "collaborate with")
    ]
    assert found("Requirements\n - Work with the\n   platform team\n") == {"cross-functional-collaboration": REQUIRED}


def test_a_bullet_on_the_next_line_still_starts_a_new_unit():
    assert found("Bonus\n- Kubernetes\n- PyTorch is a plus, and the\n- feature store\n") == {
        "scalable-cloud-systems": NICE,
        "deep-learning-frameworks": NICE,
        "mlops": NICE,
    }


@pytest.mark.parametrize(
    "text",
    ["You have fine-tuned vision models", "She fine-tunes models", "Experience fine-tuning open models"],
    ids=["past", "third-person", "gerund"],
)
def test_an_alias_opening_with_a_verb_matches_the_verbs_other_forms(text):
    assert found(text)["develop-neural-networks"] == REQUIRED


@pytest.mark.parametrize(
    "text", ["Monitoring the models we ship", "Monitors models in production"], ids=["gerund", "third-person"]
)
def test_monitor_is_a_verb_whose_other_forms_match_too(text):
    assert found(text) == {"maintain-model-performance": REQUIRED}


def test_before_the_first_heading_what_the_company_says_about_itself_asks_nothing():
    ad = (
        "We run Kubernetes for 300 hospitals.\nYou will use PyTorch daily with our team.\n"
        "Experience with C++.\n\nRequirements\n- Feature stores\n"
    )

    assert found(ad) == {"deep-learning-frameworks": REQUIRED, "cpp": REQUIRED, "mlops": REQUIRED}


def test_an_ad_without_headings_asks_for_everything_it_names():
    assert found("We run Kubernetes and PyTorch.") == {
        "scalable-cloud-systems": REQUIRED,
        "deep-learning-frameworks": REQUIRED,
    }


@pytest.mark.parametrize(
    "ad",
    [
        "About us\nWe build robots.\n\nYour tasks:\n- PyTorch\n",
        "About us\nWe build robots.\n\nYour profile:\n- PyTorch\n",
        "About us\nWe build robots.\n\nPerson specification\n- PyTorch\n",
        "About us\nWe build robots.\n\nEssential:\n- PyTorch\n",
        "About us\nWe build robots.\n\nEssential criteria\n- PyTorch\n",
        "About us\nWe build robots.\n\nKey accountabilities\n- PyTorch\n",
        "About us\nWe build robots.\n\nMain duties:\n- PyTorch\n",
        "About us\nWe build robots.\n\nYour background:\n- PyTorch\n",
        "About us\nWe build robots.\n\nAbout the position\n- PyTorch\n",
        "About us\nWe build robots.\n\nJob description\n- PyTorch\n",
        "About us\nWe build robots.\n\nRole description\n- PyTorch\n",
    ],
    ids=[
        "tasks",
        "profile",
        "person-specification",
        "essential",
        "essential-criteria",
        "accountabilities",
        "duties",
        "background",
        "position",
        "job-description",
        "role-description",
    ],
)
def test_european_and_uk_headings_open_the_requirements(ad):
    assert found(ad) == {"deep-learning-frameworks": REQUIRED}


@pytest.mark.parametrize(
    "ad",
    [
        "Requirements\n- PyTorch\n\nDesirable:\n- Kubernetes\n",
        "Requirements\n- PyTorch\n\nDesirable criteria\n- Kubernetes\n",
        "Requirements\n- PyTorch\n\nAssets:\n- Kubernetes\n",
        "Requirements\n- PyTorch\n- Kubernetes is an asset\n",
        "Requirements\n- PyTorch\n- Kubernetes helps but isn't essential\n",
        "Requirements\n- PyTorch\n- Kubernetes (not essential)\n",
    ],
    ids=["desirable", "desirable-criteria", "assets", "an-asset", "isnt-essential", "not-essential"],
)
def test_desirable_criteria_and_assets_are_nice_to_have(ad):
    assert found(ad) == {"deep-learning-frameworks": REQUIRED, "scalable-cloud-systems": NICE}


@pytest.mark.parametrize(
    "ad",
    [
        "Requirements\n- PyTorch\n\nWhat you'll get\n- Kubernetes training\n",
        "Requirements\n- PyTorch\n\nWhat you'll get in return:\n- Kubernetes training\n",
        "Requirements\n- PyTorch\n\nWhat's in it for you\n- Kubernetes training\n",
        "Requirements\n- PyTorch\n\nWhy you'll love working here:\n- Kubernetes training\n",
        "Requirements\n- PyTorch\n\nSalary, bonus and equity:\n- Kubernetes training\n",
        "Requirements\n- PyTorch\n\nCompensation and perks\n- Kubernetes training\n",
    ],
    ids=["what-youll-get", "in-return", "in-it-for-you", "youll-love", "salary-bonus-equity", "compensation-perks"],
)
def test_benefits_and_pay_ask_for_nothing(ad):
    assert found(ad) == {"deep-learning-frameworks": REQUIRED}


@pytest.mark.parametrize(
    "opening",
    [
        "We are looking for a senior engineer with PyTorch and Kubernetes.",
        "We're seeking an engineer with PyTorch and Kubernetes.",
        "The ideal candidate knows PyTorch and Kubernetes.",
        "We need someone who has run PyTorch on Kubernetes.",
    ],
    ids=["looking-for", "seeking", "ideal-candidate", "we-need-someone"],
)
def test_the_opening_that_says_whom_the_company_wants_keeps_its_requirements(opening):
    assert found(f"{opening}\n\nRequirements\n- Feature stores\n") == {
        "deep-learning-frameworks": REQUIRED,
        "scalable-cloud-systems": REQUIRED,
        "mlops": REQUIRED,
    }


# --- Concept rules: an item named by words of two or three concepts together ----------------------

PIPELINE = Concept("pipeline-words", ("pipeline", "ETL"), not_in=("CI pipeline", "sales pipeline"))
BUILDING = Concept("building-verbs", ("build", "maintain", "label"))
DATA = Concept("data-words", ("data", "images"))
MODELS = Concept("model-words", ("models",))
BUILDING_AND_LABELLING = Concept("building-or-labelling", ("build", "label"))
RULES_MATCHER = Matcher(
    [Alias("PyTorch", "skill", "deep-learning-frameworks"), Alias("data pipelines", "duty", "build-data-pipelines")],
    [
        ConceptRule("build-pipelines", "duty", "build-data-pipelines", (PIPELINE, BUILDING)),
        ConceptRule("label-data", "skill", "data-preprocessing-pipelines", (BUILDING_AND_LABELLING, DATA, MODELS)),
    ],
)


def found_by_rules(text: str) -> dict[str, str]:
    recognition = RULES_MATCHER.recognise(text, seniorities=SENIORITIES)
    return {mention.key: mention.strength for mention in recognition.mentions}


@pytest.mark.parametrize(
    "text",
    [
        "Build the ETL that feeds our warehouse.",
        "- maintain and extend the nightly pipeline",
        "ETL jobs you will build and own",
        "You have built pipelines before.",
    ],
    ids=["verb-first", "bullet", "verb-after", "verb-form"],
)
def test_a_rule_names_its_item_where_a_word_of_each_concept_stands_in_one_sentence(text):
    assert found_by_rules(text) == {"build-data-pipelines": REQUIRED}


@pytest.mark.parametrize(
    "text",
    [
        "- Build dashboards\n- Own the pipeline for invoices",
        "Build dashboards for finance. The pipeline is owned by another team.",
        "Requirements:\nBuild\nPipeline",
        "Build our reports, dashboards, slides, spreadsheets, forecasts, summaries, newsletters and the sales pipeline",
        "Build dashboards with the sales team, then report on the pipeline to the board every quarter",
    ],
    ids=["two-bullets", "two-sentences", "two-lines", "not-in-phrase", "too-far-apart"],
)
def test_a_rule_never_joins_words_from_two_units_nor_far_apart_nor_inside_a_phrase_that_means_something_else(text):
    assert found_by_rules(text) == {}


def test_the_words_inside_a_phrase_that_means_something_else_do_not_count_but_others_in_the_sentence_do():
    assert found_by_rules("Maintain the CI pipeline") == {}
    assert found_by_rules("Maintain the CI pipeline and the ETL") == {"build-data-pipelines": REQUIRED}


def test_a_rule_of_three_concepts_needs_all_three_and_one_word_counts_for_one_concept_only():
    assert found_by_rules("Label the data for our models.") == {"data-preprocessing-pipelines": REQUIRED}
    assert found_by_rules("Label the data.") == {}
    # "build" belongs to two concepts of the first rule and one of the second: it still names only one of each.
    assert found_by_rules("Build models on images.") == {"data-preprocessing-pipelines": REQUIRED}
    assert found_by_rules("Build models.") == {}


def test_the_excerpt_highlights_the_ads_words_from_the_first_concept_word_to_the_last():
    recognition = RULES_MATCHER.recognise(
        "Requirements\n- You will build the pipeline that loads invoices", seniorities=SENIORITIES
    )

    [mention] = recognition.mentions
    excerpt = mention.excerpts[0]
    assert (mention.key, excerpt.before, excerpt.match, excerpt.after) == (
        "build-data-pipelines",
        "You will ",
        "build the pipeline",
        " that loads invoices",
    )


def test_where_an_alias_already_names_the_item_a_rule_adds_no_second_excerpt_for_the_same_words():
    recognition = RULES_MATCHER.recognise("Build data pipelines in Spark.", seniorities=SENIORITIES)

    assert [(m.key, [e.match for e in m.excerpts]) for m in recognition.mentions] == [
        ("build-data-pipelines", ["data pipelines"])
    ]


@pytest.mark.parametrize(
    ("ad", "expected"),
    [
        ("Our data team builds pipelines for retailers.\n\nRequirements\n- PyTorch\n", {}),
        ("Requirements\n- PyTorch\n\nBenefits\n- We build the pipeline of your career\n", {}),
        ("Requirements\n- PyTorch\n\nAbout us\nWe build pipelines for 300 shops.\n", {}),
        ("Requirements\n- PyTorch\n\nNice to have\n- You have built an ETL before\n", {"build-data-pipelines": NICE}),
        ("Requirements\n- PyTorch\n- Building a pipeline is a plus\n", {"build-data-pipelines": NICE}),
    ],
    ids=["company-blurb", "benefits", "about-us", "nice-to-have-section", "inline-softener"],
)
def test_concept_rules_follow_the_sections_as_aliases_do(ad, expected):
    assert found_by_rules(ad) == {"deep-learning-frameworks": REQUIRED, **expected}


def test_a_heading_made_of_concept_words_asks_for_nothing():
    assert found_by_rules("Pipelines you will build:\n- PyTorch\n") == {"deep-learning-frameworks": REQUIRED}


def test_concept_rules_are_found_in_one_pass_however_often_their_words_repeat():
    ad = "Build the ETL. " * 2000 + "Maintain the CI pipeline. " * 2000

    recognition = RULES_MATCHER.recognise(ad, seniorities=SENIORITIES)

    [mention] = recognition.mentions
    assert (mention.key, mention.count) == ("build-data-pipelines", 2000)


def test_words_a_rule_recognised_are_not_listed_as_unrecognised():
    recognition = RULES_MATCHER.recognise(
        "Requirements\n- Experience with maintaining pipelines and Dagster", seniorities=SENIORITIES
    )

    assert (recognition.item_keys(), recognition.unrecognised) == ({("duty", "build-data-pipelines")}, ("dagster",))
