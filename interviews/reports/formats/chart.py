"""The progress chart of a candidate's history, drawn as SVG coordinates."""

from interviews import scoring
from interviews.reports.formats.display import (
    category_label,
    show,
)

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
    order = scoring.category_order(present)
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
    order = scoring.category_order(present)
    return [{"name": n, "label": category_label(n)} for n in order]
