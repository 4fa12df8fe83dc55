"""One realistic organisation with every kind of object and every kind of person around it, for
the access matrix and the malformed-input walk."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accounts.models import Invitation, Membership, Organisation, Role, token_digest
from accounts.services import membership_add, organisation_create, organisation_open, user_create
from interviews.models import Candidate, InterviewPlan, InterviewSession, PlanItem
from questionbank import services as bank_services
from questionbank.models import Question, QuestionSet
from tests import builders
from tests.questionbank.test_bank_support import make_bank

PASSWORD = "a-long-pass-phrase"
# "owner" sits on no panel; "panelowner", an owner too, sits on the live session's panel.
ACTORS = (
    "anonymous",
    "stranger",
    "rival",
    "candidate",
    "offpanel",
    "panelist",
    "owner",
    "panelowner",
)


@dataclass
class World:
    organisation: Organisation
    users: dict
    question_set: QuestionSet
    question: Question
    criterion_pk: int
    flag_pk: int
    plan: InterviewPlan
    item: PlanItem
    candidate: Candidate
    session: InterviewSession  # live, panelist (its lead) and panelowner on the panel
    submitted: InterviewSession  # submitted, with its report, the candidate member its candidate
    member: Membership  # the candidate member's membership
    invitation: Invitation
    invitation_token: str
    regrade_pk: int = 0
    drill_pk: int = 0
    gold_pk: int = 0  # a gold answer of the organisation's own bank, a drill nobody scored yet
    # The candidate member's written practice in their personal space, handed in; the panelist
    # holds its scoring seat. A second one has a scoring link nobody has taken.
    written: InterviewSession | None = None
    written_token: str = ""
    used_written_token: str = ""  # the scoring link of the first, whose seat the panelist took
    practice: InterviewSession | None = None  # submitted practice, the candidate member joined
    open_practice: InterviewSession | None = None  # scheduled practice, nobody joined yet
    guest_token: str = ""  # the practice's guest screen link, revoked when the member joined


def _person(username: str, organisation: Organisation | None = None, role: str | None = None):
    user = user_create(
        username=username, email=f"{username}@example.com", password=PASSWORD, email_verified=True
    )
    if organisation is not None:
        membership_add(organisation=organisation, user=user, role=role)
        organisation_open(user=user, organisation=organisation)
    return user


def build_world() -> World:
    owner = _person("owner")
    organisation = organisation_create(name="Acme hiring", owner=owner)
    users = {
        "owner": owner,
        "panelist": _person("panelist", organisation, Role.INTERVIEWER),
        "offpanel": _person("offpanel", organisation, Role.INTERVIEWER),
        "panelowner": _person("panelowner", organisation, Role.OWNER),
        "candidate": _person("candidate", organisation, Role.CANDIDATE),
        "stranger": _person("stranger"),
        "rival": _person("rival"),
    }
    rival_team = organisation_create(name="Rival hiring", owner=users["rival"])
    builders.make_plan(rival_team, title="Rival loop")

    question_set = make_bank(organisation=organisation, slug="acme", title="Acme bank")
    question = question_set.questions.order_by("position").first()
    gold = _gold_answer(question)
    draft = bank_services.rubric_revise(question=question, user=owner)
    criterion = draft.criteria.order_by("position").first()
    flag = bank_services.red_flag_add(rubric=draft, title="Guesses", penalty=5)

    plan = builders.make_plan(organisation, title="Acme loop")
    session = builders.make_session(
        organisation,
        [users["panelist"], users["panelowner"]],
        plan=plan,
        candidate_name="Casey",
        mode=InterviewSession.Mode.HIRING,
    )
    submitted = builders.make_session(
        organisation,
        [users["panelist"]],
        plan=plan,
        candidate_name="Cam Member",
        email="candidate@example.com",
        mode=InterviewSession.Mode.HIRING,
    )
    Candidate.objects.filter(pk=submitted.candidate_id).update(user=users["candidate"])
    builders.rate_all(submitted, users["panelist"])
    submitted.refresh_from_db()
    _earlier_version(submitted)
    regrade_pk, drill_pk = _regrade_and_drill(submitted, users, organisation)
    written, written_token, used_written_token = _written_practices(users)

    practice, open_practice, guest_token = _practice(users, organisation, plan)

    token = Invitation.new_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        email="newcomer@example.com",
        role=Role.INTERVIEWER,
        invited_by=owner,
        token_hash=token_digest(token),
        expires_at=timezone.now() + timedelta(days=7),
    )
    return World(
        organisation=organisation,
        users=users,
        question_set=question_set,
        question=question,
        criterion_pk=criterion.pk,
        flag_pk=flag.pk,
        plan=plan,
        item=plan.items.order_by("position").first(),
        candidate=session.candidate,
        session=session,
        submitted=submitted,
        member=Membership.objects.get(user=users["candidate"], organisation=organisation),
        invitation=invitation,
        invitation_token=token,
        regrade_pk=regrade_pk,
        drill_pk=drill_pk,
        gold_pk=gold.pk,
        written=written,
        written_token=written_token,
        used_written_token=used_written_token,
        practice=practice,
        open_practice=open_practice,
        guest_token=guest_token,
    )


def _practice(users, organisation, plan):
    """Two practice sessions with the panelist interviewing: one submitted, whose candidate
    member joined by link (revoking the guest screen link given out before), and one waiting
    for its peer to open the join link."""
    from interviews.models import PracticeLink
    from interviews.practice.services import practice_join

    practice = builders.make_session(
        organisation, [users["panelist"]], plan=plan, candidate_name="Pat Peer"
    )
    guest_token = practice.screen_token
    practice_join(link=PracticeLink.objects.create(session=practice), user=users["candidate"])
    builders.rate_all(practice, users["panelist"])
    practice.refresh_from_db()
    open_practice = builders.make_session(
        organisation, [users["panelist"]], plan=plan, candidate_name="Invited peer"
    )
    PracticeLink.objects.create(session=open_practice)
    return practice, open_practice, guest_token


def _earlier_version(session) -> None:
    """A first version of the submitted report, as an amendment would leave it, so the route
    that shows earlier versions has one to show."""
    from interviews.models import ReportVersion
    from interviews.reports.generation import report_generate

    report = report_generate(session_id=session.pk)
    ReportVersion.objects.create(report=report, number=1, data=report.data, reason="amended")


def _regrade_and_drill(session, users, organisation) -> tuple[int, int]:
    """An open regrade request by the candidate member on the submitted report, and a drill."""
    from interviews.models import Drill, RegradeRequest

    question = session.questions.order_by("position").first()
    criterion = question.rubric.criteria.order_by("position").first()
    regrade = RegradeRequest.objects.create(
        organisation=organisation,
        session=session,
        session_question=question,
        criterion=criterion,
        requested_by=users["candidate"],
        reason="I did mention retries.",
    )
    drill = Drill.objects.create(
        organisation=organisation,
        question=question.question,
        rubric=question.rubric,
        title="Gold answer",
        transcript="A reference answer.",
        reference={str(criterion.pk): 3},
        created_by=users["owner"],
    )
    return regrade.pk, drill.pk


def _gold_answer(question):
    from questionbank.models import GoldAnswer

    rubric = question.current_rubric()
    return GoldAnswer.objects.create(
        question=question,
        rubric=rubric,
        title="Strong answer",
        answer="A worked answer.",
        levels={str(c.pk): {"points": 3, "why": "Solid."} for c in rubric.criteria.all()},
    )


def _written_practices(users) -> tuple[InterviewSession, str, str]:
    """Two written practices by the candidate member: one scored from the panelist's seat,
    one whose scoring link is still open. Returns the first and both links (open, used)."""
    from interviews.practice import services as practice

    writer = users["candidate"]
    plan = builders.make_plan(practice.personal_space_of(writer), title="Own loop")
    done = []
    for _ in range(2):
        written = practice.written_start(user=writer, plan=plan)
        practice.written_open(written=written, position=0)
        practice.written_answer_save(written=written, position=0, text="Events trigger functions.")
        practice.written_submit(written=written, actor=writer)
        done.append((written, practice.written_invite(written=written, actor=writer)))
    practice.written_seat_take(written=done[0][0], user=users["panelist"])
    return done[0][0].session, done[1][1], done[0][1]
