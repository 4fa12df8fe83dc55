"""The PDF download, drawn with ReportLab from the same data as the page."""

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    Preformatted,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from interviews.reports.formats.display import (
    ARROW,
    DASH,
    MINUS,
    TIMES,
    coverage_summary,
    interviewer_name,
    number,
    percentile_words,
    show,
)
from interviews.reports.formats.page import band_thresholds, question_details, score_table


def _drawable(value: Any) -> str:
    """Limited to what reportlab's built-in fonts can draw (Windows-1252)."""
    text = str(value).replace(MINUS, "-").replace("\N{GREEK CAPITAL LETTER SIGMA}", "sum ")
    return text.encode("cp1252", "replace").decode("cp1252")


def _pdf_text(value: Any) -> str:
    """Escaped for reportlab's paragraph mini-markup."""
    return escape(_drawable(value))


GREY = colors.HexColor("#5a6272")
_styles = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_styles["BodyText"], fontSize=9.5, leading=12.5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10)
MUTED = ParagraphStyle("muted", parent=SMALL, textColor=GREY)
BIG = ParagraphStyle("big", parent=BODY, fontSize=20, leading=24, spaceAfter=4)
MONO = ParagraphStyle("mono", parent=SMALL, fontName="Courier", fontSize=8, leading=10)
H1, H2, H3 = _styles["Title"], _styles["Heading2"], _styles["Heading3"]
GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9aa3b2")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eefb")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
)
WIDTH = A4[0] - 4 * cm
FORMULA = (
    f"Question score = 100 {TIMES} sum(weight {TIMES} points) / sum(weight {TIMES} max) over the "
    "assessed criteria, minus red-flag penalties, floored at 0. A panel's score is the plain mean "
    "of the interviewers' scores."
)


def p(text: Any, style=SMALL) -> Paragraph:
    return Paragraph(_pdf_text(text), style)


def table(rows: list[list], widths: list[float]) -> Table:
    """A grid with a bold header row that repeats on every page it spans."""
    header = [Paragraph(f"<b>{_pdf_text(c)}</b>", SMALL) for c in rows[0]]
    cells = [[c if isinstance(c, Paragraph) else p(c) for c in row] for row in rows[1:]]
    t = Table([header, *cells], colWidths=[f * WIDTH for f in widths], repeatRows=1)
    t.setStyle(GRID)
    return t


def _heading(data: dict, percentile: dict | None) -> list:
    session = data.get("session", {})
    coverage = coverage_summary(data)
    provisional = " (provisional)" if coverage and coverage["provisional"] and data["band"] else ""
    story = [
        Paragraph("Interview feedback report", H1),
        p(
            f"{session.get('candidate', {}).get('name', '')} · "
            f"{session.get('plan', {}).get('title', '')} · "
            f"{(session.get('submitted_at') or '')[:10]} · "
            f"{'Hiring' if session.get('mode') == 'hiring' else 'Peer practice'} · "
            f"{session.get('organisation', '')}",
            BODY,
        ),
        Spacer(1, 8),
        p(f"Overall {show(data['overall'])} — {data.get('band_label') or '—'}{provisional}", BIG),
        p(
            "Bands: "
            + ", ".join(f"{b['label']} from {b['min']}" for b in band_thresholds(data))
            + ". Every score is 0 to 100.",
            MUTED,
        ),
    ]
    if coverage:
        story.append(p(coverage["text"], BODY))
        if provisional:
            missing = ", ".join(coverage["missing_labels"])
            story.append(p(f"Never asked: {missing}. The band rests on part of the plan.", MUTED))
    if percentile:
        words = percentile_words(percentile)
        story.append(p(f"Percentile on this plan: {percentile['value']}. {words}", BODY))
    return story


def _recommendations(data: dict) -> list:
    recommendations = data.get("recommendations", [])
    if not recommendations:
        return []
    rows = [[r["name"], r["label"] or "—", r.get("summary") or ""] for r in recommendations]
    return [
        Paragraph("The interviewers' recommendations", H2),
        table([["Interviewer", "Recommendation", "Summary"], *rows], [0.25, 0.2, 0.55]),
        p("Shown beside the band, never blended into the score.", MUTED),
    ]


def _scores(data: dict) -> list:
    scores = score_table(data)
    header = ["Category", *(c["name"] for c in scores["columns"]), "Panel"]
    rows = [[r["label"], *(c["value"] for c in r["cells"]), r["panel"]] for r in scores["rows"]]
    others = len(header) - 1
    return [
        Paragraph("Scores by category", H2),
        table([header, *rows], [0.3] + [0.7 / others] * others),
    ]


