"""Who may do what, for every URL pattern the resolver knows.

Each route has an entry below naming the actors who may GET it and who may POST to it; every
other actor must get a 404 (anonymous: the sign-in redirect), or a 405 for a method the view does
not take, and must change nothing in the database. A route without an entry fails the suite, so a
new URL is not forgotten.

To add a URL: add one line to ENTRIES with the world's object its path needs (`args`) and the
groups allowed. The groups and actors are in tests/data/world.py and just below.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.urls import reverse

from interviews.models import FEEDBACK_KEYS
from tests.data.world import ACTORS, World
from tests.ops.urlwalk import routes

pytestmark = pytest.mark.django_db

EVERYONE = frozenset(ACTORS)
SIGNED_IN = EVERYONE - {"anonymous"}
NOBODY = frozenset()
TEAM = frozenset({"candidate", "offpanel", "panelist", "owner", "panelowner"})
INTERVIEWERS = frozenset({"offpanel", "panelist", "owner", "panelowner"})
PANELIST = frozenset({"panelist", "panelowner"})  # on the live session's panel
# A session's page, stream and edits: its panel, and the owners, who may look (on the record)
# and manage it, but drive it only from a seat on its panel.
PANEL = PANELIST | {"owner"}
READERS = INTERVIEWERS | {"candidate"}
OWNER = frozenset({"owner", "panelowner"})
# Pages without an object act in the person's own current organisation, where the stranger and
# the rival are owners of their own space or team.
OWN_SPACE = frozenset({"stranger", "rival"})


@dataclass(frozen=True)
class Entry:
    get: frozenset
    post: frozenset | None = None  # None: the same as GET
    args: Callable[[World], dict] = lambda w: {}
    query: Callable[[World], str] = lambda w: ""
    data: Callable[[World], dict] = lambda w: {}
    # What a refused request may answer besides 404/405 (e.g. a page that re-renders).
    refused_also: frozenset = field(default_factory=frozenset)
    # Signing out ends, as it should, on the sign-in page.
    ends_at_login: bool = False

    @property
    def posters(self) -> frozenset:
        return self.get if self.post is None else self.post


def qs(w):
    return {"pk": w.question.pk}


def draft_criterion(w):
    return {"pk": w.question.pk, "criterion_pk": w.criterion_pk}


def draft_flag(w):
    return {"pk": w.question.pk, "flag_pk": w.flag_pk}


def session(w):
    return {"pk": w.session.pk}


def _scored(w):
    question = w.session.questions.order_by("position").first()
    return question, question.rubric


def rating(w):
    question, rubric = _scored(w)
    return {"question": question.pk, "criterion": rubric.criteria.first().pk, "points": 2}


def flag(w):
    question, rubric = _scored(w)
    return {"question": question.pk, "flag": rubric.red_flags.first().pk, "raised": "on"}


def note(w):
    return {"question": _scored(w)[0].pk, "text": "Said something."}


def report(w):
    return {"session_pk": w.submitted.pk}


def plan(w):
    return {"pk": w.plan.pk}


def plan_item(w):
    return {"pk": w.plan.pk, "item_pk": w.item.pk}


def candidate(w):
    return {"pk": w.candidate.pk}


def written(w):
    return {"pk": w.written.pk}


WRITER = frozenset({"candidate"})  # the candidate member wrote it, in their personal space
WRITTEN_READERS = WRITER | {"panelist"}  # the panelist holds its scoring seat


ENTRIES: dict[str, Entry] = {
    "healthz": Entry(get=EVERYONE),
    "accessibility": Entry(get=EVERYONE),
    "favicon": Entry(get=EVERYONE),
    # accounts
    "accounts:signup": Entry(get=EVERYONE),
    "accounts:login": Entry(get=EVERYONE),
    "accounts:logout": Entry(get=EVERYONE, ends_at_login=True),
    "accounts:password_change": Entry(get=SIGNED_IN),
    "accounts:password_change_done": Entry(get=SIGNED_IN),
    "accounts:password_reset": Entry(get=EVERYONE),
    "accounts:password_reset_done": Entry(get=EVERYONE),
    "accounts:password_reset_confirm": Entry(
        get=EVERYONE, args=lambda w: {"uidb64": "MQ", "token": "set-password"}
    ),
    "accounts:password_reset_complete": Entry(get=EVERYONE),
    "accounts:verify_email_resend": Entry(get=SIGNED_IN),
    "accounts:verify_email": Entry(get=EVERYONE, args=lambda w: {"token": "not-a-token"}),
    "accounts:organisation_switch": Entry(
        get=TEAM, data=lambda w: {"organisation": w.organisation.pk}
    ),
    "accounts:organisation_create": Entry(get=SIGNED_IN),
    "accounts:members": Entry(get=INTERVIEWERS | OWN_SPACE, post=OWNER | OWN_SPACE),
    "accounts:member_role": Entry(
        get=OWNER, args=lambda w: {"pk": w.member.pk}, data=lambda w: {"role": "owner"}
    ),
    "accounts:member_remove": Entry(get=OWNER, args=lambda w: {"pk": w.member.pk}),
    "accounts:invitation_revoke": Entry(get=OWNER, args=lambda w: {"pk": w.invitation.pk}),
    # The link is the credential; accepting needs the invited, confirmed address (nobody here).
    "accounts:invitation": Entry(
        get=EVERYONE,
        post=NOBODY,
        args=lambda w: {"token": w.invitation_token},
        refused_also=frozenset({200}),
    ),
    # question bank
    # A candidate member reads their own reports, never the bank's rubrics.
    "questionbank:index": Entry(get=SIGNED_IN - {"candidate"}),
    "questionbank:question_set_create": Entry(get=INTERVIEWERS | OWN_SPACE),
    "questionbank:question_set_edit": Entry(
        get=INTERVIEWERS, args=lambda w: {"pk": w.question_set.pk}
    ),
    "questionbank:question_set_copy": Entry(
        get=INTERVIEWERS, args=lambda w: {"pk": w.question_set.pk}
    ),
    "questionbank:question_set_export": Entry(
        get=INTERVIEWERS, args=lambda w: {"pk": w.question_set.pk}
    ),
    "questionbank:question_create": Entry(
        get=INTERVIEWERS, args=lambda w: {"pk": w.question_set.pk}
    ),
    "questionbank:question": Entry(get=INTERVIEWERS, args=qs),
    "questionbank:question_edit": Entry(get=INTERVIEWERS, args=qs),
    "questionbank:question_move": Entry(
        get=INTERVIEWERS, args=lambda w: {"pk": w.question.pk, "direction": "down"}
    ),
    "questionbank:question_delete": Entry(get=INTERVIEWERS, args=qs),
    "questionbank:rubric_revise": Entry(get=INTERVIEWERS, args=qs),
    "questionbank:rubric_draft": Entry(get=INTERVIEWERS, args=qs),
    "questionbank:rubric_publish": Entry(get=INTERVIEWERS, args=qs),
    "questionbank:rubric_discard": Entry(get=INTERVIEWERS, args=qs),
    "questionbank:criterion_add": Entry(get=INTERVIEWERS, args=qs),
    "questionbank:criterion_save": Entry(get=INTERVIEWERS, args=draft_criterion),
    "questionbank:criterion_remove": Entry(get=INTERVIEWERS, args=draft_criterion),
    "questionbank:criterion_move": Entry(
        get=INTERVIEWERS, args=lambda w: {**draft_criterion(w), "direction": "down"}
    ),
    "questionbank:red_flag_add": Entry(get=INTERVIEWERS, args=qs),
    "questionbank:red_flag_save": Entry(get=INTERVIEWERS, args=draft_flag),
    "questionbank:red_flag_remove": Entry(get=INTERVIEWERS, args=draft_flag),
    # sessions
    "interviews:dashboard": Entry(get=SIGNED_IN),
    "interviews:practice_start": Entry(get=SIGNED_IN - {"candidate"}),
    "interviews:session_list": Entry(get=SIGNED_IN - {"candidate"}),
    "interviews:session_create": Entry(get=INTERVIEWERS | OWN_SPACE),
    # A session's page and its changes are for its panel and the owners; an interviewer off
    # the panel learns nothing of it.
    "interviews:session_detail": Entry(get=PANEL, args=session),
    "interviews:session_edit": Entry(
        get=PANEL, args=session, data=lambda w: {"candidate_name": "Renamed"}
    ),
    "interviews:session_cancel": Entry(
        get=PANEL, args=session, data=lambda w: {"reason": "Called off"}
    ),
    "interviews:session_delete": Entry(get=PANEL, args=session),
    "interviews:console": Entry(get=PANELIST, args=session),
    "interviews:start": Entry(get=PANELIST, args=session),
    "interviews:lead": Entry(get=PANELIST, args=session, data=lambda w: {"to": w.session.lead_id}),
    "interviews:amend": Entry(get=PANELIST, args=session, data=lambda w: {"reason": "Misheard"}),
    "interviews:move": Entry(get=PANELIST, args=session, data=lambda w: {"position": 1}),
    "interviews:rate": Entry(get=PANELIST, args=session, data=rating),
    "interviews:flag": Entry(get=PANELIST, args=session, data=flag),
    "interviews:note": Entry(get=PANELIST, args=session, data=note),
    "interviews:submit": Entry(get=PANELIST, args=session),
    "interviews:panel": Entry(get=PANEL, args=session),
    "interviews:panel_close": Entry(get=OWNER, args=session),
    "interviews:session_audit": Entry(get=OWNER, args=session),
    "interviews:session_audit_csv": Entry(get=OWNER, args=session),
    "interviews:candidate_screen": Entry(
        get=EVERYONE, args=lambda w: {"token": w.session.screen_token}
    ),
    # the shared pad: the screen link is the candidate's credential; the panel reads it
    "interviews:screen_pad": Entry(
        get=EVERYONE,
        args=lambda w: {"token": w.session.screen_token},
        data=lambda w: {"position": 0, "text": "def handler(event): ..."},
    ),
    "interviews:console_pad": Entry(get=PANELIST, args=session),
    # written practice: the writer and the one seated scorer; anyone else learns nothing
    "interviews:written_list": Entry(get=SIGNED_IN),
    "interviews:written_create": Entry(get=SIGNED_IN, data=lambda w: {"plan": "ready"}),
    "interviews:written_detail": Entry(get=WRITTEN_READERS, args=written),
    "interviews:written_answer": Entry(
        get=WRITER, args=written, data=lambda w: {"position": 0, "text": "More."}
    ),
    "interviews:written_submit": Entry(get=WRITER, args=written),
    "interviews:written_invite": Entry(get=WRITER, args=written),
    # The link is the credential (signed out, it asks for an account); its writer may read it
    # but never take the seat.
    "interviews:written_join": Entry(
        get=EVERYONE,
        post=SIGNED_IN - WRITER,
        args=lambda w: {"token": w.written_token},
        refused_also=frozenset({422}),
    ),
    # live streams: ?once=1 closes each after its first frames, so the matrix never waits on one
    "interviews:session_live": Entry(get=PANEL, args=session, query=lambda w: "?once=1"),
    "interviews:candidate_screen_live": Entry(
        get=EVERYONE, args=lambda w: {"token": w.session.screen_token}, query=lambda w: "?once=1"
    ),
    "interviews:report_live": Entry(get=READERS, args=report, query=lambda w: "?once=1"),
    # reports
    # The team's interviewers read its reports; the candidate member reads the one about them.
    "interviews:report_list": Entry(get=SIGNED_IN),
    "interviews:report_compare": Entry(
        get=READERS, query=lambda w: f"?a={w.submitted.pk}&b={w.submitted.pk}"
    ),
    "interviews:report_detail": Entry(get=READERS, args=report),
    "interviews:report_status": Entry(get=READERS, args=report),
    "interviews:report_json": Entry(get=READERS, args=report),
    "interviews:report_csv": Entry(get=READERS, args=report),
    "interviews:report_pdf": Entry(get=READERS, args=report),
    "interviews:report_retry": Entry(get=OWNER, args=report),
    "interviews:report_regrade": Entry(
        get=frozenset({"candidate"}), args=report, data=lambda w: {"reason": "x"}
    ),
    "interviews:regrade_list": Entry(get=OWNER | OWN_SPACE),
    "interviews:regrade_detail": Entry(get=OWNER, args=lambda w: {"pk": w.regrade_pk}),
    "interviews:report_decision": Entry(get=OWNER, args=report),
    "interviews:report_version": Entry(
        get=READERS, args=lambda w: {"session_pk": w.submitted.pk, "number": 1}
    ),
    "interviews:candidate_history": Entry(get=INTERVIEWERS, args=candidate),
    "interviews:my_progress": Entry(get=SIGNED_IN),
    "interviews:plan_debrief": Entry(get=INTERVIEWERS, args=plan),
    # hiring-team rigour
    "interviews:plan_agreement": Entry(get=INTERVIEWERS, args=plan),
    "interviews:interviewer_calibration": Entry(get=OWNER | OWN_SPACE),
    "interviews:reminder_settings": Entry(get=OWNER | OWN_SPACE),
    "interviews:plan_whatif": Entry(get=INTERVIEWERS, args=plan),
    "interviews:drill_list": Entry(get=INTERVIEWERS | OWN_SPACE),
    "interviews:drill_create": Entry(get=OWNER | OWN_SPACE),
    "interviews:drill_detail": Entry(get=INTERVIEWERS, args=lambda w: {"pk": w.drill_pk}),
    "interviews:gold_drill": Entry(get=INTERVIEWERS, args=lambda w: {"pk": w.gold_pk}),
    # peer practice
    # The join link is the credential: anyone may open it; any account but the session's own
    # interviewer takes the free seat (the interviewer is refused with a reason).
    "interviews:practice_join": Entry(
        get=EVERYONE,
        post=SIGNED_IN - {"panelist"},
        args=lambda w: {"token": w.open_practice.practice.join_token},
        refused_also=frozenset({422}),
    ),
    "interviews:practice_invite": Entry(
        get=frozenset({"panelist"}) | OWNER,
        args=lambda w: {"pk": w.practice.pk},
        data=lambda w: {"email": "peer@example.com"},
    ),
    # Either peer swaps: the interviewer and the candidate member who joined.
    "interviews:practice_swap": Entry(
        get=frozenset({"panelist", "candidate"}), args=lambda w: {"pk": w.practice.pk}
    ),
    # Once the candidate has an account, their feedback page is theirs alone.
    "interviews:practice_feedback": Entry(
        get=frozenset({"candidate"}),
        args=lambda w: {"token": w.practice.screen_token},
        data=lambda w: dict.fromkeys(FEEDBACK_KEYS, "2"),
    ),
    # plans and candidates
    "interviews:plan_list": Entry(get=INTERVIEWERS | OWN_SPACE),
    "interviews:plan_ready_create": Entry(get=INTERVIEWERS | OWN_SPACE),
    "interviews:plan_create": Entry(get=INTERVIEWERS | OWN_SPACE),
    "interviews:plan_detail": Entry(get=INTERVIEWERS, args=plan),
    "interviews:plan_edit": Entry(get=INTERVIEWERS, args=plan),
    "interviews:plan_duplicate": Entry(get=INTERVIEWERS, args=plan),
    "interviews:plan_delete": Entry(get=INTERVIEWERS, args=plan),
    "interviews:plan_item_add": Entry(get=INTERVIEWERS, args=plan),
    "interviews:plan_questions_switch": Entry(
        get=INTERVIEWERS, args=lambda w: {"pk": w.plan.pk, "set_pk": w.question_set.pk}
    ),
    "interviews:plan_item_update": Entry(get=INTERVIEWERS, args=plan_item),
    "interviews:plan_item_move": Entry(
        get=INTERVIEWERS, args=lambda w: {**plan_item(w), "direction": "down"}
    ),
    "interviews:plan_item_remove": Entry(get=INTERVIEWERS, args=plan_item),
    "interviews:candidate_list": Entry(get=INTERVIEWERS | OWN_SPACE),
    "interviews:candidate_create": Entry(get=INTERVIEWERS | OWN_SPACE),
    "interviews:candidate_detail": Entry(get=INTERVIEWERS, args=candidate),
    "interviews:candidate_export": Entry(get=OWNER, args=candidate),
    "interviews:candidate_erase": Entry(get=OWNER, args=candidate),
    "interviews:candidate_plan_variant": Entry(
        get=INTERVIEWERS, args=lambda w: {"pk": w.candidate.pk, "plan_pk": w.plan.pk}
    ),
}

# The same routes met with links that have been used up, and screens an account has taken.
CASES: dict[str, tuple[str, Entry]] = {
    # The guest screen link of a practice whose seat the candidate member then took: dead.
    **{
        f"used guest link: {name}": (
            name,
            Entry(get=NOBODY, args=lambda w: {"token": w.guest_token}, query=query),
        )
        for name, query in (
            ("interviews:candidate_screen", lambda w: ""),
            ("interviews:screen_pad", lambda w: ""),
            ("interviews:candidate_screen_live", lambda w: "?once=1"),
            ("interviews:practice_feedback", lambda w: ""),
        )
    },
    # The screen of that seat is its account's alone, signed in.
    **{
        f"seated screen: {name}": (
            name,
            Entry(
                get=frozenset({"candidate"}),
                args=lambda w: {"token": w.practice.screen_token},
                query=query,
                data=lambda w: {"position": 0, "text": "Mine."},
            ),
        )
        for name, query in (
            ("interviews:candidate_screen", lambda w: ""),
            ("interviews:screen_pad", lambda w: ""),
            ("interviews:candidate_screen_live", lambda w: "?once=1"),
        )
    },
    # A scoring link whose seat the panelist took: it leads the scorer back and shows the
    # writer their own practice; to anyone else it names nobody.
    "used scoring link": (
        "interviews:written_join",
        Entry(
            get=WRITTEN_READERS,
            post=frozenset({"panelist"}),
            args=lambda w: {"token": w.used_written_token},
            refused_also=frozenset({422}),
        ),
    ),
}

# Django's admin: staff only, and none of the actors is staff; its own login page excepted.
PREFIXES: dict[str, Entry] = {"admin:": Entry(get=NOBODY, refused_also=frozenset({302}))}
ADMIN_SAMPLES = ("admin:index", "admin:accounts_user_changelist")
PUBLIC_ADMIN = {"admin:login", "admin:logout", "admin:javascript-catalog", "admin:view_on_site"}

# Rows that change on any request by design: who is signed in, login attempts.
VOLATILE = {"sessions.session", "axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def entry_for(name: str) -> Entry | None:
    if name in ENTRIES:
        return ENTRIES[name]
    return next((e for prefix, e in PREFIXES.items() if name.startswith(prefix)), None)


def test_every_url_pattern_has_an_entry():
    missing = [route.name for route in routes() if entry_for(route.name) is None]
    assert missing == [], f"add these routes to ENTRIES in {__file__}: {missing}"


def test_no_entry_names_a_route_that_is_gone():
    names = {route.name for route in routes()}
    assert sorted(set(ENTRIES) - names) == []


def _tables() -> list[str]:
    """Every table a request could write, many-to-many tables included."""
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.label_lower not in VOLATILE and not model._meta.proxy
        }
    )


@pytest.fixture(scope="module")
def writes(world, django_db_blocker):
    """A function returning how many rows have been inserted, updated or deleted in each table so
    far: a refused request must leave every count where it was. An update that rewrites a row
    with the same values counts too, so this is stricter than comparing the rows.

    PostgreSQL keeps these counts for the open transaction (pg_stat_xact_user_tables, attempted
    writes included, so a rolled-back savepoint never lowers them). SQLite has no such view:
    temporary triggers, made inside the world's transaction and gone with it, count instead."""
    tables = _tables()
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":

            def count() -> dict[str, int]:
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del"
                        " FROM pg_stat_xact_user_tables WHERE relname = ANY(%s)",
                        [tables],
                    )
                    return dict(cursor.fetchall())

            return count
        cursor.execute("CREATE TEMP TABLE matrix_writes (tbl TEXT PRIMARY KEY, n INTEGER)")
        for n, table in enumerate(tables):
            cursor.execute("INSERT INTO temp.matrix_writes VALUES (%s, 0)", [table])
            for event in ("INSERT", "UPDATE", "DELETE"):
                cursor.execute(
                    f'CREATE TEMP TRIGGER matrix_{n}_{event} AFTER {event} ON main."{table}"'
                    f" BEGIN UPDATE matrix_writes SET n = n + 1 WHERE tbl = '{table}'; END"
                )

    def count() -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tbl, n FROM temp.matrix_writes")
            return dict(cursor.fetchall())

    return count


