"""Feedback report pages: the report, its live status, downloads, the list, history, compare."""

import itertools
from fractions import Fraction

from anyascii import anyascii
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseStopPolling

from accounts.access import id_from
from accounts.models import Role
from config.htmx import wants_fragment
from interviews.access import (
    can_retry_report,
    data_for_reader,
    get_candidate_for_reader,
    get_own_report_as_candidate,
    get_plan_for_user,
    get_regrade_for_owner,
    get_report_for_user,
    get_report_version_for_user,
    reads_whole_report,
    regrades_for_owner,
    report_data_for_reader,
    report_or_session_for_user,
    reports_for,
    staff_of,
)
from interviews.errors import InterviewError
from interviews.live import channel
from interviews.live import events as live
from interviews.live.http import not_modified, tagged
from interviews.models import Report
from interviews.reports import hooks, regrades, services, whatif
from interviews.reports.formats import chart, compare, csv, display, json, page, pdf
from interviews.reports.forms import (
    RegradeAnswerForm,
    RegradeRequestForm,
    ReportFilterForm,
    WhatIfForm,
)
from interviews.reports.selectors import (
    DEFAULT_SORT,
    SCORE_SORTS,
    SORTS,
    candidate_history,
    compare_choices,
    filter_reports,
    label_roles,
    own_history,
    paginate,
    plan_percentile,
    sort_reports,
    versions_of,
)

STATUS_TEMPLATE = "interviews/_report_status.html"


def _filename(report: Report, extension: str) -> str:
    day = f"{report.submitted_at:%Y-%m-%d}"
    name = slugify(anyascii(report.candidate.name)) or "candidate"  # ASCII: any browser, any disk
    return f"report-{name}-{day}-{report.session_id}.{extension}"


