import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from interviews.models import Report
from interviews.plans.services import plan_details_update
from tests.data.builders import make_plan, make_session, rate_all

pytestmark = pytest.mark.django_db

URL = "/reports/"
ADA = {"candidate_name": "Ada", "email": "ada@example.com"}


def submit(session, user, capture, points=3):
    with capture(execute=True):
        rate_all(session, user, points_for=lambda n: points)
    return Report.objects.get(session=session)


@pytest.fixture
def reports(team, django_capture_on_commit_callbacks):
    """Three ready reports: two candidates, two plans, two interviewers, three bands."""
    loop = make_plan(team.organisation)
    short = make_plan(team.organisation, keys=["faas-basics"], title="Short loop")
    made = [
        submit(
            make_session(team.organisation, [team.owner], plan=loop, **ADA),
            team.owner,
            django_capture_on_commit_callbacks,
            points=4,
        ),
        submit(
            make_session(team.organisation, [team.interviewer], plan=loop, candidate_name="Bo"),
            team.interviewer,
            django_capture_on_commit_callbacks,
            points=3,
        ),
        submit(
            make_session(team.organisation, [team.owner], plan=short, **ADA),
            team.owner,
            django_capture_on_commit_callbacks,
            points=1,
        ),
    ]
    now = timezone.now()
    for n, report in enumerate(made):  # a day apart, oldest first
        Report.objects.filter(pk=report.pk).update(submitted_at=now - dt.timedelta(days=3 - n))
    return [Report.objects.get(pk=r.pk) for r in made]


def names(response) -> list[str]:
    return [r.candidate.name for r in response.context["page"].rows]


def overalls(response) -> list[Decimal]:
    return [r.overall for r in response.context["page"].rows]


def test_url_name():
    assert reverse("interviews:report_list") == URL


def test_staff_see_the_organisations_reports_newest_first(client, team, reports):
    client.force_login(team.interviewer)
    response = client.get(URL)
    assert response.status_code == 200
    assert [r.pk for r in response.context["page"].rows] == [r.pk for r in reports[::-1]]
    html = response.content.decode()
    assert "Strong hire" in html and "Short loop" in html
    assert team.owner.get_full_name() in html  # the panel column


def test_an_outsider_sees_nothing(client, team, reports):
    client.force_login(team.outsider)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["page"].rows == []
    assert "No reports yet." in response.content.decode()
    assert "Ada" not in response.content.decode()


def test_a_candidate_sees_only_their_own_submitted_reports(client, team, reports):
    ada = reports[0].candidate
    ada.user = team.candidate
    ada.save()
    make_session(team.organisation, [team.owner], **ADA)  # scheduled, not yet submitted
    client.force_login(team.candidate)
    response = client.get(URL)
    assert sorted(r.pk for r in response.context["page"].rows) == [reports[0].pk, reports[2].pk]
    # A candidate is not offered the organisation's candidates, plans or interviewers.
    assert "candidate" not in response.context["form"].fields


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("candidate={ada}", ["Ada", "Ada"]),
        ("plan={short}", ["Ada"]),
        ("interviewer={interviewer}", ["Bo"]),
        ("band=strong_hire", ["Ada"]),
        ("score_min=70&score_max=80", ["Bo"]),
        ("score_max=25", ["Ada"]),
        ("q=bo", ["Bo"]),
        ("q=short", ["Ada"]),
        ("date_from={yesterday}", ["Ada"]),
        ("date_to={two_days_ago}", ["Bo", "Ada"]),
    ],
)
def test_it_filters(client, team, reports, query, expected):
    client.force_login(team.owner)
    today = timezone.localdate()
    query = query.format(
        ada=reports[0].candidate_id,
        short=reports[2].plan_id,
        interviewer=team.interviewer.memberships.get(organisation=team.organisation).pk,
        yesterday=today - dt.timedelta(days=1),
        two_days_ago=today - dt.timedelta(days=2),
    )
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200
    assert names(response) == expected


