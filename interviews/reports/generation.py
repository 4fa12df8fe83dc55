"""Feedback reports: load the ratings, run the scoring engine, add the words around the numbers.

Nothing here invents content: strengths and gaps are the highest- and lowest-rated criteria, and
each gap names the guide section its criterion was written from.
"""

import json
import logging
from decimal import Decimal
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateTimeField,
    DecimalField,
    F,
    IntegerField,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.utils import timezone

from interviews import scoring
from interviews.live.events import REPORT, STAGE, session_changed
from interviews.models import (
    BAND_LABELS,
    Answer,
    InterviewSession,
    QuestionNote,
    RaisedFlag,
    Rating,
    Recommendation,
    Report,
    Scorecard,
    SessionQuestion,
)
from interviews.reports import hooks
from questionbank import guide
from questionbank.models import Criterion, Question, RubricVersion

log = logging.getLogger(__name__)
User = get_user_model()

STRENGTH_AT = 0.75  # a criterion rated at 75% of its scale or more (3/4, exact as a float)
GAP_AT = 0.5  # a criterion rated at half of its scale or less
HIGHLIGHTS = 4


def interviewer_key(user) -> str:
    return user.username


# A published rubric version never changes, so its criteria are kept per worker process once
# read. The key includes the publication time, so a reused id (a fresh test database) is a miss.
_criteria_cache: dict[tuple, list[Criterion]] = {}
CRITERIA_CACHE_SIZE = 2000


def _rubric_key(rubric) -> tuple:
    return (rubric.pk, rubric.number, rubric.published_at)


def criteria_of(rubrics) -> dict[int, list[Criterion]]:
    """Each rubric version's criteria in order, from memory when already read."""
    missing = {r.pk: r for r in rubrics if _rubric_key(r) not in _criteria_cache}
    if missing:
        found: dict[int, list[Criterion]] = {pk: [] for pk in missing}
        for c in (
            Criterion.objects.filter(rubric_id__in=missing)
            .only("id", "rubric_id", "position", "title", "weight", "source", "anchors")
            .order_by("position", "id")
        ):
            found[c.rubric_id].append(c)
        if len(_criteria_cache) > CRITERIA_CACHE_SIZE:
            _criteria_cache.clear()
        for pk, rows in found.items():
            if missing[pk].published_at is not None:
                _criteria_cache[_rubric_key(missing[pk])] = rows
        result = dict(found)
    else:
        result = {}
    for r in rubrics:
        if r.pk not in result:
            result[r.pk] = _criteria_cache[_rubric_key(r)]
    return result


def build_inputs(session: InterviewSession):
    questions, scorecards, ratings, raised, notes, answers = asked_and_written(session)
    criteria = criteria_of([sq.rubric for sq in questions])
    # What does not depend on the interviewer is made once, not once per scorecard: the exact
    # weights (Decimal to Fraction is not cheap), the ids as the engine's strings, each scale's top.
    plan = [
        (
            sq.pk,
            str(sq.pk),
            sq.category,
            Fraction(sq.weight),
            _max_points(sq),
            [
                (c.pk, str(c.pk), c.title, Fraction(c.weight), c.source)
                for c in criteria.get(sq.rubric_id, [])
            ],
        )
        for sq in questions
    ]
    inputs = []
    for card in scorecards:
        card_pk = card.pk
        engine_questions = tuple(
            scoring.Question(
                id=question_id,
                category=category,
                weight=weight,
                criteria=tuple(
                    scoring.Criterion(
                        id=criterion_id,
                        title=title,
                        weight=criterion_weight,
                        max_points=top,
                        points=ratings.get((card_pk, sq_pk, criterion_pk)),
                        source=source,
                    )
                    for criterion_pk, criterion_id, title, criterion_weight, source in rows
                ),
                red_flags=tuple(raised.get((card_pk, sq_pk), ())),
            )
            for sq_pk, question_id, category, weight, top, rows in plan
        )
        inputs.append(
            scoring.Scorecard(
                interviewer=interviewer_key(card.interviewer),
                questions=engine_questions,
                recommendation=card.recommendation or None,
            )
        )
    return scorecards, questions, criteria, inputs, notes, answers


