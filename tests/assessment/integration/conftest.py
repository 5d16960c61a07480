import pytest

from assessment.selectors import questionnaire_get


@pytest.fixture
def questionnaire(db):
    return questionnaire_get()
