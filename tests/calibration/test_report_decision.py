import pytest

from interviews.models import Decision, Report
from tests.data.builders import make_session, rate_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(team, django_capture_on_commit_callbacks):
    session = make_session(team.organisation, [team.owner, team.interviewer], mode="hiring")
    with django_capture_on_commit_callbacks(execute=True):
        rate_all(session, team.owner)
        rate_all(session, team.interviewer)
    return Report.objects.get(session=session)


def url(report):
    return f"/reports/{report.session_id}/decision/"


def test_it_shows_the_form_to_an_owner(client, team, report):
    client.force_login(team.owner)
    response = client.get(url(report))
    assert response.status_code == 200
    assert "Record the decision" in response.text
    assert "Q1 · Events" in response.text


def test_it_records_and_then_needs_a_reason_to_change(client, team, report):
    client.force_login(team.owner)
    evidence = response_value(client, report)
    response = client.post(
        url(report), {"outcome": "advance", "rationale": "Clear on events.", "evidence": evidence}
    )
    assert response.status_code == 302
    response = client.post(url(report), {"outcome": "reject", "rationale": "Second thoughts."})
    assert response.status_code == 422
    assert "Say why the decision changes." in response.text
    # Listed above the evidence checkboxes too, a link to the field that needs it.
    summary = response.text.split('class="form-errors error-summary"')[1].split("</nav>")[0]
    assert '<a href="#id_change_reason">Why the decision changes</a>' in summary
    assert response.text.index("error-summary") < response.text.index('name="evidence"')
    assert Decision.objects.count() == 1
    response = client.post(
        url(report), {"outcome": "reject", "rationale": "Second look.", "change_reason": "Refs"}
    )
    assert response.status_code == 302
    page = client.get(url(report)).text
    assert 'Current decision: <span class="pill decision-reject">Reject</span>' in page
    assert "History" in page and "Refs" in page and "first decision" in page


def response_value(client, report):
    form = client.get(url(report)).context["form"]
    return [form.fields["evidence"].choices[0][0]]


def test_it_refuses_an_empty_rationale_on_the_field(client, team, report):
    client.force_login(team.owner)
    response = client.post(url(report), {"outcome": "advance", "rationale": ""})
    assert response.status_code == 422
    assert response.context["form"].errors["rationale"]


@pytest.mark.parametrize("who", ["outsider", "candidate", "interviewer"])
def test_it_is_a_404_for_anyone_but_an_owner(client, team, report, who):
    client.force_login(getattr(team, who))
    assert client.get(url(report)).status_code == 404
    response = client.post(url(report), {"outcome": "advance", "rationale": "x"})
    assert response.status_code == 404
    assert not Decision.objects.exists()


def test_it_is_a_404_for_the_report_of_another_organisation(client, team, report):
    client.force_login(team.outsider)
    assert client.get(url(report)).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, report):
    assert client.get(url(report)).status_code == 302