def asked_and_written(
    session: InterviewSession,
) -> tuple[list[SessionQuestion], list[Scorecard], dict, dict, dict, dict]:
    """The frozen questions with their rubric versions, the submitted scorecards with their
    interviewers, their ratings, raised red flags and notes, and what the candidate typed, in
    one round trip: six reads of the same shape under UNION ALL, each served by its own
    foreign-key index. Plain tuples, not model instances, except the questions, scorecards and
    interviewers the report names (only the columns it shows: a question's guidance and model
    answers are long text, and its bank question is known by its key alone)."""
    columns = (
        "kind",
        "card",
        "session_question",
        "text",
        "flag",
        "penalty",
        "rank",
        "at",
        "username",
        "first_name",
        "last_name",
        "verdict",
        "minutes",
        "seconds_spent",
        "asked",
    )
    no_int = Value(None, output_field=IntegerField())
    no_text = Value(None, output_field=CharField())
    no_decimal = Value(None, output_field=DecimalField())
    no_time = Value(None, output_field=DateTimeField())
    no_card = {
        "at": no_time,
        "username": no_text,
        "first_name": no_text,
        "last_name": no_text,
        "verdict": no_text,
    }
    no_question = {
        "minutes": no_int,
        "seconds_spent": no_int,
        "asked": Value(None, output_field=BooleanField()),
    }
    submitted = {"scorecard__session_id": session.pk, "scorecard__submitted_at__isnull": False}
    questions = SessionQuestion.objects.filter(session_id=session.pk).annotate(
        kind=Value("question"),
        card=F("rubric_id"),  # on a question's row, its rubric version
        session_question=F("id"),
        text=F("prompt"),
        flag=F("rubric__number"),
        penalty=F("weight"),
        rank=F("position"),
        at=F("rubric__published_at"),
        username=F("category"),
        first_name=F("question__key"),
        # JSON as text: PostgreSQL cannot put jsonb in a column the other reads fill with text.
        last_name=Cast("rubric__scale", output_field=TextField()),
        verdict=no_text,
    )
    cards = Scorecard.objects.filter(session_id=session.pk, submitted_at__isnull=False).annotate(
        kind=Value("card"),
        card=F("id"),
        session_question=F("interviewer_id"),  # on a scorecard's row, who wrote it
        text=F("summary"),
        flag=no_int,
        penalty=no_decimal,
        rank=no_int,
        at=F("created_at"),
        username=F("interviewer__username"),
        first_name=F("interviewer__first_name"),
        last_name=F("interviewer__last_name"),
        verdict=F("recommendation"),
        **no_question,
    )
    ratings = Rating.objects.filter(**submitted).annotate(
        kind=Value("rating"),
        card=F("scorecard_id"),
        text=no_text,
        flag=F("criterion_id"),  # the rated criterion
        penalty=no_decimal,
        # The points given, none when the criterion was marked not assessed.
        rank=Case(
            When(not_assessed=True, then=no_int), default=F("points"), output_field=IntegerField()
        ),
        **no_card,
        **no_question,
    )
    flags = RaisedFlag.objects.filter(**submitted).annotate(
        kind=Value("flag"),
        card=F("scorecard_id"),
        text=F("red_flag__title"),
        flag=F("red_flag_id"),
        penalty=F("red_flag__penalty"),
        rank=F("red_flag__position"),
        **no_card,
        **no_question,
    )
    notes = (
        QuestionNote.objects.filter(**submitted)
        .exclude(text="")
        .annotate(
            kind=Value("note"),
            card=F("scorecard_id"),
            flag=no_int,
            penalty=no_decimal,
            rank=no_int,
            **no_card,
            **no_question,
        )
    )
    answers = (
        Answer.objects.filter(session_id=session.pk)
        .exclude(text="")
        .annotate(
            kind=Value("answer"),
            card=no_int,
            flag=no_int,
            penalty=no_decimal,
            rank=no_int,
            **no_card,
            **no_question,
        )
    )
    # Flags, then questions, first: between them every column that is not text has a type, so
    # PostgreSQL never has to match two untyped NULLs (it would take them for text). The first
    # read's columns also decide how each value is converted (SQLite's times and decimals).
    rows = (
        flags.order_by()
        .values_list(*columns)
        .union(
            questions.order_by().values_list(*columns),
            cards.order_by().values_list(*columns),
            ratings.order_by().values_list(*columns),
            notes.order_by().values_list(*columns),
            answers.order_by().values_list(*columns),
            all=True,
        )
        .order_by()  # not the scorecards' default ordering: no ORDER BY at all
    )
    asked: list[SessionQuestion] = []
    written: list[tuple] = []
    rated: dict[tuple[int, int, int], int | None] = {}
    flagged: list[tuple] = []
    noted: dict[tuple[int, int], str] = {}
    typed: dict[int, str] = {}
    for kind, card, question, text, flag, penalty, rank, *rest in rows:
        if kind == "rating":
            rated[card, question, flag] = rank
        elif kind == "question":
            at, category, key, scale, _, minutes, seconds_spent, shown = rest
            asked.append(
                SessionQuestion(
                    pk=question,
                    session_id=session.pk,
                    position=rank,
                    category=category,
                    prompt=text,
                    minutes=minutes,
                    weight=penalty,
                    seconds_spent=seconds_spent,
                    asked=shown,
                    rubric=RubricVersion(
                        pk=card, number=flag, published_at=at, scale=json.loads(scale)
                    ),
                    question=Question(key=key),
                )
            )
        elif kind == "card":
            written.append((rest[0], card, question, text, *rest[1:5]))
        elif kind == "flag":
            flagged.append((rank or 0, flag, card, question, text, penalty))
        elif kind == "note":
            noted[card, question] = text
        else:
            typed[question] = text
    asked.sort(key=lambda sq: sq.position)
    scorecards = [
        Scorecard(
            pk=card,
            session_id=session.pk,
            interviewer=User(pk=user, username=username, first_name=first, last_name=last),
            recommendation=recommendation,
            summary=summary,
            created_at=at,
        )
        for at, card, user, summary, username, first, last, recommendation in sorted(
            written, key=lambda w: w[:2]
        )
    ]
    raised: dict[tuple[int, int], list] = {}
    for _rank, flag, card, question, text, penalty in sorted(flagged, key=lambda f: f[:2]):
        raised.setdefault((card, question), []).append(
            scoring.RedFlag(id=str(flag), title=text, penalty=penalty)
        )
    return asked, scorecards, rated, raised, noted, typed


