"""Ways to show a report: the page's question detail and chart, and the JSON, CSV and PDF files.

Pure functions of the report's stored data (plus the percentile, computed by the caller), so a
download always says exactly what the page says.
"""

import copy
import csv
import io
import json
from collections.abc import Iterable
from fractions import Fraction
from typing import Any
from xml.sax.saxutils import escape

from interviews import scoring

# Typographic signs for people; spelled by name so they are not mistaken for x and -.
TIMES = "\N{MULTIPLICATION SIGN}"
MINUS = "\N{MINUS SIGN}"
DASH = "\N{EN DASH}"
ARROW = "\N{SINGLE RIGHT-POINTING ANGLE QUOTATION MARK}"

CATEGORY_LABELS = {
    "technical": "Technical",
    "scenario": "Scenario",
    "behavioral": "Behavioral",
    "system_design": "System design",
}


# Numbers -------------------------------------------------------------------------------------


def show(value: float | None) -> str:
    """One decimal, half up, for a float from the report file.

    The shortest repr of a stored float is the decimal it was written from (12.35, not
    12.3499…), so rounding from it agrees with the engine's exact rounding.
    """
    return scoring.display(None if value is None else Fraction(repr(float(value))))


def number(value: float | int) -> str:
    """A weight or penalty as written: 2, 1.5, 0.25."""
    return format(Fraction(repr(float(value))), "f").rstrip("0").rstrip(".") or "0"


def category_label(name: str) -> str:
    return CATEGORY_LABELS.get(name, name.replace("_", " ").capitalize())


def _displays(data: dict) -> dict:
    return data.get("display") or {}


def _card_display(data: dict, key: str) -> dict:
    return _displays(data).get("interviewers", {}).get(key, {})


def interviewer_name(data: dict, key: str) -> str:
    return data.get("interviewer_names", {}).get(key, key)


# The page ------------------------------------------------------------------------------------


def score_formula(question: dict) -> str:
    """One interviewer's question score written out with its inputs."""
    assessed = [c for c in question["criteria"] if c["points"] is not None]
    if not assessed:
        return "No criterion was assessed, so this question has no score and counts nowhere."
    earned = " + ".join(f"{number(c['weight'])}{TIMES}{c['points']}" for c in assessed)
    possible = " + ".join(f"{number(c['weight'])}{TIMES}{c['max']}" for c in assessed)
    raw = show(question.get("raw", question["score"]))
    text = f"100 {TIMES} ({earned}) / ({possible}) = {raw}"
    penalty = question.get("penalty") or sum(f["penalty"] for f in question["red_flags"])
    if penalty:
        text += f" {MINUS} {number(penalty)} red-flag penalty = {show(question['score'])}"
        if question.get("raw") is not None and question["raw"] - penalty < 0:
            text += " (floored at 0)"
    return text


def mean_formula(values: list[str]) -> str:
    """The panel value: the plain mean of the interviewers' own values."""
    if len(values) < 2:
        return ""
    return f"({' + '.join(values)}) / {len(values)}"


def weighted_formula(pairs: list[tuple[float, str]]) -> str:
    """A category or overall score: sum(weight x score) / sum(weight) over scored questions."""
    if not pairs:
        return ""
    top = " + ".join(f"{number(w)}{TIMES}{s}" for w, s in pairs)
    bottom = " + ".join(number(w) for w, _ in pairs)
    return f"({top}) / ({bottom})"


