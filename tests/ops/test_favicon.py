"""Every page names its icon, and the address browsers ask for by habit answers."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"


def test_pages_link_the_icon(client):
    page = client.get("/accounts/login/")
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page.text


def test_the_icon_is_served():
    path = finders.find("img/favicon.svg")
    assert path and Path(path).read_text().startswith("<svg")
