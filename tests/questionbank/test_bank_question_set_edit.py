"""Renaming an organisation's own question set; its slug stays."""

import pytest

from tests.questionbank.test_bank_support import make_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(team):
    return make_bank(organisation=team.organisation, slug="backend", title="Backend")


def url(question_set):
    return f"/bank/sets/{question_set.pk}/edit/"


def test_it_shows_the_form_filled_in(interviewer, own):
    html = interviewer.get(url(own)).text
    assert "<h1>Edit “Backend”</h1>" in html
    assert 'name="title" value="Backend"' in html
    assert "<code>backend</code>" in html
    assert "Save question set</button>" in html


def test_the_bank_page_links_to_it_for_own_sets_only(interviewer, own):
    shared = make_bank(slug="shared", title="Shared bank")
    html = interviewer.get("/bank/").text
    assert f'href="{url(own)}">Edit</a>' in html
    assert url(shared) not in html


def test_it_renames_and_keeps_the_slug(interviewer, own):
    response = interviewer.post(
        url(own), {"title": "  Backend, 2025  ", "description": "Go and Postgres."}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/bank/?set={own.pk}"
    own.refresh_from_db()
    assert (own.title, own.description, own.slug) == (
        "Backend, 2025",
        "Go and Postgres.",
        "backend",
    )
    assert "Saved “Backend, 2025”." in interviewer.get(response["Location"]).text


@pytest.mark.parametrize(
    ("title", "error"),
    [("", "This field is required."), ("???", "Use at least one letter or digit in the title.")],
)
def test_it_explains_a_bad_title(interviewer, own, title, error):
    response = interviewer.post(url(own), {"title": title, "description": "New"})
    assert response.status_code == 200
    assert error in response.text
    own.refresh_from_db()
    assert (own.title, own.description) == ("Backend", "")


def test_shared_sets_are_404(interviewer):
    shared = make_bank(slug="shared", title="Shared bank")
    assert interviewer.get(url(shared)).status_code == 404
    assert interviewer.post(url(shared), {"title": "Mine now"}).status_code == 404
    shared.refresh_from_db()
    assert shared.title == "Shared bank"


@pytest.mark.parametrize("who", ["outsider", "candidate"])
def test_strangers_and_candidates_get_404(client, team, own, who):
    client.force_login(getattr(team, who))
    assert client.get(url(own)).status_code == 404
    assert client.post(url(own), {"title": "Sneaky"}).status_code == 404
    own.refresh_from_db()
    assert own.title == "Backend"
