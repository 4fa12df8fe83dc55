"""Test harness: factories as fixtures, the real services when the environment names them.

With REQUIRE_SERVICES=1 (set by .ci/run) a test that would skip because PostgreSQL, Redis, the
Celery worker or Chromium is missing fails instead, so CI can never pass by skipping.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the same
# tests are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.data import factories

# Property tests judge the engine, not the machine: a busy CI core must not fail them for speed.
hypothesis_settings.register_profile(
    "suite", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("suite")

ROOT = Path(__file__).resolve().parent.parent
STRICT = os.environ.get("REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def need(condition: bool, reason: str) -> None:
    """Skip for a missing service, or fail when the run requires every service."""
    if condition:
        return
    if STRICT:
        pytest.fail(f"REQUIRE_SERVICES is set but {reason}")
    pytest.skip(reason)


@contextmanager
def module_transaction(django_db_blocker):
    """A transaction open for a whole module and rolled back after its last test, for data a
    module fixture builds once. Each test runs in a savepoint of it (the `db` fixture), so every
    test meets the data as built, as if built for it alone. Not for tests whose server runs on
    another connection (live_server): they would not see it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


POSTGRESQL_ONLY = "is about PostgreSQL itself"
SQLITE_ONLY = "is about SQLite itself"


def need_postgresql(what: str) -> None:
    """Skip on the embedded SQLite default, strict or not: the test has nothing to check there.
    On PostgreSQL it runs, so the services run (REQUIRE_SERVICES) never skips it."""
    if connection.vendor != "postgresql":
        pytest.skip(f"{what} {POSTGRESQL_ONLY}; DATABASE_URL is SQLite")


def need_sqlite(what: str) -> None:
    """Skip on PostgreSQL, strict or not: the test checks the embedded default's own locking,
    and the run on the embedded default never skips it."""
    if connection.vendor != "sqlite":
        pytest.skip(f"{what} {SQLITE_ONLY}; DATABASE_URL is PostgreSQL")


# `make test` runs most tests spread over pytest-xdist workers (`-m "not serial"`), then the
# `serial` ones in one process. A worker has its own test database, Redis database and live
# channel names (config/settings_test.py); a real Celery worker a test starts consumes a queue
# of that test's own on them; servers a test starts listen on free ports, on redis-servers of
# their own (tests/private_redis.py), on fresh databases, or on the spare Redis databases past
# the workers' (spare_redis_url). What stays serial, named here with the reason, needs the
# machine to itself: it times a push against 250 ms, which a busy neighbour would miss.
SERIAL = {
    "tests/live/test_live_browser.py": "the screen must follow the lead's move within 250 ms",
    "tests/live/test_make_run.py": "make run's own server must push the move within 250 ms",
}
# The modules that boot the production shape (make prod, bench/live.py) are one unit of work:
# they run one after another on one worker, so no two boots race for the CPU against their
# 90 s deadline. Being the longest stretch, they start first, and the axe crawl, the longest
# single test, next.
ONE_SHAPE_AT_A_TIME = (
    "tests/ops/test_redis_faults.py",
    "tests/ops/test_make_prod.py",
    "tests/ops/test_bench_live.py",
)
FIRST = (*ONE_SHAPE_AT_A_TIME, "tests/a11y/test_axe_crawl.py")


def _module(item) -> str:
    return item.nodeid.split("::")[0]


def pytest_ignore_collect(collection_path, config):
    """`-m serial` (the Makefile's second part) collects SERIAL's modules alone: importing the
    whole suite only to deselect it cost that part seconds of its own."""
    if config.getoption("markexpr") != "serial" or not collection_path.name.startswith("test_"):
        return None
    return collection_path.relative_to(config.rootpath).as_posix() not in SERIAL or None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    serial = pytest.mark.serial
    for item in items:
        if _module(item) in SERIAL:
            item.add_marker(serial)