def _max_points(sq) -> int:
    return max(level["points"] for level in sq.rubric.scale)


def _level(scale: list[dict], criterion: Criterion, points: int | None) -> dict | None:
    if points is None:
        return None
    for level in scale:
        if level["points"] == points:
            anchor = (criterion.anchors or {}).get(str(points))
            return {
                "points": points,
                "label": level["label"],
                "descriptor": anchor or level["descriptor"],
            }
    return None


def coverage_of(
    questions: list, criteria: dict[int, list], inputs: list[scoring.Scorecard]
) -> tuple[dict, set[str]]:
    """How much of the plan the interview covered, and the ids of the questions asked.

    A question was asked once the lead showed it to the candidate or anyone on the panel rated
    one of its criteria (a panel that skipped the console still rated what it asked). A
    criterion counts as rated when at least one submitted scorecard gave it points.
    """
    rated: set[tuple[str, str]] = {
        (q.id, c.id)
        for card in inputs
        for q in card.questions
        for c in q.criteria
        if c.points is not None
    }
    criteria_total = sum(len(criteria.get(sq.rubric_id, [])) for sq in questions)
    asked = {str(sq.pk) for sq in questions if sq.asked} | {q for q, _ in rated}
    categories = scoring.category_order({sq.category for sq in questions})
    reached = {sq.category for sq in questions if str(sq.pk) in asked}
    missing = [c for c in categories if c not in reached]
    coverage = {
        "questions_asked": len(asked),
        "questions_total": len(questions),
        "criteria_rated": len(rated),
        "criteria_total": criteria_total,
        "provisional": bool(missing),
        "categories_not_asked": missing,
    }
    return coverage, asked


def report_build(session: InterviewSession) -> dict:
    """The whole report as plain data: the engine's numbers plus their context."""
    return _build(session)[0]


