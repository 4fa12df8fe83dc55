"""The PDF download, drawn with ReportLab from the same data as the page.

Every name and note prints as typed: the fonts are TrueType files shipped in `fonts/` and
embedded (subset) in each document, DejaVu Sans for Latin, Greek and Cyrillic, and IPAex Gothic
for the Japanese and Chinese characters DejaVu lacks; a run of such characters is switched to it.
The first page answers at a glance (score, band, coverage, interviewers, strengths and gaps, the
candidate's progress where there is history); the detail follows.
"""

import functools
import io
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, PolyLine, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
    XPreformatted,
)

from interviews.reports.formats.chart import progress_chart
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

FONTS = Path(__file__).resolve().parent / "fonts"
SANS, SANS_BOLD, MONO_FONT, CJK = "ReportSans", "ReportSans-Bold", "ReportMono", "ReportCJK"


@functools.cache
def _fonts() -> dict[str, frozenset[int]]:
    """Register the shipped fonts once per process; each font's characters, by font name."""
    for name, file in (
        (SANS, "DejaVuSans.ttf"),
        (SANS_BOLD, "DejaVuSans-Bold.ttf"),
        (MONO_FONT, "DejaVuSansMono.ttf"),
        (CJK, "ipaexg.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, FONTS / file))
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD
    )
    pdfmetrics.registerFontFamily(CJK, normal=CJK, bold=CJK, italic=CJK, boldItalic=CJK)
    return {
        name: frozenset(pdfmetrics.getFont(name).face.charToGlyph)
        for name in (SANS, SANS_BOLD, MONO_FONT, CJK)
    }


def _runs(text: str, font: str) -> list[tuple[str, str]]:
    """The text cut into runs, each with the font that draws it: `font` where it has the
    character, IPAex Gothic where only it has (Japanese, Chinese), else `font` again. Spaces and
    punctuation both have stay in the run they are in, so "山田 花子" is one run."""
    covered = _fonts()
    own, fallback = covered[font], covered[CJK]
    runs: list[list] = []
    for char in text:
        code = ord(char)
        if code not in own and code in fallback:
            wanted = CJK
        elif runs and code in fallback and not char.isalnum():
            wanted = runs[-1][0]
        else:
            wanted = font
        if runs and runs[-1][0] == wanted:
            runs[-1][1].append(char)
        else:
            runs.append([wanted, [char]])
    return [(f, "".join(chars)) for f, chars in runs]


def _drawable(value: Any) -> str:
    return str(value).replace(MINUS, "-")


def _pdf_text(value: Any, font: str = SANS) -> str:
    """Escaped for reportlab's paragraph mini-markup, with runs DejaVu lacks in IPAex Gothic."""
    return "".join(
        escape(run) if f == font else f'<font name="{f}">{escape(run)}</font>'
        for f, run in _runs(_drawable(value), font)
    )


GREY = colors.HexColor("#5a6272")
INK = colors.HexColor("#1d2330")
ACCENT = colors.HexColor("#2457c5")
PALE = colors.HexColor("#eef3fc")
_styles = getSampleStyleSheet()
BODY = ParagraphStyle(
    "body", parent=_styles["BodyText"], fontName=SANS, fontSize=9.5, leading=12.5, textColor=INK
)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10)
MUTED = ParagraphStyle("muted", parent=SMALL, textColor=GREY)
BIG = ParagraphStyle("big", parent=BODY, fontName=SANS_BOLD, fontSize=20, leading=24, spaceAfter=4)
LABEL = ParagraphStyle("label", parent=SMALL, textColor=GREY, fontSize=7.5, leading=9)
FIGURE = ParagraphStyle("figure", parent=BODY, fontName=SANS_BOLD, fontSize=16, leading=19)
MONO = ParagraphStyle("mono", parent=SMALL, fontName=MONO_FONT, fontSize=8, leading=10)
H1 = ParagraphStyle("h1", parent=_styles["Title"], fontName=SANS_BOLD, alignment=0, textColor=INK)
H2 = ParagraphStyle("h2", parent=_styles["Heading2"], fontName=SANS_BOLD, textColor=INK)
H3 = ParagraphStyle("h3", parent=_styles["Heading3"], fontName=SANS_BOLD, textColor=INK)
# A table sets its cells' font even when every cell is a paragraph: ours, not Helvetica.
CELL_FONT = ("FONTNAME", (0, 0), (-1, -1), SANS)
GRID = TableStyle(
    [
        CELL_FONT,
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#9aa3b2")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eefb")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
)
WIDTH = A4[0] - 4 * cm - 12  # the frame inside the margins, less its 6 pt padding each side
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


def _subline(session: dict) -> str:
    return " · ".join(
        part
        for part in (
            session.get("candidate", {}).get("name", ""),
            session.get("plan", {}).get("title", ""),
            (session.get("submitted_at") or "")[:10],
            "Hiring" if session.get("mode") == "hiring" else "Peer practice",
            str(session.get("organisation", "")),
        )
        if part
    )


def _glance_cell(label: str, figure: Any, note: str = "") -> list:
    cell = [p(label.upper(), LABEL), p(figure, FIGURE)]
    if note:
        cell.append(p(note, MUTED))
    return cell


def _glance(data: dict) -> Table:
    """Four boxes across the page: the score, the band, the coverage and who rated."""
    coverage = coverage_summary(data)
    provisional = bool(coverage and coverage["provisional"] and data["band"])
    recommendations = {r["name"]: r["label"] for r in data.get("recommendations", [])}
    names = list(data.get("interviewer_names", {}).values()) or list(recommendations)
    raters = "; ".join(
        f"{name} ({recommendations[name]})" if recommendations.get(name) else name for name in names
    )
    cells = [
        _glance_cell("Overall score", show(data["overall"]), "out of 100"),
        _glance_cell(
            "Band",
            data.get("band_label") or DASH,
            "(provisional): part of the plan was never asked" if provisional else "",
        ),
        _glance_cell(
            "Coverage",
            f"{coverage['questions_asked']}/{coverage['questions_total']}" if coverage else DASH,
            coverage["text"] if coverage else "",
        ),
        _glance_cell(
            "Interviewers", len(names) or DASH, raters or "No interviewer submitted a scorecard."
        ),
    ]
    box = Table([cells], colWidths=[WIDTH / 4] * 4)
    box.setStyle(
        TableStyle(
            [
                CELL_FONT,
                ("BACKGROUND", (0, 0), (-1, -1), PALE),
                ("LINEABOVE", (0, 0), (-1, 0), 2, ACCENT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return box


def _heading(data: dict, percentile: dict | None) -> list:
    """The first page's top: who and what, then the answer at a glance."""
    session = data.get("session", {})
    coverage = coverage_summary(data)
    story = [
        Paragraph("Interview feedback report", H1),
        p(_subline(session), BODY),
        Spacer(1, 10),
        _glance(data),
        Spacer(1, 6),
        p(
            "Bands: "
            + ", ".join(f"{b['label']} from {b['min']}" for b in band_thresholds(data))
            + ". Every score is 0 to 100.",
            MUTED,
        ),
    ]
    if coverage and coverage["provisional"] and data["band"]:
        missing = ", ".join(coverage["missing_labels"])
        story.append(p(f"Never asked: {missing}. The band rests on part of the plan.", MUTED))
    if percentile:
        words = percentile_words(percentile)
        story.append(p(f"Percentile on this plan: {percentile['value']}. {words}", BODY))
    return story


def _at_a_glance(data: dict) -> list:
    """The three strongest criteria beside the three weakest, each with its rating."""

    def lines(rows: list[dict], empty: str) -> list:
        if not rows:
            return [p(empty, MUTED)]
        return [
            p(f"{r['criterion']} · {r['percent']}% · Q{r['question']}", SMALL) for r in rows[:3]
        ]

    strengths = [Paragraph("Strengths", H3)]
    strengths += lines(data.get("strengths", []), "No criterion reached 75% of its scale.")
    gaps = [Paragraph("Gaps to work on", H3)]
    gaps += lines(data.get("gaps", []), "No criterion was at half or below.")
    side_by_side = Table([[strengths, gaps]], colWidths=[WIDTH / 2] * 2)
    side_by_side.setStyle(
        TableStyle(
            [
                CELL_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
            ]
        )
    )
    return [Spacer(1, 6), side_by_side]


# Line colours of the progress chart: the overall line first, then one per category.
SERIES = ["#1d2330", "#2457c5", "#c2571a", "#2e8540", "#8a3ab9", "#b5364b", "#0f7b8a"]


def _progress(history: list[dict]) -> list:
    """The candidate's scores across their reports up to this one, as on the history page."""
    chart = progress_chart(history)
    if chart is None:
        return []
    height = chart["height"]
    scale = WIDTH / chart["width"]
    drawing = Drawing(WIDTH, height * scale)

    def at(x: float, y: float) -> tuple[float, float]:
        return x * scale, (height - y) * scale  # SVG's y grows down, the page's up

    for line in chart["grid"]:
        x1, y1 = at(chart["left"], line["y"])
        x2, _ = at(chart["right"], line["y"])
        drawing.add(Line(x1, y1, x2, y1, strokeColor=colors.HexColor("#d5dae3"), strokeWidth=0.5))
        drawing.add(
            String(
                x1 - 4,
                y1 - 2.5,
                str(line["label"]),
                fontName=SANS,
                fontSize=6.5,
                fillColor=GREY,
                textAnchor="end",
            )
        )
    for tick in chart["ticks"]:
        x, y = at(tick["x"], chart["label_y"])
        drawing.add(
            String(
                x,
                y,
                tick["label"],
                fontName=SANS,
                fontSize=6.5,
                fillColor=GREY,
                textAnchor="middle",
            )
        )
    legend = []
    for i, series in enumerate(chart["series"]):
        colour = colors.HexColor(SERIES[i % len(SERIES)])
        points = [c for d in series["dots"] for c in at(d["x"], d["y"])]
        width = 1.8 if series["name"] == "overall" else 1
        if len(points) > 2:
            drawing.add(PolyLine(points, strokeColor=colour, strokeWidth=width))
        legend.append(f'<font color="{SERIES[i % len(SERIES)]}">■</font> {escape(series["label"])}')
    return [
        Paragraph("Progress across reports", H2),
        drawing,
        Paragraph("   ".join(legend), SMALL),
    ]


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
        table(rows, [0.26, 0.1] + [0.34 / k] * len(q["interviewers"]) + [0.3]),
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
    return [p(label, MUTED), XPreformatted(_pdf_text(q["answer_text"], MONO_FONT), MONO)]


def _numbered_canvas(footer: str) -> type[canvas.Canvas]:
    """A canvas that draws every page twice over, so each footer can say 'page 2 of 5'."""

    class NumberedCanvas(canvas.Canvas):
        def __init__(self, *args, **kwargs):
            kwargs["initialFontName"] = SANS  # else Helvetica, unembedded, sits on every page
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFillColor(GREY)
                self.setFont(SANS, 8)
                self.drawRightString(
                    A4[0] - 2 * cm, 1.2 * cm, f"Page {self._pageNumber} of {total}"
                )
                x = 2 * cm
                for font, run in _runs(_drawable(footer), SANS):
                    self.setFont(font, 8)
                    self.drawString(x, 1.2 * cm, run)
                    x += pdfmetrics.stringWidth(run, font, 8)
                super().showPage()
            super().save()

    return NumberedCanvas


def pdf_bytes(
    data: dict, percentile: dict | None = None, history: list[dict] | None = None
) -> bytes:
    """A printable document: a first page that answers at a glance, then the detail, with
    headings, tables with grid lines and page numbers on every page."""
    _fonts()  # on the first PDF a process draws, not when it starts: the fonts weigh 26 MB
    session = data.get("session", {})
    candidate = session.get("candidate", {}).get("name", "")
    story = [
        *_heading(data, percentile),
        *_at_a_glance(data),
        *_progress(history or []),
        PageBreak(),
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