def question_details(data: dict) -> list[dict]:
    """Each question with its criteria, every interviewer's level and descriptor, notes, red
    flags, disagreements and the arithmetic behind each score."""
    cards = data.get("interviewers", [])
    disagreements = {(d["question_id"], d["criterion_id"]): d for d in data["disagreements"]}
    panel_display = _displays(data).get("questions", {})
    details = []
    for row in data["questions"]:
        per_interviewer = []
        for card in cards:
            question = next((q for q in card["questions"] if q["id"] == row["id"]), None)
            if question is None:
                continue
            shown = _card_display(data, card["interviewer"]).get("questions", {})
            per_interviewer.append(
                {
                    "key": card["interviewer"],
                    "name": interviewer_name(data, card["interviewer"]),
                    "score": shown.get(row["id"]) or show(question["score"]),
                    "scored": question["score"] is not None,
                    "formula": score_formula(question),
                    "red_flags": [
                        {"title": f["title"], "penalty": number(f["penalty"])}
                        for f in question["red_flags"]
                    ],
                    "note": row.get("notes", {}).get(card["interviewer"], ""),
                }
            )
        criteria = []
        for criterion in row["criteria"]:
            levels = criterion.get("levels", {})
            ratings = []
            for who, points in criterion.get("points_by_interviewer", {}).items():
                level = levels.get(who) or {}
                ratings.append(
                    {
                        "name": interviewer_name(data, who),
                        "points": points,
                        "label": level.get("label", "Not assessed" if points is None else ""),
                        "descriptor": level.get("descriptor", ""),
                    }
                )
            criteria.append(
                {
                    "title": criterion["title"],
                    "weight": number(criterion["weight"]),
                    "max": criterion["max"],
                    "source": criterion.get("source", ""),
                    "ratings": ratings,
                    "disagreement": disagreements.get((row["id"], criterion["id"])),
                }
            )
        scored = [p["score"] for p in per_interviewer if p["scored"]]
        details.append(
            {
                "id": row["id"],
                "position": row.get("position"),
                "key": row.get("key", ""),
                "summary": row.get("summary", ""),
                "category": row["category"],
                "category_label": category_label(row["category"]),
                "weight": number(row["weight"]),
                "score": panel_display.get(row["id"]) or show(row["score"]),
                "scored": row["score"] is not None,
                "panel_formula": mean_formula(scored),
                "interviewers": per_interviewer,
                "criteria": criteria,
                "red_flags": row["red_flags"],
                "has_disagreement": any(c["disagreement"] for c in criteria),
                "has_notes": any(p["note"] for p in per_interviewer),
            }
        )
    return details


def score_table(data: dict) -> dict:
    """Categories and overall by interviewer and for the panel, with the formulas behind each."""
    cards = data.get("interviewers", [])
    names = list(data["categories"])
    for card in cards:
        names += [n for n in card["categories"] if n not in names]
    columns = [
        {"key": c["interviewer"], "name": interviewer_name(data, c["interviewer"])} for c in cards
    ]
    panel_display = _displays(data)
    rows = []
    for name in [*names, None]:
        cells, shown_values, formulas = [], [], []
        for card in cards:
            shown = _card_display(data, card["interviewer"])
            if name is None:
                value, text = card["overall"], shown.get("overall")
                pairs = [
                    (q["weight"], show(q["score"]))
                    for q in card["questions"]
                    if q["score"] is not None
                ]
            else:
                value = card["categories"].get(name)
                text = shown.get("categories", {}).get(name)
                pairs = [
                    (q["weight"], show(q["score"]))
                    for q in card["questions"]
                    if q["category"] == name and q["score"] is not None
                ]
            text = text or show(value)
            cells.append({"key": card["interviewer"], "value": text})
            if value is not None:
                shown_values.append(text)
                formulas.append(
                    {
                        "name": interviewer_name(data, card["interviewer"]),
                        "formula": weighted_formula(pairs),
                        "value": text,
                    }
                )
        if name is None:
            panel = panel_display.get("overall") or show(data["overall"])
        else:
            panel = panel_display.get("categories", {}).get(name) or show(
                data["categories"].get(name)
            )
        rows.append(
            {
                "name": name or "overall",
                "label": "Overall" if name is None else category_label(name),
                "cells": cells,
                "panel": panel,
                "panel_value": data["overall"] if name is None else data["categories"].get(name),
                "panel_formula": mean_formula(shown_values),
                "formulas": formulas,
            }
        )
    return {"columns": columns, "rows": rows}


