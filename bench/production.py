"""The production shape as a black box: boot `make prod` on a database and Redis db of its own,
and drive it over HTTP as a browser would (cookies, CSRF, htmx headers).

Used by bench/load.py and bench/live.py, and by the tests that boot it (tests/ops/test_make_prod.py,
test_redis_faults.py).
"""

import json
import os
import re
import signal
import socket
import subprocess
import time
from contextlib import contextmanager, suppress
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
DEMO_PASSWORD = "practise-serverless-2026"  # interviews/management/commands/load_demo.py


class Visitor:
    """One person's browser: its cookies, and the CSRF token sent back as htmx sends it.

    Production cookies are Secure. Browsers send them to http://localhost (a secure context);
    the standard library's cookie jar does not, so this keeps its own, as a browser would."""

    def __init__(self, base_url: str, timeout: float = 30):
        self.http = httpx.Client(base_url=base_url, timeout=timeout, follow_redirects=False)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, *, htmx: bool = False, **kwargs) -> httpx.Response:
        headers = kwargs.pop("headers", None) or {}
        if htmx:
            headers["HX-Request"] = "true"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        response = self.http.request(method, url, headers=headers, **kwargs)
        self.http.cookies.clear()
        for header in response.headers.get_list("set-cookie"):
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, url: str, *, htmx: bool = False, **kwargs) -> httpx.Response:
        return self.request("GET", url, htmx=htmx, **kwargs)

    def post(self, url: str, data: dict, *, htmx: bool = False) -> httpx.Response:
        headers = {"X-CSRFToken": self.cookies.get("csrftoken", "")}
        return self.request("POST", url, htmx=htmx, data=data, headers=headers)

    def sign_in(self, username: str, password: str, organisation_id: int | None = None) -> None:
        assert self.get("/accounts/login/").status_code == 200  # sets the CSRF cookie
        response = self.post("/accounts/login/", {"username": username, "password": password})
        assert response.status_code == 302, f"sign-in as {username} failed: {response.text[:500]}"
        if organisation_id is not None:
            response = self.post(
                "/accounts/organisations/switch/", {"organisation": organisation_id}
            )
            assert response.status_code == 302

    def close(self) -> None:
        self.http.close()


RATING_FORM = re.compile(
    r'name="question" value="(\d+)">\s*<input type="hidden" name="criterion" value="(\d+)">'
)


def rating_targets(console_html: str) -> list[tuple[int, int]]:
    """(session question, criterion) of every rating form on a console page."""
    return [(int(q), int(c)) for q, c in RATING_FORM.findall(console_html)]


def interview_over_http(
    visitor: Visitor, *, plan_id: int, interviewer_ids: list[int], level: int = 3
) -> dict:
    """A whole interview as its interviewer clicks through it: schedule from a plan, open the
    candidate screen and the console, rate every criterion of every question, submit, wait for
    the report and download the PDF. One function so a new step slots in where it happens."""
    response = visitor.post(
        "/sessions/new/",
        {
            "plan": plan_id,
            "candidate_name": "Robin Shape",
            "interviewers": interviewer_ids,
            "mode": "hiring",
        },
    )
    assert response.status_code == 302, response.text[:2000]
    pk = int(re.search(r"/sessions/(\d+)/", response.headers["location"]).group(1))
    detail = visitor.get(f"/sessions/{pk}/")
    assert detail.status_code == 200
    screen_url = re.search(r"/screen/[^/\"]+/", detail.text).group(0)
    assert visitor.post(f"/sessions/{pk}/start/", {}).status_code == 302
    console = visitor.get(f"/sessions/{pk}/console/")
    assert console.status_code == 200
    positions = sorted({int(p) for p in re.findall(r'name="position" value="(\d+)"', console.text)})
    ratings = 0
    for position in positions:
        assert visitor.post(f"/sessions/{pk}/move/", {"position": position}).status_code == 302
        screen = visitor.get(screen_url, htmx=True)  # the candidate follows the move
        assert screen.status_code == 200
        assert f'data-position="{position}"' in screen.text
        assert f"Question {position + 1} of {len(positions)}" in screen.text
        page = visitor.get(f"/sessions/{pk}/console/", params={"q": position})
        for question, criterion in rating_targets(page.text):
            saved = visitor.post(
                f"/sessions/{pk}/rate/",
                {"question": question, "criterion": criterion, "points": level},
                htmx=True,
            )
            assert (saved.status_code, saved.text) == (200, "Saved"), saved.text[:500]
            ratings += 1
    assert ratings > 0
    submitted = visitor.post(f"/sessions/{pk}/submit/", {"recommendation": "yes", "confirm": "on"})
    assert submitted.status_code == 302, submitted.text[:2000]
    deadline = time.monotonic() + 30
    while True:
        status = visitor.get(f"/reports/{pk}/status/", htmx=True)
        if status.status_code == 286:  # htmx's "stop polling": the report is ready or failed
            break
        assert time.monotonic() < deadline, "the report was not ready within 30 s"
        time.sleep(0.3)
    assert "The report is ready." in status.text, status.text
    pdf = visitor.get(f"/reports/{pk}/report.pdf")
    assert pdf.status_code == 200
    return {"session": pk, "ratings": ratings, "pdf": pdf.content}


