import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from questionbank.services import criterion_add, rubric_publish, rubric_revise
from tests.questionbank.test_bank_support import STUDY, bank_spec, make_bank, question_spec

pytestmark = pytest.mark.django_db


@pytest.fixture
def banks(team):
    return {
        "shared": make_bank(slug="shared", title="Shared bank"),
        "own": make_bank(organisation=team.organisation, slug="own", title="Acme's own"),
        "foreign": make_bank(
            organisation=team.outsider.memberships.get().organisation,
            slug="secret",
            title="Secret bank",
        ),
    }


@pytest.fixture
def interviewer(client, team):
    client.force_login(team.interviewer)
    return client


def rows(response) -> int:
    return response.text.count('href="/bank/questions/')


def test_it_requires_login(client):
    response = client.get("/bank/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_candidate_gets_404(client, team, banks):
    client.force_login(team.candidate)
    assert client.get("/bank/").status_code == 404


def test_it_lists_shared_and_own_questions_but_not_another_organisations(interviewer, banks):
    response = interviewer.get("/bank/")
    assert response.status_code == 200
    assert "Shared bank" in response.text
    assert "Acme&#x27;s own" in response.text
    assert "Secret bank" not in response.text
    assert rows(response) == 6


def test_outsider_sees_the_shared_bank_and_their_own_only(client, team, banks):
    client.force_login(team.outsider)
    response = client.get("/bank/")
    assert "Secret bank" in response.text
    assert "Acme&#x27;s own" not in response.text
    assert rows(response) == 6


def test_each_row_shows_what_the_design_promises(interviewer, banks):
    question = banks["own"].questions.get(key="question-1")
    response = interviewer.get(f"/bank/?set={banks['own'].pk}&q=question-1")
    html = response.text
    assert f'<a href="/bank/questions/{question.pk}/">Question number 1 first line</a>' in html
    assert "More context" not in html  # only the first line
    assert '<span class="pill scenario">Scenario</span>' in html
    assert "<td>Medium</td>" in html
    assert '<td class="num">6</td>' in html  # minutes
    assert '<span class="pill">group-1</span>' in html
    assert '<td class="num">2</td>' in html  # criteria of the current published rubric
    assert '<td class="small">Acme&#x27;s own</td>' in html


def test_criteria_count_is_the_latest_published_versions_not_a_drafts(interviewer, banks):
    question = banks["own"].questions.get(key="question-0")
    draft = rubric_revise(question=question)
    criterion_add(rubric=draft, title="Third", weight=1, source=STUDY)
    response = interviewer.get(f"/bank/?set={banks['own'].pk}&q=question-0")
    assert '<td class="num">2</td>' in response.text
    rubric_publish(rubric=draft)
    response = interviewer.get(f"/bank/?set={banks['own'].pk}&q=question-0")
    assert '<td class="num">3</td>' in response.text


def test_a_question_without_a_published_rubric_says_so(interviewer, team):
    from questionbank.services import question_create, question_set_create

    question_set = question_set_create(organisation=team.organisation, title="Fresh")
    question_create(
        question_set=question_set,
        fields={"key": "new-one", "category": "technical", "prompt": "Brand new"},
        tags=[],
    )
    response = interviewer.get("/bank/")
    assert "Brand new" in response.text
    assert "none yet" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=technical", 2),
        ("category=technical&category=scenario", 4),
        ("difficulty=hard", 2),
        ("tag=group-2", 2),
        ("q=number+1", 2),  # words of the prompt
        ("q=QUESTION-2", 2),  # the key, case-insensitive
        ("q=nothing-like-this", 0),
        ("category=behavioral&difficulty=easy", 0),
    ],
)
def test_filters(interviewer, banks, query, expected):
    assert rows(interviewer.get(f"/bank/?{query}")) == expected


def test_set_filter(interviewer, banks):
    response = interviewer.get(f"/bank/?set={banks['shared'].pk}")
    assert rows(response) == 3
    assert "Acme&#x27;s own</td>" not in response.text