def _strengths_and_gaps(data: dict) -> list:
    story = []
    for title, rows, empty in (
        ("Strengths", data.get("strengths", []), "No criterion reached 75% of its scale."),
        ("Gaps and what to study", data.get("gaps", []), "No criterion was at half or below."),
    ):
        story.append(Paragraph(title, H2))
        if not rows:
            story.append(p(empty, BODY))
            continue
        lines = [
            [
                r["criterion"],
                f"Q{r['question']}: {r['question_summary']}",
                f"{r['percent']}%",
                f" {ARROW} ".join(s for s in (r.get("section"), r.get("source")) if s),
            ]
            for r in rows
        ]
        header = ["Criterion", "Question", "Rated", "Study in the guide"]
        story.append(table([header, *lines], [0.25, 0.3, 0.1, 0.35]))
    return story


def _red_flags(data: dict) -> list:
    flags = data.get("red_flags_raised", [])
    if not flags:
        return []
    rows = [
        [
            f"Q{f['question']}",
            f["title"],
            number(f["penalty"]),
            ", ".join(interviewer_name(data, k) for k in f["raised_by"]),
        ]
        for f in flags
    ]
    return [
        Paragraph("Red flags", H2),
        table([["Question", "Red flag", "Penalty", "Raised by"], *rows], [0.12, 0.5, 0.13, 0.25]),
    ]


def _question(q: dict) -> KeepTogether:
    """One question's criteria as rows, one column per interviewer, with the formulas."""
    head = f"Q{q['position']} · {q['category_label']} · weight {q['weight']} — score {q['score']}"
    rows = [["Criterion", "Weight", *(i["name"] for i in q["interviewers"]), "Guide section"]]
    for c in q["criteria"]:
        marks = [
            f"{r['points'] if r['points'] is not None else DASH}/{c['max']} {r['label']}"
            for r in c["ratings"]
        ]
        title = c["title"] + ("  [panel disagrees]" if c["disagreement"] else "")
        rows.append([title, c["weight"], *marks, c["source"]])
    k = max(len(q["interviewers"]), 1)
    block = [
        Paragraph(_pdf_text(head), H3),
        p(q["summary"], BODY),
        table(rows, [0.28, 0.08] + [0.34 / k] * len(q["interviewers"]) + [0.3]),
    ]
    for i in q["interviewers"]:
        block.append(p(f"{i['name']}: {i['formula']}", MUTED))
        if i["note"]:
            block.append(p(f"Note from {i['name']}: {i['note']}", SMALL))
    if q["panel_formula"]:
        block.append(p(f"Panel: {q['panel_formula']} = {q['score']}", MUTED))
    return KeepTogether(block)


def _questions(data: dict) -> list:
    story = [Paragraph("Question by question", H2), p(FORMULA, MUTED)]
    coverage = coverage_summary(data)
    if coverage and coverage["not_asked"]:
        skipped = "; ".join(f"Q{q['position']} {q['summary']}" for q in coverage["not_asked"])
        story.append(p(f"Not asked, so left out: {skipped}.", MUTED))
    written = data.get("session", {}).get("written")
    for q in question_details(data):
        story.append(_question(q))
        story.extend(_answer(q, written))
    return story


def _answer(q: dict, written: bool) -> list:
    """What the candidate typed for the question, as typed; it may run over pages."""
    if not q.get("answer_text"):
        return []
    label = "Written answer:" if written else "The candidate's pad:"
    return [p(label, MUTED), Preformatted(_drawable(q["answer_text"]), MONO, maxLineLength=110)]


def _numbered_canvas(footer: str) -> type[canvas.Canvas]:
    """A canvas that draws every page twice over, so each footer can say 'page 2 of 5'."""

    class NumberedCanvas(canvas.Canvas):
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
                self.setFillColor(GREY)
                self.drawRightString(
                    A4[0] - 2 * cm, 1.2 * cm, f"Page {self._pageNumber} of {total}"
                )
                self.drawString(2 * cm, 1.2 * cm, _drawable(footer))
                super().showPage()
            super().save()

    return NumberedCanvas


def pdf_bytes(data: dict, percentile: dict | None = None) -> bytes:
    """A printable document: headings, tables with grid lines, page numbers on every page."""
    session = data.get("session", {})
    candidate = session.get("candidate", {}).get("name", "")
    story = [
        *_heading(data, percentile),
        *_recommendations(data),
        *_scores(data),
        *_strengths_and_gaps(data),
        *_red_flags(data),
        *_questions(data),
    ]
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
        subject=f"{candidate} — {session.get('plan', {}).get('title', '')}",
    )
    doc.build(story, canvasmaker=_numbered_canvas(candidate))
    return buffer.getvalue()
