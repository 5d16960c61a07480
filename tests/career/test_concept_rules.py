"""The shipped concept rules: what they find in ads' own words, what they must not take for a requirement,
and how curators are guarded when they edit them."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from career.models import Concept, ConceptRule, Duty, Skill
from career.recognition import VERB_FIRST_RULES
from career.selectors import concept_rule_list, recognition_matcher_get

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def recognised(text: str) -> set[str]:
    recognition = recognition_matcher_get().recognise(text, seniorities=[("junior", 0)])
    return {mention.key for mention in recognition.mentions}


def test_the_shipped_rules_cover_the_duties_ads_most_often_say_in_their_own_words():
    named = {(rule.kind, rule.key) for rule in concept_rule_list()}

    assert {
        ("duty", "design-implement-ml-models"),
        ("duty", "build-data-pipelines"),
        ("duty", "develop-neural-networks"),
        ("duty", "maintain-model-performance"),
        ("duty", "ensure-scalability-reliability"),
        ("duty", "implement-mlops"),
        ("duty", "integrate-ai-systems"),
        ("skill", "model-optimisation-deployment"),
        ("skill", "edge-deployment"),
        ("skill", "data-preprocessing-pipelines"),
    } <= named
    assert all(2 <= len(rule.concepts) <= 3 for rule in concept_rule_list())


def test_loading_the_concept_rules_twice_changes_nothing():
    def rows():
        return sorted(ConceptRule.objects.values_list("slug", "first__slug", "second__slug", "third__slug")), sorted(
            Concept.objects.values_list("slug", "words", "not_in")
        )

    before = rows()

    call_command("loaddata", "concept_rules", verbosity=0, stdout=io.StringIO())

    assert rows() == before


def test_a_concept_rule_names_exactly_one_thing():
    concepts = list(Concept.objects.all()[:2])

    with transaction.atomic(), pytest.raises(IntegrityError):
        ConceptRule.objects.create(
            slug="two-things",
            skill=Skill.objects.first(),
            duty=Duty.objects.first(),
            first=concepts[0],
            second=concepts[1],
        )


@pytest.mark.parametrize(
    ("words", "not_in", "errors"),
    [
        (" , ", "", {"words": ["A concept needs at least one word."]}),
        ("pipeline, - / ", "", {"words": ["“- /” has no letter or digit."]}),
        ("build … pipeline", "", {"words": ["No gap (…) in a concept's words: the rule sets how far apart they are."]}),
        ("pipeline", "CI …", {"not_in": ["No gap (…) in a concept's words: the rule sets how far apart they are."]}),
        (
            "pipeline",
            "CI pipeline, pipelines",
            {"not_in": ["“pipelines” is one of the words: it would cancel it everywhere."]},
        ),
    ],
    ids=["no-words", "no-letters", "gap-in-words", "gap-in-not-in", "not-in-cancels-a-word"],
)
def test_a_concept_a_curator_writes_is_checked(words, not_in, errors):
    with pytest.raises(ValidationError) as raised:
        Concept(slug="new-concept", words=words, not_in=not_in).full_clean()

    assert raised.value.message_dict == errors


def test_a_rule_uses_each_concept_once():
    concept = Concept.objects.first()
    rule = ConceptRule(slug="twice", skill=Skill.objects.first(), first=concept, second=concept)

    with pytest.raises(ValidationError) as raised:
        rule.full_clean()

    assert raised.value.messages == ["A rule combines different concepts: each may appear once."]


def test_a_curators_change_to_a_concept_reaches_the_matcher():
    assert "edge-deployment" in recognised("Run our detectors on the boards in the field.")
    concept = Concept.objects.get(slug="edge-targets")
    concept.words = concept.words.replace("board, boards, ", "")
    concept.save()

    assert "edge-deployment" not in recognised("Run our detectors on the boards in the field.")


# Sentences written for these tests, not taken from the corpus: each names the item in its own words.
@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Deduplicate and annotate millions of customer support transcripts.", "data-preprocessing-pipelines"),
        ("Design and operate ingestion jobs that land clickstream events in the lakehouse.", "build-data-pipelines"),
        ("Write Airflow DAGs that refresh our features every hour.", "build-data-pipelines"),
        ("Build the pipeline that loads sensor data into the warehouse.", "build-data-pipelines"),
        ("Fine-tune open-weight LLMs on our support tickets.", "develop-neural-networks"),
        ("Design segmentation networks for satellite imagery.", "develop-neural-networks"),
        ("Quantise and prune our models so they fit in 50 MB.", "model-optimisation-deployment"),
        ("Serve our classifiers behind a gRPC API.", "model-optimisation-deployment"),
        ("Run our detectors on Jetson boards in the field.", "edge-deployment"),
        ("Ship models to phones and keep them small.", "edge-deployment"),
        ("Detect drift in the fraud model and decide when to retrain it.", "maintain-model-performance"),
        ("Watch the accuracy of live models and act when it slips.", "maintain-model-performance"),
        (
            "Keep the recommendation service within its p99 latency budget as traffic grows.",
            "ensure-scalability-reliability",
        ),
        ("Version and register every model, with one-click rollback.", "implement-mlops"),
        ("Wire our assistant into the customer's CRM and ticketing systems.", "integrate-ai-systems"),
        ("Build connectors to legacy systems and message queues.", "system-integration"),
        ("Explain model decisions plainly to clinicians.", "communication-collaboration"),
        ("Please link to a GitHub repo or side project.", "portfolio"),
        ("Train models that classify defects in X-ray images.", "computer-vision"),
        ("Experience with attention-based encoders.", "neural-network-architectures"),
        ("Mask PII in chat logs before anyone trains on them.", "data-security-privacy"),
        ("Take our forecasting models to production on Azure.", "model-optimisation-deployment"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_an_item_said_in_an_ads_own_words_is_recognised(sentence, item):
    assert item in recognised(sentence)


@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("We deploy to AWS every day with GitHub Actions.", "model-optimisation-deployment"),
        ("You'll clean up our docs and onboarding guides.", "data-preprocessing-pipelines"),
        ("Maintain our build pipelines in Jenkins.", "build-data-pipelines"),
        ("Build CI/CD pipelines for the data science team.", "build-data-pipelines"),
        ("Grow the sales pipeline with our data partners.", "build-data-pipelines"),
        ("Build Docker images and maintain the deployment pipeline.", "build-data-pipelines"),
        ("Build dashboards on top of our Snowflake tables for the sales team.", "build-data-pipelines"),
        ("Write clean code and label pull requests.", "data-preprocessing-pipelines"),
        ("We value work-life balance and clean energy.", "data-preprocessing-pipelines"),
        ("Track record of shipping products; we filter candidates on data.", "data-preprocessing-pipelines"),
        ("Help customers transform the way they work with data.", "data-preprocessing-pipelines"),
        ("Our business model depends on shipping features quickly.", "model-optimisation-deployment"),
        ("Deploy our services to Kubernetes with Helm.", "model-optimisation-deployment"),
        ("Ship features fast in a fast-paced team.", "model-optimisation-deployment"),
        (
            "Experience with causal inference and statistical inference on GPU-scale data.",
            "model-optimisation-deployment",
        ),
        ("Train fraud detection models with XGBoost.", "develop-neural-networks"),
        ("We provide training and access to our network of mentors.", "develop-neural-networks"),
        ("Build LLM-powered features for our support team.", "develop-neural-networks"),
        ("Train new joiners on our security policies.", "develop-neural-networks"),
        ("Design the rotary encoder firmware for our motor drivers.", "develop-neural-networks"),
        ("Keep our cutting-edge models on the leading edge of research.", "edge-deployment"),
        ("Present to the board of directors on our model roadmap.", "edge-deployment"),
        ("Deploy the new camera firmware to our devices.", "edge-deployment"),
        ("Monitor the performance of our web services.", "maintain-model-performance"),
        ("Track code quality and test coverage.", "maintain-model-performance"),
        ("We reward high performance with a performance bonus.", "maintain-model-performance"),
        ("Load the dishwasher and keep the kitchen tidy.", "ensure-scalability-reliability"),
        ("Our fast-growing team builds reliable data pipelines.", "ensure-scalability-reliability"),
        ("Version control with Git and code review.", "implement-mlops"),
        ("Roll out the new onboarding process to all teams.", "implement-mlops"),
        ("Connect with other engineers at our meetups.", "system-integration"),
        ("Integrate feedback from users into the design.", "integrate-ai-systems"),
        ("Show us you care about users.", "portfolio"),
        ("Review Docker images and video calls with the team.", "computer-vision"),
        ("Design a visual identity for the brand with our visual designer.", "computer-vision"),
        ("Write unit tests for our frontend code.", "ensure-scalability-reliability"),
        ("We protect your personal data as our privacy notice explains.", "data-security-privacy"),
        ("Candidate data is kept for six months with your consent.", "data-security-privacy"),
        (
            "Move from our production line to the quality team, where models of every car are tested.",
            "model-optimisation-deployment",
        ),
        ("Improve page load times of our design system.", "ensure-scalability-reliability"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_words_of_two_concepts_that_mean_something_else_together_name_nothing(sentence, item):
    assert item not in recognised(sentence)


# A second review's probes, written for it and not taken from any ad: ordinary requirement bullets in which
# a concept's word means something else (a noun read as a verb, a system as the subject, a word of another
# trade), and the item that must not be read into them.
@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Frame business problems as machine learning models.", "computer-vision"),
        ("Within agreed time frames, train models.", "computer-vision"),
        ("Create visual reports of model performance for stakeholders.", "computer-vision"),
        ("Build and run pricing models for car insurance.", "edge-deployment"),
        ("Fit survival models to predict vehicle failures from telemetry.", "edge-deployment"),
        ("Run vision models on camera footage in our cloud platform.", "edge-deployment"),
        ("Run bidding models in our DSP.", "edge-deployment"),
        ("Serve as the technical lead for our recommender models.", "model-optimisation-deployment"),
        ("The ideal profile has 3+ years training ML models.", "model-optimisation-deployment"),
        ("Fast iteration on models is key.", "model-optimisation-deployment"),
        ("Build quick prototypes of new models.", "model-optimisation-deployment"),
        ("Use LLMs such as Copilot to write code faster.", "model-optimisation-deployment"),
        ("Build RAG applications with LangChain and Hugging Face Transformers.", "develop-neural-networks"),
        ("Implement semantic search with an embedding model.", "develop-neural-networks"),
        ("Design prompts and evaluation for VLMs.", "develop-neural-networks"),
        ("Train colleagues on how to use LLMs safely.", "develop-neural-networks"),
        ("Use LLMs to automate workflows across the business.", "implement-mlops"),
        ("Promote the adoption of AI models.", "implement-mlops"),
        ("Reproduce results from research papers and implement new models.", "implement-mlops"),
        ("Use customer data to model churn and improve retention.", "data-security-privacy"),
        ("Validate hypotheses using data and A/B experiments.", "data-preprocessing-pipelines"),
        ("Transform complex data into actionable insights.", "data-preprocessing-pipelines"),
        ("Tokenize card data to meet PCI DSS.", "data-preprocessing-pipelines"),
        ("Design and train ML models on large datasets using Spark and PyTorch.", "build-data-pipelines"),
        ("Design event-driven microservices using Kafka and gRPC.", "build-data-pipelines"),
        ("Retrain and redeploy models on a schedule using Airflow.", "build-data-pipelines"),
        (
            "Develop models to detect fraudulent transactions while reducing false positives.",
            "maintain-model-performance",
        ),
        ("Evaluate model performance using appropriate metrics.", "maintain-model-performance"),
        ("Explore new data sources and prototype models.", "maintain-model-performance"),
        ("Improve model accuracy with new data sources.", "monitoring-retraining-ab-testing"),
        ("Take ownership of models in production.", "model-optimisation-deployment"),
        ("Deliver production-quality code and reusable models.", "model-optimisation-deployment"),
        ("Keep our models healthy after launch, alerting when accuracy drops.", "model-optimisation-deployment"),
        ("Plan team capacity and deliver the platform roadmap.", "ensure-scalability-reliability"),
        ("Be reliable and own the systems you build.", "ensure-scalability-reliability"),
        (
            "You embrace AI tools such as Cursor and Copilot and integrate them into your daily workflow.",
            "integrate-ai-systems",
        ),
        ("Connect with stakeholders across products to bring AI to more teams.", "integrate-ai-systems"),
        ("Design chatbots that communicate with customers.", "communication-collaboration"),
        ("Use SHAP to explain model decisions to regulators.", "communication-collaboration"),
        ("Build tools that facilitate business decisions.", "communication-collaboration"),
        ("Anonymise patient data before training.", "data-preprocessing-pipelines"),
        ("Develop and train new team members on our models of care.", "design-implement-ml-models"),
        ("Build CI/CD for machine learning, with automated training and deployment.", "design-implement-ml-models"),
        ("Create visual reports of model performance for stakeholders.", "design-implement-ml-models"),
        ("Use customer data to model churn and improve retention.", "design-implement-ml-models"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_an_ordinary_bullet_whose_words_mean_something_else_does_not_name_the_item(sentence, item):
    assert item not in recognised(sentence)


# The same review's wording of the duties ads most often phrase in their own words.
@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        (
            "Design, build and evaluate machine learning models that solve customer problems.",
            "design-implement-ml-models",
        ),
        ("Research, prototype and productionise new ML approaches for ranking.", "design-implement-ml-models"),
        ("Develop ranking algorithms that personalise the feed.", "design-implement-ml-models"),
        ("Build and train forecasting models for demand planning.", "design-implement-ml-models"),
        ("Apply ML to solve business problems.", "design-implement-ml-models"),
        ("Keep our models healthy after launch, alerting when accuracy drops.", "maintain-model-performance"),
        ("Own model quality in production: dashboards, alerts, rollbacks.", "maintain-model-performance"),
        ("Continuously improve the quality of our production models.", "maintain-model-performance"),
        ("Set up alerts for data drift and model decay.", "maintain-model-performance"),
        ("Monitor hallucination rates and regressions in production.", "maintain-model-performance"),
        ("Take ownership of models in production.", "maintain-model-performance"),
        ("Build a scalable, reliable recommendation system serving 10M users.", "ensure-scalability-reliability"),
        ("Design for scale: high-throughput, low-latency inference serving.", "ensure-scalability-reliability"),
        ("Scale our inference to billions of requests per day.", "ensure-scalability-reliability"),
        ("Make our training and serving infrastructure robust and cost-efficient.", "ensure-scalability-reliability"),
        ("Move data from Postgres and S3 into the warehouse reliably.", "build-data-pipelines"),
        ("Own the data flow from source systems into the feature store.", "build-data-pipelines"),
        ("Build syncs with Fivetran and Airbyte.", "build-data-pipelines"),
        ("Write Spark jobs that process billions of events.", "build-data-pipelines"),
        ("Automate the path from notebook to production.", "implement-mlops"),
        ("Build CI/CD for machine learning, with automated training and deployment.", "implement-mlops"),
        ("Build and maintain ML training pipelines.", "implement-mlops"),
        ("Retrain and redeploy models on a schedule using Airflow.", "implement-mlops"),
        ("Bring ML into existing customer workflows and legacy systems.", "integrate-ai-systems"),
        ("Work with backend engineers to put models behind our APIs.", "integrate-ai-systems"),
        ("Develop deep learning architectures for time-series.", "develop-neural-networks"),
        ("Anonymise patient data before training.", "data-security-privacy"),
        ("Run our detectors on the vehicle's onboard computer.", "edge-deployment"),
        ("Deploy models on the car's embedded GPU.", "edge-deployment"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_a_duty_in_the_wording_ads_commonly_use_is_recognised(sentence, item):
    assert item in recognised(sentence)


# Wording of our own for what the second held-out set showed ads say: a live model reviewed or watched, data
# streamed into training, reliability as autoscaling and fallbacks, explaining in plain language.
@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Make sure the search API keeps answering reliably when traffic peaks.", "ensure-scalability-reliability"),
        ("Deploy the scoring API with autoscaling and health checks.", "ensure-scalability-reliability"),
        ("Explain forecast errors to category managers in plain language.", "communication-collaboration"),
        ("Clear spoken and written communication.", "communication-collaboration"),
        ("Review the accuracy of our live models every week.", "maintain-model-performance"),
        ("Monitor answer quality of the assistant once it is live.", "maintain-model-performance"),
        ("Track error rates and feed failures back into retraining.", "maintain-model-performance"),
        ("Own the data engine that feeds our labelling team.", "build-data-pipelines"),
        ("Write pipelines that deduplicate and clean raw logs.", "build-data-pipelines"),
        ("Stream sensor recordings from the robots into training.", "build-data-pipelines"),
        ("Experience with generative image models.", "generative-ai"),
        ("Work side by side with our clinicians.", "cross-functional-collaboration"),
        ("Hold design discussions with the platform team.", "cross-functional-collaboration"),
        ("An analytical mind and attention to detail.", "problem-solving-analysis"),
        ("Set up drift alerts and model observability for every team.", "maintain-model-performance"),
        ("Apply machine learning to pricing.", "design-implement-ml-models"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_an_item_in_wording_the_second_held_out_set_showed_is_recognised(sentence, item):
    assert item in recognised(sentence)


# The words added in that round, and the rule for designing and building models, in their other senses:
# "apply now", a person developed or trained, a model of behaviour, planning algorithms, data read out,
# a chatbot's queue, a sales forecast, staff retraining.
@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Use only approved tools and models from our catalogue.", "implement-mlops"),
        ("Review code and design documents for the models team.", "maintain-model-performance"),
        ("Feed back to the team on how our forecasts are presented.", "build-data-pipelines"),
        ("Deliver training to new staff on our data tools.", "build-data-pipelines"),
        ("Apply now and tell us about the models you have worked with.", "design-implement-ml-models"),
        ("Keep up to date with the latest models and research.", "design-implement-ml-models"),
        ("Build strong relationships with stakeholders and model good behaviours.", "design-implement-ml-models"),
        ("Develop junior engineers and model best practices.", "design-implement-ml-models"),
        ("Train and mentor engineers on ML best practices.", "design-implement-ml-models"),
        ("Design algorithms for path planning and control.", "design-implement-ml-models"),
        ("Experience in applied machine learning.", "design-implement-ml-models"),
        ("Pull data from the warehouse for weekly business reports.", "build-data-pipelines"),
        ("Stream the all-hands meeting to the team.", "build-data-pipelines"),
        ("Own the roadmap for our data products.", "build-data-pipelines"),
        ("Deploy your skills across our AI platform at scale.", "ensure-scalability-reliability"),
        ("Review pull requests and keep the codebase healthy.", "maintain-model-performance"),
        ("Bring your curiosity and put customers first with our AI products.", "integrate-ai-systems"),
        ("Surface product metrics in our internal dashboards with AI.", "integrate-ai-systems"),
        ("Load training data from S3 with PyTorch data loaders.", "build-data-pipelines"),
        ("Keep our production models documented for auditors.", "maintain-model-performance"),
        ("Track the forecast accuracy of our sales pipeline.", "maintain-model-performance"),
        ("Keep our chatbot's tone friendly and on brand.", "maintain-model-performance"),
        ("Monitor the chatbot queue and answer customers promptly.", "maintain-model-performance"),
        ("Continuously improve our hiring process and candidate experience.", "maintain-model-performance"),
        ("Design retraining programmes for staff moving into data roles.", "implement-mlops"),
        ("Standardise our ML platform documentation.", "implement-mlops"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_the_words_added_do_not_name_the_item_in_their_other_senses(sentence, item):
    assert item not in recognised(sentence)


# Round 3, sentences of our own: what another team does, what the candidate is told they will not do, and
# infrastructure or tools around models ask nothing of the candidate about the models.
@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        (
            "Our data scientists design and train the forecasting models; you keep the cluster healthy.",
            "design-implement-ml-models",
        ),
        ("You will run the search backend and the summarisation services our research team builds.", "nlp-llms"),
        ("Model teams fine-tune their own models, and you build the tools they use.", "develop-neural-networks"),
        ("Our researchers develop the neural networks, while you look after the data.", "develop-neural-networks"),
        ("You won't be designing or training models here.", "design-implement-ml-models"),
        ("You will not deploy models yourself: the platform team does that.", "model-optimisation-deployment"),
        ("Give model teams one-click retraining.", "maintain-model-performance"),
        ("Size the GPU node pools our inference services use.", "model-optimisation-deployment"),
        ("Keep GPU capacity ahead of inference demand.", "model-optimisation-deployment"),
        ("Make sure the inference services run smoothly overnight.", "model-optimisation-deployment"),
        ("Maintain our GitHub Actions workflows for the web app.", "mlops"),
        ("Our public APIs handle a million calls a day.", "system-integration"),
        ("Operate Cloud SQL and Memorystore.", "data-preprocessing-pipelines"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_work_another_team_does_or_the_candidate_will_not_do_is_not_asked_for(sentence, item):
    assert item not in recognised("Responsibilities\n" + sentence)


@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("You won't just train models: you will deploy them to production too.", "design-implement-ml-models"),
        ("You won't just train models: you will deploy them to production too.", "model-optimisation-deployment"),
        ("Work with our data scientists to deploy models to production.", "model-optimisation-deployment"),
        ("Train and evaluate forecasting models with the team.", "design-implement-ml-models"),
        ("Optimise inference latency on GPUs.", "model-optimisation-deployment"),
        ("Integrate LLM features with our REST APIs.", "system-integration"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_work_the_candidate_does_beside_another_team_is_still_asked_for(sentence, item):
    assert item in recognised("Responsibilities\n" + sentence)


def test_a_why_us_section_lists_benefits_not_requirements():
    ad = "Requirements\n- Python\n\nWhy us\n- A conference budget (CVPR, NeurIPS)\n- Docker-free laptops\n"

    assert recognised(ad) == {"python"}


# An independent review's probes of round 2 (sentences of its own): observability of services, human agents,
# another object for a model-building verb, automating with LLMs, messaging queues, staff retraining and
# statistics vocabulary name nothing the candidate would be scored on for models.
@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Monitor the health of services in production and respond to incidents", "maintain-model-performance"),
        ("Monitor API latency and error rates in production", "maintain-model-performance"),
        ("Track error rates and performance in prod with Datadog", "maintain-model-performance"),
        ("Investigate performance regressions in production services", "maintain-model-performance"),
        ("Debug performance issues in production and own the fix", "maintain-model-performance"),
        ("Watch for regressions in production after each deploy", "maintain-model-performance"),
        ("Own the quality of our releases once live", "maintain-model-performance"),
        ("Track the performance of our sales agents and coach them", "maintain-model-performance"),
        ("Review the performance of support agents and improve response quality", "maintain-model-performance"),
        ("Continuously improve the quality of our agents' customer service", "maintain-model-performance"),
        ("Build the APIs that serve the models our data scientists build", "design-implement-ml-models"),
        ("Work closely with data scientists who develop models for pricing", "design-implement-ml-models"),
        ("Design event-driven architecture so that models receive fresh features", "design-implement-ml-models"),
        ("Design the backend services around our ML models", "design-implement-ml-models"),
        ("Develop the Kubernetes platform on which our ML models run", "design-implement-ml-models"),
        ("Build dashboards that track how our models perform for the business", "design-implement-ml-models"),
        ("Design and build the UI that lets customers compare models", "design-implement-ml-models"),
        ("Build the billing system for usage of our models", "design-implement-ml-models"),
        ("Build integrations for customers using our models via API", "design-implement-ml-models"),
        ("Create prompts and evaluation datasets for our models", "design-implement-ml-models"),
        ("Build and maintain data pipelines that feed our models", "design-implement-ml-models"),
        ("Build the data platform that our ML models depend on", "design-implement-ml-models"),
        ("Implement machine learning best practices across the codebase", "design-implement-ml-models"),
        ("Develop an understanding of machine learning concepts", "design-implement-ml-models"),
        ("Build SQL models in dbt for the analytics team", "design-implement-ml-models"),
        ("Build on top of models from OpenAI and Anthropic", "design-implement-ml-models"),
        ("Build a strong understanding of how ML models are trained", "design-implement-ml-models"),
        ("Use LLMs to automate document processing for our claims team", "implement-mlops"),
        ("Automate invoice handling with ML models", "implement-mlops"),
        ("Maintain Kafka consumers for the notifications service", "build-data-pipelines"),
        ("Develop Kafka producers and consumers in Java for our order service", "build-data-pipelines"),
        ("Monitor staff retraining and reskilling programmes", "maintain-model-performance"),
        ("Track progress of retraining for employees affected by automation", "maintain-model-performance"),
        ("Experience with generative and discriminative models", "generative-ai"),
        ("Knowledge of generative versus discriminative models", "generative-ai"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_a_reviewers_probe_of_round_two_names_nothing_the_sentence_does_not_ask(sentence, item):
    assert item not in recognised("Requirements:\n- " + sentence)


@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Watch for drift in production and alert the team", "maintain-model-performance"),
        ("Monitor quality and accuracy of the chatbot's answers in production", "maintain-model-performance"),
        ("Design and train models from scratch", "design-implement-ml-models"),
        ("Train and tune gradient boosted models on tabular data", "design-implement-ml-models"),
        ("Build classifiers to route support tickets", "design-implement-ml-models"),
        ("Develop predictive models for churn", "design-implement-ml-models"),
        ("Develop and improve detection, segmentation and anomaly detection models.", "design-implement-ml-models"),
        ("Lead the team that trains our deep learning models.", "develop-neural-networks"),
        ("Work cross-functionally with research, product and infrastructure.", "cross-functional-collaboration"),
        ("Work with Security on access controls for training data.", "cross-functional-collaboration"),
        ("Sit with underwriters to learn how they read a claim.", "cross-functional-collaboration"),
        ("Experience with generative image models", "generative-ai"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_what_the_candidate_is_asked_to_do_with_models_is_still_recognised(sentence, item):
    assert item in recognised("Requirements:\n- " + sentence)


BACKEND_AD_AT_AN_AI_COMPANY = """Backend Engineer
{heading}
We are an AI company. Our data scientists build machine learning models that detect fraud in real time,
and our ML team monitors model drift and retrains models weekly.

