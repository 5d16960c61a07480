"""Learning plans: nobody but their owner reads or changes them, hostile input is refused, output is escaped.

The cast: Alice owns a report, the plan adopted from it and a second finished skill ready for a
re-check; Charlie is signed in with his own plan; an anonymous visitor has nothing. Every test
creates the data that could leak before it looks for it.
"""

import uuid
from datetime import date, timedelta
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import assume, given
from hypothesis import strategies as st

from assessment import digest, plan_services
from assessment.forms import PlanPaceForm
from assessment.models import (
    Assessment,
    CheckResponse,
    DigestSubscription,
    LearningPlan,
    PlanItem,
    PlanItemStatus,
    Report,
)
from tests.journeys import report_made
from tests.security.test_hostile_input import (
    HOSTILE,
    Raw,
    awkward_text,
    browser,
    decoded,
    hostile_key,
    hostile_value,
    numbers,
    percent_bytes,
    post_form,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

User = get_user_model()
SECRET_NOTE = "Alice's private note 7731"
NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.fixture
def alice():
    return User.objects.create_user(username="alice-plan", email="alice.plan@example.org", password="x")


@pytest.fixture
def charlie():
    return User.objects.create_user(username="charlie-plan", email="charlie.plan@example.org", password="x")


@pytest.fixture
def alice_report(alice):
    return report_made(user=alice, rating=1, hours_per_week=5)


@pytest.fixture
def alice_plan(alice, alice_report):
    plan = plan_services.plan_adopt(user=alice, report=alice_report, today=timezone.localdate()).plan
    key = plan.items.filter(target_kind="skill").order_by("position").first().target_key
    for item in plan.items.filter(target_kind="skill", target_key=key):
        plan_services.plan_item_update(
            item=item,
            status="done",
            note=SECRET_NOTE,
            evidence_url="https://alice.example.org/proof",
            finished_on=None,
            today=timezone.localdate(),
        )
    return plan


@pytest.fixture
def charlie_plan(charlie):
    report = report_made(user=charlie, rating=2)
    return plan_services.plan_adopt(user=charlie, report=report, today=timezone.localdate()).plan


def plan_state():
    return {
        "plans": list(LearningPlan.objects.order_by("pk").values()),
        "items": list(PlanItem.objects.order_by("pk").values()),
        "reports": Report.objects.count(),
        "assessments": list(Assessment.objects.order_by("pk").values_list("pk", "status", "check_status")),
        "check_responses": list(CheckResponse.objects.order_by("pk").values()),
        "digests": list(DigestSubscription.objects.values()),
    }


def plan_urls(plan_pk, item_pk):
    """Every plan address, with the method it answers and a valid body."""
    return [
        ("get", reverse("assessment:plan", kwargs={"pk": plan_pk}), {}),
        ("get", reverse("assessment:plan-ics", kwargs={"pk": plan_pk}), {}),
        ("get", reverse("assessment:plan-recheck", kwargs={"pk": plan_pk}), {}),
        ("post", reverse("assessment:plan-recheck", kwargs={"pk": plan_pk}), {"python": "3"}),
        ("post", reverse("assessment:plan-recheck", kwargs={"pk": plan_pk}), {"python": "3", "nav": "check"}),
        ("post", reverse("assessment:plan-pace", kwargs={"pk": plan_pk}), {"hours_per_week": "9"}),
        (
            "post",
            reverse("assessment:plan-item", kwargs={"pk": plan_pk, "item_id": item_pk}),
            {"status": "skipped", "note": "pwned", "evidence_url": "", "finished_on": ""},
        ),
    ]


# --- Access -----------------------------------------------------------------------------


def test_another_signed_in_user_gets_404_everywhere_and_changes_nothing(alice_plan, charlie, charlie_plan):
    client = browser(charlie)
    item = alice_plan.items.first()
    before = plan_state()

    responses = [getattr(client, method)(url, data) for method, url, data in plan_urls(alice_plan.pk, item.pk)]

    assert [r.status_code for r in responses] == [404] * 7
    assert all(SECRET_NOTE not in r.content.decode() for r in responses)
    assert plan_state() == before


def test_an_item_of_another_plan_is_404_even_under_ones_own_plan(alice_plan, charlie, charlie_plan):
    item = alice_plan.items.first()
    before = plan_state()
    url = reverse("assessment:plan-item", kwargs={"pk": charlie_plan.pk, "item_id": item.pk})

    response = browser(charlie).post(url, {"status": "skipped", "note": "", "evidence_url": "", "finished_on": ""})

    assert response.status_code == 404
    assert plan_state() == before


def test_adopting_someone_elses_report_is_404_and_creates_no_plan(alice_report, charlie):
    before = plan_state()

    response = browser(charlie).post(reverse("assessment:plan-adopt", kwargs={"pk": alice_report.pk}))

    assert response.status_code == 404
    assert plan_state() == before


def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(alice_plan):
    item = alice_plan.items.first()
    client = browser()
    before = plan_state()
    urls = [*plan_urls(alice_plan.pk, item.pk), ("post", reverse("assessment:digest-settings"), {"active": "on"})]
    urls += [
        ("get", reverse("assessment:plan-list"), {}),
        ("post", reverse("assessment:plan-adopt", kwargs={"pk": alice_plan.source_report_id}), {}),
    ]

    responses = [getattr(client, method)(url, data) for method, url, data in urls]

    assert [(r.status_code, r["Location"].split("?")[0]) for r in responses] == [(302, reverse("login"))] * len(urls)
    assert plan_state() == before


def test_an_anonymous_candidate_cannot_adopt_even_their_own_report(client):
    from tests.journeys import answer_steps, start_assessment

    assessment = start_assessment(client)
    answer_steps(client, assessment, rating=1)
    report = Report.objects.get(assessment=assessment)

    response = client.post(reverse("assessment:plan-adopt", kwargs={"pk": report.pk}))

    assert (response.status_code, response["Location"].split("?")[0]) == (302, reverse("login"))
    assert LearningPlan.objects.count() == 0


def test_the_plan_list_shows_only_ones_own_plans(alice_plan, charlie, charlie_plan):
    page = browser(charlie).get(reverse("assessment:plan-list"))

    assert [p.pk for p in page.context["plans"]] == [charlie_plan.pk]
    assert str(alice_plan.pk) not in page.text


def test_the_timeline_shows_only_ones_own_finished_items(alice_plan, charlie, charlie_plan):
    page = browser(charlie).get(reverse("assessment:report-progress"))

    assert page.context["finished"] == []
    assert str(alice_plan.pk) not in page.text


def test_exports_carry_only_the_owners_plan(alice_plan, alice_report, charlie, charlie_plan):
    charlie_report = charlie_plan.source_report

    data = browser(charlie).get(reverse("assessment:report-json", kwargs={"pk": charlie_report.pk})).json()
    foreign = browser(charlie).get(reverse("assessment:report-json", kwargs={"pk": alice_report.pk}))

    assert data["learning_plan"]["id"] == str(charlie_plan.pk)
    assert foreign.status_code == 404
    assert SECRET_NOTE not in str(data)


def test_plan_pages_and_the_calendar_are_never_stored_by_caches(alice, alice_plan):
    client = browser(alice)

    responses = [
        client.get(reverse("assessment:plan", kwargs={"pk": alice_plan.pk})),
        client.get(reverse("assessment:plan-ics", kwargs={"pk": alice_plan.pk})),
        client.get(reverse("assessment:plan-list")),
    ]

    assert [(r.status_code, r["Cache-Control"]) for r in responses] == [(200, NO_STORE)] * 3


@HOSTILE
@given(segment=st.one_of(awkward_text, percent_bytes), unknown=st.uuids())
def test_malformed_or_unknown_plan_ids_are_404(alice, alice_plan, segment, unknown):
    path_segment = segment.encoded if isinstance(segment, Raw) else quote(segment, safe="")
    client = browser(alice)
    before = plan_state()

    statuses = [
        client.get(f"/plans/{path_segment}/").status_code,
        client.get(f"/plans/{path_segment}/plan.ics").status_code,
        client.post(f"/plans/{path_segment}/pace/", {"hours_per_week": "5"}).status_code,
        client.get(reverse("assessment:plan", kwargs={"pk": unknown})).status_code,
        client.post(
            reverse("assessment:plan-item", kwargs={"pk": alice_plan.pk, "item_id": 10**9}), {"status": "done"}
        ).status_code,
    ]

    assert statuses == [404] * 5
    assert plan_state() == before


# --- Hostile input ----------------------------------------------------------------------


@st.composite
def item_pairs(draw):
    fields = {
        "status": st.one_of(st.sampled_from([*PlanItemStatus.values, "DONE", "archived"]), hostile_value),
        "note": st.one_of(st.sampled_from(["", "plain note"]), hostile_value, st.just("n" * 2001)),
        "evidence_url": st.one_of(
            st.sampled_from(
                [
                    "",
                    "https://ok.example.org/x",
                    "http://plain.example.org",
                    "javascript:alert(1)",
                    "data:text/html,<script>alert(1)</script>",
                    "https://",
                    "//evil.example.org",
                    "https://ok.example.org/\x00",
                    "https://" + "a" * 300 + ".org",
                ]
            ),
            hostile_value,
        ),
        "finished_on": st.one_of(
            st.sampled_from(["", "2026-01-01", "2999-01-01", "2026-02-30", "0000-00-00", "yesterday"]),
            hostile_value,
            numbers,
        ),
    }
    pairs = []
    for name, strategy in fields.items():
        for _ in range(draw(st.integers(0, 2))):
            pairs.append((name, draw(strategy)))
    pairs += draw(st.lists(st.tuples(hostile_key, hostile_value), max_size=2))
    return pairs


@HOSTILE
@given(pairs=item_pairs())
def test_item_update_with_hostile_fields_stores_a_valid_item_or_nothing(alice, alice_plan, pairs):
    item = alice_plan.items.order_by("position").last()
    before = plan_state()
    url = reverse("assessment:plan-item", kwargs={"pk": alice_plan.pk, "item_id": item.pk})

    response = post_form(browser(alice), url, pairs)

    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert plan_state() == before
        assert "was not saved" in response.text
        return
    item.refresh_from_db()
    assert item.status in PlanItemStatus.values
    assert item.evidence_url == "" or item.evidence_url.startswith("https://")
    assert "\x00" not in item.note + item.evidence_url
    assert len(item.note) <= 2000
    assert (item.finished_on is not None) == (item.status == "done")
    assert item.finished_on is None or item.finished_on <= timezone.localdate()


@HOSTILE
@given(value=st.one_of(numbers, awkward_text, percent_bytes), repeat=st.booleans())
def test_pace_with_a_hostile_value_is_refused_unless_a_whole_number_from_1_to_60(alice, alice_plan, value, repeat):
    before = plan_state()
    pairs = [("hours_per_week", value)] * (2 if repeat else 1)
    try:  # Django's own parsing is the oracle: "+4", " 4 " and "1_0" are whole numbers to it
        accepted = PlanPaceForm.base_fields["hours_per_week"].clean(decoded(value))
    except ValidationError:
        accepted = None

    response = post_form(browser(alice), reverse("assessment:plan-pace", kwargs={"pk": alice_plan.pk}), pairs)

    if accepted is not None:
        assert 1 <= accepted <= 60
        assert (response.status_code, LearningPlan.objects.get(pk=alice_plan.pk).hours_per_week) == (302, accepted)
    else:
        assert response.status_code == 400
        assert plan_state() == before


@HOSTILE
@given(pairs=st.lists(st.tuples(hostile_key, hostile_value), min_size=0, max_size=4))
def test_recheck_with_hostile_fields_makes_no_report(alice, alice_plan, pairs):
    before = plan_state()

    response = post_form(browser(alice), reverse("assessment:plan-recheck", kwargs={"pk": alice_plan.pk}), pairs)

    assert response.status_code == 400
    assert "Nothing was saved" in response.text
    assert plan_state() == before


def test_recheck_refuses_a_skill_that_is_not_being_re_checked(alice, alice_plan):
    due = alice_plan.items.filter(status="done", target_kind="skill").first().target_key
    before = plan_state()

    response = browser(alice).post(
        reverse("assessment:plan-recheck", kwargs={"pk": alice_plan.pk}), {due: "3", "mlops-practices": "4"}
    )

    assert response.status_code == 400
    assert "unknown field" in response.text
    assert plan_state() == before


@HOSTILE
@given(value=hostile_value, where=st.sampled_from(["first", "last"]))
def test_recheck_with_a_hostile_way_to_finish_saves_nothing(alice, alice_plan, value, where):
    assume(decoded(value) not in ("report", "check"))
    due = alice_plan.items.filter(status="done", target_kind="skill").first().target_key
    pairs = [("nav", value), (due, "2")] if where == "first" else [(due, "2"), ("nav", value)]
    before = plan_state()

    response = post_form(browser(alice), reverse("assessment:plan-recheck", kwargs={"pk": alice_plan.pk}), pairs)

    assert response.status_code == 400
    assert "Nothing was saved: the form sent" in response.text
    assert plan_state() == before


@pytest.fixture
def alice_rechecking(alice, alice_plan):
    """Alice re-rated her finished skill and started its knowledge check: one item waits for her answer."""
    due = alice_plan.items.filter(status="done", target_kind="skill").first().target_key
    url = reverse("assessment:plan-recheck", kwargs={"pk": alice_plan.pk})
    browser(alice).post(url, {due: "2", "nav": "check"})
    return Assessment.objects.get(check_status="in_progress", user=alice)


@pytest.mark.parametrize("who", ["charlie", "anonymous"])
def test_nobody_else_sees_or_answers_the_check_of_a_re_check(alice_rechecking, charlie, charlie_plan, who):
    waiting = CheckResponse.objects.get(assessment=alice_rechecking, answered_at__isnull=True)
    option = waiting.option_order[0]
    client = browser(charlie) if who == "charlie" else browser()
    if who == "anonymous":
        client.post(reverse("assessment:start"), {"role": "ai-engineer", "seniority": "mid"})
    check = reverse("assessment:step", kwargs={"pk": alice_rechecking.pk, "slug": "check"})
    before = plan_state()

    responses = [
        client.get(check),
        client.get(reverse("assessment:resume", kwargs={"pk": alice_rechecking.pk})),
        client.get(reverse("assessment:step", kwargs={"pk": alice_rechecking.pk, "slug": "experience"})),
        *(client.post(check, {"nav": nav}) for nav in ("start", "skip", "back")),
        client.post(check, {"nav": "answer", "item": str(waiting.item_id), "option": str(option)}),
    ]

    assert [r.status_code for r in responses] == [404] * 7
    assert all(waiting.item.stem not in r.content.decode() for r in responses)
    assert plan_state() == before


@HOSTILE
@given(token=st.one_of(awkward_text, percent_bytes), method=st.sampled_from(["get", "post"]))
def test_hostile_unsubscribe_tokens_are_400_and_change_nothing(alice, alice_plan, token, method):
    plan_services.digest_subscription_set(user=alice, active=True)
    path_segment = token.encoded if isinstance(token, Raw) else quote(token, safe="")
    before = plan_state()

    response = getattr(browser(), method)(f"/plans/digest/unsubscribe/{path_segment}/")

    assert response.status_code in (400, 404)
    assert plan_state() == before


def test_an_unsubscribe_token_signed_for_another_purpose_is_refused(alice):
    from django.core import signing

    plan_services.digest_subscription_set(user=alice, active=True)
    token = signing.dumps({"user": alice.pk})  # the default salt: not an unsubscribe token

    response = browser().post(reverse("assessment:digest-unsubscribe", kwargs={"token": token}))

    assert response.status_code == 400
    assert DigestSubscription.objects.get().active is True
    assert digest.unsubscribe_token_user_id(digest.unsubscribe_token(user=alice)) == alice.pk


# --- Escaping ---------------------------------------------------------------------------


def test_notes_and_evidence_links_are_escaped_on_the_plan_page(alice, alice_plan):
    item = alice_plan.items.order_by("position").last()
    hostile = '<script>alert("note")</script>'
    browser(alice).post(
        reverse("assessment:plan-item", kwargs={"pk": alice_plan.pk, "item_id": item.pk}),
        {"status": "todo", "note": hostile, "evidence_url": 'https://x.example.org/"><script>alert(1)</script>'},
    )

    page = browser(alice).get(reverse("assessment:plan", kwargs={"pk": alice_plan.pk}))

    assert "<script>alert(" not in page.text
    assert "&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt;" in page.text


def test_a_finished_date_in_the_future_is_refused(alice, alice_plan):
    item = alice_plan.items.order_by("position").last()
    before = plan_state()
    tomorrow = date.today() + timedelta(days=2)

    response = browser(alice).post(
        reverse("assessment:plan-item", kwargs={"pk": alice_plan.pk, "item_id": item.pk}),
        {"status": "done", "finished_on": tomorrow.isoformat()},
    )

    assert (response.status_code, "A finished date cannot be in the future." in response.text) == (400, True)
    assert plan_state() == before


def test_unknown_plan_uuid_is_404_for_its_owner_too(alice, alice_plan):
    response = browser(alice).get(reverse("assessment:plan-ics", kwargs={"pk": uuid.uuid4()}))

    assert response.status_code == 404


def test_anothers_check_under_way_is_not_offered_on_ones_own_re_check_page(alice_rechecking, charlie, charlie_plan):
    key = charlie_plan.items.filter(target_kind="skill").order_by("position").first().target_key
    for item in charlie_plan.items.filter(target_kind="skill", target_key=key):
        plan_services.plan_item_update(
            item=item, status="done", note="", evidence_url="", finished_on=None, today=timezone.localdate()
        )

    response = browser(charlie).get(reverse("assessment:plan-recheck", kwargs={"pk": charlie_plan.pk}))

    assert (charlie_plan.role_slug, charlie_plan.seniority_slug) == (
        alice_rechecking.role.slug,
        alice_rechecking.seniority.slug,
    )
    assert (response.status_code, 'data-testid="check-under-way"' in response.text) == (200, False)
    assert str(alice_rechecking.pk) not in response.text