def category_bars(data: dict) -> list[dict]:
    shown = _displays(data).get("categories", {})
    return [
        {
            "name": name,
            "label": category_label(name),
            "score": shown.get(name) or show(value),
            "width": max(0.0, min(100.0, value)),
        }
        for name, value in data["categories"].items()
    ]


def raised_flags(data: dict) -> list[dict]:
    return [
        {
            "question": f["question"],
            "title": f["title"],
            "penalty": number(f["penalty"]),
            "raised_by": [interviewer_name(data, k) for k in f["raised_by"]],
        }
        for f in data.get("red_flags_raised", [])
    ]


def band_thresholds(data: dict) -> list[dict]:
    from interviews.models import BAND_LABELS

    return [
        {"band": band, "label": BAND_LABELS.get(band, band), "min": number(value)}
        for band, value in sorted(data["thresholds"].items(), key=lambda kv: -kv[1])
    ]


# The progress chart --------------------------------------------------------------------------

CHART_W, CHART_H = 680, 260
PAD_L, PAD_R, PAD_T, PAD_B = 44, 44, 14, 34


def progress_chart(history: list[dict]) -> dict | None:
    """Geometry of a line per category (and overall) across a candidate's reports, oldest first.

    Server-rendered SVG: points are evenly spaced by report, the y axis is the 0..100 score.
    """
    if len(history) < 2:
        return None
    plot_w, plot_h = CHART_W - PAD_L - PAD_R, CHART_H - PAD_T - PAD_B
    step = plot_w / (len(history) - 1)

    def x(i: int) -> float:
        return round(PAD_L + i * step, 1)

    def y(value: float) -> float:
        return round(PAD_T + (100 - max(0.0, min(100.0, value))) / 100 * plot_h, 1)

    present = {name for point in history for name in point["categories"]}
    order = [n for n in scoring.CATEGORY_ORDER if n in present] + sorted(
        present - set(scoring.CATEGORY_ORDER)
    )
    series = []
    for name in ["overall", *order]:
        dots = []
        for i, point in enumerate(history):
            value = point["overall"] if name == "overall" else point["categories"].get(name)
            if value is None:
                continue
            shown = (
                point["overall_display"]
                if name == "overall"
                else point["category_display"].get(name) or show(value)
            )
            dots.append({"x": x(i), "y": y(value), "value": shown, "i": i})
        if dots:
            series.append(
                {
                    "name": name,
                    "label": "Overall" if name == "overall" else category_label(name),
                    "points": " ".join(f"{d['x']},{d['y']}" for d in dots),
                    "dots": dots,
                }
            )
    every = max(1, -(-len(history) // 10))
    return {
        "width": CHART_W,
        "height": CHART_H,
        "left": PAD_L,
        "right": CHART_W - PAD_R,
        "bottom": PAD_T + plot_h,
        "label_y": PAD_T + plot_h + 20,
        "grid": [{"y": y(v), "label": v} for v in (0, 25, 50, 75, 100)],
        "ticks": [
            {"x": x(i), "label": f"{p['submitted_at']:%d %b %y}"}
            for i, p in enumerate(history)
            if i % every == 0 or i == len(history) - 1
        ],
        "series": series,
    }


def history_categories(history: list[dict]) -> list[dict]:
    """The categories any of the candidate's reports scored, in the usual order."""
    present = {name for point in history for name in point["categories"]}
    order = [n for n in scoring.CATEGORY_ORDER if n in present] + sorted(
        present - set(scoring.CATEGORY_ORDER)
    )
    return [{"name": n, "label": category_label(n)} for n in order]


# Compare -------------------------------------------------------------------------------------


def change(before: float | None, after: float | None) -> str:
    """The difference as shown: '+4.2', minus 1.0, '0.0', or an em dash when one is missing."""
    if before is None or after is None:
        return "—"
    diff = Fraction(repr(float(after))) - Fraction(repr(float(before)))
    text = scoring.display(abs(diff))
    if text == "0.0":
        return text
    return ("+" if diff > 0 else MINUS) + text


def compare(left: dict, right: dict) -> dict:
    """Two reports side by side: overall, categories, and question scores matched by key."""

    def cat(data: dict, name: str) -> str:
        shown = _displays(data).get("categories", {})
        value = data["categories"].get(name)
        return shown.get(name) or show(value)

    names = list(left["categories"]) + [
        n for n in right["categories"] if n not in left["categories"]
    ]
    categories = [
        {
            "label": category_label(n),
            "left": cat(left, n),
            "right": cat(right, n),
            "change": change(left["categories"].get(n), right["categories"].get(n)),
        }
        for n in names
    ]

    def by_key(data: dict) -> dict[str, dict]:
        return {q.get("key") or q["id"]: q for q in data["questions"]}

    def score(data: dict, q: dict | None) -> str:
        if q is None:
            return "not asked"
        return _displays(data).get("questions", {}).get(q["id"]) or show(q["score"])

    lq, rq = by_key(left), by_key(right)
    questions = []
    for key in [*lq, *(k for k in rq if k not in lq)]:
        a, b = lq.get(key), rq.get(key)
        sample = a or b
        questions.append(
            {
                "key": key,
                "summary": sample.get("summary", ""),
                "category": sample["category"],
                "category_label": category_label(sample["category"]),
                "left_position": a.get("position") if a else None,
                "right_position": b.get("position") if b else None,
                "left": score(left, a),
                "right": score(right, b),
                "change": change(a and a["score"], b and b["score"]),
            }
        )
    return {
        "overall": {
            "left": _displays(left).get("overall") or show(left["overall"]),
            "right": _displays(right).get("overall") or show(right["overall"]),
            "change": change(left["overall"], right["overall"]),
        },
        "categories": categories,
        "questions": questions,
    }


# JSON ----------------------------------------------------------------------------------------


def for_candidate(data: dict) -> dict:
    """A hiring report as its candidate reads it: every number and what to study, without the
    panel's private notes and recommendations."""
    data = copy.deepcopy(data)
    data["recommendations"] = []
    for question in data.get("questions", []):
        question["notes"] = {}
    for card in data.get("interviewers", []):
        card["recommendation"] = None
    return data


def report_json(data: dict, percentile: dict | None = None) -> dict:
    """The download: the stored data, plus the percentile on the plan for hiring sessions."""
    out = dict(data)
    if percentile is not None:
        out["percentile"] = percentile["value"]
        out["percentile_basis"] = {k: percentile[k] for k in ("below", "equal", "total")}
    return out


def json_text(data: dict, percentile: dict | None = None, *, indent: int | None = 2) -> str:
    return json.dumps(report_json(data, percentile), indent=indent, ensure_ascii=False)


# CSV -----------------------------------------------------------------------------------------

CSV_HEADER = [
    "session_id",
    "candidate",
    "plan",
    "date",
    "interviewer",
    "interviewer_username",
    "question_position",
    "question_key",
    "category",
    "question_weight",
    "criterion",
    "criterion_weight",
    "points",
    "max",
    "level",
    "question_score",
    "red_flag_penalty",
]


def _cell(value: Any) -> Any:
    """Text starting like a formula is prefixed so a spreadsheet shows it instead of running it."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_rows(data: dict) -> Iterable[list]:
    """One row per criterion per interviewer, with that interviewer's question score."""
    session = data.get("session", {})
    panel = {q["id"]: q for q in data["questions"]}
    date = (session.get("submitted_at") or "")[:10]
    for card in data.get("interviewers", []):
        who = card["interviewer"]
        for question in card["questions"]:
            row = panel.get(question["id"], {})
            levels = {c["id"]: c.get("levels", {}) for c in row.get("criteria", [])}
            penalty = sum(f["penalty"] for f in question["red_flags"])
            for criterion in question["criteria"]:
                level = (levels.get(criterion["id"]) or {}).get(who) or {}
                points = criterion["points"]
                yield [
                    session.get("id", ""),
                    _cell(session.get("candidate", {}).get("name", "")),
                    _cell(session.get("plan", {}).get("title", "")),
                    date,
                    _cell(interviewer_name(data, who)),
                    _cell(who),
                    row.get("position", ""),
                    row.get("key", ""),
                    question["category"],
                    number(question["weight"]),
                    _cell(criterion["title"]),
                    number(criterion["weight"]),
                    "" if points is None else points,
                    criterion["max"],
                    "Not assessed" if points is None else _cell(level.get("label", "")),
                    "" if question["score"] is None else question["score"],
                    number(penalty),
                ]


def csv_text(data: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    writer.writerows(csv_rows(data))
    return buffer.getvalue()


# PDF -----------------------------------------------------------------------------------------


def _drawable(value: Any) -> str:
    """Limited to what reportlab's built-in fonts can draw (Windows-1252)."""
    text = str(value).replace(MINUS, "-").replace("\N{GREEK CAPITAL LETTER SIGMA}", "sum ")
    return text.encode("cp1252", "replace").decode("cp1252")


def _pdf_text(value: Any) -> str:
    """Escaped for reportlab's paragraph mini-markup."""
    return escape(_drawable(value))


def pdf_bytes(data: dict, percentile: dict | None = None) -> bytes:
    """A printable document: headings, tables with grid lines, page numbers on every page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.pdfgen import canvas
    from reportlab.platypus import (
        KeepTogether,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    styles = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=styles["BodyText"], fontSize=9.5, leading=12.5)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    muted = ParagraphStyle("muted", parent=small, textColor=colors.HexColor("#5a6272"))
    h1, h2, h3 = styles["Title"], styles["Heading2"], styles["Heading3"]
    big = ParagraphStyle("big", parent=body, fontSize=20, leading=24, spaceAfter=4)
    grid = TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9aa3b2")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eefb")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ]
    )

    def p(text: Any, style=small) -> Paragraph:
        return Paragraph(_pdf_text(text), style)

    def table(rows: list[list], widths: list[float]) -> Table:
        header = [Paragraph(f"<b>{_pdf_text(c)}</b>", small) for c in rows[0]]
        cells = [[c if isinstance(c, Paragraph) else p(c) for c in row] for row in rows[1:]]
        t = Table([header, *cells], colWidths=widths, repeatRows=1)
        t.setStyle(grid)
        return t

    session = data.get("session", {})
    width = A4[0] - 4 * cm
    story: list = [
        Paragraph("Interview feedback report", h1),
        p(
            f"{session.get('candidate', {}).get('name', '')} · "
            f"{session.get('plan', {}).get('title', '')} · "
            f"{(session.get('submitted_at') or '')[:10]} · "
            f"{'Hiring' if session.get('mode') == 'hiring' else 'Peer practice'} · "
            f"{session.get('organisation', '')}",
            body,
        ),
        Spacer(1, 8),
        p(f"Overall {show(data['overall'])} — {data.get('band_label') or '—'}", big),
        p(
            "Bands: "
            + ", ".join(f"{b['label']} from {b['min']}" for b in band_thresholds(data))
            + ". Every score is 0 to 100.",
            muted,
        ),
    ]
    if percentile:
        story.append(
            p(
                f"Percentile on this plan: {percentile['value']} "
                f"({percentile['below']} of {percentile['total']} ready reports scored lower).",
                body,
            )
        )
    recommendations = data.get("recommendations", [])
    if recommendations:
        story += [Paragraph("The interviewers' recommendations", h2)]
        story.append(
            table(
                [["Interviewer", "Recommendation", "Summary"]]
                + [[r["name"], r["label"] or "—", r.get("summary") or ""] for r in recommendations],
                [0.25 * width, 0.2 * width, 0.55 * width],
            )
        )
        story.append(p("Shown beside the band, never blended into the score.", muted))

    scores = score_table(data)
    story.append(Paragraph("Scores by category", h2))
    header = ["Category", *(c["name"] for c in scores["columns"]), "Panel"]
    n = len(header)
    story.append(
        table(
            [header]
            + [[r["label"], *(c["value"] for c in r["cells"]), r["panel"]] for r in scores["rows"]],
            [0.3 * width] + [0.7 * width / (n - 1)] * (n - 1),
        )
    )

    for title, rows, empty in (
        ("Strengths", data.get("strengths", []), "No criterion reached 75% of its scale."),
        ("Gaps and what to study", data.get("gaps", []), "No criterion was at half or below."),
    ):
        story.append(Paragraph(title, h2))
        if not rows:
            story.append(p(empty, body))
            continue
        story.append(
            table(
                [["Criterion", "Question", "Rated", "Study in the guide"]]
                + [
                    [
                        r["criterion"],
                        f"Q{r['question']}: {r['question_summary']}",
                        f"{r['percent']}%",
                        f" {ARROW} ".join(s for s in (r.get("section"), r.get("source")) if s),
                    ]
                    for r in rows
                ],
                [0.25 * width, 0.3 * width, 0.1 * width, 0.35 * width],
            )
        )

    flags = data.get("red_flags_raised", [])
    if flags:
        story.append(Paragraph("Red flags", h2))
        story.append(
            table(
                [["Question", "Red flag", "Penalty", "Raised by"]]
                + [
                    [
                        f"Q{f['question']}",
                        f["title"],
                        number(f["penalty"]),
                        ", ".join(interviewer_name(data, k) for k in f["raised_by"]),
                    ]
                    for f in flags
                ],
                [0.12 * width, 0.5 * width, 0.13 * width, 0.25 * width],
            )
        )

    story.append(Paragraph("Question by question", h2))
    story.append(
        p(
            f"Question score = 100 {TIMES} sum(weight {TIMES} points) / sum(weight {TIMES} max) "
            "over the assessed "
            "criteria, minus red-flag penalties, floored at 0. A panel's score is the plain mean "
            "of the interviewers' scores.",
            muted,
        )
    )
    for q in question_details(data):
        head = (
            f"Q{q['position']} · {q['category_label']} · weight {q['weight']} — score {q['score']}"
        )
        rows = [["Criterion", "Weight", *(i["name"] for i in q["interviewers"]), "Guide section"]]
        for c in q["criteria"]:
            marks = [
                f"{r['points'] if r['points'] is not None else DASH}/{c['max']} {r['label']}"
                for r in c["ratings"]
            ]
            title = c["title"] + ("  [panel disagrees]" if c["disagreement"] else "")
            rows.append([title, c["weight"], *marks, c["source"]])
        k = len(q["interviewers"])
        widths = [0.28 * width, 0.08 * width] + [0.34 * width / max(k, 1)] * k + [0.3 * width]
        block = [Paragraph(_pdf_text(head), h3), p(q["summary"], body), table(rows, widths)]
        for i in q["interviewers"]:
            block.append(p(f"{i['name']}: {i['formula']}", muted))
            if i["note"]:
                block.append(p(f"Note from {i['name']}: {i['note']}", small))
        if q["panel_formula"]:
            block.append(p(f"Panel: {q['panel_formula']} = {q['score']}", muted))
        story.append(KeepTogether(block))

    class NumberedCanvas(canvas.Canvas):
        """Two passes over the pages so each footer can say 'page 2 of 5'."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("Helvetica", 8)
                self.setFillColor(colors.HexColor("#5a6272"))
                self.drawRightString(
                    A4[0] - 2 * cm, 1.2 * cm, f"Page {self._pageNumber} of {total}"
                )
                self.drawString(
                    2 * cm, 1.2 * cm, _drawable(session.get("candidate", {}).get("name", ""))
                )
                super().showPage()
            super().save()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title="Interview feedback report",
        author=str(session.get("organisation", "")),
        subject=f"{session.get('candidate', {}).get('name', '')} — "
        f"{session.get('plan', {}).get('title', '')}",
    )
    doc.build(story, canvasmaker=NumberedCanvas)
    return buffer.getvalue()
