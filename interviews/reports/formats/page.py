"""The report page's data: score tables with their formulas, question detail, bars, flags."""

from interviews.models import BAND_LABELS
from interviews.reports.formats.display import (
    MINUS,
    TIMES,
    card_display,
    category_label,
    displays,
    interviewer_name,
    number,
    show,
    was_asked,
)


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
    panel_display = displays(data).get("questions", {})
    details = []
    for row in data["questions"]:
        if not was_asked(row):  # kept in the file so it recomputes, left out for readers
            continue
        per_interviewer = []
        for card in cards:
            question = next((q for q in card["questions"] if q["id"] == row["id"]), None)
            if question is None:
                continue
            shown = card_display(data, card["interviewer"]).get("questions", {})
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
                "prompt": row.get("prompt", ""),
                "answer_text": row.get("answer_text"),
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
    panel_display = displays(data)
    rows = []
    for name in [*names, None]:
        cells, shown_values, formulas = [], [], []
        for card in cards:
            shown = card_display(data, card["interviewer"])
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
    """Each scored category's bar, then the plan's categories never asked, said so."""
    shown = displays(data).get("categories", {})
    bars = [
        {
            "name": name,
            "label": category_label(name),
            "score": shown.get(name) or show(value),
            "width": max(0.0, min(100.0, value)),
            "asked": True,
        }
        for name, value in data["categories"].items()
    ]
    missing = (data.get("coverage") or {}).get("categories_not_asked", [])
    bars += [
        {"name": name, "label": category_label(name), "score": "", "width": 0.0, "asked": False}
        for name in missing
        if name not in data["categories"]
    ]
    return bars


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
    return [
        {"band": band, "label": BAND_LABELS.get(band, band), "min": number(value)}
        for band, value in sorted(data["thresholds"].items(), key=lambda kv: -kv[1])
    ]