def _build(session: InterviewSession) -> tuple[dict, list]:
    related = ("candidate", "plan", "organisation")
    if not all(session._state.fields_cache.get(name) for name in related):
        session = InterviewSession.objects.select_related(*related).get(pk=session.pk)
    scorecards, questions, criteria, inputs, notes, answers = build_inputs(session)
    panel = scoring.score_panel(inputs, session.thresholds or scoring.DEFAULT_THRESHOLDS)
    data = scoring.report_numbers(panel)
    names = {interviewer_key(c.interviewer): str(c.interviewer) for c in scorecards}
    by_id = {str(sq.pk): sq for sq in questions}
    criterion_by_id = {str(c.pk): c for rows in criteria.values() for c in rows}
    coverage, asked = coverage_of(questions, criteria, inputs)

    for row in data["questions"]:
        sq = by_id[row["id"]]
        row["position"] = sq.position + 1
        row["key"] = sq.question.key
        row["asked"] = row["id"] in asked
        row["summary"] = sq.summary
        row["prompt"] = sq.prompt
        row["minutes"] = sq.minutes
        row["seconds_spent"] = sq.seconds_spent
        row["rubric_version"] = sq.rubric.number
        row["answer_text"] = answers.get(sq.pk)
        # From the exact Fraction: a float such as 12.35 is 12.3499… and would round down.
        row["display_score"] = scoring.display(panel.questions.get(row["id"]))
        for crit in row["criteria"]:
            c = criterion_by_id[crit["id"]]
            crit["source"] = c.source
            crit["levels"] = {
                who: _level(sq.rubric.scale, c, p)
                for who, p in crit["points_by_interviewer"].items()
            }
        row["notes"] = {
            interviewer_key(card.interviewer): notes[(card.pk, sq.pk)]
            for card in scorecards
            if (card.pk, sq.pk) in notes
        }
    highlights = _highlights(panel, by_id)
    # Practice adds the candidate's feedback on the interviewer.
    hooks.report_building.send(sender=InterviewSession, session=session, data=data)
    data.update(
        {
            "format": 1,
            "session": {
                "id": session.pk,
                "mode": session.mode,
                "written": hasattr(session, "written"),
                "started_at": session.started_at.isoformat() if session.started_at else None,
                "submitted_at": session.submitted_at.isoformat() if session.submitted_at else None,
                "candidate": {"id": session.candidate_id, "name": session.candidate.name},
                "plan": {"id": session.plan_id, "title": session.plan.title},
                "organisation": session.organisation.name,
            },
            "band_label": BAND_LABELS.get(data["band"] or "", ""),
            "coverage": coverage,
            "display": _displays(panel),
            "interviewer_names": names,
            "recommendations": [
                {
                    "interviewer": interviewer_key(card.interviewer),
                    "name": str(card.interviewer),
                    "recommendation": card.recommendation,
                    "label": Recommendation(card.recommendation).label
                    if card.recommendation
                    else "",
                    "summary": card.summary,
                }
                for card in scorecards
            ],
            "strengths": highlights["strengths"],
            "gaps": highlights["gaps"],
            "red_flags_raised": [
                {
                    "question": by_id[q["id"]].position + 1,
                    "title": f["title"],
                    "penalty": f["penalty"],
                    "raised_by": f["raised_by"],
                }
                for q in data["questions"]
                for f in q["red_flags"]
            ],
        }
    )
    return data, questions


def _displays(panel: scoring.PanelScore) -> dict:
    """Every number as shown to people, rounded once from the exact value."""
    return {
        "overall": scoring.display(panel.overall),
        "categories": {k: scoring.display(v) for k, v in panel.categories.items()},
        "questions": {k: scoring.display(v) for k, v in panel.questions.items()},
        "interviewers": {
            card.interviewer: {
                "overall": scoring.display(card.overall),
                "categories": {k: scoring.display(v) for k, v in card.categories.items()},
                "questions": {qs.question.id: scoring.display(qs.score) for qs in card.questions},
            }
            for card in panel.cards
        },
    }


