"""The shipped aliases: every catalogue item can be recognised, no phrase names two things, curators are guarded."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from career.models import Alias, Certification, Duty, Qualification, Role, Skill
from career.recognition import normalise_phrase, phrase_variants
from career.selectors import alias_list, recognition_matcher_get

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_the_shipped_fixture_has_several_hundred_aliases():
    assert Alias.objects.count() >= 300


@pytest.mark.parametrize(
    ("model", "field"),
    [
        (Skill, "skill"),
        (Duty, "duty"),
        (Qualification, "qualification"),
        (Certification, "certification"),
        (Role, "role"),
    ],
    ids=["skills", "duties", "qualifications", "certifications", "roles"],
)
def test_every_catalogue_item_has_an_alias(model, field):
    named = set(Alias.objects.filter(**{f"{field}__isnull": False}).values_list(f"{field}__slug", flat=True))

    assert sorted(set(model.objects.values_list("slug", flat=True)) - named) == []


def test_no_two_aliases_match_the_same_words():
    owners: dict[str, set[str]] = {}
    for alias in alias_list():
        for form in phrase_variants(alias.phrase):
            owners.setdefault(form, set()).add(f"{alias.kind}:{alias.key}")

    assert {form: sorted(names) for form, names in owners.items() if len(names) > 1} == {}


@pytest.mark.parametrize(
    "phrase",
    ["edge", "CV", "cloud-based startup", "certified", "at scale", "Salesforce", "REST", "containers", "Lex"],
    ids=lambda p: p,
)
def test_no_alias_is_a_word_ads_use_for_something_else(phrase):
    assert [a.phrase for a in Alias.objects.all() if normalise_phrase(a.phrase) == normalise_phrase(phrase)] == []


def test_an_alias_names_exactly_one_thing():
    with transaction.atomic(), pytest.raises(IntegrityError):
        Alias.objects.create(phrase="two things", skill=Skill.objects.first(), duty=Duty.objects.first())


def test_a_curator_cannot_add_a_phrase_that_already_matches_the_same_words():
    alias = Alias(phrase="py-torch", skill=Skill.objects.get(slug="deep-learning-frameworks"))
    alias.phrase = "PYTORCH"

    with pytest.raises(ValidationError) as raised:
        alias.full_clean()

    assert raised.value.message_dict == {"phrase": ["“PyTorch” already matches the same words."]}


def test_an_alias_without_letters_or_digits_is_refused():
    with pytest.raises(ValidationError) as raised:
        Alias(phrase=" - / ", skill=Skill.objects.first()).full_clean()

    assert raised.value.message_dict["phrase"] == ["An alias needs at least one letter or digit."]


def test_loading_the_aliases_twice_changes_nothing():
    before = sorted(Alias.objects.values_list("phrase", "skill_id", "duty_id", "qualification_id", "certification_id"))

    call_command("loaddata", "aliases", verbosity=0, stdout=io.StringIO())

    after = sorted(Alias.objects.values_list("phrase", "skill_id", "duty_id", "qualification_id", "certification_id"))
    assert after == before


def recognised(text: str) -> set[str]:
    recognition = recognition_matcher_get().recognise(text, seniorities=[("junior", 0)])
    return {mention.key for mention in recognition.mentions}


@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Keep p99 latency under 50 ms in production.", "degree"),
        ("You will work with a degree of autonomy.", "degree"),
        ("Our product portfolio spans 40 countries.", "portfolio"),
        ("Improve the loan portfolio model with our risk team.", "portfolio"),
        ("Our devices carry CE certification and ISO 13482 safety certification.", "ai-certification"),
        ("We pay for certifications and conferences.", "ai-certification"),
        ("An AWS Solutions Architect certification is welcome.", "ai-certification"),
        ("Use version control systems such as Git.", "robotics-physical-systems"),
        ("Evidently, we care about quality.", "monitoring-retraining-ab-testing"),
        ("We partner with 300 hospitals across Europe.", "cross-functional-collaboration"),
        ("Maintain our build pipelines in Jenkins.", "build-data-pipelines"),
        ("Application performance monitoring with Datadog.", "monitoring-retraining-ab-testing"),
        ("PCI DSS card tokenization for payments.", "nlp-llms"),
        ("Our engineers are masters of their craft.", "degree"),
        ("Hit the guardrail metrics of every experiment.", "generative-ai"),
        ("Multi-agent path planning for warehouse robots.", "generative-ai"),
        ("Chroma subsampling in our video codecs.", "generative-ai"),
        ("Robotic process automation for the finance team.", "robotics-physical-systems"),
        ("Work with large datasets every day.", "cross-functional-collaboration"),
        ("Contact our DPO at dpo@example.com about your data.", "nlp-llms"),
        ("You will be at the helm of our ML platform.", "scalable-cloud-systems"),
        ("We provide training and access to our network of mentors.", "develop-neural-networks"),
        ("Training on computer networks is provided.", "develop-neural-networks"),
        ("Train fraud detection models with XGBoost.", "develop-neural-networks"),
        ("User and item embeddings for two-tower retrieval.", "nlp-llms"),
        ("Own reranking in our search stack.", "generative-ai"),
        ("Multimodal sensor fusion of lidar and radar.", "generative-ai"),
        ("Send your CV to Claude Martin.", "generative-ai"),
        ("Gemini, our crypto exchange, is a client.", "generative-ai"),
        ("Our customers include Qualcomm and Bosch.", "edge-deployment"),
        ("Manage the AI project portfolio for the division.", "portfolio"),
        ("Grow your portfolio of stock options.", "portfolio"),
        ("We are an ISO 27001 certified company.", "data-security-privacy"),
        ("Experience working with Spark, Kafka and Flink in product teams.", "cross-functional-collaboration"),
    ],
    ids=[
        "ms-in-latency",
        "a-degree-of",
        "product-portfolio",
        "loan-portfolio",
        "safety-certification",
        "benefit-certifications",
        "aws-architect-certification",
        "version-control-systems",
        "evidently-adverb",
        "partner-with-hospitals",
        "build-pipelines-ci",
        "application-performance-monitoring",
        "card-tokenization",
        "masters-of-craft",
        "guardrail-metrics",
        "multi-agent-planning",
        "chroma-subsampling",
        "robotic-process-automation",
        "work-with-data",
        "dpo-data-protection-officer",
        "at-the-helm",
        "training-and-network",
        "computer-networks",
        "fraud-detection-models",
        "recsys-embeddings",
        "search-reranking",
        "multimodal-sensor-fusion",
        "claude-a-recruiter",
        "gemini-a-company",
        "qualcomm-a-customer",
        "project-portfolio",
        "stock-portfolio",
        "iso-27001-certified-company",
        "tools-before-teams",
    ],
)
def test_a_phrase_ads_use_for_something_else_does_not_name_the_item(sentence, item):
    assert item not in recognised(sentence)


@pytest.mark.parametrize(
    ("sentence", "item"),
    [
        ("Build an MCP server for our tools (Model Context Protocol).", "generative-ai"),
        ("Experience with sentence embeddings and rerankers.", "nlp-llms"),
        ("Serve models with SGLang or TGI.", "model-optimisation-deployment"),
        ("Configure autoscaling for inference.", "scalable-cloud-systems"),
        ("Strong Python3 skills.", "python"),
        ("Train perception models for the arm.", "computer-vision"),
        ("Imitation learning from teleoperation data.", "robotics-physical-systems"),
        ("AIP-C01 or equivalent experience.", "aws-generative-ai-developer-professional"),
        ("Azure AI Engineer Associate (AI-102) is a plus.", "ai-certification"),
        ("Fine-tune pretrained models on our data.", "develop-neural-networks"),
        ("Design a convolutional neural network for defects.", "neural-network-architectures"),
        ("Build a recommendation system for the shop.", "recommendation-systems"),
        ("Program the robot and the drone.", "robotics-physical-systems"),
        ("Work with the platform team on rollouts.", "cross-functional-collaboration"),
        ("MS in Computer Science or a degree or equivalent experience.", "degree"),
        ("A portfolio of projects on GitHub.", "portfolio"),
        ("Experience with DPO fine-tuning.", "nlp-llms"),
        ("Direct preference optimisation for our assistant.", "nlp-llms"),
        ("Write Helm charts for our services.", "scalable-cloud-systems"),
        ("Train deep convolutional neural networks for defects.", "develop-neural-networks"),
        ("Train YOLO object detection models.", "develop-neural-networks"),
        ("Build multimodal LLMs for documents.", "generative-ai"),
        ("Build on the Claude API and Gemini models.", "generative-ai"),
        ("Deploy models on Snapdragon phones.", "edge-deployment"),
        ("Share your portfolio with us.", "portfolio"),
        ("Implement ISO 27001 controls.", "data-security-privacy"),
        ("Write kernels with Flash Attention.", "model-optimisation-deployment"),
        ("Monitoring the models we ship.", "maintain-model-performance"),
    ],
    ids=[
        "mcp",
        "embeddings",
        "sglang-tgi",
        "autoscaling",
        "python3",
        "perception-models",
        "imitation-learning",
        "aip-c01",
        "azure-ai-engineer",
        "fine-tune-pretrained",
        "singular-cnn",
        "singular-recsys",
        "singular-robot",
        "platform-team",
        "ms-in-cs",
        "portfolio-of-projects",
        "dpo-fine-tuning",
        "direct-preference-optimisation",
        "helm-charts",
        "train-neural-networks",
        "train-object-detection-models",
        "multimodal-llms",
        "claude-api-gemini-models",
        "snapdragon",
        "share-your-portfolio",
        "iso-27001-controls",
        "flash-attention-spaced",
        "monitoring-models-verb",
    ],
)
def test_phrases_common_in_recent_ads_name_the_item(sentence, item):
    assert item in recognised(sentence)


@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Senior Software Engineer, Machine Learning", "machine-learning-engineer"),
        ("Applied Scientist II", "machine-learning-engineer"),
        ("Perception Engineer", "computer-vision-engineer"),
        ("Agentic AI Engineer", "ai-engineer"),
        ("ML Research Engineer", "deep-learning-engineer"),
        ("Speech Recognition Engineer", "conversational-ai-engineer"),
    ],
)
def test_current_job_titles_point_at_their_role(title, role):
    cues = recognition_matcher_get().recognise("", title=title, seniorities=[("junior", 0)]).cues

    assert cues.roles[:1] == (role,)
