"""Pages of the calibration package: a plan's agreement, the interviewers' calibration,
hiring decisions and drills."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.models import Role
from interviews import scoring
from interviews.access import (
    get_drill_for_user,
    get_gold_answer_for_user,
    get_plan_for_user,
    get_report_for_owner,
    owner_membership,
    staff_membership,
    staff_of,
)
from interviews.calibration import decisions, drills, selectors
from interviews.calibration.agreement import plan_agreement
from interviews.calibration.forms import (
    DecisionForm,
    DrillAttemptForm,
    DrillFilterForm,
    DrillForm,
    DrillQuestionForm,
    ReminderPolicyForm,
)
from interviews.calibration.interviewers import LEANING_AT, calibration_for
from interviews.calibration.services import reminder_policy_save
from interviews.errors import InterviewError
from interviews.models import DrillAttempt, ReminderPolicy, Report
from questionbank.access import question_sets_for
from questionbank.models import Question, RubricVersion


def _weak_first(criterion) -> tuple:
    """Criteria below .667 first (worst first), then the rest in plan order, undefined last."""
    alpha = criterion.agreement.alpha
    if alpha is None:
        return (2, 0, criterion.position)
    if alpha < scoring.TENTATIVE_AT:
        return (0, alpha, criterion.position)
    return (1, 0, criterion.position)


@require_GET
@login_required
def plan_agreement_view(request: HttpRequest, pk: int) -> HttpResponse:
    """How far the panels on one plan agree, and where they do not."""
    plan = get_plan_for_user(request, pk)
    found = plan_agreement(plan)
    criteria = sorted(found.criteria, key=_weak_first) if found else []
    return render(
        request,
        "interviews/calibration/plan_agreement.html",
        {
            "plan": plan,
            "found": found,
            "criteria": criteria,
        },
    )


@require_GET
@login_required
def interviewer_calibration(request: HttpRequest) -> HttpResponse:
    """For owners: how each interviewer rates beside the rest of their panels."""
    membership = owner_membership(request)
    people = calibration_for(membership.organisation)
    standings = drills.standings_for(membership.organisation)
    for person in people:
        person.drills = standings.get(person.username)
    return render(
        request,
        "interviews/calibration/interviewers.html",
        {
            "organisation": membership.organisation,
            "people": people,
            "leaning_at": float(LEANING_AT),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def reminder_settings(request: HttpRequest) -> HttpResponse:
    """For owners: whether and how often the organisation's missing scorecards are chased."""
    membership = owner_membership(request)
    policy = ReminderPolicy.objects.filter(organisation=membership.organisation).first()
    policy = policy or ReminderPolicy(organisation=membership.organisation)
    initial = {f: getattr(policy, f) for f in ("enabled", "business_days", "daily_limit")}
    form = ReminderPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        reminder_policy_save(organisation=membership.organisation, **form.cleaned_data)
        messages.success(request, "Reminder settings saved.")
        return redirect("interviews:reminder_settings")
    return render(request, "interviews/calibration/reminders.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def report_decision(request: HttpRequest, session_pk: int) -> HttpResponse:
    """For owners: the decision on one candidate, its history, and a new entry."""
    report = get_report_for_owner(request, session_pk)
    history = list(report.session.decisions.select_related("decided_by"))
    ready = report.status == Report.Status.READY
    choices = decisions.evidence_choices(report.data) if ready else []
    form = DecisionForm(request.POST or None, evidence_choices=choices, changing=bool(history))
    if request.method == "POST" and form.is_valid():
        try:
            decisions.decision_record(report=report, actor=request.user, **form.cleaned_data)
        except InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Decision recorded. It is locked; a change needs a reason.")
            return redirect("interviews:report_decision", session_pk)
    context = {"report": report, "session": report.session, "form": form, "history": history}
    context["ready"] = ready
    status = 422 if form.errors else 200
    return render(request, "interviews/calibration/decision.html", context, status=status)


DRILLS_PER_PAGE = 50


@require_GET
@login_required
def drill_list(request: HttpRequest) -> HttpResponse:
    """The drills the caller can score, the bank's gold answers among them, each with whether
    the caller has scored it, and their standing."""
    membership = staff_membership(request)
    board = drills.drill_board(organisation=membership.organisation, user=request.user)
    form = DrillFilterForm(request.GET)
    shown = form.apply(board, request.user)
    page = Paginator(shown, DRILLS_PER_PAGE).get_page(request.GET.get("page"))
    standing = drills.standings_for(membership.organisation).get(request.user.username)
    context = {"drills": list(page), "page": page, "standing": standing, "form": form}
    context["any_drill"] = bool(board)
    context["filtered"] = form.is_valid() and any(form.cleaned_data.values())
    context["is_owner"] = membership.role == "owner"
    return render(request, "interviews/calibration/drill_list.html", context)


def _drill_questions(membership):
    published = RubricVersion.objects.filter(status=RubricVersion.Status.PUBLISHED)
    return (
        Question.objects.filter(question_set__in=question_sets_for(membership))
        .filter(rubric_versions__in=published)
        .distinct()
        .in_bank_order()
    )


@require_http_methods(["GET", "POST"])
@login_required
def drill_create(request: HttpRequest) -> HttpResponse:
    """For owners: pick a question, then record the gold answer and its reference ratings."""
    membership = owner_membership(request)
    picker = DrillQuestionForm(request.GET or None, questions=_drill_questions(membership))
    if not picker.is_valid():
        context = {"picker": picker}
        return render(request, "interviews/calibration/drill_form.html", context)
    question = picker.cleaned_data["question"]
    rubric = question.current_rubric()
    form = DrillForm(request.POST or None, rubric=rubric)
    if request.method == "POST" and form.is_valid():
        try:
            drill = drills.drill_create(
                organisation=membership.organisation,
                question=question,
                title=form.cleaned_data["title"],
                transcript=form.cleaned_data["transcript"],
                reference=form.reference(),
                reasoning=form.reasoning(),
                actor=request.user,
            )
        except InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Drill saved. Interviewers can now score it blind.")
            return redirect(drill)
    context = {"picker": picker, "question": question, "rubric": rubric, "form": form}
    status = 422 if form.errors else 200
    return render(request, "interviews/calibration/drill_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def drill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Score a drill blind; once scored, the deviation per criterion and the reasoning."""
    return _drill_page(request, get_drill_for_user(request, pk))


@require_http_methods(["GET", "POST"])
@login_required
def gold_drill(request: HttpRequest, pk: int) -> HttpResponse:
    """A gold answer shipped with the bank, scored blind like any drill; once someone in the
    organisation has scored it, it lives at its drill's address."""
    gold = get_gold_answer_for_user(request, pk)
    organisation = staff_membership(request).organisation
    drill = drills.gold_drill(organisation=organisation, gold=gold)
    if drill.pk is not None and request.method == "GET":
        return redirect(drill)
    return _drill_page(request, drill)


def _drill_page(request: HttpRequest, drill) -> HttpResponse:
    attempt = drill.attempts.filter(interviewer=request.user).first() if drill.pk else None
    form = DrillAttemptForm(request.POST or None, rubric=drill.rubric)
    if attempt is None and request.method == "POST" and form.is_valid():
        try:
            attempt = drills.drill_attempt_submit(
                drill=drill, interviewer=request.user, ratings=form.ratings()
            )
        except InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            return redirect(attempt.drill)
    author = drill.created_by_id == request.user.pk
    context = {"drill": drill, "attempt": attempt, "form": form, "author": author}
    if attempt is not None:
        context["results"] = drills.results(drill, attempt)
    elif not author:
        context["rows"] = _blind_rows(drill, form)
    else:
        context["reference"] = drills.results(drill, DrillAttempt(ratings={}))
    status = 422 if form.errors else 200
    return render(request, "interviews/calibration/drill_detail.html", context, status=status)


def _blind_rows(drill, form) -> list[dict]:
    """The rubric as the console shows it: each criterion with every level's descriptor."""
    return [
        {
            "criterion": c,
            "name": f"level_{c.pk}",
            "levels": drill.rubric.levels_for(c),
            "chosen": str(form[f"level_{c.pk}"].value() or ""),
            "errors": form[f"level_{c.pk}"].errors,
        }
        for c in form.criteria
    ]


@login_required
@require_GET
def plan_debrief(request: HttpRequest, pk: int) -> HttpResponse:
    """Every candidate interviewed on one plan, side by side on the same numbers: the debrief."""
    plan = get_plan_for_user(request, pk)
    by_disagreement = request.GET.get("order") == "disagreement"
    is_owner = staff_of(request).role == Role.OWNER
    context = selectors.debrief_context(
        plan=plan, by_disagreement=by_disagreement, is_owner=is_owner
    )
    return render(request, "interviews/plan_debrief.html", context)
