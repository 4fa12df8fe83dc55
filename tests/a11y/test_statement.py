import pytest
from django.urls import reverse

from tests.builders import make_session

pytestmark = pytest.mark.django_db


def test_anyone_reads_the_statement_with_its_target_and_where_to_report(client, settings):
    settings.ACCESSIBILITY_CONTACT = "access@example.org"
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "WCAG" in response.text and "2.2" in response.text and "AA" in response.text
    assert 'href="mailto:access@example.org?subject=Accessibility"' in response.text
    assert "Known limitations" in response.text


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_footer_links_it(client, team, signed_in):
    if signed_in:
        client.force_login(team.owner)
    page = client.get(reverse("interviews:dashboard") if signed_in else reverse("accounts:login"))
    assert f'<a href="{reverse("accessibility")}">Accessibility</a>' in page.text


def test_the_candidate_screen_links_it_too(client, team):
    session = make_session(team.organisation, [team.owner])
    page = client.get(reverse("interviews:candidate_screen", args=[session.screen_token]))
    assert page.status_code == 200 and reverse("accessibility") in page.text
