import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_htmx_post_without_token_is_refused(team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.owner)
    response = client.post(
        "/accounts/organisations/switch/",
        {"organisation": team.organisation.pk},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 403


def test_htmx_post_with_token_header_from_the_page_is_accepted(team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.owner)
    page = client.get("/")
    token = page.text.split('"X-CSRFToken": "', 1)[1].split('"', 1)[0]
    response = client.post(
        "/accounts/organisations/switch/",
        {"organisation": team.organisation.pk},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 302
