import pytest
from django.contrib.auth import get_user_model

from assessment.selectors import questionnaire_get


@pytest.fixture
def questionnaire(db):
    return questionnaire_get()


@pytest.fixture
def user(db):
    """A signed-up candidate, for the tests of what an account holds (plans, re-checks)."""
    return get_user_model().objects.create_user(username="ada", email="ada@example.org", password="x")


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client