def changed(before: dict, after: dict) -> list[str]:
    return sorted(table for table in after if before.get(table, 0) != after[table])


def refused(response, actor: str, entry: Entry) -> bool:
    if response.status_code in {404, 405} | entry.refused_also:
        return True
    location = response.get("Location", "")
    return actor == "anonymous" and response.status_code == 302 and "/login/" in location


def login_as(client, world: World, actor: str) -> None:
    client.logout()
    if actor != "anonymous":
        client.force_login(world.users[actor])


def exercise(client, world: World, writes, name: str, entry: Entry) -> list[str]:
    """Every actor, refused ones first (so an allowed write cannot hide a refused one)."""
    url = reverse(name, kwargs=entry.args(world)) + entry.query(world)
    problems = []
    for method, allowed in (("get", entry.get), ("post", entry.posters)):
        for actor in sorted(ACTORS, key=lambda a: a in allowed):
            login_as(client, world, actor)
            # Each request in a savepoint rolled back afterwards: every actor meets the same world.
            with transaction.atomic():
                before = writes()
                if method == "get":
                    response = client.get(url)
                else:
                    response = client.post(url, entry.data(world))
                after = writes()
                transaction.set_rollback(True)
            status = response.status_code
            outcome = f"{method.upper()} {url} as {actor}: {status}"
            if os.environ.get("MATRIX_DISCOVER"):
                print(name, method, actor, status, response.get("Location", ""))
                continue
            if status >= 500:
                problems.append(f"{outcome} (server error)")
            elif actor in allowed:
                to_login = status == 302 and "/login/" in response.get("Location", "")
                if status == 404 or (to_login and actor != "anonymous" and not entry.ends_at_login):
                    problems.append(f"{outcome}, but this actor is allowed")
            else:
                if not refused(response, actor, entry):
                    problems.append(f"{outcome}, but this actor is not allowed")
                diff = changed(before, after)
                if diff:
                    problems.append(f"{outcome} changed {diff}")
    return problems


def _matrix_names() -> list[str]:
    names = [route.name for route in routes() if not route.name.startswith("admin:")]
    return [*names, *ADMIN_SAMPLES]


@pytest.mark.parametrize("name", _matrix_names())
def test_only_the_entrys_actors_get_in(client, world, writes, name):
    entry = entry_for(name)
    assert entry is not None, f"{name} has no entry"
    problems = exercise(client, world, writes, name, entry)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", list(CASES))
def test_used_links_and_taken_seats_let_only_their_holders_in(client, world, writes, case):
    name, entry = CASES[case]
    problems = exercise(client, world, writes, name, entry)
    assert not problems, "\n".join(problems)


def test_the_write_counter_sees_a_write_even_one_that_changes_nothing(world, writes):
    """The matrix's own instrument: a refused request that rewrote a row as it was would
    otherwise pass unseen."""
    candidate = world.candidate
    with transaction.atomic():
        before = writes()
        type(candidate).objects.filter(pk=candidate.pk).update(name=candidate.name)
        after = writes()
        transaction.set_rollback(True)
    assert changed(before, after) == [candidate._meta.db_table]
    idle = writes()
    type(candidate).objects.filter(pk=candidate.pk).exists()
    assert changed(idle, writes()) == []