Requirements
- 4+ years of Go or Java
- Experience with PostgreSQL
"""


@pytest.mark.parametrize("heading", ["Job Description", "Role Description", "About the job", "Company Description"])
def test_the_company_blurb_under_an_opening_heading_asks_nothing(heading):
    found = recognised(BACKEND_AD_AT_AN_AI_COMPANY.format(heading=heading))

    assert (
        found
        & {
            "design-implement-ml-models",
            "maintain-model-performance",
            "monitoring-retraining-ab-testing",
            "model-optimisation-deployment",
        }
        == set()
    )


def test_duties_listed_under_a_job_description_heading_are_asked_for_even_when_they_say_our():
    ad = "Job Description\nAs our engineer you will:\n1. Integrate the assistant with our case management system.\n"

    assert "integrate-ai-systems" in recognised(ad)


def test_a_certification_the_benefits_pay_for_asks_for_no_certification():
    ad = "Requirements\n- Python\n\nBenefits\n- We pay for your AWS Certified Machine Learning Engineer exam\n"

    assert recognised(ad) == {"python"}


def test_every_rule_that_wants_its_verb_first_is_shipped_with_a_verb_and_an_object():
    rules = {rule.name: rule for rule in concept_rule_list()}

    assert {name: len(rules[name].concepts) for name in VERB_FIRST_RULES if name in rules} == dict.fromkeys(
        VERB_FIRST_RULES, 2
    )


def test_prose_under_a_what_youll_own_heading_asks_for_what_it_names():
    ad = "About us\nWe sell shoes.\n\nWhat you'll own\n\nData. Build the Spark jobs that load our click data.\n"

    assert "build-data-pipelines" in recognised(ad)


@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Give every team reproducible training runs and versioned models.", "design-implement-ml-models"),
        ("Keep training data and models versioned.", "design-implement-ml-models"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_training_as_a_noun_builds_no_model(sentence, item):
    assert item not in recognised("Requirements:\n- " + sentence)


def test_cloud_certifications_are_certifications_in_ai_as_the_catalogue_describes_them():
    assert "ai-certification" in recognised("Requirements:\n- AWS or Google Cloud certifications are a plus")


# Round 4: a fifth review's probes (sentences of its own). Another team's work drops only the others' part of a
# clause; what the candidate does beside it, and the tools it names, still ask.
@pytest.mark.parametrize(
    ("sentence", "items"),
    [
        (
            "Deploy and monitor the models our data scientists develop",
            {"model-optimisation-deployment", "maintain-model-performance"},
        ),
        (
            "Productionise the models our research team builds, using Docker and Kubernetes",
            {"model-optimisation-deployment"},
        ),
        (
            "Take the models our researchers train in PyTorch and serve them at low latency",
            {"model-optimisation-deployment", "deep-learning-frameworks"},
        ),
        (
            "Optimise inference for the models our research team trains, using TensorRT",
            {"model-optimisation-deployment"},
        ),
        (
            "Collaborate with ML teams who own the models to deploy them with Kubernetes",
            {"model-optimisation-deployment"},
        ),
        ("Work alongside data scientists who train models and deploy them on AWS", {"scalable-cloud-systems"}),
        ("Engineers who build on our platform rely on you to keep Kubernetes healthy", {"scalable-cloud-systems"}),
        (
            "Support the data scientists who train models by building feature pipelines in Airflow",
            {"build-data-pipelines"},
        ),
        ("Help the analysts who maintain our dbt models adopt Python", {"python"}),
        ("Join a small team that builds and deploys computer vision models", {"computer-vision"}),
        ("You'll be part of a team that designs and trains large language models", {"nlp-llms"}),
        ("Experience in teams that deploy models with Kubernetes and Terraform", {"model-optimisation-deployment"}),
        ("Be one of the engineers who build our recommender system end to end", {"recommendation-systems"}),
        ("Build the platform that lets teams train and deploy models on Kubernetes", {"model-optimisation-deployment"}),
        ("Help engineers develop their skills in Python and MLOps", {"python", "mlops"}),
        ("Build evaluation tooling for the teams who build our LLM features", {"nlp-llms"}),
        ("Own the feature store that data scientists and ML engineers build on", {"mlops"}),
        ("You're not afraid to dive into Kubernetes internals", {"scalable-cloud-systems"}),
        ("You don't shy away from writing SQL and Python", {"python"}),
        ("You never need hand-holding and can ship Python services independently", {"python"}),
        (
            "You don't have to be a PyTorch expert but you should be comfortable training models",
            {"design-implement-ml-models"},
        ),
        ("Develop state-of-the-art models for speech recognition", {"design-implement-ml-models"}),
        ("Design, develop and deploy end-to-end ML models for fraud detection", {"design-implement-ml-models"}),
        ("Build best-in-class ranking models", {"design-implement-ml-models"}),
        ("Develop in-house ML models for pricing", {"design-implement-ml-models"}),
        ("Design and train out-of-the-box classification models", {"design-implement-ml-models"}),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else str(value)[:40],
)
def test_the_candidates_own_work_beside_another_teams_is_asked_for(sentence, items):
    assert items <= recognised("Requirements:\n- " + sentence)


@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Design prompts and UI flows for the onboarding experience", "generative-ai"),
        ("Design prompts for marketing campaigns and social media copy", "generative-ai"),
        ("Maintain the evaluation harness for our physics simulations", "generative-ai"),
        ("Run the media pipeline and the speech and summarisation services our ML team builds", "nlp-llms"),
        ("Support the models our data scientists build", "design-implement-ml-models"),
        ("Wrap the scoring code in a small FastAPI service", "system-integration"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_round_four_words_name_nothing_the_sentence_does_not_ask(sentence, item):
    assert item not in recognised("Requirements:\n- " + sentence)


def test_duties_in_the_prose_of_a_job_description_are_asked_although_they_say_our():
    ad = (
        "Company Description\nAcme Credit lends to small firms.\n\nJob Description\nResponsibilities include"
        " developing our credit risk models in Python and maintaining our Airflow pipelines. The role involves"
        " deploying our models on AWS SageMaker.\n"
    )
    civil_service = (
        "Job description\nThe post holder will develop our forecasting models in Python and maintain our data"
        " pipelines.\n"
    )

    assert {"design-implement-ml-models", "build-data-pipelines", "model-optimisation-deployment"} <= recognised(ad)
    assert {"design-implement-ml-models", "build-data-pipelines", "python"} <= recognised(civil_service)


def test_under_a_job_description_what_the_company_says_of_itself_by_name_asks_nothing():
    ad = "Job Description\nAcme AI trains foundation models for banks.\n\nRequirements\n- Python\n"

    assert recognised(ad) == {"python"}


@pytest.mark.parametrize("certification", ["AWS certification", "Azure certification", "Google Cloud certification"])
def test_a_cloud_providers_certification_asks_for_that_cloud_as_well(certification):
    assert {"ai-certification", "scalable-cloud-systems"} <= recognised(f"Requirements:\n- {certification} preferred")


# Round 4's recall, in sentences written for the tests: what held-out-4's misses showed, said in other words.
@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Integrate the perception stack with the existing motion planner", "integrate-ai-systems"),
        ("Integrate the perception stack with the existing motion planner", "system-integration"),
        ("Connect the voice bots to the billing back end", "integrate-ai-systems"),
        ("B.Tech or MCA in computer science", "degree"),
        ("M.Tech in electronics", "degree"),
        ("Apply security controls to the model registry", "data-security-privacy"),
        ("Build labelled test sets together with our clinicians", "cross-functional-collaboration"),
        ("Work day-to-day with our product manager and designer", "cross-functional-collaboration"),
        ("Talk with product about what the model can do", "cross-functional-collaboration"),
        ("Partner with Legal and Compliance to review data usage", "cross-functional-collaboration"),
        ("Coordinate releases with model development teams", "cross-functional-collaboration"),
        ("Write and present papers at top venues", "communication-collaboration"),
        ("Experience calling LLM APIs from a web app", "generative-ai"),
        ("Understanding of generative models such as VAEs", "generative-ai"),
        ("Tackle open-ended vision problems with little data", "problem-solving-analysis"),
        ("Present your experiments to the research group", "communication-collaboration"),
    ],
    ids=lambda value: value if len(value) < 40 else value[:40],
)
def test_an_item_in_wording_the_fourth_held_out_set_showed_is_recognised(sentence, item):
    assert item in recognised("Requirements:\n- " + sentence)
