import pytest
from django.urls import reverse

from interviews.models import Report
from tests.data.builders import make_plan, make_session, rate_all

pytestmark = pytest.mark.django_db

URL = "/reports/compare/"


@pytest.fixture
def pair(team, django_capture_on_commit_callbacks):
    """The same candidate twice; the second plan drops one question and reorders the rest."""
    first_plan = make_plan(team.organisation)
    second_plan = make_plan(
        team.organisation, keys=["star-outage", "faas-basics"], title="Second loop"
    )
    made = []
    for plan, points in ((first_plan, 2), (second_plan, 4)):
        session = make_session(team.organisation, [team.owner], plan=plan, email="c@example.com")
        with django_capture_on_commit_callbacks(execute=True):
            rate_all(session, team.owner, points_for=lambda n, p=points: p)
        made.append(session)
    return made


def test_url_name():
    assert reverse("interviews:report_compare") == URL


def test_it_aligns_questions_by_key(client, team, pair):
    client.force_login(team.owner)
    response = client.get(f"{URL}?a={pair[0].pk}&b={pair[1].pk}")
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison["overall"] == {"left": "50.0", "right": "100.0", "change": "+50.0"}
    rows = {q["key"]: q for q in comparison["questions"]}
    assert list(rows) == ["faas-basics", "latency-scenario", "star-outage"]
    assert rows["faas-basics"]["left_position"] == 1
    assert rows["faas-basics"]["right_position"] == 2
    assert rows["latency-scenario"]["right"] == "not asked"
    assert rows["latency-scenario"]["change"] == "—"
    assert rows["star-outage"]["change"] == "+50.0"
    html = response.content.decode()
    assert 'data-compare="overall:left">50.0<' in html
    assert 'data-compare="overall:right">100.0<' in html


def test_without_a_pair_it_offers_a_choice(client, team, pair):
    client.force_login(team.owner)
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["choices"]) == 2
    assert "Choose two reports" in response.content.decode()


def test_a_pending_report_cannot_be_compared_yet(client, team, pair):
    Report.objects.filter(session=pair[1]).update(status="pending")
    client.force_login(team.owner)
    response = client.get(f"{URL}?a={pair[0].pk}&b={pair[1].pk}")
    assert "cannot be compared yet" in response.content.decode()


def test_an_outsider_gets_404(client, team, pair):
    client.force_login(team.outsider)
    assert client.get(f"{URL}?a={pair[0].pk}&b={pair[1].pk}").status_code == 404
    assert client.get(URL).context["choices"] == []


def test_one_readable_report_is_not_enough(client, team, pair, django_capture_on_commit_callbacks):
    from tests.data.factories import MembershipFactory

    other = MembershipFactory(role="owner")
    session = make_session(other.organisation, [other.user])
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, other.user)
    client.force_login(team.owner)
    assert client.get(f"{URL}?a={pair[0].pk}&b={session.pk}").status_code == 404


def test_a_candidate_member_gets_404(client, team, pair):
    client.force_login(team.candidate)
    assert client.get(f"{URL}?a={pair[0].pk}&b={pair[1].pk}").status_code == 404


def test_it_shows_each_sides_coverage_and_warns_when_it_differs(
    client, team, django_capture_on_commit_callbacks
):
    from tests.data.builders import rate_some

    plan = make_plan(team.organisation)
    full, partial, also_full = (
        make_session(team.organisation, [team.owner], plan=plan, candidate_name=name)
        for name in ("Full", "Partial", "Also full")
    )
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(full, team.owner)
        rate_some(partial, team.owner, [0, 1])
        rate_all(also_full, team.owner)
    client.force_login(team.owner)
    response = client.get(f"{URL}?a={full.pk}&b={partial.pk}")
    coverage = response.context["comparison"]["coverage"]
    assert coverage["same_questions"] is False
    assert coverage["right"]["text"] == "Asked 2 of 3 questions · 4 of 7 criteria rated"
    rows = {q["key"]: q for q in response.context["comparison"]["questions"]}
    assert rows["star-outage"]["right"] == "not asked" and rows["star-outage"]["change"] == "—"
    categories = {c["label"]: c for c in response.context["comparison"]["categories"]}
    assert categories["Behavioral"]["right"] == "not asked"
    assert "did not cover the same questions" in response.text
    assert 'data-coverage="left">Asked 3 of 3 questions' in response.text

    same = client.get(f"{URL}?a={full.pk}&b={also_full.pk}")
    assert same.context["comparison"]["coverage"]["same_questions"] is True
    assert "did not cover the same questions" not in same.text