def test_a_foreign_set_in_the_query_string_is_ignored(interviewer, banks):
    response = interviewer.get(f"/bank/?set={banks['foreign'].pk}&category=nonsense")
    assert response.status_code == 200
    assert rows(response) == 6
    assert "Secret bank" not in response.text


def test_filters_keep_their_values_in_the_form(interviewer, banks):
    response = interviewer.get("/bank/?category=scenario&q=number&difficulty=hard")
    assert 'value="scenario" id="id_category_1" checked' in response.text
    assert 'value="number"' in response.text
    assert '<option value="hard" selected>' in response.text


def test_htmx_gets_only_the_results(interviewer, banks):
    response = interviewer.get("/bank/?category=technical", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="results"')
    assert "<html" not in response.text
    assert "Question sets" not in response.text
    assert rows(response) == 2
    assert "HX-Request" in response["Vary"]


def test_htmx_history_restore_gets_the_whole_page(interviewer, banks):
    response = interviewer.get(
        "/bank/?category=technical", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.text


def test_the_filter_form_works_with_and_without_htmx(interviewer, banks):
    html = interviewer.get("/bank/").text
    assert '<form class="filters" method="get" action="/bank/"' in html
    assert 'hx-get="/bank/"' in html
    assert "input changed delay:300ms from:input[name=q]" in html
    assert 'hx-target="#results"' in html
    assert 'hx-push-url="true"' in html


def test_it_paginates_by_25_and_keeps_the_filters(interviewer, team):
    make_bank(organisation=team.organisation, count=30)
    first = interviewer.get("/bank/?tag=practice")
    assert rows(first) == 25
    assert "Page 1 of 2" in first.text
    assert 'href="?tag=practice&amp;page=2"' in first.text
    second = interviewer.get("/bank/?tag=practice&page=2")
    assert rows(second) == 5
    assert rows(interviewer.get("/bank/?tag=practice&page=99")) == 5  # clamps to the last page


def test_query_count_does_not_grow_with_the_number_of_questions(interviewer, team):
    make_bank(organisation=team.organisation, slug="few", count=3)
    interviewer.get("/bank/")  # warm the session and the membership lookups
    with CaptureQueriesContext(connection) as few:
        assert rows(interviewer.get("/bank/")) == 3
    from questionbank.services import bank_load

    spec = bank_spec(slug="many")
    spec.questions = [question_spec(n, tags=[f"t{n}", "many"]) for n in range(27)]
    bank_load(spec=spec, organisation=team.organisation)
    with CaptureQueriesContext(connection) as many:
        assert rows(interviewer.get("/bank/")) == 25  # 30 questions, one full page
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_the_sets_list_offers_the_right_actions(interviewer, banks):
    html = interviewer.get("/bank/").text
    shared, own = banks["shared"], banks["own"]
    assert f'action="/bank/sets/{shared.pk}/copy/"' in html
    assert "Copy to Acme hiring" in html
    assert f'href="/bank/sets/{shared.pk}/export.yaml"' in html
    assert f'href="/bank/sets/{own.pk}/export.yaml"' in html
    assert f'href="/bank/sets/{own.pk}/questions/new/"' in html
    assert f'action="/bank/sets/{own.pk}/copy/"' not in html
    assert f'href="/bank/sets/{shared.pk}/questions/new/"' not in html


def test_a_shared_set_already_copied_links_to_the_copy(interviewer, team, banks):
    from questionbank.services import question_set_copy

    copy = question_set_copy(source=banks["shared"], organisation=team.organisation)
    html = interviewer.get("/bank/").text
    assert f'Copied as <a href="/bank/?set={copy.pk}">' in html
    assert f'href="/bank/?set={copy.pk}">Open your copy</a>' in html
    assert "Copy to Acme hiring" not in html  # offered no more once made


def test_empty_bank_explains_how_to_fill_it(interviewer):
    html = interviewer.get("/bank/").text
    assert "No question sets yet." in html
    assert "manage.py load_bank" in html
    assert 'href="/bank/sets/new/"' in html
    assert "There are no questions here yet." in html


def test_no_match_explains_and_offers_to_clear(interviewer, banks):
    html = interviewer.get("/bank/?q=zebra").text
    assert "No questions match these filters." in html
    assert "clear the filters" in html
