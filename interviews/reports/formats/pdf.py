"""The PDF download, drawn with ReportLab from the same data as the page."""

import io
from typing import Any
from xml.sax.saxutils import escape

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
    coverage = coverage_summary(data)
    provisional = " (provisional)" if coverage and coverage["provisional"] and data["band"] else ""
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
        p(f"Overall {show(data['overall'])} — {data.get('band_label') or '—'}{provisional}", big),
        p(
            "Bands: "
            + ", ".join(f"{b['label']} from {b['min']}" for b in band_thresholds(data))
            + ". Every score is 0 to 100.",
            muted,
        ),
    ]
    if coverage:
        story.append(p(coverage["text"], body))
        if provisional:
            missing = ", ".join(coverage["missing_labels"])
            story.append(p(f"Never asked: {missing}. The band rests on part of the plan.", muted))
    if percentile:
        story.append(
            p(
                f"Percentile on this plan: {percentile['value']}. {percentile_words(percentile)}",
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
    if coverage and coverage["not_asked"]:
        story.append(
            p(
                "Not asked, so left out: "
                + "; ".join(f"Q{q['position']} {q['summary']}" for q in coverage["not_asked"])
                + ".",
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
