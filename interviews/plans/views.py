"""Interview plans and candidates: the plans list, the plan builder (a question picker beside the
ordered plan, every change answered with the plan fragment to htmx or a redirect to a plain form
post), the candidates list, and variant plans that spare a candidate the questions they have seen.
"""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.models import Organisation, Role
from config.htmx import wants_fragment
from config.ordering import MOVES
from config.search import fold
from interviews.access import (
    get_candidate_for_user,
    get_plan_for_user,
    owner_membership,
    staff_membership,
)
from interviews.errors import InterviewError
from interviews.models import (
    Candidate,
    InterviewPlan,
    InterviewSession,
    PlanItem,
    Scorecard,
    SessionQuestion,
    band_words,
)
from interviews.plans import privacy, services
from interviews.plans.forms import (
    CandidateForm,
    CandidateSearchForm,
    PlanForm,
    PlanItemAddForm,
    PlanItemForm,
)
from questionbank.access import question_sets_for
from questionbank.forms import BankFilterForm
from questionbank.models import Category, Question, QuestionSet, Tag

PICKER_PAGE_SIZE = 20
CANDIDATE_PAGE_SIZE = 50


# Plans list --------------------------------------------------------------------------------------


def _plan_rows(organisation: Organisation) -> list[InterviewPlan]:
    """One query whatever the number of plans: items are joined once, sessions counted apart
    so the two joins cannot multiply each other's counts."""
    sessions = (
        InterviewSession.objects.filter(plan=OuterRef("pk"))
        .order_by()
        .values("plan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    per_category = {
        f"n_{value}": Count("items", filter=Q(items__question__category=value))
        for value in Category.values
    }
    rows = list(
        organisation.plans.annotate(
            question_count=Count("items"),
            total_minutes=Coalesce(Sum("items__minutes"), 0),
            session_count=Coalesce(Subquery(sessions), 0),
            **per_category,
        ).order_by("title", "pk")
    )
    for row in rows:
        row.mix = [
            (value, label, getattr(row, f"n_{value}"))
            for value, label in Category.choices
            if getattr(row, f"n_{value}")
        ]
    return rows


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    membership = staff_membership(request)
    context = {
        "membership": membership,
        "plans": _plan_rows(membership.organisation),
        "ready_title": services.DEFAULT_PLAN_TITLE,
    }
    return render(request, "interviews/plan_list.html", context)


@require_POST
@login_required
def plan_ready_create(request: HttpRequest) -> HttpResponse:
    membership = staff_membership(request)
    plan = services.default_plan_ensure(organisation=membership.organisation, user=request.user)
    if plan is None:
        messages.error(
            request,
            "The ready plan is built from the shared serverless question bank, which is not "
            "loaded on this server yet. Build your own plan, or ask an administrator to load it.",
        )
        return redirect("interviews:plan_list")
    messages.success(request, f"“{plan.title}” is ready. Change anything you like in it.")
    return redirect(plan)


# Plan details ------------------------------------------------------------------------------------


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    membership = staff_membership(request)
    form = PlanForm.for_plan(None, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                organisation=membership.organisation, user=request.user, **form.plan_fields()
            )
        except InterviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Created “{plan.title}”. Now pick its questions.")
            return redirect(plan)
    return render(request, "interviews/plan_form.html", {"form": form, "plan": None})


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk)
    form = PlanForm.for_plan(plan, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_details_update(plan=plan, **form.plan_fields())
        except InterviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved “{plan.title}”.")
            return redirect(plan)
    return render(request, "interviews/plan_form.html", {"form": form, "plan": plan})


@require_POST
@login_required
def plan_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk)
    copy = services.plan_duplicate(plan=plan, user=request.user)
    messages.success(request, f"This is a copy of “{plan.title}”: rename it and change freely.")
    return redirect(copy)


@login_required
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk)
    if request.method == "POST":
        try:
            services.plan_delete(plan=plan)
        except InterviewError as error:
            messages.error(request, str(error))
            return redirect(plan)
        messages.success(request, f"Deleted “{plan.title}”.")
        return redirect("interviews:plan_list")
    context = {"plan": plan, "session_count": plan.sessions.count()}
    return render(request, "interviews/plan_delete.html", context)


# Plan builder ------------------------------------------------------------------------------------


def _get_item_for_user(request: HttpRequest, pk: int, item_pk: int) -> PlanItem:
    plan = get_plan_for_user(request, pk)
    return get_object_or_404(plan.items.select_related("question"), pk=item_pk)


def _picker_context(request: HttpRequest, plan: InterviewPlan) -> dict:
    """The bank's filters over the questions this plan may take, one page at a time."""
    choices = services.plan_question_choices(organisation=plan.organisation)
    tags = Tag.objects.filter(questions__in=choices).distinct().values_list("name", flat=True)
    copied = QuestionSet.objects.filter(
        organisation=plan.organisation_id, copied_from__isnull=False
    )
    sets = question_sets_for(staff_membership(request)).exclude(pk__in=copied.values("copied_from"))
    form = BankFilterForm(request.GET or None, sets=sets, tags=tags, auto_id="picker-%s")
    filters = form.filters() if form.is_bound else {}
    questions = choices.matching(filters).in_bank_order().select_related("question_set")
    page = Paginator(questions, PICKER_PAGE_SIZE).get_page(request.GET.get("page"))
    return {"picker_form": form, "page": page, "filtered": bool(filters)}


