import pytest

from questionbank.models import QuestionSet, RubricVersion
from questionbank.services import rubric_shape
from tests.questionbank.test_bank_support import make_bank

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(db):
    return make_bank(slug="serverless", title="Serverless developer interviews")


@pytest.fixture
def interviewer(client, team):
    client.force_login(team.interviewer)
    return client


def test_copy_makes_an_editable_set_in_the_organisation(interviewer, team, shared):
    response = interviewer.post(f"/bank/sets/{shared.pk}/copy/")
    copy = QuestionSet.objects.get(organisation=team.organisation)
    assert response.status_code == 302
    assert response["Location"] == f"/bank/?set={copy.pk}"
    assert copy.copied_from == shared
    assert copy.questions.count() == 3
    for original, copied in zip(
        shared.questions.order_by("position"), copy.questions.order_by("position"), strict=True
    ):
        assert copied.key == original.key and copied.prompt == original.prompt
        assert rubric_shape(copied.current_rubric()) == rubric_shape(original.current_rubric())
        assert copied.current_rubric().number == 1


def test_the_bank_page_after_copying_says_so_and_shows_the_copy(interviewer, shared):
    page = interviewer.post(f"/bank/sets/{shared.pk}/copy/", follow=True)
    assert "Copied “Serverless developer interviews” to Acme hiring" in page.text
    assert page.text.count('href="/bank/questions/') == 3
    copy = QuestionSet.objects.exclude(pk=shared.pk).get()
    assert f'<option value="{copy.pk}" selected>' in page.text


def test_the_copy_is_editable_and_the_original_is_not(interviewer, team, shared):
    interviewer.post(f"/bank/sets/{shared.pk}/copy/")
    copied = QuestionSet.objects.get(organisation=team.organisation).questions.first()
    original = shared.questions.get(key=copied.key)
    assert interviewer.post(f"/bank/questions/{copied.pk}/rubric/edit/").status_code == 302
    assert interviewer.get(f"/bank/questions/{copied.pk}/edit/").status_code == 200
    assert interviewer.post(f"/bank/questions/{original.pk}/rubric/edit/").status_code == 404
    assert not original.rubric_versions.filter(status=RubricVersion.Status.DRAFT).exists()


def test_copying_twice_makes_a_second_copy_with_its_own_slug(interviewer, team, shared):
    interviewer.post(f"/bank/sets/{shared.pk}/copy/")
    interviewer.post(f"/bank/sets/{shared.pk}/copy/")
    slugs = sorted(team.organisation.question_sets.values_list("slug", flat=True))
    assert slugs == ["serverless", "serverless-2"]


def test_copy_only_by_post(interviewer, shared):
    assert interviewer.get(f"/bank/sets/{shared.pk}/copy/").status_code == 405


def test_candidate_cannot_copy(client, team, shared):
    client.force_login(team.candidate)
    assert client.post(f"/bank/sets/{shared.pk}/copy/").status_code == 404
    assert not team.organisation.question_sets.exists()


def test_nobody_copies_another_organisations_set(client, team, shared):
    secret = make_bank(organisation=team.organisation, slug="acme-only")
    client.force_login(team.outsider)
    assert client.post(f"/bank/sets/{secret.pk}/copy/").status_code == 404
    outsider_org = team.outsider.memberships.get().organisation
    assert not outsider_org.question_sets.exists()


def test_outsider_copies_the_shared_bank_into_their_own_organisation(client, team, shared):
    client.force_login(team.outsider)
    client.post(f"/bank/sets/{shared.pk}/copy/")
    assert team.outsider.memberships.get().organisation.question_sets.count() == 1
    assert not team.organisation.question_sets.exists()


def test_a_copy_is_named_for_its_organisation(interviewer, team, shared):
    interviewer.post(f"/bank/sets/{shared.pk}/copy/")
    interviewer.post(f"/bank/sets/{shared.pk}/copy/")
    titles = sorted(
        QuestionSet.objects.filter(organisation=team.organisation).values_list("title", flat=True)
    )
    assert titles == [
        "Serverless developer interviews · Acme hiring",
        "Serverless developer interviews · Acme hiring (2)",
    ]


def test_the_bank_filter_names_each_sets_owner(interviewer, team, shared):
    own = make_bank(slug="own", title="Our loop", organisation=team.organisation)
    html = interviewer.get("/bank/").text
    assert f'<option value="{shared.pk}">Serverless developer interviews (shared)</option>' in html
    assert f'<option value="{own.pk}">Our loop (Acme hiring)</option>' in html