# Booting the shape --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _with_path(url: str, path: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def database_named(base_url: str, name: str) -> str:
    """The URL of database `name` on the server of `base_url`."""
    return _with_path(base_url, f"/{name}")


def fresh_database(base_url: str, name: str) -> str:
    """An empty PostgreSQL database `name` on the server of `base_url`; returns its URL."""
    with psycopg.connect(_with_path(base_url, "/postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database_named(base_url, name)


def drop_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_with_path(url, "/postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def descendants(pid: int) -> set[int]:
    """Every live process below `pid`, read from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Shape:
    def __init__(self, url: str, env: dict, process: subprocess.Popen, log: Path):
        self.url, self.env, self.process, self.log = url, env, process, log

    def manage(self, *args: str) -> str:
        """Run a manage.py command against the shape's database, as an operator would."""
        result = subprocess.run(
            [str(ROOT / ".venv/bin/python"), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    def demo(self) -> dict:
        """Load the demo team and return the ids a visitor needs."""
        self.manage("load_demo")
        code = (
            "import json; from accounts.models import Organisation; "
            "o = Organisation.objects.get(name='Demo hiring team'); "
            "p = o.plans.order_by('id').first(); "
            "u = o.memberships.get(user__username='demo-owner').user; "
            "print(json.dumps({'organisation': o.pk, 'plan': p.pk, 'owner': u.pk}))"
        )
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    def tail(self, lines: int = 60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def wait_healthy(url: str, process: subprocess.Popen, log: Path, what: str) -> None:
    """Until `url`/healthz answers 200, for up to 90 s; fails at once if the process exits."""

    def tail() -> str:
        return "\n".join(log.read_text(errors="replace").splitlines()[-60:])

    deadline = time.monotonic() + 90
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited early:\n{tail()}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: /healthz never answered:\n{tail()}")
        with suppress(httpx.HTTPError):
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        time.sleep(0.2)


def serve(command: list[str], env: dict, log: Path, what: str) -> tuple[subprocess.Popen, str]:
    """A web server on a free loopback port (`{port}` in `command`, and PORT in its
    environment), in a session of its own, once it answers /healthz."""
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [arg.format(port=port) for arg in command],
            cwd=ROOT,
            env=env | {"PORT": str(port)},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process, log, what)
    except BaseException:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # nothing left serving after a failed start
        process.wait(timeout=10)
        raise
    return process, url


@contextmanager
def production_shape(
    tmp_path: Path,
    *,
    database: str,
    redis_url: str,
    extra_env: dict | None = None,
    stop_signal: int = signal.SIGINT,
):
    """`make prod` in the foreground of a session of its own, stopped as Ctrl-C stops it (or,
    with `stop_signal=SIGTERM`, as a supervisor stops a process group)."""
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "CELERY_WORKER_PROCESS", "CELERY_QUEUE"}
        and not key.startswith(("MAKE", "MFLAGS"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database,
        REDIS_URL=redis_url,
        SECRET_KEY="production-shape-test-key-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        PORT=str(port),
        BIND_HOST="127.0.0.1",
        WEB_CONCURRENCY="2",
        CELERY_CONCURRENCY="1",
        CELERY_BEAT_SCHEDULE_FILE=str(tmp_path / "beat-schedule"),
        # Not the checkout's staticfiles/, which a test process beside this one may be serving
        # while the release rewrites it; shapes booted one after another share one copy.
        STATIC_ROOT=str(tmp_path.parent / "production-static"),
        ACCESS_LOG="/dev/null",
    )
    env.update(extra_env or {})
    log = tmp_path / "make-prod.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "prod"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    shape = Shape(f"http://127.0.0.1:{port}", env, process, log)
    seen: set[int] = set()
    try:
        wait_healthy(shape.url, process, log, "make prod")
        seen = descendants(process.pid)
        yield shape
    finally:
        seen |= descendants(process.pid)
        stopped = stop(process, stop_signal)
        leftovers = [pid for pid in seen if alive(pid)]
        for pid in leftovers:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    name = signal.Signals(stop_signal).name
    assert stopped, f"make prod did not stop on {name} within 30 s:\n{shape.tail()}"
    assert not leftovers, f"processes left running after make prod stopped: {leftovers}"


def stop(process: subprocess.Popen, stop_signal: int = signal.SIGINT) -> bool:
    """Ctrl-C: SIGINT to the foreground process group. True if everything stopped in time."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, stop_signal)
    try:
        process.wait(timeout=30)
        return True
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        return False
