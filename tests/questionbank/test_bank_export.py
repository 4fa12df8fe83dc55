import pytest
import yaml

from questionbank.bankfile import parse_bank
from tests.questionbank.test_bank_support import make_bank

pytestmark = pytest.mark.django_db


def test_export_downloads_the_set_as_a_bank_file(interviewer):
    shared = make_bank(slug="practice")
    response = interviewer.get(f"/bank/sets/{shared.pk}/export.yaml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/yaml; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="practice.yaml"'
    text = response.content.decode()
    spec = parse_bank(text)
    assert spec.slug == "practice"
    assert [q.key for q in spec.questions] == ["question-0", "question-1", "question-2"]
    assert yaml.safe_load(text)["questions"][0]["criteria"][0]["anchors"] == {
        4: "Teaches idea 0 with a production example."
    }


def test_own_sets_export_too(interviewer, team):
    own = make_bank(organisation=team.organisation, slug="acme-set")
    response = interviewer.get(f"/bank/sets/{own.pk}/export.yaml")
    assert response["Content-Disposition"] == 'attachment; filename="acme-set.yaml"'


def test_another_organisations_set_is_404(client, team):
    own = make_bank(organisation=team.organisation, slug="acme-set")
    client.force_login(team.outsider)
    assert client.get(f"/bank/sets/{own.pk}/export.yaml").status_code == 404


def test_candidate_gets_404(client, team):
    shared = make_bank(slug="practice")
    client.force_login(team.candidate)
    assert client.get(f"/bank/sets/{shared.pk}/export.yaml").status_code == 404
