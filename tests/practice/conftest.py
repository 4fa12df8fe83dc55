import pytest

from accounts.services import user_create
from interviews.practice import written as practice
from tests import builders
from tests.factories import PASSWORD


def person(username: str, first_name: str = ""):
    """A signed-up person with their personal space, as the sign-up page makes them."""
    return user_create(
        username=username,
        email=f"{username}@example.com",
        password=PASSWORD,
        first_name=first_name,
        email_verified=True,
    )


@pytest.fixture
def writer(db):
    return person("wren", "Wren")


@pytest.fixture
def peer(db):
    return person("pat", "Pat")


@pytest.fixture
def stranger(db):
    return person("sol")


@pytest.fixture
def own_plan(writer):
    return builders.make_plan(practice.personal_space_of(writer), title="My loop")


@pytest.fixture
def handed_in(writer, own_plan):
    """A written practice with the first two questions answered and handed in."""
    written = practice.written_start(user=writer, plan=own_plan)
    for position, text in ((0, "Functions run on events."), (1, "Logs, metrics, traces.")):
        practice.written_open(written=written, position=position)
        practice.written_answer_save(written=written, position=position, text=text)
    practice.written_submit(written=written, actor=writer)
    written.refresh_from_db()
    return written
