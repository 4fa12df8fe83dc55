import pytest
from django.core.management import call_command

from accounts.services import user_create
from interviews.practice import selectors
from interviews.practice import services as practice
from tests.conftest import module_transaction
from tests.data import builders
from tests.data.factories import PASSWORD

SHIPPED_BANK = "questionbank/banks/serverless.yaml"


@pytest.fixture(scope="module")
def bank_for_module(django_db_setup, django_db_blocker):
    with module_transaction(django_db_blocker):
        call_command("load_bank", SHIPPED_BANK, verbosity=0)
        yield


@pytest.fixture
def bank(bank_for_module, db):
    """The shipped bank, loaded once for the module (module_transaction)."""


def person(username: str, first_name: str = ""):
    """A signed-up person with their personal space, as the sign-up page makes them."""
    return user_create(
        username=username,
        email=f"{username}@example.com",
        password=PASSWORD,
        first_name=first_name or username.capitalize(),
        email_verified=True,
    )


@pytest.fixture
def peers(bank):
    """Alice and Bob, each with their own personal practice space, nothing shared yet."""
    return person("alice", "Alice"), person("bob", "Bob")


def space_of(user):
    return selectors.personal_space_of(user)


def start(alice, name="Bob", split=False):
    return practice.practice_start(
        organisation=space_of(alice), user=alice, peer_name=name, split=split
    )


def finish(session, interviewer, points=2):
    """Show every question (start, then move through them) and rate and submit everything."""
    from interviews.sessions import services as sessions

    sessions.session_start(session=session, actor=interviewer)
    for position in range(1, session.questions.count()):
        sessions.session_move(session=session, position=position, actor=interviewer)
    builders.rate_all(session, interviewer, points_for=lambda n: points)
    session.refresh_from_db()
    return session


# Written practice ---------------------------------------------------------------------------------


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
    return builders.make_plan(selectors.personal_space_of(writer), title="My loop")


@pytest.fixture
def handed_in(writer, own_plan):
    """A written practice with the first two questions answered and handed in."""
    taken = practice.written_start(user=writer, plan=own_plan)
    for position, text in ((0, "Functions run on events."), (1, "Logs, metrics, traces.")):
        practice.written_open(written=taken, position=position)
        practice.written_answer_save(written=taken, position=position, text=text)
    practice.written_submit(written=taken, actor=writer)
    taken.refresh_from_db()
    return taken