def _category_mix(items: list[PlanItem]) -> list[dict]:
    """Questions and minutes per category, every category listed so a missing one shows."""
    total = sum(item.minutes for item in items)
    mix = []
    for value, label in Category.choices:
        minutes = [item.minutes for item in items if item.question.category == value]
        share = round(sum(minutes) * 100 / total) if total else 0
        mix.append(
            {
                "value": value,
                "label": label,
                "count": len(minutes),
                "minutes": sum(minutes),
                "share": share,
            }
        )
    return mix


def _plan_context(
    plan: InterviewPlan,
    *,
    forms: dict[int, PlanItemForm] | None = None,
    notice: str = "",
    error: str = "",
    touched: Question | None = None,
) -> dict:
    """The ordered plan with its totals; `touched` is the question whose picker row changed."""
    items = list(plan.items.select_related("question").order_by("position", "pk"))
    forms = forms or {}
    return {
        "plan": plan,
        "rows": [(item, forms.get(item.pk) or PlanItemForm.for_item(item)) for item in items],
        "total_minutes": sum(item.minutes for item in items),
        "question_count": len(items),
        "mix": _category_mix(items),
        "added_ids": {item.question_id for item in items},
        "notice": notice,
        "error": error,
        "touched": touched,
    }


def _plan_response(request: HttpRequest, plan: InterviewPlan, **outcome) -> HttpResponse:
    """htmx gets the plan fragment (and the picker row that changed); a plain post goes back to
    the builder with the same picker filters."""
    if request.htmx:
        context = _plan_context(plan, **outcome)
        return render(request, "interviews/plan_detail.html#plan_changed", context)
    if outcome.get("error"):
        messages.error(request, outcome["error"])
    elif outcome.get("notice"):
        messages.success(request, outcome["notice"])
    query = request.GET.urlencode()
    return redirect(f"{plan.get_absolute_url()}{'?' + query if query else ''}#plan")


@login_required
@vary_on_headers("HX-Request")
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk)
    context = {**_plan_context(plan), **_picker_context(request, plan)}
    if wants_fragment(request):
        return render(request, "interviews/plan_detail.html#picker", context)
    context["session_count"] = plan.sessions.count()
    context["copies"] = services.plan_copies_available(plan)
    return render(request, "interviews/plan_detail.html", context)


@require_POST
@login_required
def plan_questions_switch(request: HttpRequest, pk: int, set_pk: int) -> HttpResponse:
    """One step from the shared set to the organisation's own copy of it."""
    plan = get_plan_for_user(request, pk)
    copy = get_object_or_404(
        QuestionSet.objects.filter(organisation=plan.organisation_id), pk=set_pk
    )
    try:
        moved = services.plan_questions_switch(plan=plan, copy=copy)
    except InterviewError as error:
        messages.error(request, str(error))
        return redirect(plan)
    messages.success(
        request,
        f"{moved} question{pluralize(moved)} now come{'s' if moved == 1 else ''} from "
        f"“{copy.title}”, with its rubrics. Sessions already scheduled keep theirs.",
    )
    return redirect(plan)


@require_POST
@login_required
def plan_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_plan_for_user(request, pk)
    form = PlanItemAddForm(request.POST)
    try:
        if not form.is_valid():
            raise InterviewError("Choose a question to add.")
        item = services.plan_item_add(plan=plan, question_id=form.cleaned_data["question"])
    except InterviewError as error:
        return _plan_response(request, plan, error=str(error))
    notice = f"Added “{item.question.summary}”."
    return _plan_response(request, plan, notice=notice, touched=item.question)


