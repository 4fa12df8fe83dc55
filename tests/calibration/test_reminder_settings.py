import pytest

from interviews.models import ReminderPolicy

pytestmark = pytest.mark.django_db
URL = "/calibration/reminders/"


def test_it_shows_the_defaults_before_anything_is_saved(client, team):
    client.force_login(team.owner)
    form = client.get(URL).context["form"]
    assert form.initial == {"enabled": True, "business_days": [0, 1, 2, 3, 4], "daily_limit": 10}


def test_an_owner_saves_the_organisations_settings(client, team):
    client.force_login(team.owner)
    response = client.post(URL, {"business_days": ["0", "2"], "daily_limit": "3"})
    assert response.status_code == 302
    policy = ReminderPolicy.objects.get(organisation=team.organisation)
    assert (policy.enabled, policy.business_days, policy.daily_limit) == (False, [0, 2], 3)


def test_it_says_what_is_wrong_on_the_field(client, team):
    client.force_login(team.owner)
    response = client.post(URL, {"enabled": "on", "business_days": ["9"], "daily_limit": "99"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "business_days" in errors and "daily_limit" in errors
    assert not ReminderPolicy.objects.exists()


@pytest.mark.parametrize("who", ["interviewer", "candidate"])
def test_it_is_for_owners_only(client, team, who):
    client.force_login(getattr(team, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"daily_limit": "1"}).status_code == 404


def test_an_other_teams_owner_changes_only_their_own(client, team):
    client.force_login(team.outsider)
    client.post(URL, {"daily_limit": "1"})
    assert not ReminderPolicy.objects.filter(organisation=team.organisation).exists()