def test_no_match_explains_itself(client, team, reports):
    client.force_login(team.owner)
    response = client.get(f"{URL}?q=nobody-like-this")
    assert "No report matches these filters." in response.content.decode()


def test_bad_filters_are_reported_in_plain_words(client, team, reports):
    client.force_login(team.owner)
    response = client.get(f"{URL}?score_min=90&score_max=10&date_from=yesterday")
    assert response.status_code == 200
    html = response.content.decode()
    assert "These filters cannot be applied" in html
    assert "Enter a valid date." in html
    assert response.context["page"].rows == []


def test_a_filter_from_another_organisation_is_refused(client, team, reports):
    client.force_login(team.outsider)
    response = client.get(f"{URL}?candidate={reports[0].candidate_id}")
    assert response.context["page"].rows == []


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("date", ["Ada", "Bo", "Ada"]),
        ("-date", ["Ada", "Bo", "Ada"]),
        ("candidate", ["Ada", "Ada", "Bo"]),
        ("-candidate", ["Bo", "Ada", "Ada"]),
        ("nonsense", ["Ada", "Bo", "Ada"]),
    ],
)
def test_it_sorts_by_name(client, team, reports, sort, expected):
    client.force_login(team.owner)
    assert names(client.get(f"{URL}?sort={sort}")) == expected


def test_it_sorts_by_score_band_and_plan(client, team, reports):
    client.force_login(team.owner)
    assert overalls(client.get(f"{URL}?sort=overall")) == sorted(r.overall for r in reports)
    assert overalls(client.get(f"{URL}?sort=-overall")) == sorted(
        (r.overall for r in reports), reverse=True
    )
    bands = [r.band for r in client.get(f"{URL}?sort=band").context["page"].rows]
    assert bands == ["strong_hire", "hire", "no_hire"]
    plans = [r.plan.title for r in client.get(f"{URL}?sort=plan").context["page"].rows]
    assert plans == ["Mini loop", "Mini loop", "Short loop"]


def test_sort_links_keep_the_filters(client, team, reports):
    client.force_login(team.owner)
    html = client.get(f"{URL}?q=ada&sort=overall").content.decode()
    assert 'href="?q=ada&amp;sort=-overall"' in html
    assert 'href="?q=ada&amp;sort=candidate"' in html


def test_htmx_gets_only_the_results(client, team, reports):
    client.force_login(team.owner)
    response = client.get(f"{URL}?q=bo", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="report-results")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="report-results"')
    assert "<html" not in html and "Bo" in html


def _bulk(team, count, plan, candidate):
    """Ready reports straight into the table, each with its own submitted session."""
    from interviews.models import InterviewSession, Scorecard

    now = timezone.now()
    sessions = InterviewSession.objects.bulk_create(
        InterviewSession(
            organisation=team.organisation,
            plan=plan,
            candidate=candidate,
            status="submitted",
            submitted_at=now,
            screen_token=f"bulk-{n}-{count}",
        )
        for n in range(count)
    )
    Scorecard.objects.bulk_create(
        Scorecard(session=s, interviewer=team.owner, submitted_at=now) for s in sessions
    )
    Report.objects.bulk_create(
        Report(
            session=s,
            organisation=team.organisation,
            candidate=candidate,
            plan=plan,
            plan_title=plan.title,
            status="ready",
            submitted_at=now - dt.timedelta(minutes=n),
            overall=Decimal(n % 100),
            band="hire",
            band_rank=1,
            search_text=Report.search_text_of(candidate=candidate.name, plan_title=plan.title),
        )
        for n, s in enumerate(sessions)
    )


def test_queries_do_not_grow_with_the_rows(client, team, django_assert_num_queries):
    from interviews.plans.services import candidate_get_or_create

    plan = make_plan(team.organisation)
    candidate = candidate_get_or_create(organisation=team.organisation, name="Many")
    _bulk(team, 3, plan, candidate)
    client.force_login(team.owner)
    client.get(URL)  # warm the session and the login
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(URL).context["page"].rows) == 3
    assert len(few.captured_queries) <= 12
    _bulk(team, 37, plan, candidate)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(URL).context["page"].rows) == 25


