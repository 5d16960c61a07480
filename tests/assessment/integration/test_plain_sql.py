"""assessment.plain_sql.select reads what the ORM's filter() reads, on SQLite and PostgreSQL alike."""

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from assessment import plain_sql
from assessment.models import Report
from tests.journeys import report_made

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def reports():
    """Three reports of one user, a day apart, and one of another user."""
    users = get_user_model()
    ada, bob = (
        users.objects.create_user("ada", "ada@example.org", "x"),
        users.objects.create_user("bob", "b@example.org", "x"),
    )
    made = [report_made(user=ada, rating=rating) for rating in (1, 2, 3)] + [report_made(user=bob)]
    for days_ago, report in zip((3, 2, 1, 1), made, strict=True):
        Report.objects.filter(pk=report.pk).update(created_at=report.created_at - timedelta(days=days_ago))
    return [Report.objects.get(pk=report.pk) for report in made]


def ids(rows) -> list:
    return [row.pk for row in rows]


def test_equal_less_than_is_null_order_and_limit_read_what_filter_reads(reports):
    ada = reports[0].user_id
    newest = reports[2]

    shapes = [
        ({"user": ada}, ["-created_at"], None),
        ({"user": ada, "created_at__lt": newest.created_at}, ["-created_at", "-id"], 1),
        ({"user__isnull": True, "anonymous_token": "nobody"}, [], None),
        ({"user__isnull": False, "role_slug": "ai-engineer"}, ["created_at"], None),
    ]
    for where, order_by, limit in shapes:
        orm = Report.objects.filter(**where).order_by(*order_by)
        expected = ids(orm[:limit] if limit else orm)
        assert ids(plain_sql.select(Report, where=where, order_by=order_by, limit=limit)) == expected, where


def test_the_rows_are_whole_model_instances_with_the_database_converters_applied(reports):
    [row] = plain_sql.select(Report, where={"pk": reports[1].pk})
    expected = Report.objects.get(pk=reports[1].pk)

    assert (row.pk, row.created_at, row.readiness, row.snapshot) == (
        expected.pk,
        expected.created_at,
        expected.readiness,
        expected.snapshot,
    )
    assert isinstance(row.pk, uuid.UUID)


def test_fields_named_in_any_order_hold_their_own_values(reports):
    [row] = plain_sql.select(Report, where={"pk": reports[1].pk}, fields=["readiness", "created_at", "pk", "role_slug"])

    assert (row.pk, row.created_at, row.readiness, row.role_slug) == (
        reports[1].pk,
        reports[1].created_at,
        reports[1].readiness,
        reports[1].role_slug,
    )


def test_fields_left_out_are_read_later_if_used(reports, django_assert_num_queries):
    with django_assert_num_queries(1):
        row = plain_sql.first(plain_sql.select(Report, where={"pk": str(reports[0].pk)}, fields=["pk", "readiness"]))
    with django_assert_num_queries(1):
        snapshot = row.snapshot

    assert snapshot == reports[0].snapshot


@pytest.mark.parametrize("pk", ["not-a-uuid", "1 OR 1=1", "'; DROP TABLE assessment_report; --"])
def test_a_malformed_id_is_refused_before_any_query(pk, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(ValidationError):
        plain_sql.select(Report, where={"pk": pk})


def test_owner_conditions_are_a_users_rows_or_an_anonymous_browsers_or_nobodys():
    assert plain_sql.owner_conditions(user_id=7, anonymous_token="t") == {"user": 7}
    assert plain_sql.owner_conditions(user_id=None, anonymous_token="t") == {
        "user__isnull": True,
        "anonymous_token": "t",
    }
    assert plain_sql.owner_conditions(user_id=None, anonymous_token="") is None