# After pytest-django's order, which this one keeps within each module.
@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems_longest_first(items):
    """FIRST's modules, then the others, the longest first (a browser test counts as ten): whole
    modules are handed to the workers in this order (below), so no long one ends the run on one
    worker alone. Every worker orders its collection alike, as pytest-xdist needs."""
    cost = Counter()
    for item in items:
        cost[_module(item)] += 10 if item.get_closest_marker("browser") else 1
    rank = {module: n for n, module in enumerate(FIRST)}

    def order(item):
        module = _module(item)
        return rank.get(module, len(FIRST)), -cost[module]

    items.sort(key=order)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadscope`, a module at a time (its module-scoped fixtures are built once), in
    collection order, with ONE_SHAPE_AT_A_TIME's modules as one unit."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::")[0]
            return "production shape" if module in ONE_SHAPE_AT_A_TIME else module

    config.option.loadscopereorder = False
    return ModuleScheduling(config, log)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (
        STRICT
        and report.skipped
        and any(reason in str(report.longrepr) for reason in (POSTGRESQL_ONLY, SQLITE_ONLY))
    ):
        return
    if STRICT and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under REQUIRE_SERVICES=1: {report.longrepr}"


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    lines = [
        f"database: {engine}",
        f"broker: {settings.REDIS_URL or 'none (tasks run eagerly; worker tests skip)'}",
        f"browser: {CHROMIUM if Path(CHROMIUM).exists() else 'none (browser tests skip)'}",
        f"strict services: {'yes' if STRICT else 'no'}",
    ]
    return lines


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    if skipped and not STRICT:
        terminalreporter.write_line(
            f"{len(skipped)} tests skipped for services this machine does not run "
            "(see the reasons above); .ci/run runs them against PostgreSQL, Redis and Chromium."
        )


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Every test starts with no attempts counted (accounts/ratelimit.py)."""
    from django.core.cache import cache

    cache.clear()


# Factories ---------------------------------------------------------------------------------------


@pytest.fixture
def user_factory(db):
    return factories.UserFactory


@pytest.fixture
def org_factory(db):
    return factories.OrganisationFactory


@pytest.fixture
def membership_factory(db):
    return factories.MembershipFactory


@pytest.fixture
def password():
    return factories.PASSWORD


@pytest.fixture
def team(db):
    """A hiring team with an owner, an interviewer, a candidate member and an outsider."""
    from accounts.models import Role

    organisation = factories.OrganisationFactory(name="Acme hiring")
    owner = factories.MembershipFactory(organisation=organisation, role=Role.OWNER).user
    interviewer = factories.MembershipFactory(organisation=organisation, role=Role.INTERVIEWER).user
    candidate = factories.MembershipFactory(organisation=organisation, role=Role.CANDIDATE).user
    outsider = factories.MembershipFactory(role=Role.OWNER).user
    return type(
        "Team",
        (),
        {
            "organisation": organisation,
            "owner": owner,
            "interviewer": interviewer,
            "candidate": candidate,
            "outsider": outsider,
        },
    )


@pytest.fixture
def interviewer(client, team):
    """The test client, signed in as the team's interviewer."""
    client.force_login(team.interviewer)
    return client


# Real services -----------------------------------------------------------------------------------


def spare_redis_url(n: int) -> str:
    """Redis database `n` (from 0) past the workers' own (config/settings_test.py): for a server
    a test starts with a worker of its own, which must consume a queue nobody else feeds."""
    from django.conf import settings

    parts = urlsplit(settings.SUITE_REDIS_URL)
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    db = (int(parts.path.lstrip("/") or 0) + workers + n) % 16
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", "", ""))


@pytest.fixture
def redis_url(settings):
    need(
        bool(settings.REDIS_URL), "REDIS_URL is not set, so there is no real Redis to test against"
    )
    return settings.REDIS_URL


class Worker:
    """A real Celery worker process. It runs in a session of its own, so a kill takes the main
    process and its pool children together, as a crash of the machine would."""

    def __init__(self, process: subprocess.Popen, queue: str):
        self.process = process
        self.queue = queue

    def kill(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER'] or 'postgres'}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def use_broker(url: str) -> None:
    """Point this process's Celery app at a broker, dropping pooled connections to the old one."""
    from kombu import pools

    from config.celery import app

    app.conf.broker_url = url
    pools.reset()  # kombu keys its pools by URL; drop them all so none is reused closed
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def celery_services(redis_url, settings):
    """PostgreSQL, a queue of our own, and tasks sent to the broker rather than run in process."""
    from config.celery import app

    need(connection.vendor == "postgresql", "the worker tests need PostgreSQL (DATABASE_URL)")
    queue = f"tests-{uuid.uuid4().hex[:8]}"
    previous = app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    settings.CELERY_TASK_ALWAYS_EAGER = False
    workers: list[Worker] = []

    def start_worker(broker: str = redis_url, concurrency: int = 1, log=None) -> Worker:
        """``log``: a path that receives the worker's output, for a test that reads its lines."""
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "REDIS_URL": broker,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "CELERY_WORKER_PROCESS": "1",
            "CELERY_QUEUE": queue,
            "CELERY_REMOTE_CONTROL": "true",  # answers the ping that says it is ready
        }
        output = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                queue,
                "-c",
                str(concurrency),
                "--pool",
                "prefork",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "INFO",
                "-n",
                f"{queue}-{len(workers)}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
            start_new_session=True,
        )
        if log:
            output.close()  # the worker process holds its own copy
        worker = Worker(process, queue)
        workers.append(worker)
        _wait_for_worker(worker, len(workers) - 1)
        return worker

    yield type("Services", (), {"queue": queue, "start_worker": staticmethod(start_worker)})
    for worker in workers:
        worker.stop()
    app.conf.task_always_eager = True
    app.conf.task_default_queue = "celery"
    use_broker(previous)
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge(queue)


def _wait_for_worker(worker: Worker, n: int, timeout: float = 30) -> None:
    from config.celery import app

    name = f"{worker.queue}-{n}@{os.uname().nodename}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.process.poll() is not None:
            raise RuntimeError("the worker exited while starting")
        if app.control.ping(destination=[name], timeout=0.5):
            return
    raise RuntimeError(f"worker {name} did not answer a ping within {timeout} seconds")


# One browser a module, not a session: while Playwright's sync API is started, its event loop
# counts as running in the worker's main thread, and every later test there that awaits through
# async_to_sync (the live streams, the ASGI stack) would be refused.
@pytest.fixture(scope="module")
def browser():
    need(Path(CHROMIUM).exists(), f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(browser, live_server):
    """A factory of isolated browser contexts: one per person in a multi-user test."""
    contexts = []

    def make(width: int = 1280, height: int = 900):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page, username: str, password: str = factories.PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


@pytest.fixture
def browser_login():
    return login


def which(name: str) -> str | None:
    return shutil.which(name)
