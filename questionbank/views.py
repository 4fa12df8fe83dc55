"""Question bank pages: browse and filter, read a question with its rubric versions, copy and
export sets, and edit an organisation's own sets, questions and draft rubrics."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from config.htmx import wants_fragment
from config.ordering import MOVES
from questionbank import services
from questionbank.access import (
    bank_membership,
    get_draft_criterion_for_user,
    get_draft_for_user,
    get_draft_red_flag_for_user,
    get_question_for_user,
    get_question_set_for_user,
    question_sets_for,
)
from questionbank.bankfile import plain_number
from questionbank.forms import (
    BankFilterForm,
    CriterionForm,
    QuestionForm,
    QuestionSetForm,
    RedFlagForm,
)
from questionbank.models import Criterion, Question, QuestionSet, RubricVersion, Tag

PAGE_SIZE = 25


# Bank home ---------------------------------------------------------------------------------------


def _filtered_questions(sets: QuerySet[QuestionSet], filters: dict) -> QuerySet[Question]:
    questions = Question.objects.filter(question_set__in=sets).matching(filters)
    current = RubricVersion.objects.filter(
        question=OuterRef("pk"), status=RubricVersion.Status.PUBLISHED
    ).order_by("-number")
    criteria = (
        Criterion.objects.filter(rubric=OuterRef("current_rubric_id"))
        .order_by()
        .values("rubric")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        questions.annotate(current_rubric_id=Subquery(current.values("pk")[:1]))
        .annotate(criteria_count=Subquery(criteria))
        .select_related("question_set")
        .prefetch_related("tags")
        .in_bank_order()
    )


def _set_rows(sets: QuerySet[QuestionSet]) -> list[QuestionSet]:
    rows = list(
        sets.annotate(question_count=Count("questions")).order_by(
            F("organisation_id").desc(nulls_last=True), "title"
        )
    )
    copies = {row.copied_from_id: row for row in rows if not row.is_shared and row.copied_from_id}
    for row in rows:
        row.own_copy = copies.get(row.pk) if row.is_shared else None
    return rows


@login_required
@vary_on_headers("HX-Request")
def bank_index(request: HttpRequest) -> HttpResponse:
    membership = bank_membership(request)
    sets = question_sets_for(membership)
    tags = Tag.objects.filter(questions__question_set__in=sets).distinct()
    form = BankFilterForm(request.GET or None, sets=sets, tags=tags.values_list("name", flat=True))
    filters = form.filters() if form.is_bound else {}
    questions = _filtered_questions(sets, filters)
    page = Paginator(questions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "filtered": bool(filters),
        "membership": membership,
        # Moving makes sense only over one whole set of the organisation's own, in order.
        "reorder": set(filters) == {"set"} and not filters["set"].is_shared,
    }
    if wants_fragment(request):
        return render(request, "questionbank/index.html#results", context)
    context["question_sets"] = _set_rows(sets)
    return render(request, "questionbank/index.html", context)


# Question sets -----------------------------------------------------------------------------------


@login_required
def question_set_create(request: HttpRequest) -> HttpResponse:
    membership = bank_membership(request)
    form = QuestionSetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        question_set = services.question_set_create(
            organisation=membership.organisation, **form.cleaned_data
        )
        messages.success(request, f"Created “{question_set.title}”. Add its first question.")
        return redirect("questionbank:question_create", pk=question_set.pk)
    return render(
        request, "questionbank/question_set_form.html", {"form": form, "membership": membership}
    )


@login_required
def question_set_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = get_question_set_for_user(request, pk, write=True)
    form = QuestionSetForm.for_question_set(question_set, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.question_set_update(question_set=question_set, **form.cleaned_data)
        messages.success(request, f"Saved “{question_set.title}”.")
        return redirect(f"{reverse('questionbank:index')}?set={question_set.pk}")
    context = {"form": form, "question_set": question_set, "membership": bank_membership(request)}
    return render(request, "questionbank/question_set_form.html", context)


@require_POST
@login_required
def question_set_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_question_set_for_user(request, pk)
    organisation = bank_membership(request).organisation
    copy = services.question_set_copy(source=source, organisation=organisation, user=request.user)
    messages.success(
        request,
        f"Copied “{source.title}” to {organisation.name} as “{copy.title}”: "
        "its questions and rubrics are yours to edit.",
    )
    return redirect(f"{reverse('questionbank:index')}?set={copy.pk}")


@login_required
def question_set_export(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = get_question_set_for_user(request, pk)
    response = HttpResponse(
        services.bank_export(question_set=question_set),
        content_type="application/yaml; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{question_set.slug}.yaml"
    )
    return response


# Questions ---------------------------------------------------------------------------------------


def _rubric_rows(rubric: RubricVersion) -> list[dict]:
    """Each criterion with its levels, its share of the weight, and which cells are anchors."""
    criteria = list(rubric.criteria.all())
    total = sum((c.weight for c in criteria), Decimal(0))
    return [
        {
            "criterion": c,
            "weight": plain_number(c.weight),
            "share": c.weight * 100 / total if total else None,
            "levels": [
                {**level, "anchored": str(level["points"]) in (c.anchors or {})}
                for level in rubric.levels_for(c)
            ],
        }
        for c in criteria
    ]


def _chosen_version(request: HttpRequest, versions: list[RubricVersion]) -> RubricVersion | None:
    wanted = request.GET.get("version")
    if wanted:
        for version in versions:
            if str(version.number) == wanted:
                return version
        raise Http404("This question has no such rubric version.")
    published = [v for v in versions if v.is_published]
    return (published or versions or [None])[-1]


@login_required
@vary_on_headers("HX-Request")
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request, pk)
    can_edit = not question.question_set.is_shared
    versions = list(question.rubric_versions.prefetch_related("criteria", "red_flags"))
    if not can_edit:
        versions = [v for v in versions if v.is_published]
    current = next((v for v in reversed(versions) if v.is_published), None)
    shown = _chosen_version(request, versions)
    order = list(question.question_set.questions.values_list("pk", flat=True))
    context = {
        "question": question,
        "number": order.index(question.pk) + 1,
        "set_size": len(order),
        "can_edit": can_edit,
        "versions": versions,
        "current": current,
        "draft": next((v for v in versions if not v.is_published), None),
        "shown": shown,
        "rows": _rubric_rows(shown) if shown else [],
        "membership": bank_membership(request),
    }
    if wants_fragment(request):
        return render(request, "questionbank/question_detail.html#rubric", context)
    return render(request, "questionbank/question_detail.html", context)


@login_required
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    question_set = get_question_set_for_user(request, pk, write=True)
    form = QuestionForm(request.POST or None, question_set=question_set)
    if request.method == "POST" and form.is_valid():
        question = services.question_create(
            question_set=question_set,
            fields=form.question_fields(),
            tags=form.cleaned_data["tags"],
        )
        messages.success(request, "Question added. Next, write its rubric.")
        return redirect("questionbank:question", pk=question.pk)
    return render(
        request,
        "questionbank/question_form.html",
        {"form": form, "question_set": question_set, "question": None},
    )


@login_required
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request, pk, write=True)
    form = QuestionForm(request.POST or None, question_set=question.question_set, question=question)
    if request.method == "POST" and form.is_valid():
        services.question_update(
            question=question, fields=form.question_fields(), tags=form.cleaned_data["tags"]
        )
        messages.success(request, "Question saved.")
        return redirect("questionbank:question", pk=question.pk)
    return render(
        request,
        "questionbank/question_form.html",
        {"form": form, "question_set": question.question_set, "question": question},
    )


def _back(request: HttpRequest, default: str) -> str:
    """Where a form posted from several pages returns to: its own page, never another site."""
    wanted = request.POST.get("next", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default


@require_POST
@login_required
def question_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    question = get_question_for_user(request, pk, write=True)
    if direction not in MOVES:
        raise Http404("Questions move up or down.")
    services.question_move(question=question, offset=MOVES[direction])
    if not wants_fragment(request):
        messages.success(request, f"Moved “{question.summary}” {direction}.")
    # htmx follows the redirect with its headers, so the bank's list answers with its fragment.
    # A plain redirect: redirect() would try a bare word such as "dashboard" as a URL name.
    return HttpResponseRedirect(_back(request, reverse("questionbank:question", args=[pk])))


@login_required
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request, pk, write=True)
    if request.method == "POST":
        try:
            services.question_delete(question=question)
        except services.BankError as error:
            messages.error(request, str(error))
            return redirect("questionbank:question", pk=pk)
        messages.success(request, f"Deleted “{question.summary}” and its rubric versions.")
        return redirect(f"{reverse('questionbank:index')}?set={question.question_set_id}")
    context = {
        "question": question,
        "usage": services.question_usage(question=question),
        "versions": question.rubric_versions.all(),
    }
    return render(request, "questionbank/question_delete.html", context)


# Rubric drafts -----------------------------------------------------------------------------------


@require_POST
@login_required
def rubric_revise(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request, pk, write=True)
    services.rubric_revise(question=question, user=request.user)
    return redirect("questionbank:rubric_draft", pk=question.pk)


def _draft_context(
    rubric: RubricVersion,
    *,
    criterion_forms: dict | None = None,
    new_criterion: CriterionForm | None = None,
    flag_forms: dict | None = None,
    new_flag: RedFlagForm | None = None,
    saved: str = "",
) -> dict:
    criterion_forms, flag_forms = criterion_forms or {}, flag_forms or {}
    criteria = list(rubric.criteria.all())
    flags = list(rubric.red_flags.all())
    return {
        "rubric": rubric,
        "question": rubric.question,
        "previous": rubric.question.current_rubric(),
        "criteria": [
            (c, criterion_forms.get(c.pk) or CriterionForm.for_criterion(c, scale=rubric.scale))
            for c in criteria
        ],
        "total_weight": sum((c.weight for c in criteria), Decimal(0)),
        "new_criterion": new_criterion or CriterionForm(prefix="new-criterion"),
        "red_flags": [(f, flag_forms.get(f.pk) or RedFlagForm.for_red_flag(f)) for f in flags],
        "new_flag": new_flag or RedFlagForm(prefix="new-flag"),
        "saved": saved,
    }


def _draft_response(
    request: HttpRequest, rubric: RubricVersion, fragment: str, *, message: str = "", **forms
) -> HttpResponse:
    """htmx gets the changed section back; a plain post redirects after success, or shows the
    whole page with the errors."""
    invalid = any(
        form is not None and form.is_bound and not form.is_valid()
        for value in forms.values()
        for form in (value.values() if isinstance(value, dict) else [value])
    )
    if wants_fragment(request):
        context = _draft_context(rubric, **forms, saved=message if not invalid else "")
        return render(request, f"questionbank/rubric_draft.html#{fragment}", context)
    if invalid:
        return render(request, "questionbank/rubric_draft.html", _draft_context(rubric, **forms))
    messages.success(request, message)
    url = reverse("questionbank:rubric_draft", args=[rubric.question_id])
    return redirect(f"{url}#{fragment.replace('_', '-')}")


@login_required
def rubric_draft(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_draft_for_user(request, pk)
    return render(request, "questionbank/rubric_draft.html", _draft_context(rubric))


@require_POST
@login_required
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_draft_for_user(request, pk)
    form = CriterionForm(request.POST, prefix="new-criterion")
    if form.is_valid():
        services.criterion_add(rubric=rubric, **form.cleaned_data)
        return _draft_response(request, rubric, "criteria", message="Criterion added.")
    return _draft_response(request, rubric, "criteria", new_criterion=form)


@require_POST
@login_required
def criterion_save(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    criterion = get_draft_criterion_for_user(request, pk, criterion_pk)
    form = CriterionForm.for_criterion(criterion, request.POST, scale=criterion.rubric.scale)
    if form.is_valid():
        services.criterion_update(
            criterion=criterion, **form.criterion_fields(), anchors=form.anchors()
        )
        return _draft_response(
            request, criterion.rubric, "criteria", message=f"Saved “{criterion.title}”."
        )
    return _draft_response(
        request, criterion.rubric, "criteria", criterion_forms={criterion.pk: form}
    )


@require_POST
@login_required
def criterion_remove(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    criterion = get_draft_criterion_for_user(request, pk, criterion_pk)
    services.criterion_remove(criterion=criterion)
    return _draft_response(
        request, criterion.rubric, "criteria", message=f"Removed “{criterion.title}”."
    )


@require_POST
@login_required
def criterion_move(
    request: HttpRequest, pk: int, criterion_pk: int, direction: str
) -> HttpResponse:
    criterion = get_draft_criterion_for_user(request, pk, criterion_pk)
    if direction not in MOVES:
        raise Http404("Criteria move up or down.")
    services.criterion_move(criterion=criterion, offset=MOVES[direction])
    return _draft_response(
        request, criterion.rubric, "criteria", message=f"Moved “{criterion.title}” {direction}."
    )


@require_POST
@login_required
def red_flag_add(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_draft_for_user(request, pk)
    form = RedFlagForm(request.POST, prefix="new-flag")
    if form.is_valid():
        services.red_flag_add(rubric=rubric, **form.cleaned_data)
        return _draft_response(request, rubric, "red_flags", message="Red flag added.")
    return _draft_response(request, rubric, "red_flags", new_flag=form)


@require_POST
@login_required
def red_flag_save(request: HttpRequest, pk: int, flag_pk: int) -> HttpResponse:
    red_flag = get_draft_red_flag_for_user(request, pk, flag_pk)
    form = RedFlagForm.for_red_flag(red_flag, request.POST)
    if form.is_valid():
        services.red_flag_update(red_flag=red_flag, **form.cleaned_data)
        return _draft_response(
            request, red_flag.rubric, "red_flags", message=f"Saved “{red_flag.title}”."
        )
    return _draft_response(request, red_flag.rubric, "red_flags", flag_forms={red_flag.pk: form})


@require_POST
@login_required
def red_flag_remove(request: HttpRequest, pk: int, flag_pk: int) -> HttpResponse:
    red_flag = get_draft_red_flag_for_user(request, pk, flag_pk)
    services.red_flag_remove(red_flag=red_flag)
    return _draft_response(
        request, red_flag.rubric, "red_flags", message=f"Removed “{red_flag.title}”."
    )


@require_POST
@login_required
def rubric_publish(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_draft_for_user(request, pk)
    try:
        services.rubric_publish(rubric=rubric)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("questionbank:rubric_draft", pk=pk)
    messages.success(
        request,
        f"Published version {rubric.number}. New sessions use it; sessions already scored keep "
        "the version they were scored with.",
    )
    return redirect("questionbank:question", pk=pk)


@require_POST
@login_required
def rubric_discard(request: HttpRequest, pk: int) -> HttpResponse:
    rubric = get_draft_for_user(request, pk)
    services.rubric_discard(rubric=rubric)
    messages.success(request, f"Draft version {rubric.number} discarded.")
    return redirect("questionbank:question", pk=pk)