def _download(content: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _reader_view(request: HttpRequest, report: Report) -> tuple[dict, dict | None]:
    """The report's data and, for those who read the whole report, its percentile."""
    percentile = plan_percentile(report) if reads_whole_report(request, report) else None
    return report_data_for_reader(request, report), percentile


def _report_context(data: dict, percentile: dict | None) -> dict:
    """What the report page shows of one version of the report's data."""
    data = page.in_band_words(data)
    return {
        "data": data,
        "percentile": percentile,
        "percentile_words": display.percentile_words(percentile) if percentile else "",
        "coverage": display.coverage_summary(data),
        "bars": page.category_bars(data),
        "scores": page.score_table(data),
        "questions": page.question_details(data),
        "thresholds": page.band_thresholds(data),
        "flags": page.raised_flags(data),
    }


def _ready_report(request: HttpRequest, session_pk: int) -> Report | None:
    """The report for a download, or None (with a message) while it is not ready."""
    report = get_report_for_user(request, session_pk)
    if report.status != Report.Status.READY:
        messages.warning(request, "The report is not ready yet, so there is nothing to download.")
        return None
    return report


@login_required
@require_GET
def report_detail(request: HttpRequest, session_pk: int) -> HttpResponse:
    report, session = report_or_session_for_user(request, session_pk)
    context = {"report": report, "session": session, "can_retry": False, "versions": []}
    if report is not None:
        context["can_retry"] = can_retry_report(request, report)
        context["versions"] = versions_of(report)
    if report is None or report.status != Report.Status.READY:
        context.update(_status_live(request, report, session))
    if report is not None and report.status == Report.Status.READY:
        history = candidate_history(request, report.candidate_id)
        context.update(_report_context(*_reader_view(request, report)))
        context.update(history=history, chart=chart.progress_chart(history))
        context.update(_regrade_context(request, report))
    return render(request, "interviews/report_detail.html", context)


@login_required
@require_GET
def report_version(request: HttpRequest, session_pk: int, number: int) -> HttpResponse:
    """An earlier version of a report, as it read before it was regenerated."""
    version = get_report_version_for_user(request, session_pk, number)
    report = version.report
    context = {"report": report, "session": report.session, "version": version}
    context["versions"] = versions_of(report)
    context.update(_report_context(data_for_reader(request, report, version.data), None))
    return render(request, "interviews/report_detail.html", context)


def _regrade_context(request: HttpRequest, report: Report) -> dict:
    """Staff see every request on the report; its candidate sees their own and may add one."""
    staff = staff_of(request)
    if staff is not None and staff.organisation_id == report.organisation_id:
        found = regrades.report_regrades(report)
    else:
        staff, found = None, regrades.report_regrades(report, requested_by=request.user)
    return {
        "regrades": found,
        "can_contest": report.candidate.user_id == request.user.pk,
        "staff_answers": staff is not None and staff.role == Role.OWNER,
    }


@login_required
@require_GET
@vary_on_headers("HX-Request")
def report_status(request: HttpRequest, session_pk: int) -> HttpResponse:
    """The status fragment, fetched on each "report" event of the stream, or polled while the
    stream is down (304 while the session's version is unchanged); it stops once ready or
    failed."""
    report, session = report_or_session_for_user(request, session_pk)
    if not request.htmx:
        return redirect("interviews:report_detail", session_pk=session_pk)
    tag = status_etag(request, session)
    if (response := not_modified(request, tag)) is not None:
        return response
    context = {"report": report, "session": session, "status_etag": tag}
    if report is None or report.status == Report.Status.PENDING:
        return tagged(render(request, STATUS_TEMPLATE, context), tag)
    return HttpResponseStopPolling(render_to_string(STATUS_TEMPLATE, context, request))


def status_etag(request: HttpRequest, session) -> str | None:
    return live.etag("report", live.version(session.screen_token), request.user.pk)


def _status_live(request: HttpRequest, report: Report | None, session) -> dict:
    """What a page showing the report's status needs to follow it live."""
    tag = status_etag(request, session)
    cursor = channel.last_id(session.pk)
    if report is not None:  # read again after the cursor, so no change falls in between
        report.refresh_from_db(fields=["status", "error", "attempts"])
    return {"live_after": cursor, "status_etag": tag}


def _history_until(request: HttpRequest, report: Report) -> list[dict]:
    """The candidate's reports up to this one that the reader may read, for the PDF's chart."""
    if report.candidate.user_id == request.user.pk:
        history = own_history(request)
    elif reads_whole_report(request, report):
        history = candidate_history(request, report.candidate_id)
    else:
        return []
    return [point for point in history if point["submitted_at"] <= report.submitted_at]


# Each download: its content type and how it is written from what the reader may see.
DOWNLOADS = {
    "json": (
        "application/json; charset=utf-8",
        lambda request, report, data, pct: json.json_text(data, pct),
    ),
    "csv": ("text/csv; charset=utf-8", lambda request, report, data, pct: csv.csv_text(data)),
    "pdf": (
        "application/pdf",
        lambda request, report, data, pct: pdf.pdf_bytes(
            data, pct, _history_until(request, report)
        ),
    ),
}


@login_required
@require_GET
def report_download(request: HttpRequest, session_pk: int, fmt: str) -> HttpResponse:
    report = _ready_report(request, session_pk)
    if report is None:
        return redirect("interviews:report_detail", session_pk=session_pk)
    content_type, write = DOWNLOADS[fmt]
    data, percentile = _reader_view(request, report)
    content = write(request, report, page.in_band_words(data), percentile)
    return _download(content, content_type, _filename(report, fmt))


@login_required
@require_POST
def report_retry(request: HttpRequest, session_pk: int) -> HttpResponse:
    report = get_report_for_user(request, session_pk)
    if not can_retry_report(request, report):
        raise Http404("Only an owner of the organisation can retry a report.")
    report = services.report_requeue(report=report, actor=request.user)
    if request.htmx:
        context = {"report": report, "session": report.session}
        return render(request, STATUS_TEMPLATE, context)
    messages.success(request, "The report is queued again; this page updates when it is ready.")
    return redirect("interviews:report_detail", session_pk=session_pk)


def _sort_columns(sort: str) -> list[dict]:
    columns = []
    for key, label, first in (
        ("date", "Date", "-date"),
        ("candidate", "Candidate", "candidate"),
        ("plan", "Plan", "plan"),
        ("overall", "Overall", "-overall"),
        ("band", "Band", "band"),
    ):
        active = sort.lstrip("-") == key
        descending = sort.startswith("-")
        following = (key if descending else f"-{key}") if active else first
        columns.append(
            {
                "key": key,
                "label": label,
                "sort": following,
                "active": active,
                "aria": ("descending" if descending else "ascending") if active else "none",
            }
        )
    return columns


@login_required
@require_GET
@vary_on_headers("HX-Request")
def report_list(request: HttpRequest) -> HttpResponse:
    reports = reports_for(request)
    form = ReportFilterForm(request.GET, membership=staff_of(request))
    reports = filter_reports(reports, form.cleaned_data) if form.is_valid() else reports.none()
    sort = request.GET.get("sort", DEFAULT_SORT)
    sort = sort if sort in SORTS else DEFAULT_SORT
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    page = paginate(sort_reports(reports, sort), number)
    label_roles(page.rows, request.user)
    context = {
        "form": form,
        "page": page,
        "sort": sort,
        "columns": _sort_columns(sort),
        "filtered": any(v for k, v in request.GET.items() if k not in ("sort", "page")),
        "scored_only": sort in SCORE_SORTS,
    }
    template = "interviews/report_list.html"
    if wants_fragment(request) and request.htmx.target == "report-results":
        template += "#results"
    return render(request, template, context)


@login_required
@require_GET
def candidate_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_candidate_for_reader(request, pk)
    return _history_page(request, candidate.name, candidate.email, candidate_history(request, pk))


@login_required
@require_GET
def my_progress(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own reports as a candidate, across every space they practised in."""
    user = request.user
    extra = hooks.page_context(hooks.progress_page, user=user)
    history = own_history(request)
    return _history_page(request, "Your progress", user.email, history, own=True, **extra)


def _history_page(
    request: HttpRequest,
    name: str,
    email: str,
    history: list[dict],
    as_interviewer=None,
    own: bool = False,
) -> HttpResponse:
    """A candidate's reports over time; `own` when the reader is that candidate, so the page
    speaks to them."""
    for earlier, later in itertools.pairwise(history):
        later["previous_session_id"] = earlier["session_id"]
    context = {
        "candidate": {"name": name, "email": email},
        "history": list(reversed(history)),
        "chart": chart.progress_chart(history),
        "categories": chart.history_categories(history),
        "as_interviewer": as_interviewer,
        "own": own,
    }
    return render(request, "interviews/report_candidate_history.html", context)


@login_required
@require_GET
def report_compare(request: HttpRequest) -> HttpResponse:
    a, b = id_from(request.GET.get("a")), id_from(request.GET.get("b"))
    if a is None or b is None:
        context = {"choices": compare_choices(request), "a": a, "b": b}
        return render(request, "interviews/report_compare.html", context)
    left, right = get_report_for_user(request, a), get_report_for_user(request, b)
    pending = [r for r in (left, right) if r.status != Report.Status.READY]
    context = {
        "left": left,
        "right": right,
        "pending": pending,
        "choices": compare_choices(request),
        "a": a,
        "b": b,
    }
    if not pending:
        context["comparison"] = compare.compare(left.data, right.data)
    return render(request, "interviews/report_compare.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def report_regrade(request: HttpRequest, session_pk: int) -> HttpResponse:
    """The candidate contests the rating of one criterion of their report, with a reason."""
    report = get_own_report_as_candidate(request, session_pk)
    choices = regrades.contestable(report.data)
    initial = {"criterion": request.GET.get("criterion", "")}
    form = RegradeRequestForm(request.POST or None, choices=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        question, criterion = form.cleaned_data["criterion"]
        try:
            regrades.regrade_request(
                report=report,
                session_question_id=question,
                criterion_id=criterion,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Your request is sent; its answer will show on this page.")
            return redirect("interviews:report_detail", session_pk)
    context = {"report": report, "session": report.session, "form": form}
    status = 422 if form.errors else 200
    return render(request, "interviews/regrade_form.html", context, status=status)


@login_required
@require_GET
def regrade_list(request: HttpRequest) -> HttpResponse:
    """For owners: every regrade request of the organisation, those waiting first."""
    found = regrades_for_owner(request).select_related(
        "session__candidate", "session__plan", "session_question", "criterion", "decided_by"
    )
    found = sorted(found[:500], key=lambda r: r.status != r.Status.OPEN)
    return render(request, "interviews/regrade_list.html", {"regrades": found})


@login_required
@require_http_methods(["GET", "POST"])
def regrade_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """For owners: one request beside the ratings it contests; accept or decline it."""
    regrade = get_regrade_for_owner(request, pk)
    form = RegradeAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["answer"] == "accept"
        answer = regrades.regrade_accept if accept else regrades.regrade_decline
        try:
            answer(regrade=regrade, response=form.cleaned_data["response"], actor=request.user)
        except InterviewError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Answered; the candidate sees it on their report.")
            return redirect("interviews:regrade_detail", pk)
    outcome = regrades.regrade_outcome(regrade)
    context = {"regrade": regrade, "outcome": outcome, "form": form}
    status = 422 if form.errors else 200
    return render(request, "interviews/regrade_detail.html", context, status=status)


@login_required
@require_GET
def plan_whatif(request: HttpRequest, pk: int) -> HttpResponse:
    """Every past session of a plan rescored with other thresholds or a draft rubric, side by
    side with what its report says; a preview only, nothing stored changes."""
    plan = get_plan_for_user(request, pk)
    drafts = whatif.plan_drafts(plan)
    initial = {k: v for k, v in plan.thresholds.items() if k != "no_hire"}
    form = WhatIfForm(request.GET or initial, drafts=drafts)
    rows = []
    if form.is_valid():
        data = form.cleaned_data
        thresholds = {k: Fraction(data[k]) for k in ("strong_hire", "hire", "lean_no_hire")}
        chosen = {
            d.question.key: whatif.draft_rubric(d) for d in drafts if str(d.pk) in data["drafts"]
        }
        thresholds["no_hire"] = Fraction(0)
        rows = whatif.what_if(whatif.plan_reports(plan), thresholds, chosen)
    context = {"plan": plan, "form": form, "rows": rows, "drafts": drafts}
    context["moved"] = sum(r.band_changed for r in rows)
    return render(
        request, "interviews/plan_whatif.html", context, status=422 if form.errors else 200
    )
