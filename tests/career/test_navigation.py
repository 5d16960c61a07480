import uuid

import pytest
from django.template import Context, Template
from django.urls import reverse

pytestmark = [pytest.mark.unit]

LINK = Template("{% load navigation %}{% page_url name pk=pk %}|{% page_url name2 %}|{% page_url name3 token=token %}")


@pytest.mark.parametrize(
    "pk",
    [uuid.UUID(int=0), uuid.UUID("0a7f4b8e-1111-4222-8333-944455556666"), uuid.uuid4()],
    ids=["zero", "fixed", "random"],
)
def test_page_url_gives_what_reverse_gives(pk):
    token = "aB-_9" * 8 + "xyz"

    html = LINK.render(
        Context(
            {
                "name": "assessment:report-pdf",
                "pk": pk,
                "name2": "career:role-list",
                "name3": "assessment:shared-report",
                "token": token,
            }
        )
    )

    assert html.split("|") == [
        reverse("assessment:report-pdf", kwargs={"pk": pk}),
        reverse("career:role-list"),
        reverse("assessment:shared-report", kwargs={"token": token}),
    ]


def test_page_url_fills_several_arguments_in_their_places():
    pk = uuid.uuid4()

    html = Template("{% load navigation %}{% page_url 'assessment:share-revoke' pk=pk link_id=7 %}").render(
        Context({"pk": pk})
    )

    assert html == reverse("assessment:share-revoke", kwargs={"pk": pk, "link_id": 7})


def test_page_url_quotes_a_slug_as_reverse_does():
    pk = uuid.uuid4()

    html = Template("{% load navigation %}{% page_url 'assessment:step' pk=pk slug=slug %}").render(
        Context({"pk": pk, "slug": "skills-programming"})
    )

    assert html == reverse("assessment:step", kwargs={"pk": pk, "slug": "skills-programming"})
