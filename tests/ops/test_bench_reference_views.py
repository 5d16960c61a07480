import pytest
from django.test import Client

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.mark.parametrize("path", ["/bench/bare/", "/bench/plain-form/"], ids=["bare", "plain-form"])
def test_benchmark_reference_views_are_not_reachable_in_the_product(path):
    response = Client().get(path)

    assert response.status_code == 404