def _highlights(panel: scoring.PanelScore, by_id: dict) -> dict:
    """Criteria ranked by the panel's mean share of the scale they were given."""
    # Points given per criterion: every rating of a criterion shares its question's scale, so
    # the mean share is the points' sum over (scale top x ratings), one exact fraction each.
    given: dict[tuple[str, str], list] = {}
    for card in panel.cards:
        for qs in card.questions:
            for c in qs.question.criteria:
                if c.points is not None:
                    entry = given.get((qs.question.id, c.id))
                    if entry is None:
                        given[qs.question.id, c.id] = [c, c.points, 1]
                    else:
                        entry[1] += c.points
                        entry[2] += 1
    summaries: dict[str, str] = {}
    strengths, gaps = [], []
    for (question_id, _), (criterion, points, count) in given.items():
        share = Fraction(points, criterion.max_points * count)
        # STRENGTH_AT and GAP_AT (3/4, 1/2) are exact floats, so comparing the float is exact.
        shown = float(share)
        if GAP_AT < shown < STRENGTH_AT:
            continue
        sq = by_id[question_id]
        if question_id not in summaries:
            summaries[question_id] = sq.summary
        row = {
            "question": sq.position + 1,
            "question_summary": summaries[question_id],
            "category": sq.category,
            "criterion": criterion.title,
            "share": shown,
            "percent": scoring.display(share * 100),
            "weight": float(criterion.weight),
            "source": criterion.source,
            "section": _major_section(criterion.source),
        }
        (strengths if shown >= STRENGTH_AT else gaps).append(row)
    strengths.sort(key=lambda r: (-r["share"], -r["weight"]))
    gaps.sort(key=lambda r: (r["share"], -r["weight"]))
    return {"strengths": strengths[:HIGHLIGHTS], "gaps": gaps[:HIGHLIGHTS]}


def _major_section(source: str) -> str:
    try:
        return guide.major_section_of(guide.study_heading(source))
    except KeyError:
        return ""


def report_generate(*, session_id: int) -> Report | None:
    """Compute and store the report of a submitted session. Safe to run any number of times:
    the row lock makes a duplicate delivery wait, then find the report ready and do nothing."""
    with transaction.atomic():
        # session_finish created the row: lock it (and only it) and read its session in one
        # query; the session is looked up on its own only when the row is missing.
        report = (
            Report.objects.select_for_update(of=("self",))
            .select_related(
                "session__candidate",
                "session__plan",
                "session__organisation",
                "session__written",
            )
            .defer("data")
            .filter(session_id=session_id)
            .first()
        )
        session = (
            report.session
            if report is not None
            else InterviewSession.objects.select_related(
                "candidate", "plan", "organisation", "written"
            )
            .filter(pk=session_id)
            .first()
        )
        if session is None or session.status != InterviewSession.Status.SUBMITTED:
            log.warning("report for session %s skipped: not a submitted session", session_id)
            return None
        if report is None:
            report, _ = Report.objects.get_or_create(
                session=session, defaults=Report.fields_of(session)
            )
            report = Report.objects.select_for_update().get(pk=report.pk)
        if report.status == Report.Status.READY:
            return report
        report.attempts += 1
        data, questions = _build(session)
        data["version"] = report.version
        report.data = data
        report.overall = (
            None if data["overall"] is None else Decimal(str(round(data["overall"], 6)))
        )
        report.band = data["band"] or ""
        report.band_rank = Report.rank_of(report.band)
        report.search_text = Report.search_text_of(
            candidate=session.candidate.name,
            plan_title=session.plan.title,
            interviewers=data["interviewer_names"].values(),
        )
        report.plan_title = session.plan.title
        report.status = Report.Status.READY
        report.error = ""
        report.generated_at = timezone.now()
        # Practice tells its candidate, written with the ready report, so they are told once it
        # is committed, never before and never not at all.
        hooks.report_ready.send(sender=InterviewSession, session=session)
        report.save(
            update_fields=[
                "attempts",
                "data",
                "overall",
                "band",
                "band_rank",
                "search_text",
                "plan_title",
                "status",
                "error",
                "generated_at",
            ]
        )
        # A practice candidate's end screen says when their report is ready. The session and its
        # questions are as committed, so publishing reads nothing again.
        session_changed(session.pk, REPORT, STAGE, session=session, questions=questions)
        return report


def report_mark_failed(*, session_id: int, error: str) -> None:
    Report.objects.filter(session_id=session_id).exclude(status=Report.Status.READY).update(
        status=Report.Status.FAILED, error=error[:2000]
    )
    session_changed(session_id, REPORT)