def test_it_pages_by_25(client, team):
    from interviews.plans.services import candidate_get_or_create

    plan = make_plan(team.organisation)
    _bulk(team, 40, plan, candidate_get_or_create(organisation=team.organisation, name="Many"))
    client.force_login(team.owner)
    first = client.get(URL)
    assert len(first.context["page"].rows) == 25
    assert first.context["page"].has_next
    assert "Showing 1\N{EN DASH}25 of 40 reports" in first.content.decode()
    second = client.get(f"{URL}?page=2")
    assert len(second.context["page"].rows) == 15
    assert not second.context["page"].has_next
    assert "Page 2 of 2" in second.content.decode()
    assert client.get(f"{URL}?page=banana").context["page"].number == 1
    assert "no reports on this page" in client.get(f"{URL}?page=9").content.decode()


def test_the_count_is_capped(client, team, monkeypatch):
    from interviews.plans.services import candidate_get_or_create
    from interviews.reports import selectors as report_queries

    monkeypatch.setattr(report_queries, "COUNT_CAP", 30)
    plan = make_plan(team.organisation)
    _bulk(team, 40, plan, candidate_get_or_create(organisation=team.organisation, name="Many"))
    client.force_login(team.owner)
    first = client.get(URL).context["page"]
    assert first.capped and first.has_next and first.num_pages == 2
    response = client.get(f"{URL}?page=2")
    assert len(response.context["page"].rows) == 15
    assert "of more than 30 reports" in response.content.decode()


def test_sorting_by_score_leaves_out_unscored_reports_and_says_so(client, team, reports):
    Report.objects.filter(pk=reports[1].pk).update(status="pending", overall=None, band="")
    client.force_login(team.owner)
    response = client.get(f"{URL}?sort=-overall")
    assert [r.pk for r in response.context["page"].rows] == [reports[0].pk, reports[2].pk]
    assert "reports still being generated" in response.content.decode()
    assert len(client.get(URL).context["page"].rows) == 3


def test_the_chosen_filter_stays_selected(client, team, reports):
    client.force_login(team.owner)
    html = client.get(f"{URL}?plan={reports[2].plan_id}").content.decode()
    assert f'<option value="{reports[2].plan_id}" selected>Short loop</option>' in html


@pytest.mark.parametrize(
    "query",
    [f"sort={key}" for key in ("date", "candidate", "-plan", "overall", "-band")]
    + ["q=many", "band=hire", "score_min=0&score_max=60", "date_from=2020-01-01"],
)
def test_every_sort_and_filter_stays_within_the_same_few_queries(
    client, team, query, django_assert_max_num_queries
):
    from interviews.plans.services import candidate_get_or_create

    plan = make_plan(team.organisation)
    _bulk(team, 30, plan, candidate_get_or_create(organisation=team.organisation, name="Many"))
    client.force_login(team.owner)
    client.get(URL)  # warm the session and the login
    with django_assert_max_num_queries(12):
        assert len(client.get(f"{URL}?{query}").context["page"].rows) == 25


def test_a_renamed_plan_sorts_under_its_new_title(client, team, reports):
    short = reports[-1].plan
    plan_details_update(
        plan=short,
        title="A short loop",
        thresholds={
            "strong_hire": short.strong_hire_min,
            "hire": short.hire_min,
            "lean_no_hire": short.lean_no_hire_min,
        },
    )
    assert set(Report.objects.filter(plan=short).values_list("plan_title", flat=True)) == {
        "A short loop"
    }
    client.force_login(team.owner)
    plans = [r.plan.title for r in client.get(f"{URL}?sort=plan").context["page"].rows]
    assert plans == ["A short loop", "Mini loop", "Mini loop"]


def test_the_migration_gives_every_report_its_plans_title(reports):
    fill = importlib.import_module("interviews.migrations.0011_report_plan_title").fill_plan_title
    Report.objects.update(plan_title="")
    fill(apps, None)
    assert all(r.plan_title == r.plan.title for r in Report.objects.select_related("plan"))
