"""Forms tie their help, limits and errors to the fields: a refused field says so
(aria-invalid) and names the elements that explain it (aria-describedby), and a group of radio
buttons is a fieldset with its question as the legend."""

from html.parser import HTMLParser

import pytest

from tests.data.builders import make_session

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """Every element's attributes, by id, and the fieldsets with their legends' text."""

    def __init__(self, html: str):
        super().__init__()
        self.by_id: dict[str, dict] = {}
        self.fields: list[dict] = []
        self.fieldsets: list[dict] = []
        self.legends: list[str] = []
        self._legend: list[str] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs) | {"tag": tag}
        if "id" in attrs:
            self.by_id[attrs["id"]] = attrs
        if tag in {"input", "textarea", "select"} and attrs.get("type") != "hidden":
            self.fields.append(attrs)
        if tag == "fieldset":
            self.fieldsets.append(attrs)
        if tag == "legend":
            self._legend = []

    def handle_data(self, data):
        if self._legend is not None:
            self._legend.append(data)

    def handle_endtag(self, tag):
        if tag == "legend" and self._legend is not None:
            self.legends.append("".join(self._legend).strip())
            self._legend = None


def described(page: Elements, attrs: dict) -> list[str]:
    ids = attrs.get("aria-describedby", "").split()
    missing = [i for i in ids if i not in page.by_id]
    assert not missing, f"{attrs.get('name')} names elements that are not on the page: {missing}"
    return ids


def test_a_refused_sign_up_ties_each_error_to_its_field(client):
    form = {"username": "a@b", "email": "nope", "password1": "x", "password2": "y"}
    response = client.post("/accounts/signup/", form)
    page = Elements(response.text)
    invalid = [f for f in page.fields if f.get("aria-invalid") == "true"]
    assert {f["name"] for f in invalid} >= {"username", "email"}
    for field in invalid:
        assert f"{field['id']}_error" in described(page, field)
    for field in page.fields:
        described(page, field)


def test_a_text_field_names_its_help_and_its_limit(client, team):
    client.force_login(team.owner)
    page = Elements(client.get("/candidates/new/").text)
    name = next(f for f in page.fields if f["name"] == "name")
    assert f"{name['id']}_limit" in described(page, name)
    assert page.by_id[f"{name['id']}_limit"]["tag"] == "p"


def test_the_recommendation_is_a_fieldset_whose_error_is_tied_to_it(client, team):
    session = make_session(team.organisation, [team.interviewer])
    client.force_login(team.interviewer)
    response = client.post(f"/sessions/{session.pk}/submit/", {"summary": "x"})
    page = Elements(response.text)
    assert "Recommendation" in page.legends
    (group,) = page.fieldsets
    assert "id_recommendation_error" in described(page, group)
    radios = [f for f in page.fields if f["name"] == "recommendation"]
    assert radios and all(r.get("aria-invalid") == "true" for r in radios)
    confirm = next(f for f in page.fields if f["name"] == "confirm")
    assert confirm["aria-invalid"] == "true"
    assert "id_confirm_error" in described(page, confirm)