@require_POST
@login_required
def plan_item_update(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _get_item_for_user(request, pk, item_pk)
    form = PlanItemForm.for_item(item, request.POST)
    try:
        if not form.is_valid():
            raise InterviewError(form.first_error())
        services.plan_item_update(item=item, **form.cleaned_data)
    except InterviewError as error:
        error_text = f"Question {item.position + 1} not saved: {error}"
        return _plan_response(request, item.plan, error=error_text, forms={item.pk: form})
    notice = f"Saved question {item.position + 1}: {item.minutes} min."
    return _plan_response(request, item.plan, notice=notice)


@require_POST
@login_required
def plan_item_move(request: HttpRequest, pk: int, item_pk: int, direction: str) -> HttpResponse:
    item = _get_item_for_user(request, pk, item_pk)
    if direction not in MOVES:
        raise Http404("Questions move up or down.")
    services.plan_item_move(item=item, offset=MOVES[direction])
    notice = f"Moved “{item.question.summary}” {direction}."
    return _plan_response(request, item.plan, notice=notice)


@require_POST
@login_required
def plan_item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _get_item_for_user(request, pk, item_pk)
    services.plan_item_remove(item=item)
    notice = f"Removed “{item.question.summary}”."
    return _plan_response(request, item.plan, notice=notice, touched=item.question)


# Candidates --------------------------------------------------------------------------------------


def _candidate_rows(organisation: Organisation, search: str) -> QuerySet[Candidate]:
    candidates = organisation.candidates.annotate(
        session_count=Count("sessions"), last_session=Max("sessions__scheduled_at")
    )
    for word in fold(search).split():
        candidates = candidates.filter(search_key__contains=word)
    return candidates.order_by("name", "pk")


@login_required
@vary_on_headers("HX-Request")
def candidate_list(request: HttpRequest) -> HttpResponse:
    membership = staff_membership(request)
    form = CandidateSearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    candidates = _candidate_rows(membership.organisation, search)
    page = Paginator(candidates, CANDIDATE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"membership": membership, "form": form, "page": page, "search": search}
    if wants_fragment(request):
        return render(request, "interviews/candidate_list.html#results", context)
    return render(request, "interviews/candidate_list.html", context)


@login_required
def candidate_create(request: HttpRequest) -> HttpResponse:
    membership = staff_membership(request)
    form = CandidateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        candidate = services.candidate_get_or_create(
            organisation=membership.organisation, **form.cleaned_data
        )
        messages.success(request, f"{candidate.name} is on your list of candidates.")
        return redirect("interviews:candidate_detail", pk=candidate.pk)
    return render(request, "interviews/candidate_form.html", {"form": form})


def _candidate_sessions(candidate: Candidate, membership) -> list[InterviewSession]:
    """Newest first, each with its report's status, score and band when a report exists, and
    whether the viewer may open its page (an owner, or a member of its panel)."""
    sessions = list(
        candidate.sessions.select_related("plan").annotate(
            report_status=F("report__status"),
            overall=F("report__overall"),
            band=F("report__band"),
            openable=Value(True)
            if membership.role == Role.OWNER
            else Exists(
                Scorecard.objects.filter(session=OuterRef("pk"), interviewer=membership.user)
            ),
        )
    )
    for session in sessions:
        session.band_label = band_words(session.band, practice=session.is_practice)
    return sessions


@login_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for_user(request, pk)
    membership = staff_membership(request)
    seen = (
        SessionQuestion.objects.filter(session__candidate=candidate).asked().values("question_id")
    )
    plans = candidate.organisation.plans.annotate(
        question_count=Count("items"),
        seen_count=Count("items", filter=Q(items__question_id__in=seen)),
    ).order_by("title", "pk")
    context = {
        "candidate": candidate,
        "sessions": _candidate_sessions(candidate, membership),
        "seen_count": seen.order_by().distinct().count(),
        "is_owner": membership.role == Role.OWNER,
        "plans": plans,
    }
    return render(request, "interviews/candidate_detail.html", context)


@login_required
def candidate_plan_variant(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    candidate = get_candidate_for_user(request, pk)
    plan = get_plan_for_user(request, plan_pk)
    if request.method == "POST":
        return _variant_create(request, candidate, plan)
    swaps = services.plan_variant_suggest(plan=plan, candidate=candidate)
    context = {
        "candidate": candidate,
        "plan": plan,
        "swaps": swaps,
        "swappable": sum(1 for _, fresh in swaps if fresh),
    }
    return render(request, "interviews/candidate_variant.html", context)


def _variant_create(
    request: HttpRequest, candidate: Candidate, plan: InterviewPlan
) -> HttpResponse:
    try:
        variant = services.plan_variant_create(plan=plan, candidate=candidate, user=request.user)
    except InterviewError as error:
        messages.error(request, str(error))
        return redirect("interviews:candidate_plan_variant", pk=candidate.pk, plan_pk=plan.pk)
    messages.success(
        request,
        f"Created “{variant.title}”: the same plan with questions {candidate} has not seen.",
    )
    return redirect(variant)


@login_required
def candidate_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything held about one person, as JSON: for the organisation's owners."""
    candidate = get_candidate_for_user(request, pk)
    owner_membership(request)
    body = json.dumps(privacy.candidate_export(candidate=candidate), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="candidate-{candidate.pk}.json"'
    return response


@login_required
def candidate_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Anonymise a candidate on request, after a confirmation: for the organisation's owners."""
    candidate = get_candidate_for_user(request, pk)
    owner_membership(request)
    if request.method == "POST":
        privacy.candidate_erase(candidate=candidate, actor=request.user)
        messages.success(request, "Erased: the name, e-mail, notes and quotes are gone.")
        return redirect("interviews:candidate_detail", pk=candidate.pk)
    context = {"candidate": candidate, "session_count": candidate.sessions.count()}
    return render(request, "interviews/candidate_erase.html", context)
